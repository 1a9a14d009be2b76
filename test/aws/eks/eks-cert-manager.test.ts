import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk8s from 'cdk8s';
import { AwsPrivateCaIssuerRelease, CertManagerRelease, EksCertManager, EksCertManagerProps } from '../../../src';
import { actionsOnAnyResource, permissionStatements, statementsOfRole, trustOfRole } from '../roles/iam-assertions';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const CA = 'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555';

function stack(): Stack {
  return new Stack(new App(), 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function importedCluster(s: Stack, withOidc = true): eks.ICluster {
  return eks.Cluster.fromClusterAttributes(s, 'Cluster', {
    clusterName: 'platform',
    kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl',
    openIdConnectProvider: withOidc ? iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(s, 'Oidc', `arn:aws:iam::111111111111:oidc-provider/${ISSUER}`) : undefined,
  });
}

function certManager(s: Stack, props: Partial<EksCertManagerProps> = {}): EksCertManager {
  const { privateCaIssuer = { certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', CA) }, ...rest } = props;
  return new EksCertManager(s, 'CertManager', {
    cluster: importedCluster(s),
    route53: { hostedZoneIds: ['Z0123456789ABCDEFGHIJ'] },
    privateCaIssuer,
    ...rest,
  });
}

/** The Values of the Helm release with this chart name, parsed; role ARNs come back as `<role logical ID>`. */
function helmValues(t: Template, chart: string): any {
  const [release] = Object.values(t.findResources('Custom::AWSCDK-EKS-HelmChart', { Properties: { Chart: chart } }));
  const values = release.Properties.Values;
  const text = typeof values === 'string' ? values : values['Fn::Join'][1].map((p: any) => typeof p === 'string' ? p : `<${p['Fn::GetAtt'][0]}>`).join('');
  return JSON.parse(text);
}

function logicalIdOf(t: Template, type: string, prefix: string): string {
  const ids = Object.keys(t.findResources(type)).filter(id => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('EksCertManager', () => {
  test('installs the pinned cert-manager chart, waiting for it, with the controller annotated for IRSA', () => {
    const s = stack();
    certManager(s, { certManager: { highAvailability: true } });
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', {
      ClusterName: 'platform',
      Chart: 'cert-manager',
      Repository: CertManagerRelease.REPOSITORY,
      Version: CertManagerRelease.VERSION,
      Release: 'cert-manager',
      Namespace: 'cert-manager',
      CreateNamespace: true,
      Wait: true,
      Timeout: '600s',
    });
    const roleId = logicalIdOf(t, 'AWS::IAM::Role', 'CertManagerRoute53Role');
    expect(helmValues(t, 'cert-manager')).toMatchObject({
      crds: { enabled: true },
      replicaCount: 2,
      serviceAccount: { name: 'cert-manager', annotations: { 'eks.amazonaws.com/role-arn': `<${roleId}>` } },
    });
  });

  test('the Route53 role trusts exactly the chart\'s controller service account, pinning sub and aud', () => {
    const s = stack();
    certManager(s, { certManager: { namespace: 'platform-certs', releaseName: 'certs' } });
    const t = Template.fromStack(s);
    expect(trustOfRole(t, 'CertManagerRoute53Role')[0].Condition).toEqual({
      StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:platform-certs:certs-cert-manager', [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    });
    expect(helmValues(t, 'cert-manager').serviceAccount.name).toBe('certs-cert-manager');
  });

  test('aws-privateca-issuer: after cert-manager, approved by its controller, its role limited to the CA', () => {
    const s = stack();
    certManager(s, { certManager: { namespace: 'platform-certs' }, privateCaIssuer: { certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', CA), templateArn: 'arn:aws:acm-pca:::template/EndEntityCertificate/V1' } });
    const t = Template.fromStack(s);
    const [issuer] = Object.values(t.findResources('Custom::AWSCDK-EKS-HelmChart', { Properties: { Chart: 'aws-privateca-issuer' } }));
    expect(issuer.Properties).toMatchObject({ Version: AwsPrivateCaIssuerRelease.VERSION, Namespace: 'aws-privateca-issuer', Wait: true });
    expect(issuer.DependsOn).toContain(logicalIdOf(t, 'Custom::AWSCDK-EKS-HelmChart', 'CertManagerCertManagerChart'));
    const roleId = logicalIdOf(t, 'AWS::IAM::Role', 'CertManagerPrivateCaIssuerRole');
    expect(helmValues(t, 'aws-privateca-issuer')).toEqual({
      serviceAccount: { name: 'aws-privateca-issuer', annotations: { 'eks.amazonaws.com/role-arn': `<${roleId}>` } },
      approverRole: { serviceAccountName: 'cert-manager', namespace: 'platform-certs' },
    });
    expect(statementsOfRole(t, 'CertManagerPrivateCaIssuerRole').map(st => [st.Action, st.Resource, st.Condition])).toEqual([
      [['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'], CA, undefined],
      ['acm-pca:IssueCertificate', CA, { StringEquals: { 'acm-pca:TemplateArn': 'arn:aws:acm-pca:::template/EndEntityCertificate/V1' } }],
    ]);
    expect(trustOfRole(t, 'CertManagerPrivateCaIssuerRole')[0].Condition).toEqual({
      StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:aws-privateca-issuer:aws-privateca-issuer', [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    });
  });

  test('each Helm release waits for its role, so pods start with credentials', () => {
    const s = stack();
    certManager(s);
    const t = Template.fromStack(s);
    const charts = t.findResources('Custom::AWSCDK-EKS-HelmChart');
    expect(charts[logicalIdOf(t, 'Custom::AWSCDK-EKS-HelmChart', 'CertManagerCertManagerChart')].DependsOn).toEqual(expect.arrayContaining([logicalIdOf(t, 'AWS::IAM::Role', 'CertManagerRoute53Role')]));
    expect(charts[logicalIdOf(t, 'Custom::AWSCDK-EKS-HelmChart', 'CertManagerPrivateCaIssuerChart')].DependsOn).toEqual(expect.arrayContaining([logicalIdOf(t, 'AWS::IAM::Role', 'CertManagerPrivateCaIssuerRole')]));
  });

  test('addCdk8sChart applies the chart after both Helm releases, so the CRDs exist first', () => {
    const s = stack();
    const cm = certManager(s);
    const chart = new cdk8s.Chart(new cdk8s.App(), 'issuers');
    new cdk8s.ApiObject(chart, 'issuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } } as any);
    cm.addCdk8sChart('Issuers', chart);
    const t = Template.fromStack(s);
    const [manifest] = Object.values(t.findResources('Custom::AWSCDK-EKS-KubernetesResource'));
    expect(manifest.DependsOn).toEqual(expect.arrayContaining([
      logicalIdOf(t, 'Custom::AWSCDK-EKS-HelmChart', 'CertManagerCertManagerChart'),
      logicalIdOf(t, 'Custom::AWSCDK-EKS-HelmChart', 'CertManagerPrivateCaIssuerChart'),
    ]));
    expect(JSON.parse(manifest.Properties.Manifest)).toEqual([expect.objectContaining({ kind: 'ClusterIssuer', metadata: expect.objectContaining({ name: 'selfsigned' }) })]);
  });

  test('only ListHostedZonesByName is allowed on "*" among the roles it creates', () => {
    const s = stack();
    certManager(s);
    expect(actionsOnAnyResource(permissionStatements(Template.fromStack(s)))).toEqual(['route53:ListHostedZonesByName']);
  });

  test('Pod Identity: associations instead of annotations', () => {
    const s = stack();
    certManager(s, { identityType: eks.IdentityType.POD_IDENTITY });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'platform', Namespace: 'cert-manager', ServiceAccount: 'cert-manager' });
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'platform', Namespace: 'aws-privateca-issuer', ServiceAccount: 'aws-privateca-issuer' });
    expect(helmValues(t, 'cert-manager').serviceAccount).toEqual({ name: 'cert-manager' });
    // The association must exist before the pods start, or they get no credentials.
    const charts = t.findResources('Custom::AWSCDK-EKS-HelmChart');
    expect(charts[logicalIdOf(t, 'Custom::AWSCDK-EKS-HelmChart', 'CertManagerCertManagerChart')].DependsOn)
      .toContain(logicalIdOf(t, 'AWS::EKS::PodIdentityAssociation', 'CertManagerRoute53RolePodIdentityAssociation'));
    expect(helmValues(t, 'aws-privateca-issuer').serviceAccount).toEqual({ name: 'aws-privateca-issuer' });
  });

  test('without route53 or privateCaIssuer: cert-manager only, no roles', () => {
    const s = stack();
    const cm = new EksCertManager(s, 'CertManager', { cluster: importedCluster(s, false) });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::IAM::Role', 0);
    t.resourceCountIs('Custom::AWSCDK-EKS-HelmChart', 1);
    expect(cm.route53Role).toBeUndefined();
    expect(helmValues(t, 'cert-manager').serviceAccount).toBeUndefined();
  });

  test('a cluster created in the app gets its OIDC provider, and the trust keys go through CfnJson', () => {
    const s = stack();
    const cluster = new eks.Cluster(s, 'Created', { version: eks.KubernetesVersion.V1_33, kubectlLayer: new KubectlV33Layer(s, 'Kubectl'), defaultCapacity: 0 });
    new EksCertManager(s, 'CertManager', { cluster, route53: { hostedZoneIds: ['Z0123456789ABCDEFGHIJ'] } });
    const t = Template.fromStack(s);
    t.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 1);
    const [conditions] = Object.values(t.findResources('Custom::AWSCDKCfnJson'));
    expect(JSON.stringify(conditions.Properties.Value)).toContain(':sub\\":\\"system:serviceaccount:cert-manager:cert-manager\\"');
    expect(JSON.stringify(conditions.Properties.Value)).toContain(':aud\\":\\"sts.amazonaws.com\\"');
    expect(trustOfRole(t, 'CertManagerRoute53Role')[0].Condition).toEqual({ StringEquals: { 'Fn::GetAtt': [expect.stringMatching(/^CertManagerRoute53RoleIrsaTrustConditions/), 'Value'] } });
  });

  describe('bad input', () => {
    test('IRSA on an imported cluster without an OIDC provider', () => {
      const s = stack();
      expect(() => new EksCertManager(s, 'CertManager', { cluster: importedCluster(s, false), route53: { hostedZoneIds: ['Z0123456789ABCDEFGHIJ'] } }))
        .toThrow(/^Platform\/CertManager\/Route53Role: identity uses IRSA but cluster 'Platform\/Cluster' has no OpenID Connect provider/);
    });

    test('a role ARN in the values when the construct makes the role', () => {
      expect(() => certManager(stack(), { certManager: { controller: { serviceAccount: { roleArn: 'arn:aws:iam::111111111111:role/mine' } } } }))
        .toThrow(/^Platform\/CertManager: certManager\.controller\.serviceAccount\.roleArn is set, but EksCertManager creates that role/);
    });

    test('a malformed hosted-zone ID or CA ARN names the role that rejects it', () => {
      expect(() => certManager(stack(), { route53: { hostedZoneIds: ['example.com'] } })).toThrow(/^Platform\/CertManager\/Route53Role: hostedZoneIds\[0\] 'example.com' is not a Route53 hosted-zone ID/);
      const s = stack();
      expect(() => certManager(s, { privateCaIssuer: { certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Bad', 'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/nope') } }))
        .toThrow(/^Platform\/CertManager\/PrivateCaIssuerRole: certificateAuthority '.*' is not an AWS Private CA ARN/);
    });

    test('a Helm timeout over aws-eks\' 15 minutes names helmTimeout', () => {
      expect(() => certManager(stack(), { helmTimeout: Duration.minutes(20) }))
        .toThrow(/^Platform\/CertManager: helmTimeout 20 minutes is out of range\. Fix: use 1 second to 15 minutes/);
    });

    test('an invalid namespace is reported by the release', () => {
      expect(() => certManager(stack(), { certManager: { namespace: 'Cert_Manager' } })).toThrow(/^Platform\/CertManager: namespace 'Cert_Manager' is not a valid namespace name/);
    });
  });
});
