// Synthesizes the example into $CDK_OUTDIR (examples/edge/cdk.out/ through `npx projen examples`); no AWS credentials needed.
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { EdgeExampleStack } from './stack';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? path.join(__dirname, 'cdk.out') });
new EdgeExampleStack(app, 'CertkitEdgeExample', {
  env: { account: '111111111111', region: 'eu-west-1' },
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  zoneName: 'example.com',
  alarmEmail: 'ops@example.com',
});
app.synth();
