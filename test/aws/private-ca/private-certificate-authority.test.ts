import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PrivateCaKeyAlgorithm, PrivateCaType, PrivateCertificateAuthority } from '../../../src';
import { statementsOfRole } from '../roles/iam-assertions';

const env = { account: '123456789012', region: 'eu-west-1' };
const template = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:acm-pca:::template/${name}`]] });

function stack(region = env.region): Stack {
  return new Stack(new App(), 'Pki', { env: { ...env, region } });
}

/** Logical ID of the one CA whose ID starts with `prefix`. */
function caId(t: Template, prefix: string): string {
  const ids = Object.keys(t.findResources('AWS::ACMPCA::CertificateAuthority')).filter(id => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

function root(s: Stack, props: Partial<ConstructorParameters<typeof PrivateCertificateAuthority>[2]> = {}): PrivateCertificateAuthority {
  return new PrivateCertificateAuthority(s, 'Root', { subject: { commonName: 'Example Root CA', organization: 'Example' }, ...props });
}

describe('PrivateCertificateAuthority', () => {
  test('a root CA signs itself with the root template and is activated; it is retained by default', () => {
    const s = stack();
    root(s, { keyAlgorithm: PrivateCaKeyAlgorithm.EC_PRIME256V1 });
    const t = Template.fromStack(s);
    const rootArn = { 'Fn::GetAtt': [caId(t, 'Root'), 'Arn'] };
    t.hasResource('AWS::ACMPCA::CertificateAuthority', {
      Properties: { Type: 'ROOT', KeyAlgorithm: 'EC_prime256v1', SigningAlgorithm: 'SHA256WITHECDSA', Subject: { CommonName: 'Example Root CA', Organization: 'Example' } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::ACMPCA::Certificate', {
      CertificateAuthorityArn: rootArn,
      CertificateSigningRequest: { 'Fn::GetAtt': [caId(t, 'Root'), 'CertificateSigningRequest'] },
      SigningAlgorithm: 'SHA256WITHECDSA',
      TemplateArn: template('RootCACertificate/V1'),
      Validity: { Type: 'DAYS', Value: 3650 },
    });
    t.hasResourceProperties('AWS::ACMPCA::CertificateAuthorityActivation', {
      CertificateAuthorityArn: rootArn,
      Certificate: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RootCertificate'), 'Certificate'] },
      CertificateChain: Match.absent(),
      Status: 'ACTIVE',
    });
  });

  test('a subordinate is issued by its parent, after the parent is active, with the parent\'s chain', () => {
    const s = stack();
    const parent = root(s);
    const sub = new PrivateCertificateAuthority(s, 'Issuing', { subject: { commonName: 'Example Issuing CA' }, parent });
    expect(sub.type).toBe(PrivateCaType.SUBORDINATE);
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::ACMPCA::CertificateAuthority', { Type: 'SUBORDINATE', SigningAlgorithm: 'SHA256WITHRSA' });
    const [subCert] = Object.values(t.findResources('AWS::ACMPCA::Certificate', { Properties: { TemplateArn: template('SubordinateCACertificate_PathLen0/V1') } }));
    expect(subCert.Properties).toMatchObject({
      CertificateAuthorityArn: { 'Fn::GetAtt': [caId(t, 'Root'), 'Arn'] },
      CertificateSigningRequest: { 'Fn::GetAtt': [caId(t, 'Issuing'), 'CertificateSigningRequest'] },
      SigningAlgorithm: 'SHA256WITHRSA',
      Validity: { Type: 'DAYS', Value: 1825 },
    });
    expect(subCert.DependsOn).toEqual([expect.stringMatching(/^RootActivation/)]);
    t.hasResourceProperties('AWS::ACMPCA::CertificateAuthorityActivation', {
      CertificateAuthorityArn: { 'Fn::GetAtt': [caId(t, 'Issuing'), 'Arn'] },
      CertificateChain: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RootActivation'), 'CompleteCertificateChain'] },
    });
  });

  test('activate: false leaves the CA pending, exposing its CSR', () => {
    const s = stack();
    const ca = new PrivateCertificateAuthority(s, 'Sub', { subject: { commonName: 'Signed on premises' }, type: PrivateCaType.SUBORDINATE, activate: false, removalPolicy: RemovalPolicy.DESTROY });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::ACMPCA::Certificate', 0);
    t.resourceCountIs('AWS::ACMPCA::CertificateAuthorityActivation', 0);
    t.hasResource('AWS::ACMPCA::CertificateAuthority', { DeletionPolicy: 'Delete' });
    expect(s.resolve(ca.certificateSigningRequest)).toEqual({ 'Fn::GetAtt': [caId(t, 'Sub'), 'CertificateSigningRequest'] });
    expect(ca.certificateChain).toBeUndefined();
  });

  test('grantIssue gives what aws-privateca-issuer needs on this CA only', () => {
    const s = stack();
    const ca = root(s);
    const role = new iam.Role(s, 'Issuer', { assumedBy: new iam.AccountRootPrincipal() });
    ca.grantIssue(role, 'arn:aws:acm-pca:::template/EndEntityCertificate/V1');
    const t = Template.fromStack(s);
    const arn = { 'Fn::GetAtt': [caId(t, 'Root'), 'Arn'] };
    expect(statementsOfRole(t, 'Issuer')).toEqual([
      { Action: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'], Effect: 'Allow', Resource: arn },
      { Action: 'acm-pca:IssueCertificate', Effect: 'Allow', Resource: arn, Condition: { StringEquals: { 'acm-pca:TemplateArn': 'arn:aws:acm-pca:::template/EndEntityCertificate/V1' } } },
    ]);
  });

  describe('bad hierarchies are construct-time errors', () => {
    test('a subordinate to be activated without a parent', () => {
      expect(() => new PrivateCertificateAuthority(stack(), 'Sub', { subject: { commonName: 'x' }, type: PrivateCaType.SUBORDINATE }))
        .toThrow(/^Pki\/Sub: parent is missing for a SUBORDINATE CA that should be activated\. Fix: /);
    });

    test('a root with a parent', () => {
      const s = stack();
      expect(() => new PrivateCertificateAuthority(s, 'Other', { subject: { commonName: 'x' }, type: PrivateCaType.ROOT, parent: root(s) }))
        .toThrow(/^Pki\/Other: parent is set on a ROOT CA/);
    });

    test('a parent whose path length leaves no room, or that is not activated', () => {
      const s = stack();
      const sub = new PrivateCertificateAuthority(s, 'Sub', { subject: { commonName: 'sub' }, parent: root(s) });
      expect(() => new PrivateCertificateAuthority(s, 'Leafy', { subject: { commonName: 'x' }, parent: sub, validity: Duration.days(30) }))
        .toThrow("Pki/Leafy: parent 'Pki/Sub' has path length 0, which allows no CA below it, but this CA has 0. Fix: give Sub pathLength 1 or more, or sign this CA with a root.");
      const pending = new PrivateCertificateAuthority(s, 'Pending', { subject: { commonName: 'p' }, activate: false });
      expect(() => new PrivateCertificateAuthority(s, 'Child', { subject: { commonName: 'x' }, parent: pending }))
        .toThrow("Pki/Child: parent 'Pki/Pending' is not activated in this app, so CloudFormation cannot sign with it");
    });

    test('a subordinate that outlives its parent', () => {
      const s = stack();
      expect(() => new PrivateCertificateAuthority(s, 'Sub', { subject: { commonName: 'x' }, parent: root(s, { validity: Duration.days(365) }), validity: Duration.days(365) }))
        .toThrow('Pki/Sub: validity (365 days) does not end before the parent\'s (365 days)');
    });

    test('a parent in another region', () => {
      const app = new App();
      const parent = root(new Stack(app, 'Us', { env: { ...env, region: 'us-east-1' } }));
      const s = new Stack(app, 'Eu', { env });
      expect(() => new PrivateCertificateAuthority(s, 'Sub', { subject: { commonName: 'x' }, parent }))
        .toThrow("Eu/Sub: parent is in region 'us-east-1' but this CA in 'eu-west-1'");
    });
  });

  describe('fromCertificateAuthorityArn', () => {
    test('imports a well-formed ARN', () => {
      const arn = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555';
      expect(PrivateCertificateAuthority.fromCertificateAuthorityArn(stack(), 'Ca', arn).certificateAuthorityArn).toBe(arn);
    });

    test('rejects a malformed or cross-partition ARN', () => {
      expect(() => PrivateCertificateAuthority.fromCertificateAuthorityArn(stack(), 'Ca', 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/x'))
        .toThrow(/^Pki: Ca '.*' is not an AWS Private CA ARN/);
      expect(() => PrivateCertificateAuthority.fromCertificateAuthorityArn(stack('us-gov-west-1'), 'Ca', 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555'))
        .toThrow("Pki: Ca is in partition 'aws' but the stack deploys to partition 'aws-us-gov'");
    });
  });
});
