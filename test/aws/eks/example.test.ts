import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CertkitEksExampleStack } from '../../../examples/eks/stack';
import { crdSchemas, formatViolations } from '../../../src/upstream';
import { actionsOnAnyResource, permissionStatements } from '../roles/iam-assertions';

const template = Template.fromStack(new CertkitEksExampleStack(new App(), 'CertkitEksExample', { env: { account: '111111111111', region: 'eu-west-1' } }));
const [[manifestId, manifest]] = Object.entries(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'));

/** The applied objects, with each deploy-time value (e.g. the CA's ARN) replaced by `<logical ID>`. */
function appliedObjects(): any[] {
  const body = manifest.Properties.Manifest;
  if (typeof body === 'string') return JSON.parse(body);
  return JSON.parse(body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : `<${p['Fn::GetAtt'][0]}>`)).join(''));
}

function chartId(chart: string): string {
  return Object.keys(template.findResources('Custom::AWSCDK-EKS-HelmChart', { Properties: { Chart: chart } }))[0];
}

describe('examples/eks', () => {
  test('issuers and certificates are applied after both Helm releases', () => {
    expect(manifestId).toMatch(/^ClusterIssuers/);
    expect(manifest.DependsOn).toEqual(expect.arrayContaining([chartId('cert-manager'), chartId('aws-privateca-issuer')]));
  });

  test('the applied objects match the pinned CRDs', () => {
    const objects = appliedObjects();
    expect(objects.map(o => o.kind).sort()).toEqual(['AWSPCAClusterIssuer', 'Certificate', 'Certificate', 'Certificate', 'ClusterIssuer', 'ClusterIssuer', 'Namespace', 'Namespace']);
    const violations = crdSchemas().validateAll(objects);
    expect(formatViolations(violations)).toBe(formatViolations([]));
  });

  test('Let\'s Encrypt staging and production solve DNS-01 in the example zone through the controller\'s role', () => {
    const issuers = appliedObjects().filter(o => o.kind === 'ClusterIssuer');
    expect(issuers.map(i => i.metadata.name)).toEqual(['letsencrypt-staging', 'letsencrypt-production']);
    for (const issuer of issuers) {
      expect(issuer.spec.acme.solvers).toEqual([{ dns01: { route53: { hostedZoneID: 'Z0123456789EXAMPLEZONE', region: 'eu-west-1' } }, selector: { dnsZones: ['example.com'] } }]);
    }
  });

  test('the AWSPCAClusterIssuer signs with the issuing CA, not the root, using the template its role is limited to', () => {
    const [pca] = appliedObjects().filter(o => o.kind === 'AWSPCAClusterIssuer');
    const issuingCa = Object.keys(template.findResources('AWS::ACMPCA::CertificateAuthority', { Properties: { Type: 'SUBORDINATE' } }))[0];
    expect(pca.spec).toEqual({ arn: `<${issuingCa}>`, region: 'eu-west-1', pcaTemplate: { defaultTemplateName: 'EndEntityCertificate/V1' } });
  });

  test('no role of the stack is allowed "*" beyond route53:ListHostedZonesByName', () => {
    expect(actionsOnAnyResource(permissionStatements(template))).toEqual(['route53:ListHostedZonesByName']);
  });
});
