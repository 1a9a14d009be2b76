// Failures of a DNS provider that say more than their message: whether retrying can help, and which records a
// failed publish certainly did not publish (so that cleanup neither touches nor warns about them).
import { TxtRecord } from '../types';

export interface DnsErrorDetails {
  /** Retrying cannot help (a rejected key or signature, a refused zone, a name in no zone). */
  readonly permanent?: boolean;
  /** The call that failed published nothing. */
  readonly nothingPublished?: boolean;
  /** Records of the call that were certainly not published (the others may have been). */
  readonly notPublished?: readonly TxtRecord[];
}

export class DnsError extends Error {
  readonly permanent: boolean;
  readonly nothingPublished: boolean;
  readonly notPublished: readonly TxtRecord[];

  constructor(message: string, details: DnsErrorDetails = {}) {
    super(message);
    this.name = 'DnsError';
    this.permanent = details.permanent ?? false;
    this.nothingPublished = details.nothingPublished ?? false;
    this.notPublished = details.notPublished ?? [];
  }
}

/** `error` marked as having published nothing of its call (it was thrown before anything was sent). */
export function publishedNothing(error: unknown): Error {
  if (error instanceof DnsError) return new DnsError(error.message, { permanent: error.permanent, nothingPublished: true });
  const e = error instanceof Error ? error : new Error(String(error));
  return new DnsError(e.message, { permanent: isPermanentDnsError(e), nothingPublished: true });
}

/** The records of a failed `publish(records)` that may be on the servers now, and so need removing. */
export function maybePublished(error: unknown, records: readonly TxtRecord[]): TxtRecord[] {
  if (!(error instanceof DnsError)) return [...records];
  if (error.nothingPublished) return [];
  return records.filter(r => !error.notPublished.some(n => n.fqdn === r.fqdn && n.value === r.value));
}

const PERMANENT_AWS_ERRORS = new Set(['AccessDenied', 'AccessDeniedException', 'NoSuchHostedZone', 'InvalidClientTokenId',
  'UnrecognizedClientException', 'SignatureDoesNotMatch']);

/** Whether retrying the DNS call that failed with `error` cannot help. */
export function isPermanentDnsError(error: unknown): boolean {
  if (error instanceof DnsError) return error.permanent;
  const e = error as { $fault?: string; name?: string; status?: number; $metadata?: { httpStatusCode?: number } };
  // AWS SDK: credentials or permissions refused, or a zone that does not exist. Other client faults may pass on a
  // retry (InvalidChangeBatch when a concurrent run changed the RRset, throttling, PriorRequestNotComplete).
  if (e?.$fault === 'client') return PERMANENT_AWS_ERRORS.has(e.name ?? '');
  // Cloudflare's API errors carry the HTTP status: 4xx other than 429 will not change on a retry.
  if (e?.name === 'CloudflareApiError' && typeof e.status === 'number') return e.status >= 400 && e.status < 500 && e.status !== 429;
  return false;
}
