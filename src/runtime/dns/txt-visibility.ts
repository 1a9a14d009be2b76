// Waits until the zone's authoritative servers serve every expected TXT value: asked directly, so no caches
// and no fixed sleeps are involved.
import { promises as dns } from 'node:dns';
import * as net from 'node:net';
import { formatDnsServer, parseDnsServer } from './dns-server';
import { groupBy } from './zones';
import { backoffMs, sleep, Sleep, throwIfAborted, untilAborted } from '../acme/retry';
import { DnsProvider, TxtRecord } from '../types';

export interface VisibilityOptions {
  readonly timeoutMs: number;
  readonly sleep?: Sleep;
  /** Stops the wait at once when aborted, failing with its reason. */
  readonly signal?: AbortSignal;
}

/** Resolves with the servers asked once all of them show all values; fails naming the record and server. */
export async function waitUntilVisible(records: readonly TxtRecord[], provider: DnsProvider, options: VisibilityOptions): Promise<string[]> {
  const deadline = Date.now() + options.timeoutMs;
  const byFqdn = groupBy(records, r => r.fqdn);
  // Once one record or server fails, the others stop polling instead of querying on until the deadline.
  const run = { failed: false };
  try {
    const asked = await Promise.all([...byFqdn].map(async ([fqdn, group]) => {
      const values = new Set(group.map(r => r.value));
      const servers = await authoritativeAddresses(fqdn, provider);
      await Promise.all(servers.map(server => untilServerShows(server, fqdn, values, deadline, options, run)));
      return servers;
    }));
    return [...new Set(asked.flat())];
  } catch (e) {
    run.failed = true;
    throw e;
  }
}

async function untilServerShows(server: string, fqdn: string, values: Set<string>, deadline: number, options: VisibilityOptions,
  run: { readonly failed: boolean }) {
  const resolver = new dns.Resolver({ timeout: 1_000, tries: 1 });
  resolver.setServers([server]);
  for (let n = 1; !run.failed; n++) {
    throwIfAborted(options.signal);
    let seen: string[] = [];
    let problem = '';
    try {
      seen = (await resolver.resolveTxt(fqdn)).map(chunks => chunks.join(''));
    } catch (e) {
      problem = (e as NodeJS.ErrnoException).code ?? String(e);
    }
    const missing = [...values].filter(v => !seen.includes(v)).length;
    if (missing === 0) return;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new Error(`${fqdn}: TXT record not visible at ${server} within ${options.timeoutMs / 1000} s`
        + ` (${problem || `${missing} of ${values.size} values missing`})`);
    }
    await untilAborted((options.sleep ?? sleep)(Math.min(left, backoffMs(n, 50, 1_000))), options.signal);
  }
}

/** `ip:port` of every authoritative server for `fqdn`: from the provider, else from the zone's NS records. */
async function authoritativeAddresses(fqdn: string, provider: DnsProvider): Promise<string[]> {
  const hosts = provider.authoritativeServers ? await provider.authoritativeServers(fqdn) : await zoneNameServers(fqdn);
  const addresses = await Promise.all(hosts.map(async spec => {
    const server = parseDnsServer(spec);
    if (net.isIP(server.host)) return [formatDnsServer(server)];
    const found = await dns.lookup(server.host, { all: true });
    // One address family per server: asking over IPv6 from a host without IPv6 (a Lambda, say) would never succeed.
    const ipv4 = found.filter(a => a.family === 4);
    return (ipv4.length > 0 ? ipv4 : found).map(a => formatDnsServer({ host: a.address, port: server.port }));
  }));
  const all = [...new Set(addresses.flat())];
  if (all.length === 0) throw new Error(`${fqdn}: no authoritative name server found`);
  return all;
}

/** NS records of the closest enclosing zone cut, found by walking up from `fqdn`. */
export async function zoneNameServers(fqdn: string): Promise<string[]> {
  const labels = fqdn.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    try {
      return await dns.resolveNs(labels.slice(i).join('.'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENODATA' && code !== 'ENOTFOUND') throw new Error(`${fqdn}: NS lookup failed (${code})`);
    }
  }
  throw new Error(`${fqdn}: no NS records found for it or any parent`);
}
