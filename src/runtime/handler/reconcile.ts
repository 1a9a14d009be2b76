// One run: find the newest usable certificate (current, staged by an earlier run, or backed up), issue only when
// the core says so, then publish it to every store in an order that never leaves a half-replaced state:
//   1. S3 backup (new object version; nothing replaced) and the secret as AWSPENDING (consumers still see AWSCURRENT);
//   2. ACM re-import into the same ARN (the first replacement; if it fails, everything old is still in place);
//   3. the secret's AWSCURRENT moves to the new version, then the SSM parameters.
// A later run resumes a staged or backed-up certificate instead of ordering again (rate limits).
import type { AwsClients } from './aws-clients';
import { CertificateRecord, matchesRequest, recordFromIssued } from './certificate-record';
import type { HandlerConfig } from './config';
import type { AcmeCore } from './core';
import type { Logger } from './log';
import { secretReader } from './secret-values';
import { AccountKeyStore } from './stores/account-key';
import { AcmStore } from './stores/acm';
import { BackupStore } from './stores/backup';
import { CertificateSecret } from './stores/certificate-secret';
import { ParameterStore } from './stores/parameters';

export type Outcome = 'fresh' | 'issued' | 'restored' | 'republished';

export interface RunResult {
  readonly outcome: Outcome;
  readonly reason: string;
  readonly serial: string;
  readonly notAfter: Date;
  readonly acmCertificateArn: string;
}

export interface RunContext {
  readonly config: HandlerConfig;
  readonly clients: AwsClients;
  readonly core: AcmeCore;
  readonly log: Logger;
  readonly now: () => Date;
}

/** What a run learned before it ended, kept for metrics and CloudFormation answers even when it fails. */
export interface RunProgress {
  step: string;
  notAfter?: Date;
  acmCertificateArn?: string;
  /**
   * Set once CloudFormation got a FAILED answer for this run (deadline): the run stops at its next step, so it never
   * replaces or creates anything behind CloudFormation's back. Only the S3 backup of an issued certificate is still
   * written, so the next run restores it instead of ordering again.
   */
  abandoned?: boolean;
}

export class Reconciler {
  private readonly secret: CertificateSecret;
  private readonly acm: AcmStore;
  private readonly backup?: BackupStore;
  private readonly parameters?: ParameterStore;

  constructor(private readonly ctx: RunContext, private readonly progress: RunProgress = { step: 'starting' }) {
    const { config, clients } = ctx;
    this.secret = new CertificateSecret(clients, config.certificateSecretArn, config.secretChain);
    this.acm = new AcmStore(clients, config.acmChain, config.acmTag);
    this.backup = config.backup && new BackupStore(clients, config.backup.bucket, config.backup.key);
    this.parameters = config.parameters && new ParameterStore(clients, config.parameters, config.secretChain);
  }

  async run(force = false): Promise<RunResult> {
    const current = await this.step('reading the current certificate', () => this.secret.read('AWSCURRENT'));
    this.progress.notAfter = current?.notAfter;
    this.progress.acmCertificateArn = current?.acmCertificateArn;
    let chosen = this.usable(current);
    let decision = chosen && !force ? await this.decide(chosen) : undefined;
    let outcome: Outcome = 'fresh';
    if (!chosen || !decision || decision.renew) {
      const earlier = await this.earlierCandidate(current, force);
      if (earlier) {
        [chosen, decision, outcome] = [earlier.record, earlier.decision, 'restored'];
      } else {
        chosen = await this.issue(decision?.certificateId);
        decision = { renew: false, reason: force ? 'renewal forced' : decision?.reason ?? 'no certificate yet' };
        outcome = 'issued';
      }
    }
    const republished = await this.publish(chosen, current);
    if (outcome === 'fresh' && republished) outcome = 'republished';
    const { serial, notAfter } = chosen;
    return { outcome, reason: decision.reason, serial, notAfter, acmCertificateArn: this.progress.acmCertificateArn! };
  }

  /** Deletes the ACM certificate a removed custom resource stood for (when configured to). */
  async remove(acmCertificateArn: string): Promise<void> {
    if (!this.ctx.config.deleteAcmCertificateOnRemoval || !/^arn:[^:]+:acm:/.test(acmCertificateArn)) return;
    const deleted = await this.step('deleting the ACM certificate', () => this.acm.delete(acmCertificateArn));
    if (!deleted) this.ctx.log.warn('ACM certificate still in use; left in place', { acmCertificateArn });
  }

  private usable(record: CertificateRecord | undefined): CertificateRecord | undefined {
    const { domains, keyType } = this.ctx.config;
    return record && matchesRequest(record, domains, keyType) && record.notAfter > this.ctx.now() ? record : undefined;
  }

