// Synthesizes the example into $CDK_OUTDIR (examples/eks/cdk.out/ through `npx projen examples`); no AWS credentials needed.
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CertkitEksExampleStack } from './stack';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? path.join(__dirname, 'cdk.out') });
new CertkitEksExampleStack(app, 'CertkitEksExample', { env: { account: '111111111111', region: 'eu-west-1' } });
app.synth();
