import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { certificateStack, env } from './support';
import { AcmeCertificateAuthority, AcmeDnsProvider, AcmeKeyType } from '../../../src';
import { shortestIntervalMinutes } from '../../../src/aws/acme-certificate/acme-certificate';
import { synthErrors } from '../../support/synth';

/** The first one-line error for these props: thrown while constructing, or reported by the synth. */
function errorFor(props: Parameters<typeof certificateStack>[0], stackProps?: Parameters<typeof certificateStack>[1]): string {
  let app;
  try {
    app = certificateStack(props, stackProps).app;
  } catch (e) {
    return (e as Error).message;
  }
  const lines = synthErrors(app);
  if (lines.length === 0) throw new Error('no error thrown or reported');
  return lines[0];
}

describe('AcmeCertificate rejects bad input naming the prop and the fix', () => {
  test('no names', () => {
    expect(errorFor({ domainNames: [] })).toBe("S/Cert: domainNames is empty. Fix: give at least one name, e.g. ['example.com', '*.example.com'].");
  });

  test('a name that is not a DNS name, or listed twice', () => {
    expect(errorFor({ domainNames: ['example.com', 'bad_name.example.com'] })).toMatch(/^S\/Cert: domainNames\[1\] 'bad_name.example.com' is not a DNS name\. Fix: /);
    expect(errorFor({ domainNames: ['example.com', 'EXAMPLE.com'] })).toMatch(/^S\/Cert: domainNames\[1\] 'EXAMPLE.com' is listed twice\./);
  });

  test('a name outside every given hosted zone', () => {
    expect(errorFor({ domainNames: ['example.com', 'www.example.org'] })).toBe(
      "S/Cert: domainNames[1] 'www.example.org' is in none of the hosted zones (example.com). "
      + 'Fix: add the zone that holds it to AcmeDnsProvider.route53([...]) or remove the name.');
  });

  test('several hosted zones whose names are unknown at synthesis', () => {
    expect(errorFor(stack => ({
      dnsProvider: AcmeDnsProvider.route53([route53.HostedZone.fromHostedZoneId(stack, 'A', 'Z111'), route53.HostedZone.fromHostedZoneId(stack, 'B', 'Z222')]),
    }))).toMatch(/^S\/Cert: dnsProvider has several hosted zones, and not every zone name is known at synthesis\. Fix: import zones with /);
  });

  test('a name outside the RFC 2136 zones', () => {
    expect(errorFor(stack => ({
      domainNames: ['*.example.org'],
      dnsProvider: AcmeDnsProvider.rfc2136({ nameServer: 'ns1.example.com', tsigKeyName: 'k', tsigSecret: secret(stack), zones: ['example.com'] }),
    }))).toMatch(/^S\/Cert: domainNames\[0\] '\*\.example\.org' is in none of the RFC 2136 zones \(example\.com\)\. Fix: /);
  });

  test('wildcard names with a provider that cannot answer DNS-01 (a private hosted zone the CA cannot query)', () => {
    expect(errorFor(stack => ({
      domainNames: ['*.internal.example'],
      dnsProvider: AcmeDnsProvider.route53([new route53.PrivateHostedZone(stack, 'Private', {
        zoneName: 'internal.example', vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'] }),
      })]),
    }))).toBe("S/Cert: dnsProvider can only publish '*.internal.example' in a private hosted zone, which the CA cannot query, "
      + 'so DNS-01 cannot validate it (and wildcard names can only be validated with DNS-01). Fix: use the public hosted zone of the name.');
  });

  test('a CloudFront certificate outside us-east-1, or with a key CloudFront does not take', () => {
    expect(errorFor({ cloudFront: true })).toBe('S/Cert: cloudFront is true but the stack deploys to eu-west-1, and CloudFront only uses '
      + "certificates from us-east-1. Fix: put this certificate in a stack with env: { region: 'us-east-1' } (crossRegionReferences lets other stacks use it).");
    expect(errorFor({ cloudFront: true, keyType: AcmeKeyType.EC_P384 }, { env: { ...env, region: 'us-east-1' } }))
      .toMatch(/^S\/Cert: keyType EC_P384 is not accepted by CloudFront/);
    expect(() => certificateStack({ cloudFront: true }, { env: { ...env, region: 'us-east-1' } })).not.toThrow();
  });

  test('a schedule more often than hourly, or one that never repeats', () => {
    expect(errorFor({ renewalSchedule: scheduler.ScheduleExpression.rate(Duration.minutes(30)) }))
      .toMatch(/^S\/Cert: renewalSchedule 'rate\(30 minutes\)' runs more often than hourly\. Fix: run at most hourly/);
    expect(errorFor({ renewalSchedule: scheduler.ScheduleExpression.cron({ minute: '0/15' }) })).toMatch(/^S\/Cert: renewalSchedule 'cron\(0\/15 /);
    expect(errorFor({ renewalSchedule: scheduler.ScheduleExpression.at(new Date('2030-01-01T00:00:00Z')) })).toMatch(/runs at most once/);
    expect(() => certificateStack({ renewalSchedule: scheduler.ScheduleExpression.rate(Duration.hours(1)) })).not.toThrow();
  });

  test('an EAB-only directory without EAB credentials', () => {
    expect(errorFor({ certificateAuthority: AcmeCertificateAuthority.fromDirectoryUrl('https://acme.zerossl.com/v2/DV90') })).toBe(
      'S/Cert: certificateAuthority directory https://acme.zerossl.com/v2/DV90 requires External Account Binding but none is given. '
      + 'Fix: pass externalAccountBinding: { keyId, hmacKey } to AcmeCertificateAuthority.fromDirectoryUrl with the credentials from the CA.');
    expect(errorFor({ certificateAuthority: AcmeCertificateAuthority.fromDirectoryUrl('https://ca.example/acme', { requiresExternalAccountBinding: true }) }))
      .toMatch(/^S\/Cert: certificateAuthority directory https:\/\/ca\.example\/acme requires External Account Binding/);
    expect(() => certificateStack(stack => ({
      certificateAuthority: AcmeCertificateAuthority.fromDirectoryUrl('https://acme.zerossl.com/v2/DV90', { externalAccountBinding: { keyId: 'kid', hmacKey: secret(stack) } }),
    }))).not.toThrow();
  });

  test('more names than the renewal function\'s environment holds', () => {
    const domainNames = Array.from({ length: 90 }, (_, i) => `service-${String(i).padStart(3, '0')}.region-one.example.com`);
    expect(errorFor({ domainNames })).toMatch(/^S\/Cert: domainNames with the other settings need about \d+ bytes of the renewal function's 4 KiB environment\. Fix: split/);
    expect(() => certificateStack({ domainNames: domainNames.slice(0, 40) })).not.toThrow();
  });

  test('other props out of range', () => {
    expect(errorFor({ email: 'not an address' })).toMatch(/^S\/Cert: email 'not an address' is not an e-mail address/);
    expect(errorFor({ issuanceTimeout: Duration.minutes(14) })).toMatch(/^S\/Cert: issuanceTimeout 14 minutes is out of range\. Fix: use 1 to 13 minutes/);
    expect(errorFor({ parameterPrefix: 'certs/' })).toMatch(/^S\/Cert: parameterPrefix 'certs\/' is not an SSM parameter path/);
    expect(errorFor({ certificateAuthority: AcmeCertificateAuthority.fromDirectoryUrl('http://ca.example/dir') })).toMatch(/is not an https URL/);
  });
});

describe('shortestIntervalMinutes', () => {
  test.each([
    ['rate(1 day)', 1440], ['rate(2 hours)', 120], ['rate(5 minutes)', 5],
    ['cron(17 3 * * ? *)', 60], ['cron(0 * * * ? *)', 60], ['cron(*/10 * * * ? *)', 1], ['cron(0,30 * * * ? *)', 1], ['at(2030-01-01T00:00:00)', undefined],
  ])('%s', (expression, minutes) => expect(shortestIntervalMinutes(expression)).toBe(minutes));
});

function secret(stack: Stack) {
  return secretsmanager.Secret.fromSecretNameV2(stack, `Secret${stack.node.children.length}`, 'credentials');
}
