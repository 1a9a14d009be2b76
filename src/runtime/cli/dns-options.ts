// The DNS provider the `issue` options ask for, with its secrets read from files or the environment.
import * as fs from 'node:fs';
import { IssueArgs, UsageError } from './options';
import { parseDnsServer } from '../dns/dns-server';
import { createDnsProvider, tsigKey } from '../dns/provider-factory';
import { TsigKey } from '../dns/tsig';
import { DnsProvider } from '../types';

export function dnsProviderFrom(args: IssueArgs, env: NodeJS.ProcessEnv): DnsProvider {
  switch (args.dns) {
    case 'route53':
      return createDnsProvider({ type: 'route53', zones: args['route53-hosted-zone-id'] ? [{ id: args['route53-hosted-zone-id'], name: '' }] : [] });
    case 'cloudflare': {
      const apiToken = args['cloudflare-token-file'] ? readSecret(args['cloudflare-token-file']) : env.CLOUDFLARE_API_TOKEN;
      if (!apiToken) throw new UsageError('--dns cloudflare needs --cloudflare-token-file or CLOUDFLARE_API_TOKEN');
      return createDnsProvider({ type: 'cloudflare', apiToken, zoneId: args['cloudflare-zone-id'] });
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
      return createDnsProvider({ type: 'rfc2136', server, zone: args['rfc2136-zone'], tsig: tsigKeyFrom(args, readSecret(args['tsig-secret-file'])) });
    }
    case undefined:
      throw new UsageError('--dns is required: route53, cloudflare, rfc2136 or manual (or --http, --http-port, --webroot, --tls-alpn, --tls-alpn-port)');
    default:
      throw new UsageError(`--dns '${args.dns}' is not route53, cloudflare, rfc2136 or manual`);
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
  try {
    return tsigKey(name, algorithm, secret);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function readSecret(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
