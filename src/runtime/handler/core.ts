// The part of the ACME runtime core the handler calls, as one seam: the Lambda entry wires the real core,
// tests may wire a stand-in CA when they are not about issuance.
import type { DnsProvider, IssuedCertificate, IssueRequest, RenewalDecision } from '../types';
import type { DnsConfig } from './config';

export interface AcmeCore {
  issue(request: IssueRequest): Promise<IssuedCertificate>;
  /** ARI when the CA offers it, else one third of the lifetime left. */
  decideRenewal(certificatePem: string, ca: { readonly directoryUrl: string; readonly caBundlePem?: string }): Promise<RenewalDecision>;
  /** A new ACME account key, PEM. */
  newAccountKeyPem(): Promise<string>;
  /** Builds the DNS provider; `secret` reads a Secrets Manager value (plain, or the named JSON field). */
  dnsProvider(config: DnsConfig, secret: (arn: string, field: string) => Promise<string>): Promise<DnsProvider>;
}