  private decide(record: CertificateRecord) {
    return this.step('deciding on renewal', () => this.ctx.core.decideRenewal(record.certificatePem, { directoryUrl: this.ctx.config.directoryUrl, caBundlePem: this.ctx.config.caBundlePem }));
  }

  /** A certificate an earlier run staged or backed up that is newer than the current one and not due itself. */
  private async earlierCandidate(current: CertificateRecord | undefined, force: boolean) {
    if (force) return undefined;
    const found = [
      await this.step('reading the staged certificate', () => this.secret.read('AWSPENDING')),
      await this.step('reading the S3 backup', async () => this.backup?.read()),
    ].map(r => this.usable(r)).filter((r): r is CertificateRecord => !!r && r.serial !== current?.serial)
      .sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime());
    for (const record of found) {
      const decision = await this.decide(record);
      if (!decision.renew) return { record, decision };
    }
    return undefined;
  }

  /** Orders a certificate; `replaces` is the ARI id of the one it renews, so the CA can relax rate limits. */
  private async issue(replaces?: string): Promise<CertificateRecord> {
    const { config, clients, core, log } = this.ctx;
    const account = await this.step('reading the ACME account key', () => new AccountKeyStore(clients, config.accountKeySecretArn).getOrCreate(() => core.newAccountKeyPem()));
    if (account.created) log.info('created a new ACME account key');
    const secret = secretReader(clients);
    const dns = await this.step('preparing the DNS provider', () => core.dnsProvider(config.dns, secret));
    const eab = config.eab && { kid: config.eab.kid, hmacKey: await secret(config.eab.hmacKeySecretArn, 'hmacKey') };
    const issued = await this.step('ordering the certificate', () => core.issue({
      directoryUrl: config.directoryUrl,
      caBundlePem: config.caBundlePem,
      email: config.email,
      domains: config.domains,
      keyType: config.keyType,
      accountKeyPem: account.pem,
      externalAccountBinding: eab,
      replaces,
      dns,
      onProgress: line => {
        this.progress.step = line;
        log.info(line);
      },
    }));
    const record = recordFromIssued(issued);
    for (const warning of issued.warnings ?? []) log.warn(warning);
    log.info('certificate issued', { serial: record.serial, notAfter: record.notAfter.toISOString(), names: record.names });
    if (this.backup) await this.step('writing the S3 backup', () => this.backup!.write(record), true);
    return record;
  }

  /** Brings every store to `record`; returns whether anything had to be written. */
  private async publish(record: CertificateRecord, current: CertificateRecord | undefined): Promise<boolean> {
    const previousArn = current?.acmCertificateArn;
    const acmSerial = previousArn ? await this.step('reading the ACM certificate', () => this.acm.serialOf(previousArn)) : undefined;
    if (record.serial === current?.serial && acmSerial === record.serial) {
      this.progress.acmCertificateArn = previousArn;
      if (!this.parameters || await this.step('reading the SSM parameters', () => this.parameters!.holds(record))) return false;
      await this.step('writing the SSM parameters', () => this.parameters!.write(record));
      return true;
    }
    let arn: string;
    if (previousArn && acmSerial !== undefined && current?.keyType === record.keyType) {
      const version = await this.step('staging the secret', () => this.secret.stage({ ...record, acmCertificateArn: previousArn }));
      arn = await this.step('re-importing into ACM', () => this.acm.import(record, previousArn));
      this.progress.acmCertificateArn = arn;
      await this.step('promoting the secret', () => this.secret.promote(version));
    } else {
      // Nothing in ACM to replace (first run, certificate deleted, or a new key type ACM cannot re-import).
      if (previousArn && acmSerial === undefined) this.ctx.log.warn('ACM certificate is gone; importing a new one', { previousArn });
      arn = await this.step('importing into ACM', () => this.acm.import(record));
      this.progress.acmCertificateArn = arn;
      const version = await this.step('staging the secret', () => this.secret.stage({ ...record, acmCertificateArn: arn }));
      await this.step('promoting the secret', () => this.secret.promote(version));
    }
    this.progress.notAfter = record.notAfter;
    if (this.parameters) await this.step('writing the SSM parameters', () => this.parameters!.write(record));
    this.ctx.log.info('certificate published', { serial: record.serial, acmCertificateArn: arn });
    return true;
  }

  private async step<T>(name: string, work: () => Promise<T>, evenIfAbandoned = false): Promise<T> {
    if (this.progress.abandoned && !evenIfAbandoned) {
      throw new Error(`stopped before ${name}: CloudFormation already got a FAILED answer (last step: ${this.progress.step})`);
    }
    this.progress.step = name;
    return work();
  }
}
