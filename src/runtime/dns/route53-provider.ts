// DNS-01 records in Route53 public hosted zones (AWS SDK v3): one change batch per zone, waited on until INSYNC.
import {
  Change, ChangeResourceRecordSetsCommand, GetChangeCommand, GetHostedZoneCommand, HostedZone, ListHostedZonesCommand,
  ListResourceRecordSetsCommand, ResourceRecordSet, Route53Client,
} from '@aws-sdk/client-route-53';
import { publishedNothing } from './dns-errors';
import { groupBy, longestMatchingZone, outsideZonesError, unquote } from './zones';
import { backoffMs, sleep, Sleep } from '../acme/retry';
import { DnsProvider, TxtRecord } from '../types';

export interface Route53Options {
  readonly client?: Route53Client;
  /** Use this hosted zone instead of the longest matching public zone. */
  readonly hostedZoneId?: string;
  /** TTL of the TXT records, seconds. Default 60. */
  readonly ttl?: number;
  /** Give up waiting for INSYNC after this long. Default 5 minutes. */
  readonly syncTimeoutMs?: number;
  readonly sleep?: Sleep;
}

const quote = (value: string) => `"${value}"`;
const absolute = (name: string) => `${name.replace(/\.$/, '')}.`;

export class Route53DnsProvider implements DnsProvider {
  readonly name = 'route53';
  private readonly client: Route53Client;
  private zones?: Promise<HostedZone[]>;

  constructor(private readonly options: Route53Options = {}) {
    // Route53 is global; its API lives in us-east-1 for the aws partition.
    // Each call is bounded (the SDK's default is to wait forever for a response), as the ACME requests are.
    this.client = options.client ?? new Route53Client({
      region: process.env.AWS_REGION ?? 'us-east-1',
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
    });
  }

  async publish(records: readonly TxtRecord[]): Promise<void> {
    const byZone = await this.groupByZone(records).catch(e => { throw publishedNothing(e); });
    const outside = byZone.get(undefined);
    if (outside) throw outsideZonesError('Route53', outside);
    await Promise.all([...byZone].map(async ([zoneId, group]) => {
      const changes = await Promise.all([...groupBy(group, r => r.fqdn)].map(async ([fqdn, mine]) => {
        const current = await this.currentRecordSet(zoneId!, fqdn);
        const values = new Set([...(current?.ResourceRecords ?? []).map(r => unquote(r.Value ?? '')), ...mine.map(r => r.value)]);
        return upsert(fqdn, this.options.ttl ?? 60, [...values]);
      }));
      await this.waitInSync(await this.change(zoneId!, changes));
    }));
  }

  async remove(records: readonly TxtRecord[]): Promise<void> {
    const byZone = await this.groupByZone(records);
    byZone.delete(undefined); // no zone, so never published
    await Promise.all([...byZone].map(async ([zoneId, group]) => {
      const changes = await Promise.all([...groupBy(group, r => r.fqdn)].map(async ([fqdn, mine]): Promise<Change[]> => {
        const current = await this.currentRecordSet(zoneId!, fqdn);
        const values = (current?.ResourceRecords ?? []).map(r => unquote(r.Value ?? ''));
        const remaining = values.filter(v => !mine.some(r => r.value === v));
        if (!current || remaining.length === values.length) return [];
        // DELETE must name the record set exactly as it is; other values of the RRset stay.
        return [remaining.length === 0 ? { Action: 'DELETE', ResourceRecordSet: current } : upsert(fqdn, current.TTL ?? 60, remaining)];
      }));
      if (changes.flat().length > 0) await this.change(zoneId!, changes.flat());
    }));
  }

  async authoritativeServers(fqdn: string): Promise<string[]> {
    const zoneId = await this.zoneIdOf(fqdn);
    if (!zoneId) return [];
    const zone = await this.client.send(new GetHostedZoneCommand({ Id: zoneId }));
    return zone.DelegationSet?.NameServers ?? [];
  }

  private async groupByZone(records: readonly TxtRecord[]) {
    const zoneIds = await Promise.all(records.map(r => this.zoneIdOf(r.fqdn)));
    return groupBy(records, (_, i) => zoneIds[i]);
  }

  private async zoneIdOf(fqdn: string): Promise<string | undefined> {
    if (this.options.hostedZoneId) return this.options.hostedZoneId;
    if (!this.zones) {
      this.zones = this.listPublicZones();
      this.zones.catch(() => { this.zones = undefined; }); // listed again next time
    }
    return longestMatchingZone(fqdn, await this.zones, z => z.Name ?? '')?.Id;
  }

  private async listPublicZones(): Promise<HostedZone[]> {
    const zones: HostedZone[] = [];
    let marker: string | undefined;
    do {
      const page = await this.client.send(new ListHostedZonesCommand({ Marker: marker }));
      zones.push(...(page.HostedZones ?? []).filter(z => !z.Config?.PrivateZone));
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    return zones;
  }

  private async currentRecordSet(zoneId: string, fqdn: string): Promise<ResourceRecordSet | undefined> {
    const page = await this.client.send(new ListResourceRecordSetsCommand({
      HostedZoneId: zoneId, StartRecordName: absolute(fqdn), StartRecordType: 'TXT', MaxItems: 1,
    }));
    const found = page.ResourceRecordSets?.[0];
    return found && found.Type === 'TXT' && absolute(found.Name ?? '').toLowerCase() === absolute(fqdn).toLowerCase() ? found : undefined;
  }

  private async change(zoneId: string, changes: Change[]): Promise<string> {
    const res = await this.client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId, ChangeBatch: { Comment: 'cdk-certkit ACME dns-01', Changes: changes },
    }));
    return res.ChangeInfo!.Id!;
  }

  private async waitInSync(changeId: string): Promise<void> {
    const timeoutMs = this.options.syncTimeoutMs ?? 300_000;
    const deadline = Date.now() + timeoutMs;
    for (let n = 1; ; n++) {
      const res = await this.client.send(new GetChangeCommand({ Id: changeId }));
      if (res.ChangeInfo?.Status === 'INSYNC') return;
      if (Date.now() >= deadline) throw new Error(`Route53 change ${changeId} still ${res.ChangeInfo?.Status} after ${timeoutMs / 1000} s`);
      await (this.options.sleep ?? sleep)(backoffMs(n, 1_000, 5_000));
    }
  }
}

function upsert(fqdn: string, ttl: number, values: string[]): Change {
  return { Action: 'UPSERT', ResourceRecordSet: { Name: absolute(fqdn), Type: 'TXT', TTL: ttl, ResourceRecords: values.map(v => ({ Value: quote(v) })) } };
}
