// How the `issue` options answer the challenges: DNS-01 through a provider (or by hand), HTTP-01 standalone or
// through a webroot, or TLS-ALPN-01. Exactly one of them.
import { dnsProviderFrom } from './dns-options';
import { IssueArgs, UsageError } from './options';
import { StandaloneHttpSolver, WebrootSolver } from '../challenges/http01';
import { ManualDnsProvider } from '../challenges/manual-dns';
import { ChallengeSolver, isPort } from '../challenges/solver';
import { parseDnsServer } from '../dns/dns-server';
import { DnsProvider } from '../types';

export interface ChallengeChoice {
  readonly dns?: DnsProvider;
  readonly solver?: ChallengeSolver;
  /** `--dns manual`: a person creates the records, so the run is given longer. */
  readonly manual: boolean;
}

export interface ChallengeIo {
  readonly env: NodeJS.ProcessEnv;
  /** Read for Enter by manual DNS. */
  readonly input?: NodeJS.ReadableStream;
  /** Lines a person must read (manual DNS), printed even with --quiet. */
  out(line: string): void;
}

/** The flags that choose a challenge, for the "exactly one" check. */
const CHOOSERS = ['dns', 'http', 'http-port', 'webroot', 'tls-alpn', 'tls-alpn-port'] as const;

export function challengeFrom(args: IssueArgs, io: ChallengeIo, waitMs: number | undefined): ChallengeChoice {
  const given = CHOOSERS.filter(flag => args[flag] !== undefined && (args[flag] as unknown) !== false);
  // --http with --http-port (or --tls-alpn with --tls-alpn-port) is one choice said twice.
  const choices = new Set(given.map(flag => flag.replace(/-port$/, '')));
  if (choices.size > 1) throw new UsageError(`${given.map(f => `--${f}`).join(' and ')}: choose one way to answer the challenges`);
  const choice = [...choices][0];
  if (choice !== 'dns' && choice !== undefined) {
    const wildcards = (args.domain ?? []).filter(d => d.trim().startsWith('*.'));
    if (wildcards.length > 0) {
      throw new UsageError(`--domain ${wildcards.join(', ')}: a wildcard can only be validated with DNS-01; use --dns (route53, cloudflare, rfc2136 or manual)`);
    }
  }
  if (choice !== 'dns' && args['manual-nameserver']?.length) throw new UsageError('--manual-nameserver goes with --dns manual');
  switch (choice) {
    case 'http':
      return { solver: new StandaloneHttpSolver({ port: portOf(args, 'http-port', 80) }), manual: false };
    case 'webroot':
      return { solver: new WebrootSolver(args.webroot!), manual: false };
    case 'tls-alpn': {
      // Loaded here only: it pulls in the X.509 generator, which the other challenges never need.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { TlsAlpnSolver } = require('../challenges/tls-alpn01') as typeof import('../challenges/tls-alpn01');
      return { solver: new TlsAlpnSolver({ port: portOf(args, 'tls-alpn-port', 443) }), manual: false };
    }
    default:
      break;
  }
  if (args.dns === 'manual') {
    const servers = (args['manual-nameserver'] ?? []).map(server => {
      try {
        parseDnsServer(server);
      } catch (e) {
        throw new UsageError(`--manual-nameserver ${(e as Error).message}`);
      }
      return server;
    });
    return { dns: new ManualDnsProvider({ print: line => io.out(line), input: io.input, servers, timeoutMs: waitMs }), manual: true };
  }
  if (args['manual-nameserver']?.length) throw new UsageError('--manual-nameserver goes with --dns manual');
  return { dns: dnsProviderFrom(args, io.env), manual: false };
}

function portOf(args: IssueArgs, option: string, fallback: number): number {
  const value = args[option];
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || !isPort(port)) throw new UsageError(`--${option} '${value}' is not a port (1-65535)`);
  return port;
}
