// From cert-manager's Secret to ACM: the Secret as cert-manager writes it, pushed by the synthesized PushSecret (ESO's
// template rendered as ESO renders it), read by the sync function configured as the synthesized stack configures it.
import { X509Certificate } from 'node:crypto';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdk8s';
import 'aws-sdk-client-mock-jest';
import { exportStack } from './support';
import { PrivateKeyAlgorithm } from '../../../src/k8s/certificates';
import { ACM_SYNC_CONFIG_ENV, AcmSyncConfig } from '../../../src/runtime/acm-sync/config';
import { createAcmSyncHandler } from '../../../src/runtime/acm-sync/sync';
import { awsClients } from '../../../src/runtime/handler/aws-clients';
import type { CfnAnswer } from '../../../src/runtime/handler/cfn-response';
import { RemoteSecrets, runPushSecret } from '../../k8s/backup/eso-simulation';
import { certManagerSecret, issue, KeyType } from '../../k8s/backup/support';
import { Aws } from '../../runtime/acm-sync/support';

const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+/, '');

describe.each<[string, KeyType, object]>([
  ['ECDSA P-256 (SEC 1 key)', 'ec256', {}],
  ['RSA 2048 (PKCS#1 key)', 'rsa2048', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 2048 } }],
])('a cert-manager Secret reaches ACM: %s', (_name, keyType, certificate) => {
  let aws: Aws;
  afterEach(() => aws.restore());

  test('pushed by the PushSecret, imported on the first deployment, re-imported into the same ARN after a renewal', async () => {
    const { stack, k8sApp, web, inAcm } = exportStack({ certificate });
    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .find(f => f.Properties.Environment?.Variables?.[ACM_SYNC_CONFIG_ENV])!;
    const config: AcmSyncConfig = JSON.parse(fn.Properties.Environment.Variables[ACM_SYNC_CONFIG_ENV]);
    const manifests = k8sApp.charts.flatMap(c => Testing.synth(c));
    const push = manifests.find(m => m.kind === 'PushSecret' && m.metadata.name === `${web.secretName}-backup`);
    const remote: RemoteSecrets = new Map();
    aws = new Aws(inAcm.secretName);
    const answers: CfnAnswer[] = [];
    const handler = createAcmSyncHandler({
      config,
      clients: awsClients(),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      respond: async (_e, a) => {
        answers.push(a);
      },
    });

    const first = await issue({ dnsNames: ['web.example.com'], keyType });
    runPushSecret(push, certManagerSecret({ name: 'web', issuerRef: { name: 'letsencrypt-production', kind: 'ClusterIssuer' } }, first), remote);
    expect([...remote.keys()]).toEqual([inAcm.secretName]);
    aws.secret = remote.get(inAcm.secretName);
    await handler({ RequestType: 'Create', ResponseURL: 'https://example.invalid/', StackId: 's', RequestId: 'r', LogicalResourceId: 'Import' });
    expect(answers[0]).toEqual(expect.objectContaining({ Status: 'SUCCESS', Data: expect.objectContaining({ Placeholder: 'false', Serial: serialOf(first.certificate) }) }));
    const arn = answers[0].PhysicalResourceId;
    expect(aws.certificates.get(arn)!.tags).toEqual([{ Key: 'cdk-certkit:certificate', Value: config.certificateId }]);

    const renewed = await issue({ dnsNames: ['web.example.com'], keyType });
    runPushSecret(push, certManagerSecret({ name: 'web', issuerRef: { name: 'letsencrypt-production', kind: 'ClusterIssuer' } }, renewed), remote);
    aws.secret = remote.get(inAcm.secretName);
    expect(await handler({ trigger: 'secret-changed', certificateArn: arn })).toEqual({ outcome: 'imported', certificateArn: arn, serial: serialOf(renewed.certificate) });
    expect([...aws.certificates.keys()]).toEqual([arn]);
    expect(await handler({ trigger: 'schedule', certificateArn: arn })).toEqual(expect.objectContaining({ outcome: 'unchanged' }));
  });
});
