// Reading issued certificates: the PEM chain split into leaf and intermediates, validity and names.
import { X509Certificate } from 'node:crypto';
import { crypto as acmeCrypto } from 'acme-client';

export interface ParsedChain {
  readonly certificatePem: string;
  readonly chainPem: string;
  readonly fullchainPem: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly names: readonly string[];
  readonly leaf: X509Certificate;
}

export function parseCertificateChain(fullchainPem: string): ParsedChain {
  const pems = acmeCrypto.splitPemChain(fullchainPem).map(p => `${p.trim()}\n`);
  if (pems.length === 0) throw new Error('no certificate in the PEM data');
  const leaf = new X509Certificate(pems[0]);
  return {
    certificatePem: pems[0],
    chainPem: pems.slice(1).join(''),
    fullchainPem: pems.join(''),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    names: dnsNames(leaf),
    leaf,
  };
}

/** The certificate's SAN DNS names, in order. */
export function dnsNames(certificate: X509Certificate): string[] {
  return (certificate.subjectAltName ?? '').split(', ')
    .filter(entry => entry.startsWith('DNS:'))
    .map(entry => entry.slice(4));
}
