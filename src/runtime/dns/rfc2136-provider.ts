// DNS-01 records through RFC 2136 dynamic updates signed with TSIG: BIND, PowerDNS, Knot, Windows DNS and the like.
import { randomInt } from 'node:crypto';
import { exchangeTcp, DnsServer, formatDnsServer, parseDnsServer } from './dns-server';
import { decodeMessage, DnsMessage, encodeMessage, OPCODE, RCODE, rcodeName, ResourceRecord, RR_CLASS, RR_TYPE, txtRdata } from './dns-wire';
import { signMessage, TsigKey, verifyResponse } from './tsig';
import { groupBy, outsideZonesError } from './zones';
import { isInZone } from '../../common/names';
import { DnsProvider, TxtRecord } from '../types';

export interface Rfc2136Options {
  /** `HOST` or `HOST:PORT` of the primary server that accepts updates. */
  readonly server: string;
  readonly tsig: TsigKey;
  /** The zone to update; by default the zone whose SOA the server returns for each record name. */
  readonly zone?: string;
  /** TTL of the TXT records, seconds. Default 60. */
  readonly ttl?: number;
  readonly timeoutMs?: number;
}

export class Rfc2136DnsProvider implements DnsProvider {
  readonly name: string;
  private readonly server: DnsServer;
  private readonly zones = new Map<string, Promise<string | undefined>>();

  constructor(private readonly options: Rfc2136Options) {
    this.server = parseDnsServer(options.server);
    this.name = `rfc2136 (${formatDnsServer(this.server)})`;
  }

  async publish(records: readonly TxtRecord[]): Promise<void> {
    const byZone = await this.groupByZone(records);
    const outside = byZone.get(undefined);
    if (outside) throw outsideZonesError(`DNS server ${formatDnsServer(this.server)}${this.options.zone ? ` (zone ${this.options.zone})` : ''}`, outside);
    await this.update(byZone, this.options.ttl ?? 60, RR_CLASS.IN);
  }

  async remove(records: readonly TxtRecord[]): Promise<void> {
    const byZone = await this.groupByZone(records);
    byZone.delete(undefined); // names outside every zone never got a record
    // Class NONE with TTL 0 deletes exactly this value from the RRset (RFC 2136 section 2.5.4).
    await this.update(byZone, 0, RR_CLASS.NONE);
  }

  async authoritativeServers(): Promise<string[]> {
    return [formatDnsServer(this.server)];
  }

  private async update(byZone: Map<string | undefined, TxtRecord[]>, ttl: number, rrClass: number): Promise<void> {
    await Promise.all([...byZone].map(async ([zone, records]) => {
      const updates: ResourceRecord[] = records.map(r => ({ name: r.fqdn, type: RR_TYPE.TXT, class: rrClass, ttl, rdata: txtRdata(r.value) }));
      const response = await this.exchange({
        id: randomInt(0x10000),
        opcode: OPCODE.UPDATE,
        questions: [{ name: zone!, type: RR_TYPE.SOA, class: RR_CLASS.IN }],
        authority: updates,
      });
      if (response.rcode !== RCODE.NOERROR) {
        throw new Error(`DNS server ${formatDnsServer(this.server)} refused the update of zone ${zone}: ${rcodeName(response.rcode)}`);
      }
    }));
  }

  private async groupByZone(records: readonly TxtRecord[]): Promise<Map<string | undefined, TxtRecord[]>> {
    const zones = await Promise.all(records.map(r => this.zoneOf(r.fqdn)));
    return groupBy(records, (_, i) => zones[i]);
  }

  /** The zone holding `fqdn`, from the SOA the server returns for it; undefined when the server has none. */
  private zoneOf(fqdn: string): Promise<string | undefined> {
    let zone = this.zones.get(fqdn);
    if (!zone) {
      zone = this.options.zone !== undefined
        ? Promise.resolve(isInZone(fqdn, this.options.zone) ? this.options.zone.replace(/\.$/, '') : undefined)
        : this.exchange({ id: randomInt(0x10000), opcode: OPCODE.QUERY, questions: [{ name: fqdn, type: RR_TYPE.SOA, class: RR_CLASS.IN }] })
          .then(res => {
            const soa = [...res.answers, ...res.authority].find(rr => rr.type === RR_TYPE.SOA);
            const answered = res.rcode === RCODE.NOERROR || res.rcode === RCODE.NXDOMAIN;
            return answered && res.authoritative && soa && isInZone(fqdn, soa.name) ? soa.name : undefined;
          });
      zone.catch(() => this.zones.delete(fqdn)); // a failed lookup is asked again next time
      this.zones.set(fqdn, zone);
    }
    return zone;
  }

  private async exchange(message: DnsMessage) {
    const { signed, mac } = signMessage(encodeMessage(message), this.options.tsig);
    const response = await exchangeTcp(this.server, signed, this.options.timeoutMs);
    try {
      verifyResponse(response, this.options.tsig, mac);
    } catch (e) {
      const rcode = decodeMessage(response).rcode;
      throw new Error(`DNS server ${formatDnsServer(this.server)} (key ${this.options.tsig.name}): ${(e as Error).message}`
        + (rcode !== RCODE.NOERROR ? `, ${rcodeName(rcode)}` : ''));
    }
    return decodeMessage(response);
  }
}
