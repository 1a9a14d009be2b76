// The adoption rules as a table, one row per case, each naming the cert-manager v1.21.1 policy it mirrors
// (internal/controller/certificates/policies/checks.go, NewTriggerPolicyChain in policies.go).
import { IssuedPem, LeafOptions, certManagerSecret, issue, keyPair, privateKeyPem } from './support';
import { AdoptionCertificate, AdoptionPolicy, AdoptionSecret, CertificateAdoption } from '../../../src/k8s/backup/adoption';

const DAY = 86_400_000;
const web: AdoptionCertificate = {
  name: 'web',
  issuerRef: { name: 'letsencrypt-production', kind: 'ClusterIssuer', group: 'cert-manager.io' },
  privateKeyAlgorithm: 'ECDSA',
  privateKeySize: 256,
  dnsNames: ['example.com', '*.example.com'],
};

interface Row {
  readonly name: string;
  /** The Go policy the row exercises; undefined for rows that must be adopted. */
  readonly policy?: AdoptionPolicy;
  readonly certificate?: Partial<AdoptionCertificate>;
  readonly leaf?: LeafOptions;
  /** Changes the Secret cert-manager wrote. */
  readonly secret?: (secret: any, issued: IssuedPem) => Promise<any> | any;
  readonly reason?: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const withAnnotations = (patch: Record<string, string | undefined>) => (s: any) => {
  const annotations = { ...s.metadata.annotations, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete annotations[k];
  return { ...s, metadata: { ...s.metadata, annotations } };
};

const ROWS: Row[] = [
  { name: 'the Secret as cert-manager wrote it' },
  { name: 'SecretDoesNotExist: no Secret', policy: AdoptionPolicy.SECRET_DOES_NOT_EXIST, secret: () => undefined, reason: 'DoesNotExist' },
  { name: 'SecretIsMissingData: no data at all', policy: AdoptionPolicy.SECRET_IS_MISSING_DATA, secret: s => ({ ...s, data: undefined }), reason: 'MissingData' },
  { name: 'SecretIsMissingData: empty tls.key', policy: AdoptionPolicy.SECRET_IS_MISSING_DATA, secret: s => ({ ...s, data: { ...s.data, 'tls.key': '' } }) },
  { name: 'SecretIsMissingData: no tls.crt', policy: AdoptionPolicy.SECRET_IS_MISSING_DATA, secret: s => ({ ...s, data: { 'tls.key': s.data['tls.key'] } }) },
  { name: 'SecretPublicKeysDiffer: tls.key is not a key', policy: AdoptionPolicy.SECRET_PUBLIC_KEYS_DIFFER, secret: s => ({ ...s, data: { ...s.data, 'tls.key': b64('garbage') } }), reason: 'InvalidKeyPair' },
  { name: 'SecretPublicKeysDiffer: tls.crt is not a certificate', policy: AdoptionPolicy.SECRET_PUBLIC_KEYS_DIFFER, secret: s => ({ ...s, data: { ...s.data, 'tls.crt': b64('garbage') } }), reason: 'InvalidCertificate' },
  {
    name: 'SecretPublicKeysDiffer: another key',
    policy: AdoptionPolicy.SECRET_PUBLIC_KEYS_DIFFER,
    reason: 'InvalidKeyPair',
    secret: async s => ({ ...s, data: { ...s.data, 'tls.key': b64(await privateKeyPem(await keyPair('ec256', true))) } }),
  },
  { name: 'SecretIssuerAnnotationsMismatch: another issuer name', policy: AdoptionPolicy.SECRET_ISSUER_ANNOTATIONS_MISMATCH, secret: withAnnotations({ 'cert-manager.io/issuer-name': 'letsencrypt-staging' }), reason: 'IncorrectIssuer' },
  { name: 'SecretIssuerAnnotationsMismatch: kind Issuer for a ClusterIssuer', policy: AdoptionPolicy.SECRET_ISSUER_ANNOTATIONS_MISMATCH, secret: withAnnotations({ 'cert-manager.io/issuer-kind': 'Issuer' }) },
  { name: 'SecretIssuerAnnotationsMismatch: another group', policy: AdoptionPolicy.SECRET_ISSUER_ANNOTATIONS_MISMATCH, secret: withAnnotations({ 'cert-manager.io/issuer-group': 'awspca.cert-manager.io' }) },
  {
    name: 'SecretIssuerAnnotationsMismatch: no issuer annotations under a ClusterIssuer (missing kind reads as Issuer)',
    policy: AdoptionPolicy.SECRET_ISSUER_ANNOTATIONS_MISMATCH,
    secret: withAnnotations({ 'cert-manager.io/issuer-name': undefined, 'cert-manager.io/issuer-kind': undefined, 'cert-manager.io/issuer-group': undefined }),
  },
  {
    name: 'SecretIssuerAnnotationsMismatch: no issuer annotations under an Issuer of cert-manager.io is adopted (the name is skipped)',
    certificate: { issuerRef: { name: 'team-ca', kind: 'Issuer', group: 'cert-manager.io' } },
    secret: withAnnotations({ 'cert-manager.io/issuer-name': undefined, 'cert-manager.io/issuer-kind': undefined, 'cert-manager.io/issuer-group': undefined }),
  },
  {
    name: 'SecretIssuerAnnotationsMismatch: empty kind and group equal the defaults',
    certificate: { issuerRef: { name: 'team-ca' } },
    secret: withAnnotations({ 'cert-manager.io/issuer-name': 'team-ca', 'cert-manager.io/issuer-kind': '', 'cert-manager.io/issuer-group': '' }),
  },
  { name: 'SecretCertificateNameAnnotationsMismatch: written for another Certificate', policy: AdoptionPolicy.SECRET_CERTIFICATE_NAME_ANNOTATIONS_MISMATCH, secret: withAnnotations({ 'cert-manager.io/certificate-name': 'api' }), reason: 'IncorrectCertificate' },
  { name: 'SecretCertificateNameAnnotationsMismatch: no certificate-name annotation is adopted', secret: withAnnotations({ 'cert-manager.io/certificate-name': undefined }) },
  { name: 'SecretPrivateKeyMismatchesSpec: RSA key, ECDSA spec', policy: AdoptionPolicy.SECRET_PRIVATE_KEY_MISMATCHES_SPEC, leaf: { keyType: 'rsa2048' }, reason: 'SecretMismatch' },
  { name: 'SecretPrivateKeyMismatchesSpec: P-384 key, P-256 spec', policy: AdoptionPolicy.SECRET_PRIVATE_KEY_MISMATCHES_SPEC, leaf: { keyType: 'ec384' } },
  { name: 'SecretPrivateKeyMismatchesSpec: P-384 matches size 384', certificate: { privateKeySize: 384 }, leaf: { keyType: 'ec384' } },
  { name: 'SecretPrivateKeyMismatchesSpec: an empty algorithm reads as RSA 2048', certificate: { privateKeyAlgorithm: undefined, privateKeySize: undefined }, leaf: { keyType: 'rsa2048' } },
  { name: 'SecretPrivateKeyMismatchesSpec: RSA 2048 key, RSA 3072 spec', policy: AdoptionPolicy.SECRET_PRIVATE_KEY_MISMATCHES_SPEC, certificate: { privateKeyAlgorithm: 'RSA', privateKeySize: 3072 }, leaf: { keyType: 'rsa2048' } },
  { name: 'SecretPrivateKeyMismatchesSpec: Ed25519', certificate: { privateKeyAlgorithm: 'Ed25519', privateKeySize: undefined }, leaf: { keyType: 'ed25519' } },
  { name: 'SecretPrivateKeyMismatchesSpec: PKCS#8 encoding does not matter', leaf: { pkcs8: true } },
  { name: 'SecretCertificateMismatchesSpec (FuzzyX509AltNamesMatchSpec): a DNS name missing', policy: AdoptionPolicy.SECRET_CERTIFICATE_MISMATCHES_SPEC, leaf: { dnsNames: ['example.com'] }, reason: 'SecretMismatch' },
  { name: 'SecretCertificateMismatchesSpec: an extra DNS name', policy: AdoptionPolicy.SECRET_CERTIFICATE_MISMATCHES_SPEC, leaf: { dnsNames: ['example.com', '*.example.com', 'www.example.com'] } },
  { name: 'SecretCertificateMismatchesSpec: the common name may move between CN and SANs', certificate: { commonName: 'example.com', dnsNames: ['*.example.com'] }, leaf: { dnsNames: ['example.com', '*.example.com'] } },
  { name: 'SecretCertificateMismatchesSpec: a SAN may become the CN', leaf: { commonName: 'example.com', dnsNames: ['*.example.com'] } },
  { name: 'SecretCertificateMismatchesSpec: another CN', policy: AdoptionPolicy.SECRET_CERTIFICATE_MISMATCHES_SPEC, leaf: { commonName: 'other.example.com' } },
  { name: 'SecretCertificateMismatchesSpec: IP addresses compared as sets', certificate: { ipAddresses: ['2001:db8::1', '10.0.0.1'] }, leaf: { ipAddresses: ['10.0.0.1', '2001:db8::1'] } },
  { name: 'SecretCertificateMismatchesSpec: a missing IP address', policy: AdoptionPolicy.SECRET_CERTIFICATE_MISMATCHES_SPEC, certificate: { ipAddresses: ['10.0.0.1', '10.0.0.2'] }, leaf: { ipAddresses: ['10.0.0.1'] } },
  { name: 'SecretCertificateMismatchesSpec: URIs and e-mails', certificate: { uris: ['spiffe://cluster.local/ns/apps/sa/web'], emailAddresses: ['ops@example.com'] }, leaf: { uris: ['spiffe://cluster.local/ns/apps/sa/web'], emails: ['ops@example.com'] } },
  { name: 'SecretCertificateMismatchesSpec: another e-mail', policy: AdoptionPolicy.SECRET_CERTIFICATE_MISMATCHES_SPEC, certificate: { emailAddresses: ['ops@example.com'] }, leaf: { emails: ['dev@example.com'] } },
  { name: 'CurrentCertificateNearingExpiry: 59 of 90 days old is before the default 2/3', leaf: { ageDays: 59 } },
  { name: 'CurrentCertificateNearingExpiry: 61 of 90 days old is due', policy: AdoptionPolicy.CURRENT_CERTIFICATE_NEARING_EXPIRY, leaf: { ageDays: 61 }, reason: 'Renewing' },
  { name: 'CurrentCertificateNearingExpiry: renewBefore 720h at 61 days is due', policy: AdoptionPolicy.CURRENT_CERTIFICATE_NEARING_EXPIRY, certificate: { renewBefore: '720h0m0s' }, leaf: { ageDays: 61 } },
  { name: 'CurrentCertificateNearingExpiry: renewBefore 240h at 61 days is not', certificate: { renewBefore: '240h0m0s' }, leaf: { ageDays: 61 } },
  { name: 'CurrentCertificateNearingExpiry: renewBefore longer than the lifetime falls back to 2/3', certificate: { renewBefore: '2400h' }, leaf: { ageDays: 30 } },
  { name: 'CurrentCertificateNearingExpiry: renewBeforePercentage 50 at 46 days is due', policy: AdoptionPolicy.CURRENT_CERTIFICATE_NEARING_EXPIRY, certificate: { renewBeforePercentage: 50 }, leaf: { ageDays: 46 } },
  { name: 'CurrentCertificateNearingExpiry: renewal policy Disabled never renews', certificate: { renewalPolicy: 'Disabled' }, leaf: { ageDays: 89 } },
  { name: 'CurrentCertificateNearingExpiry: expired', policy: AdoptionPolicy.CURRENT_CERTIFICATE_NEARING_EXPIRY, leaf: { ageDays: 100 } },
];

describe('CertificateAdoption.evaluate (cert-manager v1.21.1 trigger policy chain)', () => {
  test.each(ROWS)('$name', async row => {
    const certificate = { ...web, ...row.certificate };
    const issued = await issue({ dnsNames: certificate.dnsNames, commonName: undefined, ...row.leaf });
    const written = certManagerSecret(certificate, issued);
    const secret: any = row.secret ? await row.secret(written, issued) : written;
    const found: AdoptionSecret | undefined = secret && { data: secret.data, annotations: secret.metadata.annotations };
    const result = CertificateAdoption.evaluate(certificate, found);
    expect(result?.policy).toBe(row.policy);
    if (row.reason) expect(result?.reason).toBe(row.reason);
  });

  test('the chain stops at the first policy, in cert-manager\'s order', async () => {
    const issued = await issue({ keyType: 'rsa2048', dnsNames: ['other.example.com'], ageDays: 80 });
    const secret = withAnnotations({ 'cert-manager.io/issuer-name': 'elsewhere' })(certManagerSecret(web, issued));
    expect(CertificateAdoption.evaluate(web, { data: secret.data, annotations: secret.metadata.annotations })?.policy)
      .toBe(AdoptionPolicy.SECRET_ISSUER_ANNOTATIONS_MISMATCH);
  });

  test('renewalTime: a third of the lifetime, truncated to the second, like pki.RenewalTime', () => {
    const nb = new Date('2026-01-01T00:00:00.000Z');
    const na = new Date(nb.getTime() + 90 * DAY + 500);
    expect(CertificateAdoption.renewalTime(nb, na).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(CertificateAdoption.renewalTime(nb, na, '720h').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(CertificateAdoption.renewalTime(nb, na, undefined, 10).toISOString()).toBe('2026-03-23T00:00:00.000Z');
  });

  test('certificateOf reads a rendered Certificate', () => {
    expect(CertificateAdoption.certificateOf({
      metadata: { name: 'web' },
      spec: { secretName: 'web-tls', issuerRef: { name: 'le', kind: 'ClusterIssuer', group: 'cert-manager.io' }, dnsNames: ['a.example.com'], privateKey: { algorithm: 'ECDSA', size: 256 }, renewal: { policy: 'Disabled' } },
    })).toEqual({
      name: 'web',
      issuerRef: { name: 'le', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      privateKeyAlgorithm: 'ECDSA',
      privateKeySize: 256,
      commonName: undefined,
      dnsNames: ['a.example.com'],
      ipAddresses: undefined,
      uris: undefined,
      emailAddresses: undefined,
      renewBefore: undefined,
      renewBeforePercentage: undefined,
      renewalPolicy: 'Disabled',
    });
  });
});
