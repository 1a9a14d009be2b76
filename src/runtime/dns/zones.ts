// Helpers the DNS providers share: grouping records, and picking the zone a name belongs to.
import { DnsError } from './dns-errors';
import { isInZone } from '../../common/names';
import { TxtRecord } from '../types';

/** A TXT value as the provider's API returns it, without the surrounding quotes. */
export const unquote = (value: string) => value.replace(/^"(.*)"$/, '$1');

export function groupBy<T, K>(items: readonly T[], keyOf: (item: T, index: number) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  items.forEach((item, i) => {
    const key = keyOf(item, i);
    groups.set(key, [...groups.get(key) ?? [], item]);
  });
  return groups;
}

/** The most specific zone containing `fqdn` (`a.b.example.com` prefers `b.example.com` over `example.com`). */
export function longestMatchingZone<Z>(fqdn: string, zones: readonly Z[], nameOf: (zone: Z) => string): Z | undefined {
  return zones
    .filter(z => isInZone(fqdn, nameOf(z)))
    .sort((a, b) => nameOf(b).replace(/\.$/, '').length - nameOf(a).replace(/\.$/, '').length)[0];
}

/** The error for records no zone of the provider holds: permanent, and thrown before anything is published. */
export function outsideZonesError(provider: string, records: readonly TxtRecord[]): Error {
  return new DnsError(`${[...new Set(records.map(r => r.fqdn))].join(', ')}: not in any zone ${provider} manages`,
    { permanent: true, nothingPublished: true });
}
