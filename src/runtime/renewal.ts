// When to renew: the CA's ARI window (RFC 9773) when it offers one, else once less than 1/3 of the lifetime is left.
import { X509Certificate } from 'node:crypto';
import { AcmeConnection, AcmeDirectory, getAcmeJson } from './acme/acme-session';
import { ariCertificateId, parseSuggestedWindow, SuggestedWindow } from './ari';
import { RenewalDecision } from './types';

export interface RenewalCheck extends Partial<AcmeConnection> {
  /** Default: now. */
  readonly now?: Date;
  /** Where in the ARI window to renew, 0..1; default random, which spreads renewals as RFC 9773 asks. */
  readonly random?: () => number;
}

/** Decides whether `certificatePem` (the leaf, or a full chain) should be renewed now, and why. */
export async function decideRenewal(certificatePem: string, check: RenewalCheck = {}): Promise<RenewalDecision> {
  const leaf = new X509Certificate(certificatePem);
  const now = check.now ?? new Date();
  const notAfter = new Date(leaf.validTo);
  const certificateId = safely(() => ariCertificateId(leaf));
  if (now >= notAfter) return { renew: true, reason: `expired at ${iso(notAfter)}`, renewAt: notAfter, certificateId };

  let ariProblem = '';
  if (check.directoryUrl && certificateId) {
    try {
      const window = await fetchSuggestedWindow(check.directoryUrl, certificateId, check);
      if (window) return { ...fromWindow(window, now, check.random ?? Math.random), certificateId };
    } catch (e) {
      ariProblem = ` (ARI unavailable: ${(e as Error).message})`;
    }
  }
  const notBefore = new Date(leaf.validFrom);
  const renewAt = new Date(notAfter.getTime() - (notAfter.getTime() - notBefore.getTime()) / 3);
  const renew = now >= renewAt;
  const reason = renew
    ? `less than 1/3 of lifetime left (expires ${iso(notAfter)})`
    : `more than 1/3 of lifetime left (renew from ${iso(renewAt)})`;
  return { renew, reason: reason + ariProblem, renewAt, certificateId };
}

/** The window, or undefined when the CA has no ARI endpoint. */
async function fetchSuggestedWindow(directoryUrl: string, certificateId: string, connection: RenewalCheck): Promise<SuggestedWindow | undefined> {
  const directory = (await getAcmeJson<AcmeDirectory>(directoryUrl, connection)).body;
  if (!directory.renewalInfo) return undefined;
  const info = await getAcmeJson<unknown>(`${directory.renewalInfo.replace(/\/$/, '')}/${certificateId}`, connection);
  const window = parseSuggestedWindow(info.body);
  if (!window) throw new Error('the renewal information has no valid suggestedWindow');
  return window;
}

function fromWindow(window: SuggestedWindow, now: Date, random: () => number): RenewalDecision {
  const renewAt = new Date(window.start.getTime() + random() * (window.end.getTime() - window.start.getTime()));
  const explanation = window.explanationUrl ? ` (see ${window.explanationUrl})` : '';
  const span = `${iso(window.start)} to ${iso(window.end)}`;
  const reason = now >= renewAt
    ? `ARI window ${span} is open${explanation}`
    : now >= window.start
      ? `ARI window ${span} is open; renewing at ${iso(renewAt)}${explanation}`
      : `ARI window opens ${iso(window.start)}${explanation}`;
  return { renew: now >= renewAt, reason, renewAt };
}

const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, 'Z');

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
