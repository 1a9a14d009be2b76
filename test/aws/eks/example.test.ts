import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CertkitEksExampleStack } from '../../../examples/eks/stack';
import { AlbIngressCertificate, CertificateBackup } from '../../../src';
import { crdSchemas, formatViolations } from '../../../src/upstream';
import { actionsOnAnyResource, permissionStatements } from '../roles/iam-assertions';

const template = Template.fromStack(new CertkitEksExampleStack(new App(), 'CertkitEksExample', { env: { account: '111111111111', region: 'eu-west-1' } }));
const manifests = template.findResources('Custom::AWSCDK-EKS-KubernetesResource');

function idOf(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter(id => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** The objects of one manifest, with each deploy-time value (e.g. the CA's ARN) replaced by `<logical ID>`. */
function appliedObjects(prefix: string): any[] {
  const body = manifests[idOf('Custom::AWSCDK-EKS-KubernetesResource', prefix)].Properties.Manifest;
  if (typeof body === 'string') return JSON.parse(body);
  return JSON.parse(body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : `<${p['Fn::GetAtt']?.[0] ?? p.Ref}>`)).join(''));
}

const addonId = (name: string) => Object.entries(template.findResources('AWS::EKS::Addon')).find(([, r]) => r.Properties.AddonName === name)![0];
const waits = () => Object.keys(template.findResources('Custom::AWSCDK-EKS-KubernetesObjectValue'));

describe('examples/eks', () => {
  test('cert-manager and aws-privateca-issuer are EKS add-ons, aws-privateca-connector-for-kubernetes after cert-manager; ESO a Helm release', () => {
    const pca = template.findResources('AWS::EKS::Addon')[addonId('aws-privateca-connector-for-kubernetes')];
    expect(pca.DependsOn).toContain(addonId('cert-manager'));
    template.resourceCountIs('Custom::AWSCDK-EKS-HelmChart', 1);
    template.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', { Chart: 'external-secrets', Namespace: 'external-secrets' });
  });

  test('order: add-ons -> namespaces -> backup -> restore waits -> issuers, certificates and the Ingress', () => {
    const installs = [addonId('cert-manager'), addonId('aws-privateca-connector-for-kubernetes'), idOf('Custom::AWSCDK-EKS-HelmChart', 'CertManagerExternalSecretsChart')];
    const namespaces = idOf('Custom::AWSCDK-EKS-KubernetesResource', 'ClusterNamespaces');
    const backup = idOf('Custom::AWSCDK-EKS-KubernetesResource', 'ClusterBackup');
    const certificates = idOf('Custom::AWSCDK-EKS-KubernetesResource', 'ClusterCertificates');
    expect(manifests[namespaces].DependsOn).toEqual(expect.arrayContaining(installs));
    expect(manifests[backup].DependsOn).toEqual(expect.arrayContaining([...installs, namespaces]));
    const restoreWaits = template.findResources('Custom::AWSCDK-EKS-KubernetesObjectValue');
    expect(Object.values(restoreWaits).map(w => w.DependsOn)).toEqual(waits().map(() => [backup]));
    expect(manifests[certificates].DependsOn).toEqual(expect.arrayContaining([...installs, ...waits()]));
  });

  test('every Certificate and both ACME account keys are restored and awaited', () => {
    const restored = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesObjectValue')).map(w => `${w.Properties.ObjectNamespace}/${w.Properties.ObjectName}`).sort();
    expect(restored).toEqual([
      'cert-manager/letsencrypt-production-account-key-restore', 'cert-manager/letsencrypt-staging-account-key-restore',
      'payments/payments-internal-tls-restore', 'web/wildcard-example-com-staging-tls-restore', 'web/wildcard-example-com-tls-restore',
    ]);
    const names = appliedObjects('ClusterBackup').filter(o => o.kind === 'ExternalSecret').map(o => o.metadata.annotations[CertificateBackup.SECRETS_MANAGER_NAME_ANNOTATION]);
    expect(names.every((n: string) => n.startsWith('cdk-certkit/platform/'))).toBe(true);
  });

  test('the applied objects match the pinned CRDs', () => {
    const objects = ['ClusterNamespaces', 'ClusterBackup', 'ClusterCertificates'].flatMap(appliedObjects);
    expect(appliedObjects('ClusterCertificates').map(o => o.kind).sort()).toEqual(['AWSPCAClusterIssuer', 'Certificate', 'Certificate', 'Certificate', 'ClusterIssuer', 'ClusterIssuer', 'Deployment', 'Ingress', 'Service']);
    const violations = crdSchemas().validateAll(objects);
    expect(formatViolations(violations)).toBe(formatViolations([]));
  });

  test('Let\'s Encrypt staging and production solve DNS-01 in the example zone through the controller\'s role', () => {
    const issuers = appliedObjects('ClusterCertificates').filter(o => o.kind === 'ClusterIssuer');
    expect(issuers.map(i => i.metadata.name)).toEqual(['letsencrypt-staging', 'letsencrypt-production']);
    for (const issuer of issuers) {
      expect(issuer.spec.acme.solvers).toEqual([{ dns01: { route53: { hostedZoneID: 'Z0123456789EXAMPLEZONE', region: 'eu-west-1' } }, selector: { dnsZones: ['example.com'] } }]);
    }
  });

  test('the AWSPCAClusterIssuer signs with the issuing CA, not the root, using the template its role is limited to', () => {
    const [pca] = appliedObjects('ClusterCertificates').filter(o => o.kind === 'AWSPCAClusterIssuer');
    const issuingCa = Object.keys(template.findResources('AWS::ACMPCA::CertificateAuthority', { Properties: { Type: 'SUBORDINATE' } }))[0];
    expect(pca.spec).toEqual({ arn: `<${issuingCa}>`, region: 'eu-west-1', pcaTemplate: { defaultTemplateName: 'BlankEndEntityCertificate_APICSRPassthrough/V1' } });
  });

  test('the ALB Ingress serves the wildcard certificate from ACM and redirects HTTP', () => {
    const [ingress] = appliedObjects('ClusterCertificates').filter(o => o.kind === 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('alb');
    const importId = idOf('Custom::ClusterCertificateInAcm', 'WildcardInAcm');
    expect(ingress.metadata.annotations).toMatchObject({
      [AlbIngressCertificate.CERTIFICATE_ARN_ANNOTATION]: `<${importId}>`,
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
    });
    template.hasResourceProperties('Custom::ClusterCertificateInAcm', { SecretId: 'cdk-certkit/platform/web/wildcard-example-com-tls' });
  });

  test('"*" only where AWS requires it: ListHostedZonesByName, the backup lookup by name, and PutMetricData in our namespace', () => {
    expect(actionsOnAnyResource(permissionStatements(template))).toEqual([
      'cloudwatch:PutMetricData', 'route53:ListHostedZonesByName', 'secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets',
    ]);
  });
});
