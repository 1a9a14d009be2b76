import { IConstruct } from 'constructs';
import { report } from '../../common/errors';

/** Key algorithm of a certificate's private key. */
export enum PrivateKeyAlgorithm {
  /** RSA; sizes 2048, 3072 or 4096. */
  RSA = 'RSA',
  /** ECDSA; curves P-256, P-384 or P-521 (sizes 256, 384, 521). */
  ECDSA = 'ECDSA',
  /** Ed25519; has no size. Not every TLS client accepts Ed25519 certificates. */
  ED25519 = 'Ed25519',
}

/** How the private key is encoded in the Secret's `tls.key`. */
export enum PrivateKeyEncoding {
  /** PKCS#1 (`RSA PRIVATE KEY` / `EC PRIVATE KEY`); cert-manager's default. */
  PKCS1 = 'PKCS1',
  /** PKCS#8 (`PRIVATE KEY`), which Java and some proxies require. */
  PKCS8 = 'PKCS8',
}

/** Whether re-issuance generates a new private key. */
export enum PrivateKeyRotationPolicy {
  /** A new key on every issuance (cert-manager's default since v1.18). */
  ALWAYS = 'Always',
  /** Keep the key in the Secret for as long as it matches algorithm and size. */
  NEVER = 'Never',
}

/** The private key of a certificate. */
export interface CertificatePrivateKey {
  /**
   * Key algorithm.
   * @default PrivateKeyAlgorithm.ECDSA
   */
  readonly algorithm?: PrivateKeyAlgorithm;
  /**
   * Key size in bits: 2048, 3072 or 4096 for RSA; 256, 384 or 521 for ECDSA; unset for Ed25519.
   * @default - 2048 for RSA, 256 for ECDSA
   */
  readonly size?: number;
  /**
   * Encoding of `tls.key`.
   * @default - cert-manager's default, PKCS1
   */
  readonly encoding?: PrivateKeyEncoding;
  /**
   * Key rotation on re-issuance.
   * @default PrivateKeyRotationPolicy.ALWAYS
   */
  readonly rotationPolicy?: PrivateKeyRotationPolicy;
}

/** A private key with the defaults applied; `size` is undefined only for Ed25519. */
export interface ResolvedPrivateKey {
  readonly algorithm: PrivateKeyAlgorithm;
  readonly size?: number;
  readonly encoding?: PrivateKeyEncoding;
  readonly rotationPolicy: PrivateKeyRotationPolicy;
}

const SIZES: Record<PrivateKeyAlgorithm, number[]> = {
  [PrivateKeyAlgorithm.RSA]: [2048, 3072, 4096],
  [PrivateKeyAlgorithm.ECDSA]: [256, 384, 521],
  [PrivateKeyAlgorithm.ED25519]: [],
};

/**
 * Applies the defaults (ECDSA P-256, rotated on every issuance) and checks the size against the algorithm.
 * RSA 8192, which cert-manager would accept, is refused on purpose: it makes every handshake slow.
 */
export function resolvePrivateKey(scope: IConstruct, field: string, key: CertificatePrivateKey = {}): ResolvedPrivateKey {
  const algorithm = key.algorithm ?? PrivateKeyAlgorithm.ECDSA;
  const allowed = SIZES[algorithm];
  if (allowed === undefined) {
    report(scope, `${field}.algorithm`, `'${algorithm}' is not a key algorithm`, 'use RSA, ECDSA or Ed25519');
    return { algorithm, size: key.size, encoding: key.encoding, rotationPolicy: key.rotationPolicy ?? PrivateKeyRotationPolicy.ALWAYS };
  }
  if (algorithm === PrivateKeyAlgorithm.ED25519 && key.size !== undefined) {
    report(scope, `${field}.size`, `is ${key.size} but Ed25519 keys have no size`, 'remove size');
  } else if (key.size !== undefined && !allowed.includes(key.size)) {
    report(scope, `${field}.size`, `${key.size} is not a valid ${algorithm} key size`, `use one of ${allowed.join(', ')}`);
  }
  return {
    algorithm,
    size: key.size ?? allowed[0],
    encoding: key.encoding,
    rotationPolicy: key.rotationPolicy ?? PrivateKeyRotationPolicy.ALWAYS,
  };
}
