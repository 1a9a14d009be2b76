/* eslint-disable @typescript-eslint/no-require-imports */
// The runtime core behind the AcmeCore seam, each part loaded on first use: a run that finds a fresh certificate
// loads neither the ACME client nor a DNS provider, which keeps cold starts short.
import type { AcmeCore } from './core';
import type { DnsConfig } from './config';
import type { DnsProvider } from '../types';
import type { TsigAlgorithm } from '../dns/tsig';

export function lazyAcmeCore(): AcmeCore {
  return {
    issue: () => Promise.reject(new Error('ACME issuance is not wired yet')),
    decideRenewal: (certificatePem, directoryUrl) =>
      (require('../renewal') as typeof import('../renewal')).decideRenewal(certificatePem, { directoryUrl }),
    newAccountKeyPem: () => (require('../acme/jws') as typeof import('../acme/jws')).newAccountKeyPem(),
    dnsProvider,
  };
}

async function dnsProvider(config: DnsConfig, secret: (arn: string, field: string) => Promise<string>): Promise<DnsProvider> {
  switch (config.type) {
    case 'rfc2136': {
      const { Rfc2136DnsProvider } = require('../dns/rfc2136-provider') as typeof import('../dns/rfc2136-provider');
      return new Rfc2136DnsProvider({
        server: `${config.server}:${config.port}`,
        tsig: { name: config.keyName, algorithm: config.algorithm as TsigAlgorithm, secret: await secret(config.keySecretArn, 'secret') },
      });
    }
    default:
      throw new Error(`DNS provider ${config.type} is not wired yet`);
  }
}
