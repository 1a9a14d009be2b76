import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { certificates, chart, synthValid } from './support';
import {
  AdditionalOutputFormat, Certificate, CertificateRenewalPolicy, CertificateSignatureAlgorithm, KeystorePassword, KeyUsage,
  Pkcs12Profile, PrivateKeyAlgorithm, PrivateKeyEncoding, PrivateKeyRotationPolicy,
} from '../../../src/k8s/certificates';
import { goDuration } from '../../../src/k8s/certificates/private/certificate-checks';
import { IssuerReference } from '../../../src/k8s/issuer-ref';
import { readUpstream } from '../../../src/upstream';

const issuer = IssuerReference.of('letsencrypt-production', { supportsWildcards: true });

function crdSpecFields(): string[] {
  const crd = parse(readUpstream('cert-manager-v1.21.1/crds/cert-manager.io_certificates.yaml'));
  return Object.keys(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties).sort();
}

describe('Certificate', () => {
  test('every field of the v1.21.1 spec renders and passes the CRD schema', () => {
    const c = chart();
    new Certificate(c, 'full', {
      metadata: { name: 'full', labels: { team: 'web' } },
      issuerRef: issuer,
      secretName: 'full-secret',
      secretTemplate: { labels: { app: 'web' }, annotations: { 'reflector/enabled': 'true' } },
      dnsNames: ['example.com', '*.example.com'],
      commonName: 'example.com',
      ipAddresses: ['10.0.0.1', '2001:db8::1'],
      uris: ['spiffe://cluster.local/ns/apps/sa/web'],
      emailAddresses: ['ops@example.com'],
      otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'web@example.com' }],
      subject: {
        organizations: ['Example'],
        organizationalUnits: ['Web'],
        countries: ['DE'],
        provinces: ['Berlin'],
        localities: ['Berlin'],
        streetAddresses: ['Main St 1'],
        postalCodes: ['10115'],
        serialNumber: '42',
      },
      duration: Duration.days(90),
      renewBefore: Duration.days(30),
      renewal: { policy: CertificateRenewalPolicy.RENEW_BEFORE, windows: [{ cron: '0 2 * * 1-5', windowDuration: Duration.minutes(90), timezone: 'Europe/Berlin' }] },
      privateKey: {
        algorithm: PrivateKeyAlgorithm.RSA, size: 3072, encoding: PrivateKeyEncoding.PKCS8, rotationPolicy: PrivateKeyRotationPolicy.NEVER,
      },
      signatureAlgorithm: CertificateSignatureAlgorithm.SHA384_WITH_RSA,
      usages: [KeyUsage.SERVER_AUTH, KeyUsage.CLIENT_AUTH, KeyUsage.CERT_SIGN],
      encodeUsagesInRequest: true,
      isCa: true,
      nameConstraints: { critical: true, permitted: { dnsDomains: ['example.com'], ipRanges: ['10.0.0.0/8'] }, excluded: { emailAddresses: ['x@example.com'], uriDomains: ['evil.example.com'] } },
      keystores: {
        pkcs12: { password: KeystorePassword.fromSecret('keystore-pass'), profile: Pkcs12Profile.MODERN2026 },
        jks: { password: KeystorePassword.fromLiteral('changeit'), alias: 'web', create: false },
      },
      additionalOutputFormats: [AdditionalOutputFormat.COMBINED_PEM, AdditionalOutputFormat.DER],
      revisionHistoryLimit: 5,
    });
    new Certificate(c, 'literal', {
      issuerRef: issuer,
      literalSubject: 'CN=ldap,DC=example,DC=com',
      renewBeforePercentage: 25,
    });
    const [full, literal] = certificates(synthValid(c));

    expect(full.metadata).toEqual({ name: 'full', namespace: 'apps', labels: { team: 'web' } });
    expect(full.spec).toMatchObject({
      secretName: 'full-secret',
      issuerRef: { name: 'letsencrypt-production', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      duration: '2160h0m0s',
      renewBefore: '720h0m0s',
      renewal: { policy: 'RenewBefore', windows: [{ cron: '0 2 * * 1-5', windowDuration: '1h30m0s', timezone: 'Europe/Berlin' }] },
      privateKey: { algorithm: 'RSA', size: 3072, encoding: 'PKCS8', rotationPolicy: 'Never' },
      usages: ['server auth', 'client auth', 'cert sign'],
      isCA: true,
      keystores: {
        pkcs12: { create: true, profile: 'Modern2026', passwordSecretRef: { name: 'keystore-pass', key: 'password' } },
        jks: { create: false, alias: 'web', password: 'changeit' },
      },
      additionalOutputFormats: [{ type: 'CombinedPEM' }, { type: 'DER' }],
      revisionHistoryLimit: 5,
    });
    expect(literal.spec).toMatchObject({ literalSubject: 'CN=ldap,DC=example,DC=com', renewBeforePercentage: 25 });
    // Between them the two certificates use every field the CRD defines (renewBefore/-Percentage and
    // literalSubject/commonName+subject exclude each other).
    const used = new Set([...Object.keys(full.spec), ...Object.keys(literal.spec)]);
    expect([...used].sort()).toEqual(crdSpecFields());
  });

  test('defaults: ECDSA P-256 rotated always, bounded history, secret named after the certificate, chart namespace', () => {
    const c = chart();
    const cert = new Certificate(c, 'web', { issuerRef: issuer, dnsNames: ['web.example.com'] });
    const [manifest] = certificates(synthValid(c));

    expect(cert.secretName).toBe(`${cert.name}-tls`);
    expect(cert.namespace).toBe('apps');
    expect(manifest.metadata).toEqual({ name: cert.name, namespace: 'apps' });
    expect(manifest.spec).toEqual({
      secretName: `${cert.name}-tls`,
      issuerRef: { name: 'letsencrypt-production', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      dnsNames: ['web.example.com'],
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      revisionHistoryLimit: 3,
    });
  });

  test('RSA defaults to 2048 bits and Ed25519 has no size', () => {
    const c = chart();
    new Certificate(c, 'rsa', { issuerRef: issuer, dnsNames: ['a.example.com'], privateKey: { algorithm: PrivateKeyAlgorithm.RSA } });
    new Certificate(c, 'ed', { issuerRef: issuer, dnsNames: ['b.example.com'], privateKey: { algorithm: PrivateKeyAlgorithm.ED25519 } });
    const [rsa, ed] = certificates(synthValid(c));
    expect(rsa.spec.privateKey).toEqual({ algorithm: 'RSA', size: 2048, rotationPolicy: 'Always' });
    expect(ed.spec.privateKey).toEqual({ algorithm: 'Ed25519', rotationPolicy: 'Always' });
  });

  test('an explicit namespace wins over the chart and is where the Secret lives', () => {
    const c = chart();
    const cert = new Certificate(c, 'x', { metadata: { namespace: 'edge' }, issuerRef: issuer, dnsNames: ['x.example.com'] });
    const [manifest] = certificates(synthValid(c));
    expect(cert.namespace).toBe('edge');
    expect(manifest.metadata.namespace).toBe('edge');
  });

  test('a namespaced issuer in the same namespace is referenced by kind and group', () => {
    const c = chart();
    new Certificate(c, 'x', { issuerRef: IssuerReference.of('ca', { kind: 'Issuer', namespace: 'apps' }), dnsNames: ['x.example.com'] });
    expect(certificates(synthValid(c))[0].spec.issuerRef).toEqual({ name: 'ca', kind: 'Issuer', group: 'cert-manager.io' });
  });

  test('wildcards pass when the issuer can sign them or when that is unknown', () => {
    const c = chart();
    new Certificate(c, 'known', { issuerRef: issuer, dnsNames: ['*.a.example.com'] });
    new Certificate(c, 'unknown', { issuerRef: IssuerReference.of('pca', { kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' }), dnsNames: ['*.b.example.com'] });
    expect(certificates(synthValid(c)).map(m => m.spec.dnsNames[0])).toEqual(['*.a.example.com', '*.b.example.com']);
  });

  test('certificates may share a Secret when their specs are identical, and a name across namespaces', () => {
    const c = chart();
    const props = { issuerRef: issuer, dnsNames: ['a.example.com'], secretName: 'shared' };
    new Certificate(c, 'one', { ...props, metadata: { name: 'one' } });
    new Certificate(c, 'two', { ...props, metadata: { name: 'two' } });
    new Certificate(c, 'elsewhere', { ...props, metadata: { namespace: 'other' }, dnsNames: ['b.example.com'] });
    expect(certificates(synthValid(c))).toHaveLength(3);
  });
});

test.each([
  ['90 days', '2160h0m0s', Duration.days(90)],
  ['90 minutes', '1h30m0s', Duration.minutes(90)],
  ['5 minutes', '5m0s', Duration.minutes(5)],
  ['45 seconds', '45s', Duration.seconds(45)],
  ['1500 ms', '1.5s', Duration.millis(1500)],
])('goDuration(%s) = %s', (_label, expected, duration) => expect(goDuration(duration)).toBe(expected));
