// One table per rule class of cert-manager v1.21.1's Certificate admission (internal/apis/certmanager/validation/
// certificate.go). Each row: the object, the webhook's verdict (from reading the Go function named), and the fields
// our port reports. `[]` means the webhook admits it.
import { certificate } from './fixtures';
import { webhookProblems } from '../../../src/k8s/private/webhook';

type Row = [string, any, string[]];

function fieldsOf(obj: any, gatesOff: string[] = []): string[] {
  return webhookProblems(obj, { disabledFeatureGates: new Set(gatesOff) }).map(p => p.field);
}

function table(title: string, rows: Row[], gatesOff: string[] = []) {
  describe(title, () => {
    test.each(rows)('%s', (_name, obj, expected) => {
      expect(fieldsOf(obj, gatesOff)).toEqual(expected);
    });
  });
}

table('ValidateCertificateSpec: secretName', [
  ['valid', certificate({}), []],
  ['missing', certificate({}, ['secretName']), ['spec.secretName']],
  ['not a DNS subdomain', certificate({ secretName: 'Web_TLS' }), ['spec.secretName']],
]);

table('validateIssuerRef', [
  ['ClusterIssuer', certificate({ issuerRef: { name: 'le', kind: 'ClusterIssuer' } }), []],
  ['kind left out (defaults to Issuer)', certificate({ issuerRef: { name: 'le' } }), []],
  ['Issuer in group cert-manager.io', certificate({ issuerRef: { name: 'le', kind: 'Issuer', group: 'cert-manager.io' } }), []],
  ['external kind without its group', certificate({ issuerRef: { name: 'pca', kind: 'AWSPCAClusterIssuer' } }), ['spec.issuerRef.kind']],
  ['external kind in group cert-manager.io', certificate({ issuerRef: { name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'cert-manager.io' } }), ['spec.issuerRef.kind']],
  ['external group: kind unchecked', certificate({ issuerRef: { name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' } }), []],
  ['lower-case kind', certificate({ issuerRef: { name: 'le', kind: 'clusterissuer' } }), ['spec.issuerRef.kind']],
  ['no name', certificate({ issuerRef: { kind: 'ClusterIssuer' } }), ['spec.issuerRef.name']],
]);

table('validateEmailAddresses (mail.ParseAddress, and the address must equal the input)', [
  ['bare address', certificate({ emailAddresses: ['ops@example.com'] }), []],
  ['plus and dots', certificate({ emailAddresses: ['first.last+tls@mail.example.com'] }), []],
  ['single-label domain (Go accepts it)', certificate({ emailAddresses: ['ops@localhost'] }), []],
  ['mailto:', certificate({ emailAddresses: ['mailto:ops@example.com'] }), ['spec.emailAddresses[0]']],
  ['display name', certificate({ emailAddresses: ['Ops <ops@example.com>'] }), ['spec.emailAddresses[0]']],
  ['a..b@', certificate({ emailAddresses: ['a..b@example.com'] }), ['spec.emailAddresses[0]']],
  ['leading dot', certificate({ emailAddresses: ['.a@example.com'] }), ['spec.emailAddresses[0]']],
  ['surrounding space', certificate({ emailAddresses: [' ops@example.com'] }), ['spec.emailAddresses[0]']],
  ['quoted local part (ParseAddress unquotes it)', certificate({ emailAddresses: ['"a b"@example.com'] }), ['spec.emailAddresses[0]']],
  ['no @', certificate({ emailAddresses: ['ops.example.com'] }), ['spec.emailAddresses[0]']],
  ['trailing comment', certificate({ emailAddresses: ['ops@example.com (ops)'] }), ['spec.emailAddresses[0]']],
]);

table('validateSecretTemplateLabels / validateSecretTemplateAnnotations', [
  ['valid labels and annotations', certificate({ secretTemplate: { labels: { 'app.kubernetes.io/name': 'web' }, annotations: { 'example.com/owner': 'team a' } } }), []],
  ['label key with two slashes', certificate({ secretTemplate: { labels: { 'a/b/c': 'x' } } }), ['spec.secretTemplate.labels']],
  ['label key name over 63', certificate({ secretTemplate: { labels: { ['k'.repeat(64)]: 'x' } } }), ['spec.secretTemplate.labels']],
  ['label value with a space', certificate({ secretTemplate: { labels: { team: 'team a' } } }), ['spec.secretTemplate.labels[team]']],
  ['label value over 63', certificate({ secretTemplate: { labels: { team: 'a'.repeat(64) } } }), ['spec.secretTemplate.labels[team]']],
  ['annotation key with upper case (checked lower-cased)', certificate({ secretTemplate: { annotations: { 'Example.com/Owner': 'x' } } }), []],
  ['annotation key with a bad prefix', certificate({ secretTemplate: { annotations: { 'exa_mple.com/owner': 'x' } } }), ['spec.secretTemplate.annotations']],
  ['cert-manager.io/ annotation', certificate({ secretTemplate: { annotations: { 'cert-manager.io/issuer-name': 'x' } } }), ['spec.secretTemplate.annotations']],
  ['cert-manager.io/allow-direct-injection is allowed', certificate({ secretTemplate: { annotations: { 'cert-manager.io/allow-direct-injection': 'true' } } }), []],
  ['annotations over 256 KiB in total', certificate({ secretTemplate: { annotations: { 'example.com/a': 'x'.repeat(200 * 1024), 'example.com/b': 'y'.repeat(60 * 1024) } } }), ['spec.secretTemplate.annotations']],
]);

table('nameConstraints (feature gate NameConstraints on)', [
  ['permitted on a CA', certificate({ isCA: true, nameConstraints: { permitted: { dnsDomains: ['example.com'] } } }), []],
  ['empty permitted object counts as set', certificate({ isCA: true, nameConstraints: { permitted: {} } }), []],
  ['neither permitted nor excluded', certificate({ isCA: true, nameConstraints: {} }), ['spec.nameConstraints']],
  ['not a CA', certificate({ nameConstraints: { excluded: { dnsDomains: ['example.org'] } } }), ['spec.nameConstraints']],
]);

table('validateAdditionalOutputFormats', [
  ['two different formats', certificate({ additionalOutputFormats: [{ type: 'DER' }, { type: 'CombinedPEM' }] }), []],
  ['duplicate', certificate({ additionalOutputFormats: [{ type: 'DER' }, { type: 'DER' }] }), ['spec.additionalOutputFormats[type]']],
]);

table('validateCertificateRenewal / validateCertificateRenewalWindows', [
  ['window with a cron and a zone', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 2 * * 1-5', windowDuration: '2h', timezone: 'Europe/Berlin' }] } }), []],
  ['names and steps', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '*/15 1,3 ? JAN-mar sun', windowDuration: '1h' }] } }), []],
  ['descriptor', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '@daily', windowDuration: '1h' }] } }), []],
  ['@every', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '@every 6h', windowDuration: '1h' }] } }), []],
  ['policy Disabled without windows', certificate({ renewal: { policy: 'Disabled' } }), []],
  ['windows with policy Disabled', certificate({ renewal: { policy: 'Disabled', windows: [{ cron: '0 2 * * *', windowDuration: '2h' }] } }), ['spec.renewal.windows']],
  ['no policy (not defaulted upstream)', certificate({ renewal: { windows: [{ cron: '0 2 * * *', windowDuration: '2h' }] } }), ['spec.renewal.policy']],
  ['hour 24', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 24 * * *', windowDuration: '2h' }] } }), ['spec.renewal.windows[0].cron']],
  ['day of week 7', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 2 * * 7', windowDuration: '2h' }] } }), ['spec.renewal.windows[0].cron']],
  ['six fields', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 0 2 * * *', windowDuration: '2h' }] } }), ['spec.renewal.windows[0].cron']],
  ['step 0', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '*/0 2 * * *', windowDuration: '2h' }] } }), ['spec.renewal.windows[0].cron']],
  ['range backwards', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 5-2 * * *', windowDuration: '2h' }] } }), ['spec.renewal.windows[0].cron']],
  ['unknown descriptor', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '@fortnightly', windowDuration: '2h' }] } }), ['spec.renewal.windows[0].cron']],
  ['not an IANA zone (fails the zone and the CRON_TZ= parse)', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 2 * * *', windowDuration: '2h', timezone: 'Mars/Olympus' }] } }), ['spec.renewal.windows[0].timezone', 'spec.renewal.windows[0].cron']],
  ['zone in the wrong case', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 2 * * *', windowDuration: '2h', timezone: 'europe/berlin' }] } }), ['spec.renewal.windows[0].timezone', 'spec.renewal.windows[0].cron']],
  ['no windowDuration', certificate({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 2 * * *' }] } }), ['spec.renewal.windows[0].windowDuration']],
]);

table('literalSubject (UnmarshalSubjectStringToRDNSequence; gate LiteralCertificateSubject on)', [
  ['CN and O', certificate({ literalSubject: 'CN=web.example.com,O=Example\\, Inc.,C=DE' }), []],
  ['dotted OID type', certificate({ literalSubject: '2.5.4.3=web,O=Example' }), []],
  ['only attributes other than CN, with dnsNames', certificate({ literalSubject: 'O=Example' }), []],
  ['CN of 65 bytes', certificate({ literalSubject: `CN=${'a'.repeat(65)}` }), ['spec.commonName']],
  ['CN of 64 bytes', certificate({ literalSubject: `CN=${'a'.repeat(64)}` }), []],
  ['CN over 64 bytes in UTF-8 (32 two-byte letters + 1)', certificate({ literalSubject: `CN=${'ä'.repeat(33)}` }), ['spec.commonName']],
  ['lower-case type (case-sensitive lookup)', certificate({ literalSubject: 'cn=web' }), ['spec.literalSubject']],
  ['unknown type', certificate({ literalSubject: 'CN=web,EMAIL=ops@example.com' }), ['spec.literalSubject']],
  ['no type', certificate({ literalSubject: 'web.example.com' }), ['spec.literalSubject']],
  ['bad escape', certificate({ literalSubject: 'CN=web\\zz' }), ['spec.literalSubject']],
  ['with commonName', certificate({ literalSubject: 'CN=web', commonName: 'web' }), ['spec.commonName']],
  ['with subject', certificate({ literalSubject: 'CN=web', subject: { organizations: ['Example'] } }), ['spec.subject']],
  ['with subject.serialNumber', certificate({ literalSubject: 'CN=web', subject: { serialNumber: '42' } }), ['spec.subject']],
  ['hex-encoded BER value', certificate({ literalSubject: 'CN=#0c03776562' }), []],
  ['bad BER value', certificate({ literalSubject: 'CN=#0c' }), ['spec.literalSubject']],
  ['incomplete pair', certificate({ literalSubject: 'CN=web,' }), ['spec.literalSubject']],
  ['yields no name to certify', certificate({ literalSubject: 'O=Example' }, ['dnsNames']), ['spec']],
  ['its CN is the name to certify', certificate({ literalSubject: 'CN=web.example.com' }, ['dnsNames']), []],
]);

table('otherNames / ipAddresses / commonName / names (gate OtherNames on)', [
  ['UPN other name', certificate({ otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'ops@example.com' }] }), []],
  ['empty value', certificate({ otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: '' }] }), ['spec.otherNames[0].utf8Value']],
  ['no oid (also not an OID)', certificate({ otherNames: [{ utf8Value: 'x' }] }), ['spec.otherNames[0].oid']],
  ['value not valid UTF-8 (lone surrogate)', certificate({ otherNames: [{ oid: '1.2.3', utf8Value: 'a\ud800' }] }), ['spec.otherNames[0].utf8Value']],
  ['oid not dotted numbers', certificate({ otherNames: [{ oid: 'upn', utf8Value: 'x' }] }), ['spec.otherNames[0].oid']],
  ['IPv4 and IPv6', certificate({ ipAddresses: ['192.0.2.1', '2001:db8::1', '::ffff:192.0.2.1'] }), []],
  ['IPv6 zone', certificate({ ipAddresses: ['fe80::1%eth0'] }), ['spec.ipAddresses[0]']],
  ['IPv4 leading zero', certificate({ ipAddresses: ['192.0.2.01'] }), ['spec.ipAddresses[0]']],
  ['bracketed IPv6', certificate({ ipAddresses: ['[2001:db8::1]'] }), ['spec.ipAddresses[0]']],
  ['CIDR', certificate({ ipAddresses: ['192.0.2.0/24'] }), ['spec.ipAddresses[0]']],
  ['commonName of 65', certificate({ commonName: 'a'.repeat(65) }), ['spec.commonName']],
  ['no names at all', certificate({}, ['dnsNames']), ['spec']],
  ['only a URI', certificate({ uris: ['spiffe://example.com/web'] }, ['dnsNames']), []],
]);

