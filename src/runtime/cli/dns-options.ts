// The DNS provider the `issue` options ask for, with its secrets read from files or the environment.
import * as fs from 'node:fs';
import { IssueArgs, UsageError } from './options';
import { CloudflareDnsProvider } from '../dns/cloudflare-provider';
import { parseDnsServer } from '../dns/dns-server';
import { Rfc2136DnsProvider } from '../dns/rfc2136-provider';
import { Route53DnsProvider } from '../dns/route53-provider';
import { TSIG_ALGORITHMS, TsigAlgorithm, TsigKey } from '../dns/tsig';
import { DnsProvider } from '../types';

export function dnsProviderFrom(args: IssueArgs, env: NodeJS.ProcessEnv): DnsProvider {
  switch (args.dns) {
    case 'route53':
      return new Route53DnsProvider({ hostedZoneId: args['route53-hosted-zone-id'] });
    case 'cloudflare': {
      const apiToken = args['cloudflare-token-file'] ? readSecret(args['cloudflare-token-file']) : env.CLOUDFLARE_API_TOKEN;
      if (!apiToken) throw new UsageError('--dns cloudflare needs --cloudflare-token-file or CLOUDFLARE_API_TOKEN');
      return new CloudflareDnsProvider({ apiToken, zoneId: args['cloudflare-zone-id'] });
    }
    case 'rfc2136': {
      const server = args['rfc2136-server'];
      if (!server) throw new UsageError('--dns rfc2136 needs --rfc2136-server HOST:PORT');
      if (!args['tsig-secret-file']) throw new UsageError('--dns rfc2136 needs --tsig-secret-file F');
      // A malformed address is the caller's mistake: a usage error (exit 2), found before any file is read.
      try {
        parseDnsServer(server);
      } catch (e) {
        throw new UsageError(`--rfc2136-server ${(e as Error).message}`);
      }
      return new Rfc2136DnsProvider({ server, zone: args['rfc2136-zone'], tsig: tsigKeyFrom(args, readSecret(args['tsig-secret-file'])) });
    }
    case undefined:
      throw new UsageError('--dns is required: route53, cloudflare or rfc2136');
    default:
      throw new UsageError(`--dns '${args.dns}' is not route53, cloudflare or rfc2136`);
  }
}

/** The TSIG key from a secret file (bare base64, or a BIND `key` statement), options taking precedence. */
export function tsigKeyFrom(args: IssueArgs, secretFile: string): TsigKey {
  const bind = /key\s+"?([^"\s{]+)"?\s*\{/.exec(secretFile);
  const secret = /secret\s+"([^"]+)"/.exec(secretFile)?.[1] ?? (bind ? undefined : secretFile);
  if (!secret || !/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) throw new UsageError('--tsig-secret-file holds no base64 secret');
  const name = args['tsig-key-name'] ?? bind?.[1];
  if (!name) throw new UsageError('--tsig-key-name is required when the secret file is not a BIND key file');
  const algorithm = args['tsig-algorithm'] ?? /algorithm\s+"?([\w-]+)"?\s*;/.exec(secretFile)?.[1] ?? 'hmac-sha256';
  if (!TSIG_ALGORITHMS.includes(algorithm as TsigAlgorithm)) {
    throw new UsageError(`TSIG algorithm '${algorithm}' is not ${TSIG_ALGORITHMS.join(' or ')}`);
  }
  return { name, algorithm: algorithm as TsigAlgorithm, secret };
}

export function readSecret(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
