// Real X.509 certificates for handler tests (a root, an intermediate and leaves), made with @peculiar/x509.
import { webcrypto } from 'node:crypto';
// Both come with acme-client (a bundled dependency), which uses them for the same job.
/* eslint-disable import/no-extraneous-dependencies */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
/* eslint-enable import/no-extraneous-dependencies */
import type { IssuedCertificate } from '../../../../src/runtime/types';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

async function keys(namedCurve: 'P-256' | 'P-384' = 'P-256'): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey({ ...EC, namedCurve }, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

let serial = 0x1000;
const nextSerial = () => (serial++).toString(16).padStart(8, '0');

interface Ca { cert: x509.X509Certificate; keys: CryptoKeyPair }
let hierarchy: Promise<{ root: Ca; intermediate: Ca }> | undefined;

function caHierarchy() {
  return hierarchy ??= (async () => {
    const rootKeys = await keys();
    const now = Date.now();
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: nextSerial(),
      name: 'CN=certkit test root',
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 3650 * DAY),
      keys: rootKeys,
      signingAlgorithm: EC,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    const intermediateKeys = await keys();
    const intermediate = await x509.X509CertificateGenerator.create({
      serialNumber: nextSerial(),
      subject: 'CN=certkit test intermediate',
      issuer: root.subject,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 3650 * DAY),
      publicKey: intermediateKeys.publicKey,
      signingKey: rootKeys.privateKey,
      signingAlgorithm: EC,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
    });
    return { root: { cert: root, keys: rootKeys }, intermediate: { cert: intermediate, keys: intermediateKeys } };
  })();
}

export interface TestCertificateOptions {
  readonly names: readonly string[];
  /** Days since issuance (default 0); lifetime is 90 days. */
  readonly ageDays?: number;
  readonly lifetimeDays?: number;
  /** Default `ec256`; the stand-in CA makes EC keys only. */
  readonly keyType?: 'ec256' | 'ec384';
}

/** A leaf for `names` (EC) with the intermediate and root as its chain, shaped like the core's result. */
export async function testCertificate(options: TestCertificateOptions): Promise<IssuedCertificate> {
  const { root, intermediate } = await caHierarchy();
  const leafKeys = await keys(options.keyType === 'ec384' ? 'P-384' : 'P-256');
  const notBefore = new Date(Math.floor((Date.now() - (options.ageDays ?? 0) * DAY) / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + (options.lifetimeDays ?? 90) * DAY);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: `CN=${options.names[0]}`,
    issuer: intermediate.cert.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: intermediate.keys.privateKey,
    signingAlgorithm: EC,
    extensions: [new x509.SubjectAlternativeNameExtension(options.names.map(value => ({ type: 'dns' as const, value })))],
  });
  const certificatePem = `${leaf.toString('pem')}\n`;
  const chainPem = `${intermediate.cert.toString('pem')}\n${root.cert.toString('pem')}\n`;
  return {
    certificatePem,
    chainPem,
    fullchainPem: certificatePem + chainPem,
    privateKeyPem: await pkcs8Pem(leafKeys.privateKey),
    notBefore,
    notAfter,
    names: options.names,
    accountKeyPem: '',
  };
}

export async function testAccountKeyPem(): Promise<string> {
  return pkcs8Pem((await keys()).privateKey);
}