table('ValidateDuration', [
  ['90 days, renew 30 days before', certificate({ duration: '2160h', renewBefore: '720h' }), []],
  ['renewBeforePercentage 67 of 90 days', certificate({ duration: '2160h', renewBeforePercentage: 67 }), []],
  ['renewBeforePercentage alone is not checked (no duration/renewBefore)', certificate({ renewBeforePercentage: 100 }), []],
  ['duration under 1h', certificate({ duration: '30m' }), ['spec.duration']],
  ['renewBefore under 5m', certificate({ duration: '24h', renewBefore: '4m' }), ['spec.renewBefore']],
  ['renewBefore not under duration', certificate({ duration: '24h', renewBefore: '24h' }), ['spec.renewBefore']],
  ['both renewBefore and renewBeforePercentage', certificate({ duration: '24h', renewBefore: '1h', renewBeforePercentage: 50 }), ['spec.renewBefore', 'spec.renewBeforePercentage']],
  ['percentage leaving under 5 minutes of 1h', certificate({ duration: '1h', renewBeforePercentage: 95 }), ['spec.renewBeforePercentage']],
  ['percentage leaving exactly 6 minutes of 1h', certificate({ duration: '1h', renewBeforePercentage: 90 }), []],
  ['percentage 0', certificate({ duration: '1h', renewBeforePercentage: 0 }), ['spec.renewBeforePercentage']],
  ['duration in days (not Go)', certificate({ duration: '90d' }), ['spec.duration']],
]);

