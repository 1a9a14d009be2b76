import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { trustOfRole } from './iam-assertions';
import { ServiceAccountRole, WorkloadIdentity } from '../../../src';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER_ARN = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;

function stack(): Stack {
  return new Stack(new App(), 'Cluster', { env: { account: '123456789012', region: 'eu-west-1' } });
}

function roleFor(s: Stack, identity: WorkloadIdentity, namespace = 'apps', serviceAccountName = 'web'): ServiceAccountRole {
  return new ServiceAccountRole(s, 'Web', { identity, namespace, serviceAccountName });
}

const pinnedClaims = {
  [`${ISSUER}:sub`]: 'system:serviceaccount:apps:web',
  [`${ISSUER}:aud`]: 'sts.amazonaws.com',
};

describe('IRSA trust', () => {
  test('an imported provider: web identity from that provider, pinning sub and aud', () => {
    const s = stack();
    const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(s, 'Oidc', PROVIDER_ARN);
    roleFor(s, WorkloadIdentity.irsa(provider));
    expect(trustOfRole(Template.fromStack(s), 'WebRole')).toEqual([{
      Action: 'sts:AssumeRoleWithWebIdentity',
      Effect: 'Allow',
      Principal: { Federated: PROVIDER_ARN },
      Condition: { StringEquals: pinnedClaims },
    }]);
  });

  test.each([`https://${ISSUER}`, ISSUER, `https://${ISSUER}/`])('issuer URL %s: same keys without https://', url => {
    const s = stack();
    roleFor(s, WorkloadIdentity.irsaFromIssuerUrl(url));
    expect(trustOfRole(Template.fromStack(s), 'WebRole')).toEqual([expect.objectContaining({
      Principal: { Federated: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::123456789012:oidc-provider/${ISSUER}`]] } },
      Condition: { StringEquals: pinnedClaims },
    })]);
  });

  test('a token issuer URL: https:// is stripped at deploy time and the keys go through CfnJson', () => {
    const s = stack();
    const url = new eks.CfnCluster(s, 'Eks', { roleArn: 'arn:aws:iam::123456789012:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] } }).attrOpenIdConnectIssuerUrl;
    roleFor(s, WorkloadIdentity.irsaFromIssuerUrl(url));
    const template = Template.fromStack(s);
    const host = { 'Fn::Join': ['', { 'Fn::Split': ['https://', { 'Fn::GetAtt': ['Eks', 'OpenIdConnectIssuerUrl'] }] }] };
    template.hasResourceProperties('Custom::AWSCDKCfnJson', {
      Value: { 'Fn::Join': ['', ['{"', host, ':sub":"system:serviceaccount:apps:web","', host, ':aud":"sts.amazonaws.com"}']] },
    });
    expect(trustOfRole(template, 'WebRole')[0].Condition).toEqual({ StringEquals: { 'Fn::GetAtt': [expect.stringMatching(/^WebIrsaTrustConditions/), 'Value'] } });
  });

  test('a provider created in the app (token issuer) pins sub and aud through CfnJson', () => {
    const s = stack();
    const provider = new iam.OpenIdConnectProvider(s, 'Oidc', { url: `https://${ISSUER}` });
    roleFor(s, WorkloadIdentity.irsa(provider));
    const issuer = { 'Fn::Select': [1, { 'Fn::Split': [':oidc-provider/', { Ref: expect.stringMatching(/^Oidc/) }] }] };
    const [conditions] = Object.values(Template.fromStack(s).findResources('Custom::AWSCDKCfnJson'));
    expect(conditions.Properties.Value).toEqual({
      'Fn::Join': ['', ['{"', issuer, ':sub":"system:serviceaccount:apps:web","', issuer, ':aud":"sts.amazonaws.com"}']],
    });
  });

  test('an imported cluster with an OIDC provider uses it', () => {
    const s = stack();
    const cluster = eks.Cluster.fromClusterAttributes(s, 'Imported', {
      clusterName: 'demo',
      openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(s, 'Oidc', PROVIDER_ARN),
    });
    roleFor(s, WorkloadIdentity.irsaFromCluster(cluster));
    expect(trustOfRole(Template.fromStack(s), 'WebRole')[0]).toMatchObject({ Principal: { Federated: PROVIDER_ARN }, Condition: { StringEquals: pinnedClaims } });
  });

  test('an imported cluster without an OIDC provider is a construct-time error naming the fix', () => {
    const s = stack();
    const cluster = eks.Cluster.fromClusterAttributes(s, 'Imported', { clusterName: 'demo' });
    expect(() => roleFor(s, WorkloadIdentity.irsaFromCluster(cluster)))
      .toThrow("Cluster/Web: identity uses IRSA but cluster 'Cluster/Imported' has no OpenID Connect provider. Fix: import the cluster with `openIdConnectProvider`");
  });

  test.each(['http://oidc.example.com/id/1', 'ftp://x', 'oidc example', ''])('issuer URL %p is rejected', url => {
    expect(() => roleFor(stack(), WorkloadIdentity.irsaFromIssuerUrl(url))).toThrow(/Cluster\/Web: identity issuer URL .* is not an https OIDC issuer/);
  });
});

describe('EKS Pod Identity trust', () => {
  test('trusts pods.eks.amazonaws.com with AssumeRole and TagSession, and associates the service account', () => {
    const s = stack();
    const cluster = eks.Cluster.fromClusterAttributes(s, 'Imported', { clusterName: 'demo' });
    const role = roleFor(s, WorkloadIdentity.podIdentity(cluster));
    const template = Template.fromStack(s);
    expect(trustOfRole(template, 'WebRole')).toEqual([{
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
    }]);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: 'demo', Namespace: 'apps', ServiceAccount: 'web', RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebRole'), 'Arn'] },
    });
    expect(role.serviceAccountAnnotations).toEqual({});
    expect(role.identityType).toBe(eks.IdentityType.POD_IDENTITY);
  });

  test('IRSA needs the role annotation; no association is created', () => {
    const s = stack();
    const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(s, 'Oidc', PROVIDER_ARN);
    const role = roleFor(s, WorkloadIdentity.irsa(provider));
    Template.fromStack(s).resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
    expect(s.resolve(role.serviceAccountAnnotations)).toEqual({ 'eks.amazonaws.com/role-arn': { 'Fn::GetAtt': [expect.stringMatching(/^WebRole/), 'Arn'] } });
  });
});

describe('service account names', () => {
  const identity = (s: Stack) => WorkloadIdentity.irsa(iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(s, 'Oidc', PROVIDER_ARN));

  test.each(['Apps', 'apps_1', '-apps', 'a'.repeat(64)])('namespace %p is rejected', ns => {
    const s = stack();
    expect(() => roleFor(s, identity(s), ns)).toThrow(/^Cluster\/Web: namespace '.*' is not a DNS-1123 label\. Fix: /);
  });

  test.each(['Web', 'web_1', 'web.'])('service account %p is rejected', sa => {
    const s = stack();
    expect(() => roleFor(s, identity(s), 'apps', sa)).toThrow(/^Cluster\/Web: serviceAccountName '.*' is not a DNS-1123 subdomain\. Fix: /);
  });

  test('a dotted service account name is a valid subdomain', () => {
    const s = stack();
    roleFor(s, identity(s), 'apps', 'web.v2');
    expect(trustOfRole(Template.fromStack(s), 'WebRole')[0].Condition).toEqual({ StringEquals: { ...pinnedClaims, [`${ISSUER}:sub`]: 'system:serviceaccount:apps:web.v2' } });
  });
});
