import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AwsPrivateCaIssuerCaAccountRole, AwsPrivateCaIssuerRole, PrivateCertificateAuthority, PrivateCertificateAuthorityProps, WorkloadIdentity,
} from '../../../src';
import { synthErrors } from '../../support/synth';
import { statementsOfRole } from '../roles/iam-assertions';

const template = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:acm-pca:::template/${name}`]] });
const CA_ACCOUNT = '222222222222';
const SHARED_CA = `arn:aws:acm-pca:eu-west-1:${CA_ACCOUNT}:certificate-authority/11111111-2222-3333-4444-555555555555`;
const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

function stack(account = '111111111111'): Stack {
  return new Stack(new App(), 'Pki', { env: { account, region: 'eu-west-1' } });
}

function ca(s: Stack, id: string, props: Partial<PrivateCertificateAuthorityProps> = {}): PrivateCertificateAuthority {
  return new PrivateCertificateAuthority(s, id, { subject: { commonName: id }, ...props });
}

function certificateOf(t: Template, prefix: string): any {
  const [id] = Object.keys(t.findResources('AWS::ACMPCA::Certificate')).filter(k => k.startsWith(prefix));
  return t.findResources('AWS::ACMPCA::Certificate')[id];
}

describe('PrivateCertificateAuthority: chains deeper than one level', () => {
  test('root -> policy CA (path length 1) -> issuing CA (0), each signed by its parent, chains passed down', () => {
    const s = stack();
    const root = ca(s, 'Root');
    const policy = ca(s, 'Policy', { parent: root, pathLength: 1, validity: Duration.days(3000) });
    const issuing = ca(s, 'Issuing', { parent: policy, validity: Duration.days(1000) });
    expect([root.pathLength, policy.pathLength, issuing.pathLength]).toEqual([undefined, 1, 0]);
    const t = Template.fromStack(s);
    expect(certificateOf(t, 'Policy').Properties.TemplateArn).toEqual(template('SubordinateCACertificate_PathLen1/V1'));
    const issuingCert = certificateOf(t, 'Issuing');
    expect(issuingCert.Properties.TemplateArn).toEqual(template('SubordinateCACertificate_PathLen0/V1'));
    expect(issuingCert.Properties.CertificateAuthorityArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Policy/), 'Arn'] });
    expect(issuingCert.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^PolicyActivation/)]));
    const activations = t.findResources('AWS::ACMPCA::CertificateAuthorityActivation');
    const issuingActivation = Object.entries(activations).find(([id]) => id.startsWith('IssuingActivation'))![1] as any;
    // The issuing CA's chain is the policy CA's complete chain (policy CA and root).
    expect(issuingActivation.Properties.CertificateChain).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PolicyActivation/), 'CompleteCertificateChain'] });
  });

  test.each([
    ['a path length on a root', (s: Stack) => ca(s, 'Root', { pathLength: 1 }), 'Pki/Root: pathLength is set on a ROOT CA'],
    ['a path length above 3', (s: Stack) => ca(s, 'Sub', { parent: ca(s, 'Root'), pathLength: 4 }), 'Pki/Sub: pathLength is 4. Fix: use 0, 1, 2 or 3'],
    ['a child as long as its parent allows none', (s: Stack) => ca(s, 'Third', {
      parent: ca(s, 'Second', { parent: ca(s, 'Root'), pathLength: 1, validity: Duration.days(3000) }), pathLength: 1, validity: Duration.days(1000),
    }), "Pki/Third: parent 'Pki/Second' has path length 1, which allows CAs of path length 0 at most below it, but this CA has 1. Fix: give this CA pathLength 0 or less"],
  ])('refuses %s', (_name, build, message) => {
    expect(() => build(stack())).toThrow(message);
  });
});

describe('AwsPrivateCaIssuerRole and AwsPrivateCaIssuerCaAccountRole: a CA in another account', () => {
  const irsa = (s: Stack) => WorkloadIdentity.irsa(iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(s, 'Oidc', `arn:aws:iam::111111111111:oidc-provider/${ISSUER}`));

  test('the issuer assumes the CA account\'s role, which holds the CA permissions and trusts only the issuer role', () => {
    const clusterStack = stack();
    const caArn = `arn:aws:iam::${CA_ACCOUNT}:role/pca-issuer`;
    const issuer = new AwsPrivateCaIssuerRole(clusterStack, 'Issuer', {
      identity: irsa(clusterStack),
      roleName: 'aws-privateca-issuer',
      certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(clusterStack, 'Ca', SHARED_CA),
      caAccountRoleArn: caArn,
    });
    expect(synthErrors(clusterStack)).toEqual([]);
    expect(issuer.issuerProps()).toMatchObject({ arn: SHARED_CA, region: 'eu-west-1', role: caArn });
    expect(statementsOfRole(Template.fromStack(clusterStack), 'Issuer').map(st => [st.Action, st.Resource])).toEqual([['sts:AssumeRole', caArn]]);

    const caStack = stack(CA_ACCOUNT);
    new AwsPrivateCaIssuerCaAccountRole(caStack, 'PcaIssuer', {
      certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(caStack, 'Ca', SHARED_CA),
      issuerRoleArn: 'arn:aws:iam::111111111111:role/aws-privateca-issuer',
      roleName: 'pca-issuer',
      templateArn: 'arn:aws:acm-pca:::template/BlankEndEntityCertificate_APICSRPassthrough/V1',
    });
    expect(synthErrors(caStack)).toEqual([]);
    const t = Template.fromStack(caStack);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'pca-issuer',
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/aws-privateca-issuer' } }] },
    });
    expect(statementsOfRole(t, 'PcaIssuer').map(st => [st.Action, st.Resource, st.Condition])).toEqual([
      [['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'], SHARED_CA, undefined],
      ['acm-pca:IssueCertificate', SHARED_CA, { StringEquals: { 'acm-pca:TemplateArn': 'arn:aws:acm-pca:::template/BlankEndEntityCertificate_APICSRPassthrough/V1' } }],
    ]);
  });

  test('a CA shared through AWS RAM is called directly, with a template RAM allows', () => {
    const s = stack();
    new AwsPrivateCaIssuerRole(s, 'Issuer', {
      identity: irsa(s),
      certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', SHARED_CA),
      templateArn: 'arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1',
    });
    expect(synthErrors(s)).toEqual([]);
  });

  const refused: Array<[string, (s: Stack) => void, string[]]> = [
    ['a RAM-shared CA with a template RAM does not allow', s => new AwsPrivateCaIssuerRole(s, 'Issuer', {
      identity: irsa(s),
      certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', SHARED_CA),
      templateArn: 'arn:aws:acm-pca:::template/CodeSigningCertificate/V1',
    }), [`Pki/Issuer: templateArn CodeSigningCertificate/V1 cannot be used on a CA of account ${CA_ACCOUNT} shared through AWS RAM`]],
    ['a role to assume in another account than the CA\'s', s => new AwsPrivateCaIssuerRole(s, 'Issuer', {
      identity: irsa(s),
      certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', SHARED_CA),
      caAccountRoleArn: 'arn:aws:iam::333333333333:role/pca-issuer',
    }), [`Pki/Issuer: caAccountRoleArn is in account 333333333333 but the CA in ${CA_ACCOUNT}`]],
    ['a template limit on the assuming side', s => new AwsPrivateCaIssuerRole(s, 'Issuer', {
      identity: irsa(s),
      certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', SHARED_CA),
      caAccountRoleArn: `arn:aws:iam::${CA_ACCOUNT}:role/pca-issuer`,
      templateArn: 'arn:aws:acm-pca:::template/EndEntityCertificate/V1',
    }), ['Pki/Issuer: templateArn is set together with caAccountRoleArn']],
    ['a CA account role outside the CA\'s account', s => new AwsPrivateCaIssuerCaAccountRole(s, 'PcaIssuer', {
      certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', SHARED_CA), issuerRoleArn: 'arn:aws:iam::111111111111:role/x',
    }), [`Pki/PcaIssuer: certificateAuthority is in account ${CA_ACCOUNT}, but this role is in 111111111111`]],
  ];
  test.each(refused)('refuses %s', (_name, build, expected) => {
    const s = stack();
    build(s);
    const errors = synthErrors(s);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(errors[i]).toContain(e));
  });

  test('a bad role ARN to assume throws', () => {
    const s = stack();
    expect(() => new AwsPrivateCaIssuerRole(s, 'Issuer', {
      identity: irsa(s), certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', SHARED_CA), caAccountRoleArn: 'pca-issuer',
    })).toThrow("Pki/Issuer: caAccountRoleArn 'pca-issuer' is not an IAM role ARN");
  });
});
