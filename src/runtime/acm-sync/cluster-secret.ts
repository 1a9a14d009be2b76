// What External Secrets Operator's PushSecret (CertificateBackup) writes to Secrets Manager for a cert-manager Secret:
// one JSON document `{"tls.crt": "<leaf + intermediates PEM>", "tls.key": "<key PEM>", "ca.crt"?: "<CA PEM>"}`.
// Read and checked here before anything touches ACM: a value that would fail ACM's import, or import something other
// than a working certificate, is refused with the reason.
import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { normalizeSerial, splitPems } from '../handler/certificate-record';

/** ACM's names of the key algorithms it imports (DescribeCertificate's KeyAlgorithm). */
export type AcmKeyAlgorithm = 'RSA_1024' | 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'EC_prime256v1' | 'EC_secp384r1' | 'EC_secp521r1';

/** The key algorithms CloudFront serves (RSA up to 4096 bits and ECDSA P-256). */
export const CLOUDFRONT_KEY_ALGORITHMS: readonly AcmKeyAlgorithm[] = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1'];

/** ACM refuses private keys larger than this (5 KB). */
const MAX_PRIVATE_KEY_BYTES = 5120;

export interface ClusterCertificate {
  readonly certificatePem: string;
  /** The intermediates that followed the leaf in `tls.crt`. */
  readonly chainPem: string;
  readonly privateKeyPem: string;
  /** Normalized like ACM's serial (lower-case hex, no separators or leading zeros). */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly names: readonly string[];
  readonly keyAlgorithm: AcmKeyAlgorithm;
}

/** A pushed value that cannot go into ACM; `message` says why and what to look at. */
export class UnusableSecretError extends Error {
  public readonly name = 'UnusableSecretError';
}

/** ACM's name for a key, or undefined when ACM cannot import it (Ed25519, RSA above 4096 bits, other curves). */
export function acmKeyAlgorithm(key: KeyObject): AcmKeyAlgorithm | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength;
    return bits === 1024 || bits === 2048 || bits === 3072 || bits === 4096 ? `RSA_${bits}` as AcmKeyAlgorithm : undefined;
  }
  if (key.asymmetricKeyType === 'ec') {
    return ({ prime256v1: 'EC_prime256v1', secp384r1: 'EC_secp384r1', secp521r1: 'EC_secp521r1' } as const)[details.namedCurve as 'prime256v1'];
  }
  return undefined;
}

function describeKey(key: KeyObject): string {
  const d = key.asymmetricKeyDetails ?? {};
  return key.asymmetricKeyType === 'rsa' ? `RSA ${d.modulusLength} bits` : key.asymmetricKeyType === 'ec' ? `ECDSA ${d.namedCurve}` : `${key.asymmetricKeyType}`;
}

export interface ParseOptions {
  /** When ACM may import it: not before it is valid, not after it expired. */
  readonly now: Date;
  /** Only the key algorithms CloudFront serves. */
  readonly cloudFront?: boolean;
}

/**
 * The certificate in a pushed value, checked as ACM will check it (PEM that parses, a key that matches, a key
 * algorithm ACM imports, valid now), and as CloudFront will when it is used there.
 * @throws UnusableSecretError
 */
export function parseClusterSecret(text: string, options: ParseOptions): ClusterCertificate {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UnusableSecretError('the secret is not the JSON document CertificateBackup pushes ({"tls.crt": ..., "tls.key": ...})');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new UnusableSecretError('the secret is not a JSON object');
  const crt = json['tls.crt'];
  const keyPem = json['tls.key'];
  if (typeof crt !== 'string' || crt.trim() === '') throw new UnusableSecretError('the secret has no tls.crt');
  if (typeof keyPem !== 'string' || keyPem.trim() === '') throw new UnusableSecretError('the secret has no tls.key');

  const pems = splitPems(crt);
  if (pems.length === 0) throw new UnusableSecretError('tls.crt holds no PEM certificate');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(pems[0]);
    pems.slice(1).forEach(p => new X509Certificate(p));
  } catch (e) {
    throw new UnusableSecretError(`tls.crt does not parse as X.509 (${(e as Error).message})`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (e) {
    throw new UnusableSecretError(`tls.key does not parse as a private key (${(e as Error).message})`);
  }
  if (Buffer.byteLength(keyPem) > MAX_PRIVATE_KEY_BYTES) {
    throw new UnusableSecretError(`tls.key is ${Buffer.byteLength(keyPem)} bytes, more than the ${MAX_PRIVATE_KEY_BYTES} ACM imports`);
  }
  if (!leaf.checkPrivateKey(key)) throw new UnusableSecretError('tls.key does not match the certificate in tls.crt');
  const keyAlgorithm = acmKeyAlgorithm(key);
  if (!keyAlgorithm) {
    throw new UnusableSecretError(`the key is ${describeKey(key)}, which ACM cannot import (it takes RSA 1024/2048/3072/4096 and ECDSA P-256/P-384/P-521)`);
  }
  if (options.cloudFront && !CLOUDFRONT_KEY_ALGORITHMS.includes(keyAlgorithm)) {
    throw new UnusableSecretError(`the key is ${describeKey(key)}, which CloudFront does not serve (RSA up to 4096 bits or ECDSA P-256)`);
  }
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (options.now < notBefore) throw new UnusableSecretError(`the certificate is not valid before ${notBefore.toISOString()}, and ACM imports only valid certificates`);
  if (options.now >= notAfter) throw new UnusableSecretError(`the certificate expired at ${notAfter.toISOString()}`);
  return {
    certificatePem: pems[0],
    chainPem: pems.slice(1).join('\n'),
    privateKeyPem: keyPem,
    serial: normalizeSerial(leaf.serialNumber),
    notBefore,
    notAfter,
    names: (leaf.subjectAltName ?? '').split(/,\s*/).filter(n => n.startsWith('DNS:')).map(n => n.slice(4).toLowerCase()),
    keyAlgorithm,
  };
}
