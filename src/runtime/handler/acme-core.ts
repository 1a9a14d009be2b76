/* eslint-disable @typescript-eslint/no-require-imports */
// The runtime core behind the AcmeCore seam, each part loaded on first use: a run that finds a fresh certificate
// loads neither the ACME client nor a DNS provider, which keeps cold starts short.
import type { DnsConfig } from './config';
import type { AcmeCore } from './core';
import type { TsigAlgorithm } from '../dns/tsig';
import type { DnsProvider } from '../types';

export function lazyAcmeCore(): AcmeCore {
  return {
    issue: request => (require('../issue') as typeof import('../issue')).issueCertificate(request),
    decideRenewal: (certificatePem, ca) => (require('../renewal') as typeof import('../renewal')).decideRenewal(certificatePem, ca),
    newAccountKeyPem: () => (require('../acme/jws') as typeof import('../acme/jws')).newAccountKeyPem(),
    dnsProvider,
  };
}

/** The core's provider for the construct's settings; credentials come from Secrets Manager through `secret`. */
export async function dnsProvider(config: DnsConfig, secret: (arn: string, field: string) => Promise<string>): Promise<DnsProvider> {
  switch (config.type) {
    case 'route53': {
      const { Route53DnsProvider } = require('../dns/route53-provider') as typeof import('../dns/route53-provider');
      const { ZoneRouter } = require('./zone-router') as typeof import('./zone-router');
      const zones = config.zones.map(z => ({ zoneName: z.name, provider: new Route53DnsProvider({ hostedZoneId: z.id }) }));
      // A zone whose name was unknown at synthesis (imported by ID) can only be used alone.
      return zones.length === 1 ? zones[0].provider : new ZoneRouter('Route53', zones);
    }
    case 'cloudflare': {
      const { CloudflareDnsProvider } = require('../dns/cloudflare-provider') as typeof import('../dns/cloudflare-provider');
      return new CloudflareDnsProvider({ apiToken: await secret(config.apiTokenSecretArn, 'apiToken') });
    }
    case 'rfc2136': {
      const { Rfc2136DnsProvider } = require('../dns/rfc2136-provider') as typeof import('../dns/rfc2136-provider');
      return new Rfc2136DnsProvider({
        server: `${config.server}:${config.port}`,
        tsig: { name: config.keyName, algorithm: config.algorithm as TsigAlgorithm, secret: await secret(config.keySecretArn, 'secret') },
      });
    }
  }
}
