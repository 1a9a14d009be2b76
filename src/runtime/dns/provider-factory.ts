/* eslint-disable @typescript-eslint/no-require-imports */
// The one place DNS providers are built, for the renewal Lambda (from AcmeCertificate's settings, secrets read from
// Secrets Manager) and for the CLI (from its options, secrets read from files). Each provider's module is loaded on
// first use, which keeps the Lambda's cold start short.
import type { TsigKey } from './tsig';
import { formatHostPort } from '../../common/host-port';
import { parseTsigAlgorithm, TSIG_WIRE_NAMES, tsigAlgorithmProblem, tsigWireName } from '../../common/tsig';
import type { DnsConfig } from '../handler/config';
import type { DnsProvider } from '../types';

/** What a provider needs, secrets included. */
export type DnsProviderSpec =
  | {
    readonly type: 'route53';
    /** Zones by ID with their names; none: the provider finds each record's zone. Several: routed by name. */
    readonly zones: readonly { readonly id: string; readonly name: string }[];
  }
  | { readonly type: 'cloudflare'; readonly apiToken: string; readonly zoneId?: string }
  | { readonly type: 'rfc2136'; readonly server: string; readonly zone?: string; readonly tsig: TsigKey };

export function createDnsProvider(spec: DnsProviderSpec): DnsProvider {
  switch (spec.type) {
    case 'route53': {
      const { Route53DnsProvider } = require('./route53-provider') as typeof import('./route53-provider');
      if (spec.zones.length === 0) return new Route53DnsProvider();
      const { ZoneRouter } = require('../handler/zone-router') as typeof import('../handler/zone-router');
      const zones = spec.zones.map(z => ({ zoneName: z.name, provider: new Route53DnsProvider({ hostedZoneId: z.id }) }));
      // A zone whose name was unknown at synthesis (imported by ID) can only be used alone.
      return zones.length === 1 ? zones[0].provider : new ZoneRouter('Route53', zones);
    }
    case 'cloudflare': {
      const { CloudflareDnsProvider } = require('./cloudflare-provider') as typeof import('./cloudflare-provider');
      return new CloudflareDnsProvider({ apiToken: spec.apiToken, zoneId: spec.zoneId });
    }
    case 'rfc2136': {
      const { Rfc2136DnsProvider } = require('./rfc2136-provider') as typeof import('./rfc2136-provider');
      return new Rfc2136DnsProvider({ server: spec.server, zone: spec.zone, tsig: spec.tsig });
    }
  }
}

/**
 * A TSIG key whose algorithm is given in either spelling (`hmac-sha256` as BIND writes it, `HMACSHA256` as
 * cert-manager and `TsigAlgorithm` do); an algorithm cdk-certkit does not support throws, naming it.
 */
export function tsigKey(name: string, algorithm: string, secret: string): TsigKey {
  const parsed = parseTsigAlgorithm(algorithm);
  if (parsed === undefined) {
    throw new Error(`TSIG algorithm '${algorithm}' is not ${TSIG_WIRE_NAMES.join(' or ')}: ${tsigAlgorithmProblem(algorithm)}`);
  }
  return { name, algorithm: tsigWireName(parsed), secret };
}

/** The spec for AcmeCertificate's settings; credentials come from Secrets Manager through `secret`. */
export async function specFromConfig(config: DnsConfig, secret: (arn: string, field: string) => Promise<string>): Promise<DnsProviderSpec> {
  switch (config.type) {
    case 'route53':
      return { type: 'route53', zones: config.zones };
    case 'cloudflare':
      return { type: 'cloudflare', apiToken: await secret(config.apiTokenSecretArn, 'apiToken') };
    case 'rfc2136':
      return {
        type: 'rfc2136',
        server: formatHostPort(config.server, config.port), // an IPv6 host in brackets
        tsig: tsigKey(config.keyName, config.algorithm, await secret(config.keySecretArn, 'secret')),
      };
  }
}

/** The provider for AcmeCertificate's settings (what the renewal function runs). */
export async function dnsProviderFromConfig(config: DnsConfig, secret: (arn: string, field: string) => Promise<string>): Promise<DnsProvider> {
  return createDnsProvider(await specFromConfig(config, secret));
}
