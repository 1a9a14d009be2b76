import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { CertificateRestoreWait } from '../../../src/aws/backup';

const env = { account: '111111111111', region: 'eu-west-1' };

describe('CertificateRestoreWait (EKS without Argo CD)', () => {
  test('one kubectl wait per restore, after the backup manifest, on status.refreshTime', () => {
    const app = new App();
    const stack = new Stack(app, 'Eks', { env });
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'demo', kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl' });
    const manifest = new eks.KubernetesManifest(stack, 'BackupChart', { cluster, manifest: [] });
    const wait = new CertificateRestoreWait(stack, 'Wait', {
      cluster,
      after: manifest,
      restores: [{ namespace: 'apps', externalSecretName: 'web-tls-restore', secretName: 'web-tls', secretsManagerName: 'p/apps/web-tls' }],
    });
    const certificates = new eks.KubernetesManifest(stack, 'Certificates', { cluster, manifest: [] });
    certificates.node.addDependency(wait);
    const template = Template.fromStack(stack);
    const values = template.findResources('Custom::AWSCDK-EKS-KubernetesObjectValue');
    const waits = Object.values(values).map(v => {
      const p = v.Properties;
      return [p.ObjectType, p.ObjectName, p.ObjectNamespace, p.JsonPath, v.DependsOn];
    });
    expect(waits).toEqual([
      ['externalsecrets.external-secrets.io', 'web-tls-restore', 'apps', '.status.refreshTime', [expect.stringMatching(/^BackupChart/)]],
    ]);
    expect(JSON.stringify(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'))).toMatch(/"DependsOn":\["WaitRestore0/);
  });
});
