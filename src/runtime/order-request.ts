// What goes into a newOrder request: checked names, and the optional profile and ARI `replaces`.
import { AcmeDirectory } from './acme/acme-session';
import { IssueError } from './issue-error';
import { isDnsName } from '../common/names';

/** Lower-cased, without trailing dots, duplicates dropped (first occurrence kept); fails on invalid names. */
export function normalizeDomains(domains: readonly string[]): string[] {
  const names = [...new Set(domains.map(d => d.trim().toLowerCase().replace(/\.$/, '')))];
  if (names.length === 0) throw new IssueError('no domain names given', []);
  const invalid = names.filter(n => !isDnsName(n));
  if (invalid.length > 0) {
    throw new IssueError(`${invalid.map(n => `'${n}'`).join(', ')}: not a valid DNS name (letters, digits, '-' and '.', `
      + 'optionally a leading *.)', invalid);
  }
  return names;
}

export interface OrderExtras {
  readonly profile?: string;
  readonly replaces?: string;
}

/** The newOrder payload; a profile the CA does not offer fails, and is noted and dropped when it offers none. */
export function newOrderPayload(directory: AcmeDirectory, domains: readonly string[], extras: OrderExtras,
  note: (line: string) => void): Record<string, unknown> {
  const payload: Record<string, unknown> = { identifiers: domains.map(value => ({ type: 'dns', value })) };
  if (extras.profile) {
    const offered = directory.meta?.profiles;
    if (!offered) {
      note(`profile ${extras.profile} not used: the CA offers no profiles`);
    } else if (!Object.prototype.hasOwnProperty.call(offered, extras.profile)) {
      throw new IssueError(`${domains.join(', ')}: profile '${extras.profile}' is not offered by the CA`
        + ` (it offers ${Object.keys(offered).join(', ') || 'none'})`, domains);
    } else {
      payload.profile = extras.profile;
    }
  }
  if (extras.replaces && directory.renewalInfo) payload.replaces = extras.replaces;
  return payload;
}
