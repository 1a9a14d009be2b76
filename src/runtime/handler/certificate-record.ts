// One certificate as the handler keeps it, and the JSON it is stored as (secret, S3 backup): parsed with node:crypto.
import { X509Certificate } from 'node:crypto';
import type { IssuedCertificate, KeyType } from '../types';
import type { ChainChoice } from './config';

export interface CertificateRecord {
  readonly certificatePem: string;
  /** Every intermediate the CA sent, PEM; the chain choices are applied when storing. */
  readonly issuedChainPem: string;
  readonly privateKeyPem: string;
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly names: readonly string[];
  readonly keyType: KeyType;
  /** ACM certificate this record was imported into, once known. */
  readonly acmCertificateArn?: string;
}

/** The secret's and the backup's JSON: consumer fields first, the handler's own under `certkit`. */
export interface StoredCertificateJson {
  readonly certificate: string;
  readonly privateKey: string;
  readonly chain: string;
  readonly fullchain: string;
  readonly certkit: {
    readonly serial: string;
    readonly notBefore: string;
    readonly notAfter: string;
    readonly names: readonly string[];
    readonly keyType: KeyType;
    readonly issuedChain: string;
    readonly acmCertificateArn?: string;
  };
}

/** Lower-case hex without separators or leading zeros, so ACM's `0a:1b:...` and node's `0A1B...` compare equal. */
export function normalizeSerial(serial: string): string {
  return serial.replace(/[^0-9a-f]/gi, '').toLowerCase().replace(/^0+(?=.)/, '');
}

export function splitPems(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

export function recordFromIssued(issued: IssuedCertificate): CertificateRecord {
  // The core's key helpers load the ACME client; by now (after an issuance) it is loaded anyway.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { keyTypeOf } = require('../keys') as typeof import('../keys');
  const cert = new X509Certificate(issued.certificatePem);
  const keyType = keyTypeOf(cert.publicKey);
  if (!keyType) throw new Error(`the CA issued a certificate with an unsupported key (${cert.publicKey.asymmetricKeyType})`);
  return {
    certificatePem: splitPems(issued.certificatePem)[0],
    issuedChainPem: splitPems(issued.chainPem).join('\n'),
    privateKeyPem: issued.privateKeyPem,
    serial: normalizeSerial(cert.serialNumber),
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
    names: issued.names.map(n => n.toLowerCase()),
    keyType,
  };
}

/** The intermediates to hand out for a chain choice. */
export function chainFor(record: CertificateRecord, choice: ChainChoice): string {
  const all = splitPems(record.issuedChainPem);
  return (choice === 'full' ? all : choice === 'issuer' ? all.slice(0, 1) : []).join('\n');
}

export function toStoredJson(record: CertificateRecord, choice: ChainChoice): StoredCertificateJson {
  const chain = chainFor(record, choice);
  return {
    certificate: record.certificatePem,
    privateKey: record.privateKeyPem,
    chain,
    fullchain: [record.certificatePem, chain].filter(Boolean).join('\n'),
    certkit: {
      serial: record.serial,
      notBefore: record.notBefore.toISOString(),
      notAfter: record.notAfter.toISOString(),
      names: record.names,
      keyType: record.keyType,
      issuedChain: record.issuedChainPem,
      acmCertificateArn: record.acmCertificateArn,
    },
  };
}

/** Reads a stored JSON back; anything else (the `{}` a new secret starts with, a foreign value) is no certificate. */
export function fromStoredJson(text: string | undefined): CertificateRecord | undefined {
  if (!text) return undefined;
  let json: Partial<StoredCertificateJson>;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const meta = json.certkit;
  if (!json.certificate || !json.privateKey || !meta?.serial) return undefined;
  return {
    certificatePem: json.certificate,
    issuedChainPem: meta.issuedChain ?? json.chain ?? '',
    privateKeyPem: json.privateKey,
    serial: meta.serial,
    notBefore: new Date(meta.notBefore),
    notAfter: new Date(meta.notAfter),
    names: meta.names,
    keyType: meta.keyType,
    acmCertificateArn: meta.acmCertificateArn,
  };
}

/** Whether a record certifies exactly the configured names with the configured key type. */
export function matchesRequest(record: CertificateRecord, domains: readonly string[], keyType: KeyType): boolean {
  const want = new Set(domains.map(d => d.toLowerCase()));
  return record.keyType === keyType && record.names.length === want.size && record.names.every(n => want.has(n));
}
