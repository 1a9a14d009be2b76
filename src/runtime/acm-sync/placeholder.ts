// The interim certificate imported on a first deployment when the cluster has not pushed one yet: self-signed, for
// the Certificate's names, short-lived, so that a load balancer listener can be created in the same deployment. The
// first push re-imports the real certificate into the same ARN. Built with node:crypto and a few lines of DER
// writing (no X.509 library in the bundle).
/* eslint-disable no-bitwise */ // DER lengths, OID arcs and the serial's sign bit are bit work.
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';

/** The subject's organization: how a placeholder is recognized (in ACM's Subject and in logs). */
export const PLACEHOLDER_ORGANIZATION = 'cdk-certkit placeholder';

const tlv = (tag: number, content: Buffer): Buffer => {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n])
    : n < 0x100 ? Buffer.from([0x81, n])
      : n < 0x10000 ? Buffer.from([0x82, n >> 8, n & 0xff])
        : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
};
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const octets = (content: Buffer) => tlv(0x04, content);
const bits = (content: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));

function unsignedInteger(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && b[1] < 0x80) b = b.subarray(1);
  return tlv(0x02, b[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

/** Signature algorithm and digest for a signing key, as node:crypto and X.509 name them. */
function signatureAlgorithm(key: KeyObject): { readonly oid: string; readonly digest: string | null; readonly nullParams: boolean } {
  if (key.asymmetricKeyType === 'rsa') return { oid: '1.2.840.113549.1.1.11', digest: 'sha256', nullParams: true };
  if (key.asymmetricKeyType === 'ed25519') return { oid: '1.3.101.112', digest: null, nullParams: false };
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'secp384r1') return { oid: '1.2.840.10045.4.3.3', digest: 'sha384', nullParams: false };
  if (curve === 'secp521r1') return { oid: '1.2.840.10045.4.3.4', digest: 'sha512', nullParams: false };
  return { oid: '1.2.840.10045.4.3.2', digest: 'sha256', nullParams: false };
}

/** Extended key usages by name, as their OIDs. */
export const EXTENDED_KEY_USAGE_OIDS = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

export interface SelfSignedOptions {
  /** DNS names for the subject alternative names; the first (or the organization) is the CN. */
  readonly names: readonly string[];
  /** PEM of the key to certify; when absent, a new key of `keyAlgorithm`. */
  readonly privateKeyPem?: string;
  /** ACM's name of the key algorithm for a new key (`EC_prime256v1`, `RSA_2048`, ...); default ECDSA P-256. */
  readonly keyAlgorithm?: string;
  /**
   * OIDs of the extended key usages; none (no extension) when empty.
   * @default [serverAuth]
   */
  readonly extendedKeyUsages?: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The subject's O; default the placeholder marker. */
  readonly organization?: string;
}

export interface SelfSigned {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** A new private key of an ACM key algorithm. */
export function generateKey(keyAlgorithm = 'EC_prime256v1'): KeyObject {
  const rsa = /^RSA_(\d+)$/.exec(keyAlgorithm);
  if (rsa) return generateKeyPairSync('rsa', { modulusLength: Number(rsa[1]) }).privateKey;
  const curve = /^EC_(prime256v1|secp384r1|secp521r1)$/.exec(keyAlgorithm);
  if (!curve) throw new Error(`no key can be generated for '${keyAlgorithm}'`);
  return generateKeyPairSync('ec', { namedCurve: curve[1] }).privateKey;
}

/**
 * A self-signed end-entity certificate for `names` (not a CA). Key usage is digitalSignature alone and the extended
 * key usages are the given ones: ACM lets a re-import add usage values but not drop them, or add an extension the
 * first import did not have, so the placeholder carries the least the real certificate will.
 */
export function selfSignedCertificate(options: SelfSignedOptions): SelfSigned {
  const privateKey = options.privateKeyPem ? createPrivateKey(options.privateKeyPem) : generateKey(options.keyAlgorithm);
  const publicKeyDer = Buffer.from(createPublicKeyDer(privateKey));
  const alg = signatureAlgorithm(privateKey);
  const algorithmId = seq(oid(alg.oid), ...alg.nullParams ? [Buffer.from([0x05, 0x00])] : []);
  const organization = options.organization ?? PLACEHOLDER_ORGANIZATION;
  const commonName = (options.names[0] ?? organization).slice(0, 64);
  const name = seq(
    set(seq(oid('2.5.4.10'), utf8(organization))),
    set(seq(oid('2.5.4.3'), utf8(commonName))),
  );
  const extensions: Buffer[] = [
    seq(oid('2.5.29.19'), bool(true), octets(seq())), // basicConstraints: not a CA
    seq(oid('2.5.29.15'), bool(true), octets(bits(Buffer.from([0x80])))), // keyUsage: digitalSignature
  ];
  const ekus = options.extendedKeyUsages ?? [EXTENDED_KEY_USAGE_OIDS.serverAuth];
  if (ekus.length > 0) extensions.push(seq(oid('2.5.29.37'), octets(seq(...ekus.map(oid)))));
  if (options.names.length > 0) {
    extensions.push(seq(oid('2.5.29.17'), octets(seq(...options.names.map(n => tlv(0x82, Buffer.from(n, 'ascii')))))));
  }
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = seq(
    explicit(0, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(serial),
    algorithmId,
    name,
    seq(time(options.notBefore), time(options.notAfter)),
    name,
    publicKeyDer,
    explicit(3, seq(...extensions)),
  );
  const signature = sign(alg.digest, tbs, privateKey);
  const der = seq(tbs, algorithmId, bits(signature));
  return {
    certificatePem: pem('CERTIFICATE', der),
    privateKeyPem: options.privateKeyPem ?? privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The SubjectPublicKeyInfo, exactly as X.509 embeds it. */
function createPublicKeyDer(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
}

function pem(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}
