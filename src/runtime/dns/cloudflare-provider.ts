// DNS-01 records in Cloudflare zones through its v4 API with an API token (Zone:Read, DNS:Edit).
import { publishedNothing } from './dns-errors';
import { groupBy, longestMatchingZone, outsideZonesError, unquote } from './zones';
import { httpRequest } from '../acme/http-transport';
import { DnsProvider, TxtRecord } from '../types';

export interface CloudflareOptions {
  readonly apiToken: string;
  /** Use this zone instead of the longest matching one the token can read. */
  readonly zoneId?: string;
  /** TTL of the TXT records, seconds (1 = automatic). Default 60. */
  readonly ttl?: number;
  readonly baseUrl?: string;
}

interface Envelope<T> {
  readonly success: boolean;
  readonly errors?: ReadonlyArray<{ code: number; message: string }>;
  readonly result: T;
  readonly result_info?: { page: number; total_pages: number };
}

interface Zone {
  readonly id: string;
  readonly name: string;
  readonly name_servers?: string[];
}

interface DnsRecord {
  readonly id: string;
  readonly content: string;
}

const IDENTICAL_RECORD_EXISTS = 81058;
const PAGE_SIZE = 50;
// Cloudflare may return TXT content quoted.

export class CloudflareApiError extends Error {
  constructor(readonly status: number, readonly codes: number[], message: string) {
    super(message);
    this.name = 'CloudflareApiError';
  }
}

export class CloudflareDnsProvider implements DnsProvider {
  readonly name = 'cloudflare';
  private zones?: Promise<Zone[]>;

  constructor(private readonly options: CloudflareOptions) {}

  async publish(records: readonly TxtRecord[]): Promise<void> {
    const zones = await Promise.all(records.map(r => this.zoneOf(r.fqdn))).catch(e => { throw publishedNothing(e); });
    const outside = records.filter((_, i) => !zones[i]);
    if (outside.length > 0) throw outsideZonesError('Cloudflare', outside);
    // One record per value: Cloudflare serves records of the same name as one RRset.
    await Promise.all(records.map(async (r, i) => {
      try {
        await this.call('POST', `/zones/${zones[i]!.id}/dns_records`, { type: 'TXT', name: r.fqdn, content: r.value, ttl: this.options.ttl ?? 60 });
      } catch (e) {
        if (!(e instanceof CloudflareApiError && e.codes.includes(IDENTICAL_RECORD_EXISTS))) throw e;
      }
    }));
  }

  async remove(records: readonly TxtRecord[]): Promise<void> {
    const zones = await Promise.all(records.map(r => this.zoneOf(r.fqdn)));
    const byRRset = groupBy(records, (r, i) => (zones[i] ? `${zones[i]!.id} ${r.fqdn}` : undefined));
    byRRset.delete(undefined); // no zone, so never published
    await Promise.all([...byRRset].map(async ([key, mine]) => {
      const [zoneId, fqdn] = key!.split(' ');
      const existing = await this.pages<DnsRecord>(`/zones/${zoneId}/dns_records?type=TXT&name=${encodeURIComponent(fqdn)}`);
      const ours = existing.filter(e => mine.some(r => r.value === unquote(e.content)));
      await Promise.all(ours.map(e => this.call('DELETE', `/zones/${zoneId}/dns_records/${e.id}`).catch(error => {
        if (!(error instanceof CloudflareApiError && error.status === 404)) throw error; // removed meanwhile
      })));
    }));
  }

  async authoritativeServers(fqdn: string): Promise<string[]> {
    return (await this.zoneOf(fqdn))?.name_servers ?? [];
  }

  private async zoneOf(fqdn: string): Promise<Zone | undefined> {
    if (!this.zones) {
      this.zones = this.options.zoneId
        ? this.call<Zone>('GET', `/zones/${this.options.zoneId}`).then(z => [z])
        : this.pages<Zone>('/zones?');
      this.zones.catch(() => { this.zones = undefined; }); // listed again next time
    }
    // A given zone is only used for names inside it: Cloudflare would otherwise file the record under the zone
    // (`_acme-challenge.other.org.example.com`), where no CA looks.
    return longestMatchingZone(fqdn, await this.zones, z => z.name);
  }

  /** Every page of a list endpoint (`path` ends with `?` or a query). */
  private async pages<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const res = await this.envelope<T[]>('GET', `${path}${path.endsWith('?') ? '' : '&'}page=${page}&per_page=${PAGE_SIZE}`);
      items.push(...res.result);
      if (!res.result_info || page >= res.result_info.total_pages) return items;
    }
  }

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return (await this.envelope<T>(method, path, body)).result;
  }

  private async envelope<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Envelope<T>> {
    const res = await httpRequest(`${this.options.baseUrl ?? 'https://api.cloudflare.com/client/v4'}${path}`, {
      method,
      headers: { 'authorization': `Bearer ${this.options.apiToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let parsed: Envelope<T> | undefined;
    try {
      parsed = JSON.parse(res.body) as Envelope<T>;
    } catch {
      // reported below
    }
    if (res.status >= 400 || !parsed?.success) {
      const errors = parsed?.errors ?? [];
      const detail = errors.map(e => `[${e.code}] ${e.message}`).join('; ') || res.body.slice(0, 200);
      throw new CloudflareApiError(res.status, errors.map(e => e.code), `Cloudflare ${method} ${path.split('?')[0]}: HTTP ${res.status} ${detail}`);
    }
    return parsed;
  }
}
