// One DNS provider over several Route53 hosted zones the construct named: each record goes to the provider of its
// most specific zone, so the function needs no permission to list the account's zones.
import { groupBy, longestMatchingZone, outsideZonesError } from '../dns/zones';
import type { DnsProvider, TxtRecord } from '../types';

export interface ZoneProvider {
  readonly zoneName: string;
  readonly provider: DnsProvider;
}

export class ZoneRouter implements DnsProvider {
  constructor(readonly name: string, private readonly zones: readonly ZoneProvider[]) {}

  publish(records: readonly TxtRecord[]): Promise<void> {
    return this.each(records, (provider, group) => provider.publish(group));
  }

  remove(records: readonly TxtRecord[]): Promise<void> {
    return this.each(records, (provider, group) => provider.remove(group));
  }

  private async each(records: readonly TxtRecord[], act: (provider: DnsProvider, group: TxtRecord[]) => Promise<void>): Promise<void> {
    const byZone = groupBy(records, r => longestMatchingZone(r.fqdn, this.zones, z => z.zoneName));
    const outside = byZone.get(undefined);
    if (outside) throw outsideZonesError(this.name, outside);
    await Promise.all([...byZone].map(([zone, group]) => act(zone!.provider, group)));
  }
}
