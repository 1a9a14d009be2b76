import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as eks from 'aws-cdk-lib/aws-eks';
import { actionsOnAnyResource, permissionStatements, statementsOfRole, trustOfRole } from './iam-assertions';
import { AwsPrivateCaIssuerRole, AwsPrivateCaIssuerRoleProps, PrivateCertificateAuthority, WorkloadIdentity } from '../../../src';

const CA = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555';
const TEMPLATE = 'arn:aws:acm-pca:::template/EndEntityCertificate/V1';

function stack(region = 'eu-west-1'): Stack {
  return new Stack(new App(), 'Pca', { env: { account: '123456789012', region } });
}

function issuerRole(s: Stack, arn = CA, props: Partial<AwsPrivateCaIssuerRoleProps> = {}): AwsPrivateCaIssuerRole {
  const cluster = eks.Cluster.fromClusterAttributes(s, 'Cluster', { clusterName: 'demo' });
  return new AwsPrivateCaIssuerRole(s, 'Issuer', {
    identity: WorkloadIdentity.podIdentity(cluster),
    certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', arn),
    ...props,
  });
}

describe('AwsPrivateCaIssuerRole', () => {
  test('describe, get and issue on the CA ARN only', () => {
    const s = stack();
    const role = issuerRole(s);
    const template = Template.fromStack(s);
    expect(statementsOfRole(template, 'IssuerRole')).toEqual([
      { Action: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'], Effect: 'Allow', Resource: CA },
      { Action: 'acm-pca:IssueCertificate', Effect: 'Allow', Resource: CA },
    ]);
    expect(actionsOnAnyResource(permissionStatements(template))).toEqual([]);
    expect(role.certificateAuthorityArn).toBe(CA);
    expect(role.certificateAuthorityRegion).toBe('eu-west-1');
  });

  test('the default subject is aws-privateca-issuer/aws-privateca-issuer', () => {
    const s = stack();
    issuerRole(s);
    Template.fromStack(s).hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'aws-privateca-issuer', ServiceAccount: 'aws-privateca-issuer' });
    expect(trustOfRole(Template.fromStack(s), 'IssuerRole')[0].Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
  });

  test('a template ARN limits IssueCertificate to that template', () => {
    const s = stack();
    issuerRole(s, CA, { templateArn: TEMPLATE });
    expect(statementsOfRole(Template.fromStack(s), 'IssuerRole')[1]).toEqual({
      Action: 'acm-pca:IssueCertificate', Effect: 'Allow', Resource: CA, Condition: { StringEquals: { 'acm-pca:TemplateArn': TEMPLATE } },
    });
  });

  test('a CA in another region is allowed and its region is exposed for the issuer', () => {
    const role = issuerRole(stack('us-east-1'));
    expect(role.certificateAuthorityRegion).toBe('eu-west-1');
  });

  test.each([
    'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/not-a-uuid',
    'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    '11111111-2222-3333-4444-555555555555',
  ])('CA ARN %p is a construct-time error', arn => {
    expect(() => issuerRole(stack(), arn)).toThrow(/^Pca\/Issuer: certificateAuthority '.*' is not an AWS Private CA ARN\. Fix: use arn:<partition>:acm-pca:/);
  });

  test('a CA in another partition is an error', () => {
    const cn = 'arn:aws-cn:acm-pca:cn-north-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555';
    expect(() => issuerRole(stack(), cn)).toThrow("Pca/Issuer: certificateAuthority is in partition 'aws-cn' but the stack deploys to partition 'aws'.");
  });

  test('a malformed or cross-partition template ARN is an error', () => {
    expect(() => issuerRole(stack(), CA, { templateArn: 'EndEntityCertificate/V1' })).toThrow(/^Pca\/Issuer: templateArn 'EndEntityCertificate\/V1' is not an AWS Private CA template ARN/);
    expect(() => issuerRole(stack(), CA, { templateArn: 'arn:aws-us-gov:acm-pca:::template/EndEntityCertificate/V1' }))
      .toThrow(/^Pca\/Issuer: templateArn is in partition 'aws-us-gov' but the CA is in 'aws'/);
  });

  test('a CA created in the app (token ARN) is accepted; its region is its stack\'s', () => {
    const s = stack();
    const ca = new PrivateCertificateAuthority(s, 'Root', { subject: { commonName: 'x' } });
    const cluster = eks.Cluster.fromClusterAttributes(s, 'Cluster', { clusterName: 'demo' });
    const role = new AwsPrivateCaIssuerRole(s, 'Issuer', { identity: WorkloadIdentity.podIdentity(cluster), certificateAuthority: ca });
    expect(role.certificateAuthorityRegion).toBe('eu-west-1');
    expect(s.resolve(role.issuerProps())).toEqual({ arn: { 'Fn::GetAtt': [expect.stringMatching(/^Root/), 'Arn'] }, region: 'eu-west-1' });
    expect(statementsOfRole(Template.fromStack(s), 'IssuerRole')[1].Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Root/), 'Arn'] });
  });

  test('in an environment-agnostic stack a token CA ARN leaves the region to the issuer', () => {
    const s = new Stack(new App(), 'Agnostic');
    const ca = new acmpca.CfnCertificateAuthority(s, 'Root', { type: 'ROOT', keyAlgorithm: 'RSA_2048', signingAlgorithm: 'SHA256WITHRSA', subject: { commonName: 'x' } });
    expect(issuerRole(s, ca.attrArn).certificateAuthorityRegion).toBeUndefined();
  });

  test('issuerProps carries the ARN, region and the template the role is limited to', () => {
    expect(issuerRole(stack(), CA, { templateArn: TEMPLATE }).issuerProps()).toEqual({ arn: CA, region: 'eu-west-1', template: 'EndEntityCertificate/V1' });
  });

  test('chartServiceAccount: the name, and no role annotation with Pod Identity', () => {
    expect(issuerRole(stack()).chartServiceAccount).toEqual({ name: 'aws-privateca-issuer', roleArn: undefined });
  });
});
