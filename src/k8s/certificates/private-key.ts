import { IConstruct } from 'constructs';
import { report } from '../../private/errors';

/**
 * Key algorithm of a certificate's private key. cdk-certkit defaults to ECDSA P-256, on purpose, where cert-manager
 * defaults to RSA 2048: ECDSA keys are smaller and faster, and every current TLS client accepts them. Give
 * `PrivateKeyAlgorithm.RSA` for clients that only speak RSA.
 */
export enum PrivateKeyAlgorithm {
  /** RSA. Any size from 2048 to 8192 bits (2048 or 3072 are usual). */
  RSA = 'RSA',
  /** ECDSA. Curves P-256, P-384 or P-521 (sizes 256, 384, 521). */
  ECDSA = 'ECDSA',
  /** Ed25519. Has no size (cdk-certkit refuses one). Not every TLS client accepts Ed25519 certificates. */
  ED25519 = 'Ed25519',
}

/** How the private key is encoded in the Secret's `tls.key`. */
export enum PrivateKeyEncoding {
  /** PKCS#1 (`RSA PRIVATE KEY` / `EC PRIVATE KEY`), cert-manager's default. */
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
   * Key algorithm. The default is deliberately ECDSA, not cert-manager's RSA: a Certificate that leaves it out gets
   * an ECDSA P-256 key, and an RSA signature algorithm then needs `algorithm: PrivateKeyAlgorithm.RSA`.
   * @default PrivateKeyAlgorithm.ECDSA
   */
  readonly algorithm?: PrivateKeyAlgorithm;
  /**
   * Key size in bits.
   *
   * For RSA any whole number from 2048 to 8192 (what cert-manager generates); for ECDSA 256, 384 or 521 (the
   * curves P-256, P-384, P-521); unset for Ed25519.
   *
   * Large RSA keys are slow: generating an 8192-bit key takes the controller seconds to minutes (on every issuance
   * with `rotationPolicy: ALWAYS`), and every TLS handshake with it costs the server several times the CPU of a
   * 2048-bit key. Above 4096 bits, prefer ECDSA P-384 when the clients allow it.
   *
   * A size on an Ed25519 key is refused, deliberately: cert-manager ignores it, so the manifest would claim a size
   * the key does not have.
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

/** `pki.MinRSAKeySize` and `pki.MaxRSAKeySize` of cert-manager: the RSA sizes its webhook admits. */
const MIN_RSA_KEY_SIZE = 2048;
const MAX_RSA_KEY_SIZE = 8192;
const ECDSA_SIZES = [256, 384, 521];

const ALGORITHMS = Object.values(PrivateKeyAlgorithm) as string[];

/**
 * Applies the defaults (ECDSA P-256, rotated on every issuance) and checks the size against the algorithm as
 * cert-manager's webhook does (`ValidateCertificateSpec`: RSA 2048 to 8192, ECDSA 256/384/521). Stricter on purpose:
 * a size on an Ed25519 key, which cert-manager ignores, is refused.
 */
export function resolvePrivateKey(scope: IConstruct, field: string, key: CertificatePrivateKey = {}): ResolvedPrivateKey {
  const algorithm = key.algorithm ?? PrivateKeyAlgorithm.ECDSA;
  const rotationPolicy = key.rotationPolicy ?? PrivateKeyRotationPolicy.ALWAYS;
  const size = key.size;
  if (!ALGORITHMS.includes(algorithm)) {
    report(scope, `${field}.algorithm`, `'${algorithm}' is not a key algorithm`, 'use RSA, ECDSA or Ed25519');
    return { algorithm, size, encoding: key.encoding, rotationPolicy };
  }
  if (algorithm === PrivateKeyAlgorithm.ED25519) {
    if (size !== undefined) {
      report(scope, `${field}.size`, `is ${size} but Ed25519 keys have no size (cert-manager would ignore it; cdk-certkit refuses it on purpose, so the manifest claims no size the key does not have)`,
        'remove size');
    }
    return { algorithm, size: undefined, encoding: key.encoding, rotationPolicy };
  }
  if (algorithm === PrivateKeyAlgorithm.RSA) {
    if (size !== undefined && !(Number.isInteger(size) && size >= MIN_RSA_KEY_SIZE && size <= MAX_RSA_KEY_SIZE)) {
      report(scope, `${field}.size`, `${size} is not an RSA key size cert-manager generates`,
        `use a whole number from ${MIN_RSA_KEY_SIZE} to ${MAX_RSA_KEY_SIZE} (2048, 3072 or 4096 are usual; larger keys are slow)`);
    }
    return { algorithm, size: size ?? MIN_RSA_KEY_SIZE, encoding: key.encoding, rotationPolicy };
  }
  if (size !== undefined && !ECDSA_SIZES.includes(size)) {
    report(scope, `${field}.size`, `${size} is not a valid ECDSA key size`, `use one of ${ECDSA_SIZES.join(', ')}`);
  }
  return { algorithm, size: size ?? ECDSA_SIZES[0], encoding: key.encoding, rotationPolicy };
}
