import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { actionsOf, actionsOnAnyResource, permissionStatements, statementFor, statementsOfRole, trustOfRole } from './iam-assertions';
import { CertManagerRoute53CrossAccountRole, CertManagerRoute53Role, CertManagerRoute53RoleProps, WorkloadIdentity } from '../../../src';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const zoneArn = (id: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:route53:::hostedzone/${id}`]] });

function stack(): Stack {
  return new Stack(new App(), 'Dns', { env: { account: '123456789012', region: 'eu-west-1' } });
}

function route53Role(s: Stack, props: Partial<CertManagerRoute53RoleProps> = {}): CertManagerRoute53Role {
  return new CertManagerRoute53Role(s, 'CertManager', { identity: WorkloadIdentity.irsaFromIssuerUrl(ISSUER), hostedZoneIds: ['Z0123456789ABCDEFGHIJ'], ...props });
}

describe('CertManagerRoute53Role', () => {
  test('the controller service account cert-manager/cert-manager is the only subject', () => {
    const s = stack();
    route53Role(s);
    expect(trustOfRole(Template.fromStack(s), 'CertManagerRole')[0].Condition).toEqual({
      StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:cert-manager:cert-manager', [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    });
  });

  test('TXT _acme-challenge changes and record listing in the given zones only', () => {
    const s = stack();
    route53Role(s, { hostedZoneIds: ['/hostedzone/Z0123456789ABCDEFGHIJ', 'Z2OTHERZONE'] });
    const statements = statementsOfRole(Template.fromStack(s), 'CertManagerRole');
    expect(statementFor(statements, 'route53:ChangeResourceRecordSets')).toEqual({
      Action: 'route53:ChangeResourceRecordSets',
      Effect: 'Allow',
      Resource: [zoneArn('Z0123456789ABCDEFGHIJ'), zoneArn('Z2OTHERZONE')],
      Condition: {
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] },
        'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_acme-challenge.*'] },
      },
    });
    expect(statementFor(statements, 'route53:ListResourceRecordSets').Resource).toEqual([zoneArn('Z0123456789ABCDEFGHIJ'), zoneArn('Z2OTHERZONE')]);
    expect(statementFor(statements, 'route53:GetChange').Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::change/*']] });
    expect(actionsOf(statements)).toEqual(['route53:ChangeResourceRecordSets', 'route53:GetChange', 'route53:ListHostedZonesByName', 'route53:ListResourceRecordSets']);
  });

  test('only ListHostedZonesByName is allowed on "*", as AWS requires', () => {
    const s = stack();
    route53Role(s);
    expect(actionsOnAnyResource(permissionStatements(Template.fromStack(s)))).toEqual(['route53:ListHostedZonesByName']);
  });

  test('hosted zone constructs and IDs are merged without duplicates and exposed for the solver', () => {
    const s = stack();
    const zone = route53.HostedZone.fromHostedZoneId(s, 'Zone', 'Z0123456789ABCDEFGHIJ');
    const role = route53Role(s, { hostedZones: [zone], hostedZoneIds: ['/hostedzone/Z0123456789ABCDEFGHIJ', 'Z9'] });
    expect(role.hostedZoneIds).toEqual(['Z0123456789ABCDEFGHIJ', 'Z9']);
    expect(role.region).toBe('eu-west-1');
    expect(role.dnsAccountRoleArn).toBeUndefined();
  });

  test('challengeDomains narrows the record names (wildcards share the apex record)', () => {
    const s = stack();
    route53Role(s, { challengeDomains: ['*.Example.com', 'example.com', 'api.example.com'] });
    const change = statementFor(statementsOfRole(Template.fromStack(s), 'CertManagerRole'), 'route53:ChangeResourceRecordSets');
    expect(change.Condition!['ForAllValues:StringLike']).toEqual({
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_acme-challenge.example.com', '_acme-challenge.api.example.com'],
    });
  });

  test('a challenge domain given as a token (e.g. a parameter) still resolves in the condition', () => {
    const s = stack();
    const domain = new CfnParameter(s, 'Domain').valueAsString;
    route53Role(s, { challengeDomains: [domain] });
    const change = statementFor(statementsOfRole(Template.fromStack(s), 'CertManagerRole'), 'route53:ChangeResourceRecordSets');
    expect(change.Condition!['ForAllValues:StringLike']).toEqual({
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': [{ 'Fn::Join': ['', ['_acme-challenge.', { Ref: 'Domain' }]] }],
    });
  });

  test.each(['z0123', 'Z', 'Z0123456789ABCDEFGHIJ0123456789ABC', 'example.com', '/hostedzone/'])('hosted-zone ID %p is a construct-time error', id => {
    expect(() => route53Role(stack(), { hostedZoneIds: ['Z1', id] }))
      .toThrow(new RegExp(`^Dns/CertManager: hostedZoneIds\\[1\\] '${id.replace(/[/]/g, '\\/')}' is not a Route53 hosted-zone ID\\. Fix: `));
  });

  test('a malformed ID of a hosted zone construct names its index', () => {
    const s = stack();
    const zone = route53.HostedZone.fromHostedZoneId(s, 'Zone', 'not-a-zone');
    expect(() => route53Role(s, { hostedZones: [zone], hostedZoneIds: [] })).toThrow(/^Dns\/CertManager: hostedZones\[0\] 'not-a-zone' is not/);
  });

  test('no zones and no DNS account role is an error', () => {
    expect(() => route53Role(stack(), { hostedZoneIds: [] })).toThrow(/^Dns\/CertManager: hostedZones is empty\. Fix: /);
  });

  test('a bad challenge domain is an error', () => {
    expect(() => route53Role(stack(), { challengeDomains: ['not a name'] })).toThrow(/challengeDomains\[0\] 'not a name' is not a DNS name/);
  });

  test('a custom namespace and service account change the subject', () => {
    const s = stack();
    route53Role(s, { namespace: 'platform', serviceAccountName: 'cm-controller' });
    expect(JSON.stringify(trustOfRole(Template.fromStack(s), 'CertManagerRole'))).toContain('system:serviceaccount:platform:cm-controller');
  });
});

describe('solverProps', () => {
  test('one zone: region and hostedZoneId filled, options kept', () => {
    const props = route53Role(stack()).solverProps({ selector: { dnsZones: ['example.com'] } });
    expect(props).toEqual({ selector: { dnsZones: ['example.com'] }, region: 'eu-west-1', hostedZoneId: 'Z0123456789ABCDEFGHIJ', role: undefined });
  });

  test('several zones: no hostedZoneId unless one of them is picked', () => {
    const role = route53Role(stack(), { hostedZoneIds: ['Z1AAA', 'Z2BBB'] });
    expect(role.solverProps().hostedZoneId).toBeUndefined();
    expect(role.solverProps({ hostedZoneId: '/hostedzone/Z2BBB' }).hostedZoneId).toBe('Z2BBB');
    expect(() => role.solverProps({ hostedZoneId: 'Z3CCC' })).toThrow("Dns/CertManager: solverProps.hostedZoneId 'Z3CCC' is not one of this role's zones (Z1AAA, Z2BBB)");
  });

  test('the DNS account role becomes the solver role', () => {
    const role = route53Role(stack(), { hostedZoneIds: undefined, dnsAccountRoleArn: 'arn:aws:iam::222222222222:role/dns' });
    expect(role.solverProps({ hostedZoneId: 'Z9ZONE' })).toEqual({ region: 'eu-west-1', role: 'arn:aws:iam::222222222222:role/dns', hostedZoneId: 'Z9ZONE' });
  });

  test('chartServiceAccount names the service account and, with IRSA, the role', () => {
    const s = stack();
    const role = route53Role(s);
    expect(s.resolve(role.chartServiceAccount)).toEqual({ name: 'cert-manager', roleArn: { 'Fn::GetAtt': [expect.stringMatching(/^CertManagerRole/), 'Arn'] } });
  });
});

describe('cross-account DNS', () => {
  const DNS_ROLE = 'arn:aws:iam::222222222222:role/cert-manager-dns01';

  test('the controller role only assumes the DNS account role when it has no zones of its own', () => {
    const s = stack();
    const role = route53Role(s, { hostedZoneIds: undefined, dnsAccountRoleArn: DNS_ROLE });
    const statements = statementsOfRole(Template.fromStack(s), 'CertManagerRole');
    expect(statements).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Resource: DNS_ROLE }]);
    expect(role.dnsAccountRoleArn).toBe(DNS_ROLE);
    expect(role.hostedZoneIds).toEqual([]);
  });

  test('a malformed DNS account role ARN is an error', () => {
    expect(() => route53Role(stack(), { dnsAccountRoleArn: 'cert-manager-dns01' })).toThrow(/^Dns\/CertManager: dnsAccountRoleArn 'cert-manager-dns01' is not an IAM role ARN/);
  });

  test('the DNS account role trusts the controller role and holds the DNS-01 permissions', () => {
    const s = new Stack(new App(), 'DnsAccount', { env: { account: '222222222222', region: 'us-east-1' } });
    const controller = 'arn:aws:iam::123456789012:role/cert-manager-route53';
    const role = new CertManagerRoute53CrossAccountRole(s, 'Dns01', { assumedBy: new iam.ArnPrincipal(controller), hostedZoneIds: ['Z0123456789ABCDEFGHIJ'], roleName: 'cert-manager-dns01' });
    const template = Template.fromStack(s);
    expect(trustOfRole(template, 'Dns01Role')).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: controller } }]);
    const statements = statementsOfRole(template, 'Dns01Role');
    expect(actionsOf(statements)).toEqual(['route53:ChangeResourceRecordSets', 'route53:GetChange', 'route53:ListHostedZonesByName', 'route53:ListResourceRecordSets']);
    expect(statementFor(statements, 'route53:ChangeResourceRecordSets').Resource).toEqual(zoneArn('Z0123456789ABCDEFGHIJ'));
    expect(actionsOnAnyResource(statements)).toEqual(['route53:ListHostedZonesByName']);
    expect(role.hostedZoneIds).toEqual(['Z0123456789ABCDEFGHIJ']);
  });
});