table('privateKey / signatureAlgorithm / usages / revisionHistoryLimit / keystores', [
  ['RSA 8192', certificate({ privateKey: { algorithm: 'RSA', size: 8192 } }), []],
  ['RSA 1024', certificate({ privateKey: { algorithm: 'RSA', size: 1024 } }), ['spec.privateKey.size']],
  ['RSA 16384', certificate({ privateKey: { algorithm: 'RSA', size: 16384 } }), ['spec.privateKey.size']],
  ['ECDSA 521', certificate({ privateKey: { algorithm: 'ECDSA', size: 521 } }), []],
  ['ECDSA 512', certificate({ privateKey: { algorithm: 'ECDSA', size: 512 } }), ['spec.privateKey.size']],
  ['Ed25519 with a size (webhook ignores it)', certificate({ privateKey: { algorithm: 'Ed25519', size: 256 } }), []],
  ['DSA', certificate({ privateKey: { algorithm: 'DSA' } }), ['spec.privateKey.algorithm']],
  ['ECDSA key with SHA256WithRSA', certificate({ privateKey: { algorithm: 'ECDSA' }, signatureAlgorithm: 'SHA256WithRSA' }), ['spec.signatureAlgorithm']],
  ['default (RSA) key with ECDSAWithSHA256', certificate({ signatureAlgorithm: 'ECDSAWithSHA256' }), ['spec.signatureAlgorithm']],
  ['usages', certificate({ usages: ['digital signature', 'key encipherment', 'server auth'] }), []],
  ['unknown usage', certificate({ usages: ['server-auth'] }), ['spec.usages[0]']],
  ['revisionHistoryLimit 0', certificate({ revisionHistoryLimit: 0 }), ['spec.revisionHistoryLimit']],
  ['PKCS#12 with a password Secret', certificate({ keystores: { pkcs12: { create: true, passwordSecretRef: { name: 'p12', key: 'password' } } } }), []],
  ['JKS with both passwords', certificate({ keystores: { jks: { create: true, password: 'x', passwordSecretRef: { name: 'j', key: 'k' } } } }), ['spec.keystores.jks']],
  ['JKS with neither', certificate({ keystores: { jks: { create: true } } }), ['spec.keystores.jks']],
  ['PKCS#12 empty literal password', certificate({ keystores: { pkcs12: { create: true, password: '' } } }), ['spec.keystores.pkcs12.password']],
]);

describe('webhook feature gates turned off', () => {
  test.each([
    ['NameConstraints', certificate({ isCA: true, nameConstraints: { permitted: { dnsDomains: ['example.com'] } } }), ['spec.nameConstraints']],
    ['LiteralCertificateSubject', certificate({ literalSubject: 'CN=web' }), ['spec.literalSubject']],
    ['OtherNames', certificate({ otherNames: [{ oid: '1.2.3', utf8Value: 'x' }] }), ['spec.otherNames']],
  ])('%s off refuses the field', (gate, obj, expected) => {
    expect(fieldsOf(obj, [gate])).toEqual(expected);
    expect(fieldsOf(obj)).toEqual([]);
  });
});

test('messages name the problem and the fix', () => {
  const [p] = webhookProblems(certificate({ ipAddresses: ['fe80::1%eth0'] }));
  expect(p).toEqual({
    field: 'spec.ipAddresses[0]',
    problem: "'fe80::1%eth0' is not an IP address Go can parse",
    fix: 'give a plain IPv4 or IPv6 address: no zone (%eth0), brackets, prefix length or leading zeros',
  });
});
