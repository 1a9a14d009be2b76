// DNS-01 records through RFC 2136 dynamic updates signed with TSIG: BIND, PowerDNS, Knot, Windows DNS and the like.
import { randomInt } from 'node:crypto';
import { DnsError, publishedNothing } from './dns-errors';
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

/** Answers that will not change on a retry; SERVFAIL (and the rest) may. */
const PERMANENT_RCODES = new Set(['FORMERR', 'NOTIMP', 'REFUSED', 'NOTAUTH', 'NOTZONE', 'YXDOMAIN', 'YXRRSET', 'NXRRSET']);

export class Rfc2136DnsProvider implements DnsProvider {
  readonly name: string;
  private readonly server: DnsServer;
  private readonly zones = new Map<string, Promise<string | undefined>>();

  constructor(private readonly options: Rfc2136Options) {
    this.server = parseDnsServer(options.server);
    this.name = `rfc2136 (${formatDnsServer(this.server)})`;
  }

  async publish(records: readonly TxtRecord[]): Promise<void> {
    const byZone = await this.groupByZone(records).catch(e => { throw publishedNothing(e); });
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

  /**
   * One UPDATE per zone. An update is applied whole or not at all (RFC 2136 section 3), so a zone whose server
   * answered with an error has none of its records published; one whose answer never came may have them all.
   */
  private async update(byZone: Map<string | undefined, TxtRecord[]>, ttl: number, rrClass: number): Promise<void> {
    const zones = [...byZone];
    const results = await Promise.allSettled(zones.map(async ([zone, records]) => {
      const updates: ResourceRecord[] = records.map(r => ({ name: r.fqdn, type: RR_TYPE.TXT, class: rrClass, ttl, rdata: txtRdata(r.value) }));
      const response = await this.exchange({
        id: randomInt(0x10000),
        opcode: OPCODE.UPDATE,
        questions: [{ name: zone!, type: RR_TYPE.SOA, class: RR_CLASS.IN }],
        authority: updates,
      });
      if (response.rcode !== RCODE.NOERROR) {
        throw new DnsError(`DNS server ${formatDnsServer(this.server)} refused the update of zone ${zone}: ${rcodeName(response.rcode)}`,
          { permanent: PERMANENT_RCODES.has(rcodeName(response.rcode)), nothingPublished: true });
      }
    }));
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [{ error: r.reason as Error, records: zones[i][1] }] : []));
    if (failures.length === 0) return;
    const rejected = (e: Error) => e instanceof DnsError && e.nothingPublished;
    throw new DnsError(failures[0].error.message, {
      permanent: failures.some(f => f.error instanceof DnsError && f.error.permanent),
      nothingPublished: failures.length === zones.length && failures.every(f => rejected(f.error)),
      notPublished: failures.filter(f => rejected(f.error)).flatMap(f => f.records),
    });
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

  /**
   * Sends `message` and returns the verified answer. A server that answered with an error (a rejected key or
   * signature: BADSIG, BADKEY, BADTIME; NOTAUTH, REFUSED) fails permanently and has applied nothing; a connection
   * that failed may be retried.
   */
  private async exchange(message: DnsMessage) {
    const { signed, mac } = signMessage(encodeMessage(message), this.options.tsig);
    const response = await exchangeTcp(this.server, signed, this.options.timeoutMs)
      .catch((e: Error) => { throw new DnsError(e.message); });
    try {
      verifyResponse(response, this.options.tsig, mac);
    } catch (e) {
      const rcode = decodeMessage(response).rcode;
      throw new DnsError(`DNS server ${formatDnsServer(this.server)} (key ${this.options.tsig.name}): ${(e as Error).message}`
        + (rcode !== RCODE.NOERROR ? `, ${rcodeName(rcode)}` : ''), { permanent: true, nothingPublished: rcode !== RCODE.NOERROR });
    }
    return decodeMessage(response);
  }
}
