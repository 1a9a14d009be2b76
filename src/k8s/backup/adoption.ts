// Whether cert-manager adopts a Secret it finds under a Certificate's secretName, or issues anew: cert-manager v1.21.1's
// trigger chain (internal/controller/certificates/policies, NewTriggerPolicyChain), ported as plain functions over a
// Secret and the rendered Certificate spec, for a Secret restored on a fresh cluster (no CertificateRequest exists yet).
// Construct-free on purpose: the tests, the restore's template and a user's own tooling can all run it.
import { KeyObject, X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import { CERT_MANAGER_SECRET_ANNOTATIONS } from './private/cert-manager-secret';
import { parseGoDuration } from '../../common/duration';

/** The policies of cert-manager's trigger chain, in the order cert-manager evaluates them. */
export enum AdoptionPolicy {
  /** `SecretDoesNotExist`: there must be a Secret under `spec.secretName` in the Certificate's namespace. */
  SECRET_DOES_NOT_EXIST = 'SecretDoesNotExist',
  /** `SecretIsMissingData`: `tls.key` and `tls.crt` must be non-empty. */
  SECRET_IS_MISSING_DATA = 'SecretIsMissingData',
  /** `SecretPublicKeysDiffer`: both must parse, and the certificate must carry the key's public half. */
  SECRET_PUBLIC_KEYS_DIFFER = 'SecretPublicKeysDiffer',
  /**
   * `SecretIssuerAnnotationsMismatch`: the `cert-manager.io/issuer-*` annotations must match `issuerRef`.
   *
   * A missing kind or group is read as `Issuer` / `cert-manager.io` even when no annotation is present at all, so a
   * Secret without them is re-issued under a ClusterIssuer. Only the name is skipped when all three are absent.
   */
  SECRET_ISSUER_ANNOTATIONS_MISMATCH = 'SecretIssuerAnnotationsMismatch',
  /** `SecretCertificateNameAnnotationsMismatch`: `cert-manager.io/certificate-name`, if present, names this Certificate. */
  SECRET_CERTIFICATE_NAME_ANNOTATIONS_MISMATCH = 'SecretCertificateNameAnnotationsMismatch',
  /** `SecretPrivateKeyMismatchesSpec`: the key's algorithm and size match `spec.privateKey` (Go defaults: RSA 2048, P-256). */
  SECRET_PRIVATE_KEY_MISMATCHES_SPEC = 'SecretPrivateKeyMismatchesSpec',
  /**
   * `CurrentCertificateRequestMismatchesSpec`: the certificate's names must match the spec.
   *
   * Without a CertificateRequest (always so on a fresh cluster) it falls back to `FuzzyX509AltNamesMatchSpec`:
   * common name and DNS names as one set, IPs, URIs and e-mails as sets.
   * (`SecretPublicKeyDiffersFromCurrentCertificateRequest`, before it, passes when there is no CertificateRequest.)
   */
  SECRET_CERTIFICATE_MISMATCHES_SPEC = 'SecretCertificateMismatchesSpec',
  /** `CurrentCertificateNearingExpiry`: the certificate must be before its renewal time (renewBefore, percentage, or 2/3). */
  CURRENT_CERTIFICATE_NEARING_EXPIRY = 'CurrentCertificateNearingExpiry',
}

/** The issuer a Certificate names, as in its `spec.issuerRef`. */
export interface AdoptionIssuerRef {
  /** `issuerRef.name`. */
  readonly name: string;
  /**
   * `issuerRef.kind`.
   * @default - 'Issuer', as cert-manager reads an empty kind
   */
  readonly kind?: string;
  /**
   * `issuerRef.group`.
   * @default - 'cert-manager.io', as cert-manager reads an empty group
   */
  readonly group?: string;
}

/** The parts of a Certificate the adoption policies read. */
export interface AdoptionCertificate {
  /** `metadata.name`. */
  readonly name: string;
  /** `spec.issuerRef`. */
  readonly issuerRef: AdoptionIssuerRef;
  /**
   * `spec.privateKey.algorithm`: `RSA`, `ECDSA` or `Ed25519`.
   * @default - RSA, as cert-manager's comparison reads an empty algorithm
   */
  readonly privateKeyAlgorithm?: string;
  /**
   * `spec.privateKey.size`.
   * @default - 2048 for RSA, 256 for ECDSA
   */
  readonly privateKeySize?: number;
  /**
   * `spec.commonName`.
   *
   * Compared together with `dnsNames`, as one set, against the certificate's names.
   * @default - none
   */
  readonly commonName?: string;
  /**
   * `spec.dnsNames`.
   * @default - none
   */
  readonly dnsNames?: string[];
  /**
   * `spec.ipAddresses`.
   * @default - none
   */
  readonly ipAddresses?: string[];
  /**
   * `spec.uris`.
   * @default - none
   */
  readonly uris?: string[];
  /**
   * `spec.emailAddresses`.
   * @default - none
   */
  readonly emailAddresses?: string[];
  /**
   * `spec.renewBefore` as a Go duration (`720h0m0s`).
   * @default - a third of the lifetime
   */
  readonly renewBefore?: string;
  /**
   * `spec.renewBeforePercentage`.
   * @default - a third of the lifetime
   */
  readonly renewBeforePercentage?: number;
  /**
   * `spec.renewal.policy`; `Disabled` never renews.
   * @default - RenewBefore
   */
  readonly renewalPolicy?: string;
}

/** A Secret as the API server returns it. */
export interface AdoptionSecret {
  /**
   * `data`: base64-encoded values, as in `kubectl get secret -o json`.
   * @default - no data
   */
  readonly data?: { [key: string]: string };
  /**
   * `metadata.annotations`, where cert-manager records the issuer and the Certificate's name.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** One policy that would make cert-manager issue instead of adopting. */
export interface AdoptionViolation {
  /** The policy. */
  readonly policy: AdoptionPolicy;
  /** cert-manager's reason string (`DoesNotExist`, `IncorrectIssuer`, `Renewing`...). */
  readonly reason: string;
  /** What is wrong, in a sentence. */
  readonly message: string;
}


interface Parsed {
  readonly key?: KeyObject;
  readonly cert?: X509Certificate;
}

type Policy = (crt: AdoptionCertificate, secret: AdoptionSecret, parsed: Parsed, now: Date) => AdoptionViolation | undefined;

function violation(policy: AdoptionPolicy, reason: string, message: string): AdoptionViolation {
  return { policy, reason, message };
}

function bytesOf(secret: AdoptionSecret, key: string): Buffer {
  const value = secret.data?.[key];
  return value === undefined ? Buffer.alloc(0) : Buffer.from(value, 'base64');
}

/** The first PEM CERTIFICATE block (cert-manager decodes the leaf from the chain). */
function firstCertificate(pem: Buffer): X509Certificate {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem.toString('utf8'));
  if (!m) throw new Error('no PEM CERTIFICATE block');
  return new X509Certificate(m[0]);
}

function spki(key: KeyObject): Buffer {
  return (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' });
}

const secretIsMissingData: Policy = (_crt, secret) => {
  if (!secret.data) return violation(AdoptionPolicy.SECRET_IS_MISSING_DATA, 'MissingData', 'the Secret has no data');
  if (bytesOf(secret, 'tls.key').length === 0) return violation(AdoptionPolicy.SECRET_IS_MISSING_DATA, 'MissingData', 'the Secret has no private key (tls.key)');
  if (bytesOf(secret, 'tls.crt').length === 0) return violation(AdoptionPolicy.SECRET_IS_MISSING_DATA, 'MissingData', 'the Secret has no certificate (tls.crt)');
  return undefined;
};

const secretPublicKeysDiffer: Policy = (_crt, _secret, parsed) => {
  if (!parsed.key) return violation(AdoptionPolicy.SECRET_PUBLIC_KEYS_DIFFER, 'InvalidKeyPair', 'tls.key is not a PEM private key');
  if (!parsed.cert) return violation(AdoptionPolicy.SECRET_PUBLIC_KEYS_DIFFER, 'InvalidCertificate', 'tls.crt is not a PEM certificate');
  if (!spki(parsed.cert.publicKey).equals(spki(parsed.key))) {
    return violation(AdoptionPolicy.SECRET_PUBLIC_KEYS_DIFFER, 'InvalidKeyPair', 'the private key in tls.key does not belong to the certificate in tls.crt');
  }
  return undefined;
};

const orDefault = (value: string | undefined, fallback: string) => (value === undefined || value === '' ? fallback : value);

const secretIssuerAnnotationsMismatch: Policy = (crt, secret) => {
  const a = secret.annotations ?? {};
  const keys = CERT_MANAGER_SECRET_ANNOTATIONS;
  const anyPresent = keys.issuerName in a || keys.issuerKind in a || keys.issuerGroup in a;
  const name = a[keys.issuerName] ?? '';
  const kind = orDefault(a[keys.issuerKind], 'Issuer');
  const group = orDefault(a[keys.issuerGroup], 'cert-manager.io');
  // Go's `a && b || c || d`: the name counts only when an annotation is present; kind and group always count.
  const mismatch = (anyPresent && name !== crt.issuerRef.name)
    || kind !== orDefault(crt.issuerRef.kind, 'Issuer')
    || group !== orDefault(crt.issuerRef.group, 'cert-manager.io');
  if (!mismatch) return undefined;
  return violation(AdoptionPolicy.SECRET_ISSUER_ANNOTATIONS_MISMATCH, 'IncorrectIssuer',
    `the Secret says it was issued by ${kind}.${group}/${name}, not ${orDefault(crt.issuerRef.kind, 'Issuer')}.${orDefault(crt.issuerRef.group, 'cert-manager.io')}/${crt.issuerRef.name}`);
};

const secretCertificateNameAnnotationsMismatch: Policy = (crt, secret) => {
  const name = secret.annotations?.[CERT_MANAGER_SECRET_ANNOTATIONS.certificateName];
  if (name === undefined || name === crt.name) return undefined;
  return violation(AdoptionPolicy.SECRET_CERTIFICATE_NAME_ANNOTATIONS_MISMATCH, 'IncorrectCertificate',
    `the Secret was issued for Certificate '${name}', not '${crt.name}'`);
};

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

const secretPrivateKeyMismatchesSpec: Policy = (crt, _secret, parsed) => {
  const key = parsed.key!;
  const algorithm = orDefault(crt.privateKeyAlgorithm, 'RSA');
  const wrong = (field: string, what: string) => violation(AdoptionPolicy.SECRET_PRIVATE_KEY_MISMATCHES_SPEC, 'SecretMismatch', `${field}: ${what}`);
  const size = crt.privateKeySize && crt.privateKeySize > 0 ? crt.privateKeySize : undefined;
  switch (algorithm) {
    case 'RSA': {
      if (key.asymmetricKeyType !== 'rsa') return wrong('spec.privateKey.algorithm', `the key is ${key.asymmetricKeyType}, the spec asks for RSA`);
      const bits = key.asymmetricKeyDetails?.modulusLength;
      return bits === (size ?? 2048) ? undefined : wrong('spec.privateKey.size', `the key has ${bits} bits, the spec asks for ${size ?? 2048}`);
    }
    case 'ECDSA': {
      if (key.asymmetricKeyType !== 'ec') return wrong('spec.privateKey.algorithm', `the key is ${key.asymmetricKeyType}, the spec asks for ECDSA`);
      const bits = CURVE_BITS[key.asymmetricKeyDetails?.namedCurve ?? ''];
      return bits === (size ?? 256) ? undefined : wrong('spec.privateKey.size', `the key's curve has ${bits} bits, the spec asks for ${size ?? 256}`);
    }
    case 'Ed25519':
      return key.asymmetricKeyType === 'ed25519' ? undefined : wrong('spec.privateKey.algorithm', `the key is ${key.asymmetricKeyType}, the spec asks for Ed25519`);
    default:
      return wrong('spec.privateKey.algorithm', `'${algorithm}' is not a key algorithm cert-manager knows`);
  }
};

/** Node prints SANs as `DNS:a, IP Address:1.2.3.4, URI:x, email:y` (values with special characters JSON-quoted). */
function subjectAltNames(cert: X509Certificate): { dns: string[]; ip: string[]; uri: string[]; email: string[] } {
  const out = { dns: [] as string[], ip: [] as string[], uri: [] as string[], email: [] as string[] };
  const text = cert.subjectAltName ?? '';
  const re = /(DNS|IP Address|URI|email):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    const value = m[2].startsWith('"') ? JSON.parse(m[2]) : m[2];
    ({ 'DNS': out.dns, 'IP Address': out.ip, 'URI': out.uri, 'email': out.email } as Record<string, string[]>)[m[1]].push(value);
  }
  return out;
}

function commonNameOf(cert: X509Certificate): string {
  const line = (cert.subject ?? '').split('\n').find(l => l.startsWith('CN='));
  return line ? line.slice(3) : '';
}

function normalizeIp(ip: string): string {
  if (isIP(ip) === 6) return new URL(`http://[${ip}]`).hostname;
  return ip;
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((x, i) => x === sb[i]);
}

const secretCertificateMismatchesSpec: Policy = (crt, _secret, parsed) => {
  const cert = parsed.cert!;
  const sans = subjectAltNames(cert);
  const problems: string[] = [];
  const expected = new Set([...crt.dnsNames ?? [], ...crt.commonName ? [crt.commonName] : []]);
  const cn = commonNameOf(cert);
  const actual = new Set([...sans.dns, ...cn ? [cn] : []]);
  const equal = expected.size === actual.size && [...expected].every(n => actual.has(n));
  if (!equal) {
    if ((crt.commonName && !actual.has(crt.commonName)) || (cn && !expected.has(cn))) problems.push('spec.commonName');
    if (!(crt.dnsNames ?? []).every(n => actual.has(n)) || !sans.dns.every(n => expected.has(n))) problems.push('spec.dnsNames');
  }
  if (!sameMultiset(sans.ip.map(normalizeIp), (crt.ipAddresses ?? []).map(normalizeIp))) problems.push('spec.ipAddresses');
  if (!sameMultiset(sans.uri, crt.uris ?? [])) problems.push('spec.uris');
  if (!sameMultiset(sans.email, crt.emailAddresses ?? [])) problems.push('spec.emailAddresses');
  if (problems.length === 0) return undefined;
  return violation(AdoptionPolicy.SECRET_CERTIFICATE_MISMATCHES_SPEC, 'SecretMismatch', `the certificate's names differ from the spec in ${problems.join(', ')}`);
};

/** When cert-manager renews: renewBefore if shorter than the lifetime, else the percentage, else a third. */
function renewalTimeOf(notBefore: Date, notAfter: Date, renewBefore?: string, renewBeforePercentage?: number): Date {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  const before = renewBefore !== undefined ? parseGoDuration(renewBefore) : undefined;
  const percentage = renewBeforePercentage ?? 0;
  let ahead: number;
  if (before !== undefined && before > 0 && before < lifetime) ahead = before;
  else if (percentage > 0 && percentage < 100) ahead = lifetime * percentage / 100;
  else ahead = Math.floor(lifetime / 3);
  // Go truncates to the second (the status stores seconds).
  return new Date(Math.floor((notAfter.getTime() - ahead) / 1000) * 1000);
}

const currentCertificateNearingExpiry: Policy = (crt, _secret, parsed, now) => {
  if (crt.renewalPolicy === 'Disabled') return undefined;
  const cert = parsed.cert!;
  const at = renewalTimeOf(new Date(cert.validFrom), new Date(cert.validTo), crt.renewBefore, crt.renewBeforePercentage);
  if (at.getTime() - now.getTime() > 0) return undefined;
  return violation(AdoptionPolicy.CURRENT_CERTIFICATE_NEARING_EXPIRY, 'Renewing', `the certificate was due for renewal at ${at.toISOString()}`);
};

const CHAIN: readonly Policy[] = [
  secretIsMissingData,
  secretPublicKeysDiffer,
  secretIssuerAnnotationsMismatch,
  secretCertificateNameAnnotationsMismatch,
  secretPrivateKeyMismatchesSpec,
  secretCertificateMismatchesSpec,
  currentCertificateNearingExpiry,
];

function parse(secret: AdoptionSecret): Parsed {
  let key: KeyObject | undefined;
  let cert: X509Certificate | undefined;
  try {
    key = createPrivateKey(bytesOf(secret, 'tls.key'));
  } catch { /* reported by SecretPublicKeysDiffer */ }
  try {
    cert = firstCertificate(bytesOf(secret, 'tls.crt'));
  } catch { /* reported by SecretPublicKeysDiffer */ }
  return { key, cert };
}

/**
 * cert-manager's decision for a Secret found under a Certificate's `secretName`: adopt it, or issue anew.
 *
 * It follows cert-manager v1.21.1's trigger policy chain with no CertificateRequest in the cluster, as after a
 * restore. Renewal windows (`spec.renewal.windows`) and ARI
 * are not modelled: a window can only move renewal earlier, so keep restored certificates well inside their lifetime.
 */
export class CertificateAdoption {
  /**
   * The first policy that makes cert-manager issue a new certificate, or undefined when it adopts the Secret.
   *
   * cert-manager stops at the first policy that fails, so only that one is returned.
   *
   * @param certificate the Certificate, e.g. from `CertificateAdoption.certificateOf(manifest)`
   * @param secret the Secret found under its `secretName`, or undefined when there is none
   * @param now the time of the check, the current time when not given
   */
  public static evaluate(certificate: AdoptionCertificate, secret?: AdoptionSecret, now?: Date): AdoptionViolation | undefined {
    if (secret === undefined) return violation(AdoptionPolicy.SECRET_DOES_NOT_EXIST, 'DoesNotExist', 'there is no Secret under spec.secretName');
    const parsed = parse(secret);
    for (const policy of CHAIN) {
      const found = policy(certificate, secret, parsed, now ?? new Date());
      if (found) return found;
    }
    return undefined;
  }

  /**
   * When cert-manager renews a certificate valid from `notBefore` to `notAfter`.
   *
   * As cert-manager's `pki.RenewalTime` without windows: `renewBefore` before expiry if shorter than the lifetime,
   * else `renewBeforePercentage` of the lifetime before expiry, else at two thirds, truncated to the second.
   *
   * @param notBefore start of the certificate's validity
   * @param notAfter end of the certificate's validity
   * @param renewBefore the Certificate's `spec.renewBefore`, a Go duration such as `720h`
   * @param renewBeforePercentage the Certificate's `spec.renewBeforePercentage`, used when `renewBefore` is unset or not shorter than the lifetime
   */
  public static renewalTime(notBefore: Date, notAfter: Date, renewBefore?: string, renewBeforePercentage?: number): Date {
    return renewalTimeOf(notBefore, notAfter, renewBefore, renewBeforePercentage);
  }

  /**
   * The parts of a rendered `cert-manager.io/v1` Certificate (its JSON, e.g. from `apiObject.toJson()` or a
   * synthesized manifest) that the policies read.
   *
   * @param manifest the Certificate's JSON
   */
  public static certificateOf(manifest: any): AdoptionCertificate {
    const spec = manifest?.spec ?? {};
    return {
      name: manifest?.metadata?.name,
      issuerRef: { name: spec.issuerRef?.name, kind: spec.issuerRef?.kind, group: spec.issuerRef?.group },
      privateKeyAlgorithm: spec.privateKey?.algorithm,
      privateKeySize: spec.privateKey?.size,
      commonName: spec.commonName,
      dnsNames: spec.dnsNames,
      ipAddresses: spec.ipAddresses,
      uris: spec.uris,
      emailAddresses: spec.emailAddresses,
      renewBefore: spec.renewBefore,
      renewBeforePercentage: spec.renewBeforePercentage,
      renewalPolicy: spec.renewal?.policy,
    };
  }

  private constructor() {}
}
