// A handler wired to FakeAws and a stand-in CA (the core's real renewal decision and account keys, a local
// certificate factory instead of an ACME server), plus what the tests read back.
import { testCertificate, TestCertificateOptions } from './certificates';
import { newAccountKeyPem } from '../../../../src/runtime/acme/jws';
import { awsClients } from '../../../../src/runtime/handler/aws-clients';
import type { CfnAnswer, CfnEvent } from '../../../../src/runtime/handler/cfn-response';
import type { HandlerConfig } from '../../../../src/runtime/handler/config';
import type { AcmeCore } from '../../../../src/runtime/handler/core';
import { createHandler, HandlerDeps } from '../../../../src/runtime/handler/handler';
import { jsonLogger } from '../../../../src/runtime/handler/log';
import { decideRenewal } from '../../../../src/runtime/renewal';
import type { DnsProvider, IssueRequest, TxtRecord } from '../../../../src/runtime/types';

export const SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:certificate';
export const ACCOUNT_SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:account';

export const baseConfig: HandlerConfig = {
  certificateId: 'StackCert1234',
  domains: ['example.com', '*.example.com'],
  email: 'ops@example.com',
  directoryUrl: 'https://acme.example/directory',
  keyType: 'ec256',
  dns: { type: 'route53', zones: [{ id: 'Z123', name: 'example.com' }] },
  accountKeySecretArn: ACCOUNT_SECRET,
  certificateSecretArn: SECRET,
  secretChain: 'full',
  acmChain: 'full',
  acmTag: { key: 'cdk-certkit:certificate', value: 'StackCert1234' },
  deleteAcmCertificateOnRemoval: true,
  backup: { bucket: 'backups', key: 'cdk-certkit/example.com-ec256.json' },
  parameters: { certificate: '/certs/example/certificate', chain: '/certs/example/chain', fullchain: '/certs/example/fullchain' },
  lockTable: 'locks',
  metricsNamespace: 'CdkCertkit',
  issuanceTimeoutSeconds: 600,
};

/** A DNS zone in memory: which TXT values are published now, and every change. */
export class FakeDns implements DnsProvider {
  readonly name = 'stand-in';
  readonly published = new Set<string>();
  readonly removals: TxtRecord[][] = [];
  failRemovals = 0;

  async publish(records: readonly TxtRecord[]): Promise<void> {
    for (const r of records) this.published.add(`${r.fqdn} ${r.value}`);
  }

  async remove(records: readonly TxtRecord[]): Promise<void> {
    if (this.failRemovals > 0 && this.failRemovals--) throw new Error('injected: DNS server unreachable');
    this.removals.push([...records]);
    for (const r of records) this.published.delete(`${r.fqdn} ${r.value}`);
  }
}

/** Issues local certificates; `hold()` makes issuances wait until `release()`, to overlap runs. */
export class StandInCa {
  readonly requests: IssueRequest[] = [];
  /** Certificates handed out (a failed order is a request without one). */
  issued = 0;
  /** Age and lifetime of the next certificates. */
  next: Omit<TestCertificateOptions, 'names'> = {};
  failWith?: Error;
  /** Publishes one TXT record per name through the request's provider, and removes them unless `dieAfterPublish`. */
  readonly dns = new FakeDns();
  publishRecords = false;
  /** Stops like a killed function: after publishing, without removing anything. */
  dieAfterPublish = false;
  /** Called while "ordering" (to move a test clock). */
  whileOrdering?: () => void;
  private gate?: Promise<void>;
  private open?: () => void;

  hold(): void {
    this.gate = new Promise(resolve => (this.open = resolve));
  }

  release(): void {
    this.open?.();
  }

  core(): AcmeCore {
    return {
      issue: async request => {
        this.requests.push(request);
        const records = request.domains.map(d => ({ fqdn: `_acme-challenge.${d.replace(/^\*\./, '')}`, value: `v${this.requests.length}-${d}` }));
        if (this.publishRecords) await request.dns.publish(records);
        if (this.dieAfterPublish) throw new Error('injected: the function was stopped');
        request.onProgress?.('authorizations valid');
        await this.gate;
        this.whileOrdering?.();
        if (this.publishRecords) await request.dns.remove(records);
        if (this.failWith) throw this.failWith;
        const certificate = await testCertificate({ names: request.domains, keyType: request.keyType as 'ec256' | 'ec384', ...this.next });
        this.issued++;
        return { ...certificate, accountKeyPem: request.accountKeyPem! };
      },
      // The core's rule without a directory: one third of the lifetime (ARI needs a CA to ask).
      decideRenewal: async certificatePem => decideRenewal(certificatePem),
      newAccountKeyPem,
      dnsProvider: async () => this.dns,
    };
  }
}

export interface Harness {
  readonly handler: ReturnType<typeof createHandler>;
  readonly logs: string[];
  readonly answers: CfnAnswer[];
}

export function harness(ca: StandInCa, overrides: Partial<Omit<HandlerDeps, 'config'>> & { config?: Partial<HandlerConfig> } = {}): Harness {
  const logs: string[] = [];
  const answers: CfnAnswer[] = [];
  const handler = createHandler({
    clients: awsClients(),
    core: ca.core(),
    log: jsonLogger({ certificate: 'StackCert1234' }, line => logs.push(line)),
    respond: async (_event, answer) => {
      answers.push(answer);
    },
    sleep: async () => {},
    lockPollMs: 1,
    ...overrides,
    config: { ...baseConfig, ...overrides.config },
  });
  return { handler, logs, answers };
}

export function cfnEvent(requestType: CfnEvent['RequestType'], physicalResourceId?: string): CfnEvent {
  return {
    RequestType: requestType,
    ResponseURL: 'https://cloudformation-custom-resource-response.example/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/S/1',
    RequestId: 'request-1',
    LogicalResourceId: 'CertIssuance',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: {},
  };
}
