/* eslint-disable @typescript-eslint/no-require-imports */
// The runtime core behind the AcmeCore seam, each part loaded on first use: a run that finds a fresh certificate
// loads neither the ACME client nor a DNS provider, which keeps cold starts short.
import type { DnsConfig } from './config';
import type { AcmeCore } from './core';
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
  const { dnsProviderFromConfig } = require('../dns/provider-factory') as typeof import('../dns/provider-factory');
  return dnsProviderFromConfig(config, secret);
}
