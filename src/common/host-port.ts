// DNS server addresses as RFC 2136 name servers and recursive resolvers are given: `host`, `host:port`, `[v6]:port`
// or a bare IPv6 address. Used by the cluster's RFC 2136 solver (port required), AcmeCertificate's provider and the
// runtime (default port 53).
import { isIP } from 'node:net';

export interface HostPort {
  readonly host: string;
  readonly port: number;
  /** Whether `spec` gave the port (false when `defaultPort` filled it in). */
  readonly portGiven: boolean;
}

/** A host name (letters of any case), an IPv4 address, or (inside brackets or alone) an IPv6 address. */
function hostProblem(host: string): string | undefined {
  if (isIP(host) !== 0) return undefined;
  if (/^[\d.]+$/.test(host)) return `'${host}' is not an IPv4 address`;
  const labels = host.replace(/\.$/, '').toLowerCase().split('.');
  const ok = host.length <= 253 && labels.every(l => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(l));
  return ok ? undefined : `'${host}' is not a host name or IP address`;
}

/**
 * The host and port of `spec`, or what is wrong with it. Without `defaultPort` the port is required (as
 * `host:port`); with it, `host` alone and `host:` (an empty port, as cert-manager's `ValidNameserver` reads it) get it.
 */
export function parseHostPort(spec: string, defaultPort?: number): HostPort | { readonly problem: string } {
  if (typeof spec !== 'string' || spec.trim() === '') return { problem: 'is empty' };
  const usage = defaultPort === undefined ? 'HOST:PORT' : 'HOST or HOST:PORT';
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d*))?$/.exec(spec);
  if (bracketed) {
    [host, port] = [bracketed[1], bracketed[2]];
    if (isIP(host) !== 6) return { problem: `'${spec}' has '${host}' in brackets, which is not an IPv6 address` };
  } else if (isIP(spec) === 6) {
    host = spec;
  } else {
    const parts = spec.split(':');
    if (parts.length > 2 || (parts.length === 2 && !/^\d*$/.test(parts[1]))) return { problem: `'${spec}' is not ${usage}` };
    [host, port] = [parts[0], parts[1]];
    const wrong = hostProblem(host);
    if (wrong) return { problem: `'${spec}' is not ${usage}: ${wrong}` };
  }
  if (port === '') port = undefined; // `host:` as Go's ValidNameserver reads it: the default port
  if (port === undefined && defaultPort === undefined) return { problem: `'${spec}' has no port; use ${usage}` };
  const number = port === undefined ? defaultPort! : Number(port);
  if (!(number >= 1 && number <= 65535)) return { problem: `'${spec}' has port ${number}; use a port from 1 to 65535` };
  return { host, port: number, portGiven: port !== undefined };
}

/** `host:port`, with IPv6 hosts in brackets. */
export function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
