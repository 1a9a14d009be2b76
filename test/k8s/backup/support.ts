// Real keys and certificates for the backup tests, and Secrets shaped exactly as cert-manager v1.21.1 writes them
// (pkg/controller/certificates/issuing/internal/secret.go: tls.key in PKCS#1/SEC 1 unless PKCS8 is asked for,
// tls.crt, ca.crt when the issuer returns a CA, the certificate-details, issuer and certificate-name annotations,
// and the controller.cert-manager.io/fao label).
import { createPrivateKey, webcrypto } from 'node:crypto';
// Both come with acme-client (a bundled dependency), which uses them for the same job.
/* eslint-disable import/no-extraneous-dependencies */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
/* eslint-enable import/no-extraneous-dependencies */

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const DAY = 86_400_000;

export type KeyType = 'rsa2048' | 'rsa3072' | 'ec256' | 'ec384' | 'ed25519';

const ALGORITHMS: Record<KeyType, any> = {
  rsa2048: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  rsa3072: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  ec256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
  ec384: { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' },
  ed25519: { name: 'Ed25519' },
};

const keyCache = new Map<KeyType, Promise<CryptoKeyPair>>();

/** One key pair per type for the whole run (RSA generation is slow); `fresh` makes a new one. */
export function keyPair(type: KeyType, fresh = false): Promise<CryptoKeyPair> {
  const make = () => webcrypto.subtle.generateKey(ALGORITHMS[type], true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
  if (fresh) return make();
  if (!keyCache.has(type)) keyCache.set(type, make());
  return keyCache.get(type)!;
}

/** The private key PEM as cert-manager writes it: PKCS#1 for RSA, SEC 1 for EC, PKCS#8 for Ed25519 (or when asked). */
export async function privateKeyPem(pair: CryptoKeyPair, pkcs8 = false): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  if (pkcs8 || key.asymmetricKeyType === 'ed25519') return key.export({ type: 'pkcs8', format: 'pem' }) as string;
  return key.export({ type: key.asymmetricKeyType === 'rsa' ? 'pkcs1' : 'sec1', format: 'pem' }) as string;
}

let serial = 0x2000;
let ca: Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair }> | undefined;

function testCa() {
  return ca ??= (async () => {
    const keys = await keyPair('ec256', true);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: (serial++).toString(16),
      name: 'CN=certkit backup test CA',
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() + 3650 * DAY),
      keys,
      signingAlgorithm: ALGORITHMS.ec256,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    return { cert, keys };
  })();
}

export interface LeafOptions {
  readonly commonName?: string;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly uris?: readonly string[];
  readonly emails?: readonly string[];
  /** Days since issuance (default 1). */
  readonly ageDays?: number;
  /** Default 90. */
  readonly lifetimeDays?: number;
  readonly keyType?: KeyType;
  /** Write tls.key as PKCS#8 (`privateKey.encoding: PKCS8`). */
  readonly pkcs8?: boolean;
}

export interface IssuedPem {
  readonly certificate: string;
  readonly privateKey: string;
  readonly ca: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A leaf signed by the test CA, with its key as cert-manager stores it. */
export async function issue(options: LeafOptions = {}): Promise<IssuedPem> {
  const authority = await testCa();
  const pair = await keyPair(options.keyType ?? 'ec256');
  const notBefore = new Date(Math.floor((Date.now() - (options.ageDays ?? 1) * DAY) / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + (options.lifetimeDays ?? 90) * DAY);
  const names: x509.JsonGeneralName[] = [
    ...(options.dnsNames ?? []).map(value => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map(value => ({ type: 'ip' as const, value })),
    ...(options.uris ?? []).map(value => ({ type: 'url' as const, value })),
    ...(options.emails ?? []).map(value => ({ type: 'email' as const, value })),
  ];
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16),
    subject: options.commonName ? `CN=${options.commonName}` : '',
    issuer: authority.cert.subject,
    notBefore,
    notAfter,
    publicKey: pair.publicKey,
    signingKey: authority.keys.privateKey,
    signingAlgorithm: ALGORITHMS.ec256,
    extensions: names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : [],
  });
  return { certificate: leaf.toString('pem') + '\n', privateKey: await privateKeyPem(pair, options.pkcs8), ca: authority.cert.toString('pem') + '\n', notBefore, notAfter };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export interface CertificateSpecLike {
  readonly name: string;
  readonly issuerRef: { readonly name: string; readonly kind?: string; readonly group?: string };
}

/**
 * A Secret exactly as cert-manager's SecretsManager.UpdateData writes it for `crt` (as the API server returns it:
 * base64 data), with `ca.crt` only when the issuer returned a CA.
 */
export function certManagerSecret(crt: CertificateSpecLike, issued: IssuedPem, withCa = true): any {
  const data: Record<string, string> = { 'tls.crt': b64(issued.certificate), 'tls.key': b64(issued.privateKey) };
  if (withCa) data['ca.crt'] = b64(issued.ca);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: {
      labels: { 'controller.cert-manager.io/fao': 'true' },
      annotations: {
        'cert-manager.io/alt-names': '',
        'cert-manager.io/common-name': '',
        'cert-manager.io/ip-sans': '',
        'cert-manager.io/uri-sans': '',
        'cert-manager.io/certificate-name': crt.name,
        'cert-manager.io/issuer-name': crt.issuerRef.name,
        'cert-manager.io/issuer-kind': crt.issuerRef.kind ?? '',
        'cert-manager.io/issuer-group': crt.issuerRef.group ?? '',
      },
    },
    data,
  };
}
