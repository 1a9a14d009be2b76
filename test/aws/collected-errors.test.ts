// Issue 10's AWS inputs and issue 15's window 5: each mistake is one line naming the prop, and one synth reports
// every mistake of the app at once.
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { certificateStack } from './acme-certificate/support';
import { permissionStatements, statementFor } from './roles/iam-assertions';
import { CertManagerRoute53CrossAccountRole, CertManagerRoute53Role, EksCertManager, PrivateCertificateAuthority, WorkloadIdentity } from '../../src';
import { synthErrors } from '../support/synth';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const env = { account: '123456789012', region: 'eu-west-1' };

/** The error lines of a synth of an AcmeCertificate with these props (any from JavaScript, hence `any`). */
const certificateErrors = (props: any) => synthErrors(certificateStack(props).app);

describe('AcmeCertificate: issue 10 inputs', () => {
  test.each([
    ['/aws/reserved/x', "S/Cert: parameterPrefix '/aws/reserved/x' starts with 'aws', which SSM reserves for AWS. Fix: use a path such as /certificates/example.com."],
    ['/SSM/x', "S/Cert: parameterPrefix '/SSM/x' starts with 'SSM', which SSM reserves for AWS. Fix: use a path such as /certificates/example.com."],
    [`/${Array.from({ length: 15 }, (_, i) => `l${i}`).join('/')}`, expect.stringMatching(/^S\/Cert: parameterPrefix '.*' has more than 14 levels/)],
  ])('parameterPrefix %p', (parameterPrefix, line) => expect(certificateErrors({ parameterPrefix })).toEqual([line]));

  test('an ordinary prefix passes (even one with aws later in the path)', () => {
    expect(certificateErrors({ parameterPrefix: '/certificates/aws/example.com' })).toEqual([]);
  });

  test('vpcSubnets without vpc', () => {
    expect(certificateErrors({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } })).toEqual([
      'S/Cert: vpcSubnets is set without vpc, so the function would not run in a VPC at all. Fix: give vpc too, or drop vpcSubnets.',
    ]);
  });

  test.each([
    ['90d', "S/Cert: issuanceTimeout is the string '90d', not a Duration. Fix: use Duration.days(90)."],
    ['10m', "S/Cert: issuanceTimeout is the string '10m', not a Duration. Fix: use Duration.minutes(10)."],
    [600, 'S/Cert: issuanceTimeout is the number 600, not a Duration (the unit is unknown). Fix: use Duration.days(n), Duration.hours(n), Duration.minutes(n) or Duration.seconds(n).'],
    [{ toMilliseconds: () => -5 }, 'S/Cert: issuanceTimeout is negative. Fix: give a positive duration.'],
  ])('issuanceTimeout %p from JavaScript names the prop', (issuanceTimeout, line) => {
    expect(certificateErrors({ issuanceTimeout })).toEqual([line]);
  });

  test('e-mail addresses must be bare', () => {
    expect(certificateErrors({ email: 'mailto:ops@example.com' })).toEqual([
      "S/Cert: email 'mailto:ops@example.com' is not an e-mail address: it is a 'mailto:' URI, not an address. Fix: use a bare address such as ops@example.com, or leave email unset.",
    ]);
    expect(certificateErrors({ email: 'a..b@example.com' })).toHaveLength(1);
    expect(certificateErrors({ email: 'Ops <ops@example.com>' })).toHaveLength(1);
  });

  test('three mistakes in one AcmeCertificate: one synth, three lines', () => {
    expect(certificateErrors({ domainNames: ['example.com', 'Bad_Name.example.com'], email: 'not an address', parameterPrefix: '/aws/x' })).toEqual([
      expect.stringMatching(/^S\/Cert: domainNames\[1\] 'Bad_Name.example.com' is not a DNS name\. Fix: /),
      expect.stringMatching(/^S\/Cert: email 'not an address' is not an e-mail address: it is not a bare address/),
      expect.stringMatching(/^S\/Cert: parameterPrefix '\/aws\/x' starts with 'aws'/),
    ]);
  });
});

