// RFC 9773 ACME Renewal Information: the certificate identifier and the CA's suggested renewal window.
import { X509Certificate } from 'node:crypto';
import { childrenOf, contentOf, readTlv } from './der';

const TAG_VERSION = 0xa0;
const TAG_EXTENSIONS = 0xa3;
const TAG_KEY_IDENTIFIER = 0x80;
const OID_AUTHORITY_KEY_IDENTIFIER = Buffer.from([0x55, 0x1d, 0x23]); // 2.5.29.35

export interface SuggestedWindow {
  readonly start: Date;
  readonly end: Date;
  readonly explanationUrl?: string;
}

/** `base64url(AKI keyIdentifier).base64url(serial)`, the path segment ARI and `replaces` use. */
export function ariCertificateId(certificate: X509Certificate): string {
  const der = certificate.raw;
  const [tbs] = childrenOf(der, readTlv(der, 0));
  const fields = childrenOf(der, tbs);
  const serial = fields[fields[0].tag === TAG_VERSION ? 1 : 0];
  const extensions = fields.find(f => f.tag === TAG_EXTENSIONS);
  const aki = extensions && childrenOf(der, childrenOf(der, extensions)[0])
    .map(ext => childrenOf(der, ext))
    .find(([oid]) => contentOf(der, oid).equals(OID_AUTHORITY_KEY_IDENTIFIER));
  const akiValue = aki && aki[aki.length - 1];
  const keyId = akiValue && childrenOf(der, readTlv(der, akiValue.contentStart)).find(f => f.tag === TAG_KEY_IDENTIFIER);
  if (!keyId) throw new Error('certificate has no authority key identifier, so it has no ARI identifier');
  return `${contentOf(der, keyId).toString('base64url')}.${contentOf(der, serial).toString('base64url')}`;
}

/** Reads an ARI response body; undefined when it is not a usable window. */
export function parseSuggestedWindow(body: unknown): SuggestedWindow | undefined {
  const info = body as { suggestedWindow?: { start?: string; end?: string }; explanationURL?: string };
  const start = new Date(info?.suggestedWindow?.start ?? NaN);
  const end = new Date(info?.suggestedWindow?.end ?? NaN);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) return undefined;
  return { start, end, explanationUrl: info.explanationURL };
}
