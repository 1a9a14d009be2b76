// The construct against cert-manager v1.21.1's webhook (our port of it, over the rendered object): what the webhook
// admits, Certificate admits, except where cdk-certkit is stricter on purpose (each row says why); what it refuses,
// Certificate refuses, at construct time with a message naming the prop.
import { Duration } from 'cdk8s';
import { chart } from './support';
import { Certificate, CertificateProps, PrivateKeyAlgorithm } from '../../../src/k8s/certificates';
import { IssuerReference } from '../../../src/k8s/issuer-ref';
import { webhookProblems } from '../../../src/k8s/private/webhook';
import { synthErrors } from '../../support/synth';

const base: CertificateProps = { issuerRef: IssuerReference.of('ca'), dnsNames: ['web.example.com'] };
const renewalWindow = (cron: string, timezone?: string): Partial<CertificateProps> =>
  ({ renewal: { windows: [{ cron, windowDuration: Duration.hours(2), timezone }] } });

type Verdict = 'admits' | 'refuses';
/** [case, props, the webhook's verdict on the rendered object, ours, why they differ (deliberate rows only)]. */
const cases: Array<[string, Partial<CertificateProps>, Verdict, Verdict, string?]> = [
  // Stop refusing what works.
  ['RSA 8192', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 8192 } }, 'admits', 'admits'],
  ['RSA 6144', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 6144 } }, 'admits', 'admits'],
  ['RSA 2048 by default size', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA } }, 'admits', 'admits'],
  ['ECDSA P-521', { privateKey: { size: 521 } }, 'admits', 'admits'],
  ['Ed25519 without a size', { privateKey: { algorithm: PrivateKeyAlgorithm.ED25519 } }, 'admits', 'admits'],
  ['cron @daily', renewalWindow('@daily'), 'admits', 'admits'],
  ['cron @every 6h', renewalWindow('@every 6h'), 'admits', 'admits'],
  ['cron with CRON_TZ=', renewalWindow('CRON_TZ=Europe/Berlin 0 2 * * 1-5'), 'admits', 'admits'],
  ['cron with day names', renewalWindow('30 1 * * mon-fri'), 'admits', 'admits'],
  ['cron with month names, steps and lists', renewalWindow('*/15 0,12 1-7 jan,jul *'), 'admits', 'admits'],
  ['IANA time zone', renewalWindow('0 2 * * *', 'America/Denver'), 'admits', 'admits'],
  ['IPv6 address', { ipAddresses: ['2001:db8::1'] }, 'admits', 'admits'],
  ['IPv4-mapped IPv6 address', { ipAddresses: ['::ffff:192.0.2.1'] }, 'admits', 'admits'],
  ['literalSubject with a CN and no SAN', { dnsNames: [], literalSubject: 'CN=web,O=Example' }, 'admits', 'admits'],
  ['literalSubject with a dotted OID', { literalSubject: 'CN=web,2.5.4.10=Example' }, 'admits', 'admits'],
  ['commonName of exactly 64 bytes', { commonName: 'a'.repeat(64) }, 'admits', 'admits'],
  ['renewBeforePercentage 91 on a 1-hour certificate', { duration: Duration.hours(1), renewBeforePercentage: 91 }, 'admits', 'admits'],
  ['secretTemplate with cert-manager.io/allow-direct-injection', {
    secretTemplate: { annotations: { 'cert-manager.io/allow-direct-injection': 'true' } },
  }, 'admits', 'admits'],

  // Refused by both.
  ['RSA 1024', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 1024 } }, 'refuses', 'refuses'],
  ['RSA 16384', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 16384 } }, 'refuses', 'refuses'],
  ['cron hour 24', renewalWindow('0 24 * * *'), 'refuses', 'refuses'],
  ['cron day-of-week 7', renewalWindow('0 2 * * 7'), 'refuses', 'refuses'],
  ['cron of four fields', renewalWindow('0 2 * *'), 'refuses', 'refuses'],
  ['CRON_TZ= with an unknown zone', renewalWindow('CRON_TZ=Mars/Olympus 0 2 * * *'), 'refuses', 'refuses'],
  ['time zone that is no IANA name', renewalWindow('0 2 * * *', 'CEST'), 'refuses', 'refuses'],
  ['IPv6 with a zone', { ipAddresses: ['fe80::1%eth0'] }, 'refuses', 'refuses'],
  ['IPv4 with leading zeros', { ipAddresses: ['010.0.0.1'] }, 'refuses', 'refuses'],
  ['commonName of 66 bytes (33 characters)', { commonName: 'é'.repeat(33) }, 'refuses', 'refuses'],
  ['CN over 64 bytes in literalSubject', { literalSubject: `CN=${'a'.repeat(65)}` }, 'refuses', 'refuses'],
  ['literalSubject without a CN and no SAN', { dnsNames: [], literalSubject: 'O=Example' }, 'refuses', 'refuses'],
  ['literalSubject with an unknown attribute type', { literalSubject: 'CN=web,ORG=Example' }, 'refuses', 'refuses'],
  ['renewBeforePercentage 95 on a 1-hour certificate', { duration: Duration.hours(1), renewBeforePercentage: 95 }, 'refuses', 'refuses'],
  ['secretTemplate label value with a space', { secretTemplate: { labels: { team: 'Platform Team' } } }, 'refuses', 'refuses'],
  ['secretTemplate with a cert-manager.io/ annotation', { secretTemplate: { annotations: { 'cert-manager.io/issuer-name': 'x' } } }, 'refuses', 'refuses'],

  // Deliberately stricter.
  ['Ed25519 with a size', { privateKey: { algorithm: PrivateKeyAlgorithm.ED25519, size: 256 } }, 'admits', 'refuses',
    'cert-manager ignores the size, so the manifest would claim one the key does not have'],
  ['the same DNS name twice', { dnsNames: ['web.example.com', 'web.example.com'] }, 'admits', 'refuses',
    'a duplicate SAN is a copy-paste slip; AcmeCertificate refuses it too'],
  ['a renewal window of no length', { renewal: { windows: [{ cron: '0 2 * * *', windowDuration: Duration.seconds(0) }] } }, 'admits', 'refuses',
    'renewal could never start in it'],
  ['renewBeforePercentage 5 on a 1-hour certificate (renews 3 minutes before expiry)', { duration: Duration.hours(1), renewBeforePercentage: 5 }, 'admits', 'refuses',
    'the webhook reckons (100 - percentage)%; the controller renews 3m before expiry, a renewBefore the webhook itself refuses'],
  ['renewBeforePercentage 9 on a 1-hour certificate', { duration: Duration.hours(1), renewBeforePercentage: 9 }, 'admits', 'admits'],
  ['a label value Kubernetes refuses on the Certificate', { metadata: { labels: { team: 'Platform Team' } } }, 'admits', 'refuses',
    'not the webhook\'s rule: the API server refuses the object'],
];

describe('Certificate against the webhook port, on the rendered object', () => {
  // `why` as a rest element: jest reads a callback with more parameters than a row's items as asking for `done`.
  test.each(cases)('%s', (_name, props, webhook, ours, ...[why]) => {
    const c = chart();
    const cert = new Certificate(c, 'web', { ...base, ...props });
    const rendered = cert.apiObject.toJson();
    expect(webhookProblems(rendered).length > 0 ? 'refuses' : 'admits').toBe(webhook);
    const lines = synthErrors(c);
    expect(lines.length > 0 ? 'refuses' : 'admits').toBe(ours);
    // Every difference is a deliberate one, with its reason; a refusal names the prop, not a rendered spec field.
    expect(webhook === ours || why !== undefined).toBe(true);
    for (const line of lines) expect(line).toMatch(/^Platform\/web: (?!spec\.)/);
  });
});