describe('three mistakes in three constructs of one app: all reported, one line each', () => {
  test('AcmeCertificate, CertManagerRoute53Role and PrivateCertificateAuthority', () => {
    const { app, stack } = certificateStack({ vpcSubnets: {} });
    new CertManagerRoute53Role(stack, 'Dns', { identity: WorkloadIdentity.irsaFromIssuerUrl(ISSUER), hostedZoneIds: ['Z0123456789ABCDEFGHIJ'], challengeDomains: [] });
    new PrivateCertificateAuthority(stack, 'Ca', { subject: { commonName: 'Root' }, validity: '10y' as any });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^S\/Cert: vpcSubnets is set without vpc/),
      expect.stringMatching(/^S\/Dns: challengeDomains is empty, which would allow changes to every _acme-challenge record in the zones\. Fix: /),
      expect.stringMatching(/^S\/Ca: validity is the string '10y', not a Duration\. Fix: /),
    ]);
  });
});

describe('challengeDomains: an empty list is an error, never "every name" (issue 15, window 5)', () => {
  const stack = () => new Stack(new App(), 'Dns', { env });
  test.each([
    ['CertManagerRoute53Role', (s: Stack) => new CertManagerRoute53Role(s, 'Role', { identity: WorkloadIdentity.irsaFromIssuerUrl(ISSUER), hostedZoneIds: ['Z0123456789ABCDEFGHIJ'], challengeDomains: [] })],
    ['CertManagerRoute53CrossAccountRole', (s: Stack) => new CertManagerRoute53CrossAccountRole(s, 'Role', {
      assumedBy: new iam.AccountPrincipal('111111111111'), hostedZoneIds: ['Z0123456789ABCDEFGHIJ'], challengeDomains: [],
    })],
  ])('%s: reported, and no change permission granted meanwhile', (_, make) => {
    const s = stack();
    make(s);
    expect(synthErrors(s)).toEqual([
      'Dns/Role: challengeDomains is empty, which would allow changes to every _acme-challenge record in the zones. '
      + 'Fix: list the names to certify, or leave challengeDomains unset to allow any _acme-challenge.* TXT record on purpose.',
    ]);
  });

  test('a token list passes, as it resolves', () => {
    const s = stack();
    new CertManagerRoute53Role(s, 'Role', {
      identity: WorkloadIdentity.irsaFromIssuerUrl(ISSUER),
      hostedZoneIds: ['Z0123456789ABCDEFGHIJ'],
      challengeDomains: new CfnParameter(s, 'Names', { type: 'CommaDelimitedList' }).valueAsList,
    });
    expect(synthErrors(s)).toEqual([]);
    const change = statementFor(permissionStatements(Template.fromStack(s)), 'route53:ChangeResourceRecordSets');
    expect(change.Condition!['ForAllValues:StringLike']['route53:ChangeResourceRecordSetsNormalizedRecordNames']).toEqual({
      'Fn::Split': ['|', { 'Fn::Join': ['', ['_acme-challenge.', { 'Fn::Join': ['|_acme-challenge.', { Ref: 'Names' }] }]] }],
    });
  });
});

describe('durations of the other AWS constructs', () => {
  test('PrivateCertificateAuthority validity from JavaScript', () => {
    const s = new Stack(new App(), 'Pki', { env });
    new PrivateCertificateAuthority(s, 'Root', { subject: { commonName: 'Root' }, validity: '3650d' as any });
    expect(synthErrors(s)).toEqual(["Pki/Root: validity is the string '3650d', not a Duration. Fix: use Duration.days(3650)."]);
  });

  test('EksCertManager helmTimeout from JavaScript', () => {
    const s = new Stack(new App(), 'Platform', { env });
    const cluster = eks.Cluster.fromClusterAttributes(s, 'Cluster', { clusterName: 'platform', kubectlRoleArn: 'arn:aws:iam::123456789012:role/kubectl' });
    new EksCertManager(s, 'CertManager', { cluster, helmTimeout: '10m' as any });
    expect(synthErrors(s)).toEqual(["Platform/CertManager: helmTimeout is the string '10m', not a Duration. Fix: use Duration.minutes(10)."]);
  });

  test('a Duration still works', () => {
    const s = new Stack(new App(), 'Pki', { env });
    new PrivateCertificateAuthority(s, 'Root', { subject: { commonName: 'Root' }, validity: Duration.days(365) });
    expect(synthErrors(s)).toEqual([]);
  });
});

