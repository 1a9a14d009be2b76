// One run: find the newest usable certificate (current, staged by an earlier run, or backed up), issue only when
// the core says so, then bring every store to it. A valid certificate is never removed by a failed run, and a run
// places at most one order. The steps, in order:
//   1. TXT records an earlier run noted as published and never removed (a killed Lambda) are removed.
//   2. Read AWSCURRENT and AWSPENDING. A staged certificate newer than the current one is resumed (no new order);
//      else the current one, when not due; else a newer backup; else one order.
//   3. Ordering: each TXT record is noted in the lock table before it is published, and taken off once removed.
//   4. The issued certificate is staged as AWSPENDING at once, backup or not: its first durable copy, written before
//      anything else can fail (retried on any error; if that still fails it goes to the S3 backup when there is one).
//   5. ACM: re-import into the same ARN, or (nothing to re-import into, or a new key type) a new import.
//   6. SSM certificate, chain, full chain (the full chain last: it is what the next run checks).
//   7. S3 backup (after a failed first issuance it keeps the issued certificate: the rollback deletes the secret).
//   8. AWSCURRENT moves to the staged version: the commit. Nothing after it can undo the run.
// A failure in 5-8 rolls back what 5-7 changed (the previous certificate goes back into ACM, SSM and S3; a new ACM
// import is deleted), so every store keeps serving the previous certificate; the staged one stays for the next
// run, which resumes from step 5. If a rollback step fails too, the next run converges anyway: it rolls forward to
// the staged certificate, or finds its committed certificate missing from a store and writes it there.
// A run that has to stop (the run's deadline, or CloudFormation already answered FAILED) starts no new step except
// these salvage steps: staging an issued certificate (plus the S3 backup when CloudFormation may roll back and
// delete the secret) and the rollback.
import type { AwsClients } from './aws-clients';
import { CertificateRecord, matchesRequest, recordFromIssued } from './certificate-record';
import type { HandlerConfig } from './config';
import type { AcmeCore } from './core';
import type { Logger } from './log';
import { AWS_RETRY, retryCall } from './retry';
import { secretReader } from './secret-values';
import type { DnsProvider, RenewalDecision, TxtRecord } from '../types';
import { AccountKeyStore } from './stores/account-key';
import { AcmStore } from './stores/acm';
import { BackupStore } from './stores/backup';
import { CertificateSecret } from './stores/certificate-secret';
import { ChallengeJournal, journaled } from './stores/challenge-journal';
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
  /** Clients whose calls are retried within the run's budget (retry.ts). */
  readonly clients: AwsClients;
  readonly core: AcmeCore;
  readonly log: Logger;
  readonly now: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** No step starts after this; only salvage steps (staging, rollback) do. */
  readonly deadline?: Date;
  /** Not even a salvage step starts after this: the function is stopped soon after. */
  readonly hardDeadline?: Date;
}

/** What a run learned before it ended, kept for metrics and CloudFormation answers even when it fails. */
export interface RunProgress {
  step: string;
  notAfter?: Date;
  acmCertificateArn?: string;
  /**
   * Why the run must stop at its next step: CloudFormation already got a FAILED answer (its deadline), or the run's
   * own deadline passed. Only salvage steps run after that, so nothing is replaced or created behind CloudFormation's
   * back, yet an issued certificate is kept for the next run.
   */
  stopped?: string;
}

interface Plan {
  readonly record: CertificateRecord;
  readonly outcome: Outcome;
  readonly reason: string;
}

interface Undo {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

/** Tries for the first durable write after issuance, on any error: the certificate exists nowhere else yet. */
const STAGE_ATTEMPTS = 3;

export class Reconciler {
  private readonly secret: CertificateSecret;
  private readonly acm: AcmStore;
  private readonly journal: ChallengeJournal;
  private readonly backup?: BackupStore;
  private readonly parameters?: ParameterStore;
  private backupRead?: Promise<CertificateRecord | undefined>;
  private dns?: Promise<DnsProvider>;
  /** TXT records still in DNS from an earlier run (their removal failed again); kept in the note. */
  private outstanding: TxtRecord[] = [];

  constructor(private readonly ctx: RunContext, private readonly progress: RunProgress = { step: 'starting' }) {
    const { config, clients } = ctx;
    this.secret = new CertificateSecret(clients, config.certificateSecretArn, config.secretChain);
    this.acm = new AcmStore(clients, config.acmChain, config.acmTag);
    this.journal = new ChallengeJournal(clients, config.lockTable, config.certificateId);
    this.backup = config.backup && new BackupStore(clients, config.backup.bucket, config.backup.key);
    this.parameters = config.parameters && new ParameterStore(clients, config.parameters, config.secretChain);
  }

  async run(force = false): Promise<RunResult> {
    await this.removeLeftoverRecords();
    const current = await this.step('reading the current certificate', () => this.secret.read('AWSCURRENT'));
    this.progress.notAfter = current?.notAfter;
    this.progress.acmCertificateArn = current?.acmCertificateArn;
    const staged = await this.step('reading the staged certificate', () => this.secret.read('AWSPENDING'));
    const plan = await this.plan(current, staged, force);
    const wrote = await this.publish(plan.record, current);
    const outcome = plan.outcome === 'fresh' && wrote ? 'republished' : plan.outcome;
    const { serial, notAfter } = plan.record;
    return { outcome, reason: plan.reason, serial, notAfter, acmCertificateArn: this.progress.acmCertificateArn! };
  }

  /** Deletes the ACM certificate a removed custom resource stood for (when configured to). */
  async remove(acmCertificateArn: string): Promise<void> {
    // The lock table goes with the stack, and the note of TXT records with it.
    await this.removeLeftoverRecords().catch(e => this.ctx.log.warn('could not read the note of published TXT records', { error: e }));
    if (!this.ctx.config.deleteAcmCertificateOnRemoval || !/^arn:[^:]+:acm:/.test(acmCertificateArn)) return;
    const deleted = await this.step('deleting the ACM certificate', () => this.acm.delete(acmCertificateArn));
    if (!deleted) this.ctx.log.warn('ACM certificate still in use; left in place', { acmCertificateArn });
  }

  /** Step 2: which certificate the stores should hold after this run. */
  private async plan(current: CertificateRecord | undefined, staged: CertificateRecord | undefined, force: boolean): Promise<Plan> {
    const live = this.usable(current);
    const pending = !force ? this.newer(staged, current) : undefined;
    if (pending) {
      const decision = await this.decide(pending);
      if (!decision.renew) return { record: pending, outcome: 'restored', reason: decision.reason };
    }
    const decision = live && !force ? await this.decide(live) : undefined;
    if (live && decision && !decision.renew) return { record: live, outcome: 'fresh', reason: decision.reason };
    if (!force && this.backup) {
      const backedUp = this.newer(await this.readBackup(), current);
      const backupDecision = backedUp && await this.decide(backedUp);
      if (backedUp && backupDecision && !backupDecision.renew) return { record: backedUp, outcome: 'restored', reason: backupDecision.reason };
    }
    const record = await this.issue(decision?.certificateId, current);
    return { record, outcome: 'issued', reason: force ? 'renewal forced' : decision?.reason ?? 'no certificate yet' };
  }

  private usable(record: CertificateRecord | undefined): CertificateRecord | undefined {
    const { domains, keyType } = this.ctx.config;
    return record && matchesRequest(record, domains, keyType) && record.notAfter > this.ctx.now() ? record : undefined;
  }

  /** `candidate` when it is usable, not the current certificate, and newer than the current one (if that is usable). */
  private newer(candidate: CertificateRecord | undefined, current: CertificateRecord | undefined): CertificateRecord | undefined {
    const usable = this.usable(candidate);
    const live = this.usable(current);
    if (!usable || usable.serial === current?.serial) return undefined;
    const later = !live || usable.notAfter > live.notAfter || (+usable.notAfter === +live.notAfter && usable.notBefore > live.notBefore);
    return later ? usable : undefined;
  }

  private decide(record: CertificateRecord): Promise<RenewalDecision> {
    return this.step('deciding on renewal', () => this.ctx.core.decideRenewal(record.certificatePem, { directoryUrl: this.ctx.config.directoryUrl, caBundlePem: this.ctx.config.caBundlePem }));
  }

  private readBackup(): Promise<CertificateRecord | undefined> {
    return (this.backupRead ??= this.step('reading the S3 backup', async () => this.backup?.read()));
  }

  private dnsProvider(): Promise<DnsProvider> {
    const { config, clients, core } = this.ctx;
    return (this.dns ??= this.step('preparing the DNS provider', () => core.dnsProvider(config.dns, secretReader(clients))));
  }

  /** Step 1. A failure here is logged, not fatal: stale TXT values do not stop a new validation. */
  private async removeLeftoverRecords(): Promise<void> {
    const leftovers = await this.step('reading the note of published TXT records', () => this.journal.leftovers());
    if (leftovers.length === 0) return;
    this.ctx.log.warn('removing TXT records an earlier run published and did not remove', { records: leftovers.map(r => r.fqdn) });
    try {
      const dns = await this.dnsProvider();
      await this.step('removing leftover TXT records', () => dns.remove(leftovers));
      await this.step('clearing the note of published TXT records', () => this.journal.write([]));
    } catch (e) {
      this.outstanding = leftovers;
      this.ctx.log.warn('could not remove the leftover TXT records; the next run tries again', { error: e });
    }
  }

  /** Step 3-4: one order; `replaces` is the ARI id of the certificate it renews, so the CA can relax rate limits. */
  private async issue(replaces: string | undefined, current: CertificateRecord | undefined): Promise<CertificateRecord> {
    const { config, clients, core, log } = this.ctx;
    const account = await this.step('reading the ACME account key', () => new AccountKeyStore(clients, config.accountKeySecretArn).getOrCreate(() => core.newAccountKeyPem()));
    if (account.created) log.info('created a new ACME account key');
    const dns = journaled(await this.dnsProvider(), this.journal, log, this.outstanding);
    const eab = config.eab && { kid: config.eab.kid, hmacKey: await this.step('reading the EAB key', () => secretReader(clients)(config.eab!.hmacKeySecretArn, 'hmacKey')) };
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
      propagationTimeoutMs: this.propagationTimeoutMs(),
      onProgress: line => {
        this.progress.step = line;
        log.info(line);
      },
    }));
    const record = recordFromIssued(issued);
    for (const warning of issued.warnings ?? []) log.warn(warning);
    log.info('certificate issued', { serial: record.serial, notAfter: record.notAfter.toISOString(), names: record.names });
    await this.keep(record, current);
    return record;
  }

  /** The TXT wait gets at most half the time left before the deadline (120 s when there is plenty, 10 s at least). */
  private propagationTimeoutMs(): number {
    const left = this.ctx.deadline ? this.ctx.deadline.getTime() - this.ctx.now().getTime() : Infinity;
    return Math.max(10_000, Math.min(120_000, Math.floor(left / 2)));
  }

  /** Step 4: the issued certificate's first durable copy, before anything that can fail transiently. */
  private async keep(record: CertificateRecord, current: CertificateRecord | undefined): Promise<void> {
    const arn = current?.keyType === record.keyType ? current.acmCertificateArn : undefined;
    const budget = this.retryBudget(STAGE_ATTEMPTS);
    try {
      await this.salvage('staging the issued certificate', () =>
        retryCall('staging the issued certificate', () => this.secret.stage({ ...record, acmCertificateArn: arn }), budget, () => true));
    } catch (e) {
      const reason = (e as Error).message;
      if (!this.backup) throw new Error(`could not stage the issued certificate (serial ${record.serial}) in the secret, so it is lost: ${reason}`);
      await this.salvage('writing the issued certificate to the S3 backup', () => this.backup!.write(record));
      throw new Error(`could not stage the issued certificate in the secret (${reason}); it is kept in the S3 backup, which the next run restores`);
    }
    // CloudFormation answered FAILED: a rollback of a Create deletes the secret, the backup bucket stays.
    if (this.progress.stopped && this.backup) await this.salvage('writing the issued certificate to the S3 backup', () => this.backup!.write(record));
  }

  /**
   * Steps 5-8: brings every store to `record`; returns whether anything had to be written. For a certificate that is
   * not committed yet, a failure rolls the stores back to `current`.
   */
  private async publish(record: CertificateRecord, current: CertificateRecord | undefined): Promise<boolean> {
    const committed = !!current && current.serial === record.serial;
    const previous = committed ? undefined : current;
    const previousArn = current?.acmCertificateArn;
    const acmSerial = previousArn ? await this.step('reading the ACM certificate', () => this.acm.serialOf(previousArn)) : undefined;
    const undo: Undo[] = [];
    let wrote = false;
    let arn: string;
    let version: string | undefined;
    try {
      if (previousArn && acmSerial !== undefined && current!.keyType === record.keyType) {
        arn = previousArn;
        if (!committed) version = await this.step('staging the secret', () => this.secret.stage({ ...record, acmCertificateArn: arn }));
        // Before the call: a re-import that timed out may still have happened.
        if (previous) undo.push({ name: 'putting the previous certificate back into ACM', run: () => this.acm.import(previous, arn) });
        if (acmSerial !== record.serial) {
          await this.step(committed ? 'putting the current certificate back into ACM' : 're-importing into ACM', () => this.acm.import(record, arn));
          wrote = true;
        }
      } else {
        // Nothing in ACM to replace (first run, certificate deleted, or a new key type ACM cannot re-import).
        if (previousArn && acmSerial === undefined) this.ctx.log.warn('ACM certificate is gone; importing a new one', { previousArn });
        const imported = arn = await this.step('importing into ACM', () => this.acm.import(record));
        wrote = true;
        // Named in a failed Create's answer until it is deleted, so CloudFormation's rollback deletes it otherwise.
        this.progress.acmCertificateArn = imported;
        undo.push({
          name: 'deleting the ACM certificate this run imported',
          run: async () => {
            await this.acm.delete(imported);
            this.progress.acmCertificateArn = previousArn;
          },
        });
        version = await this.step('staging the secret', () => this.secret.stage({ ...record, acmCertificateArn: imported }));
      }
      if (this.parameters && (!committed || !await this.step('reading the SSM parameters', () => this.parameters!.holds(record)))) {
        // Before the writes: any of the three may fail. With no certificate before, what was there goes back.
        if (previous) undo.push({ name: 'putting the previous certificate back into SSM', run: () => this.parameters!.write(previous) });
        if (!current) {
          const before = await this.step('reading the SSM parameters', () => this.parameters!.read());
          undo.push({ name: 'putting the SSM parameters back', run: () => this.parameters!.restore(before) });
        }
        await this.step('writing the SSM parameters', () => this.parameters!.write(record));
        wrote = true;
      }
      if (this.backup && (!committed || (await this.readBackup())?.serial !== record.serial)) {
        // With no certificate before, the issued one stays in the backup after a failure: a failed Create's rollback
        // deletes the secret (and the staged version), the bucket stays, and a new deployment restores from it.
        if (previous) undo.push({ name: 'putting the previous certificate back into the S3 backup', run: () => this.backup!.write(previous) });
        await this.step('writing the S3 backup', () => this.backup!.write(record));
        wrote = true;
      }
      if (version) {
        await this.step('promoting the secret', () => this.secret.promote(version!));
        wrote = true;
      }
    } catch (e) {
      await this.rollBack(undo);
      throw e;
    }
    this.progress.acmCertificateArn = arn;
    this.progress.notAfter = record.notAfter;
    await this.secret.tidy().catch(e => this.ctx.log.warn('could not take AWSPENDING off the current secret version', { error: e }));
    if (wrote) this.ctx.log.info('certificate published', { serial: record.serial, acmCertificateArn: arn });
    return wrote;
  }

  /** Undoes steps 5-7, newest first; each failure is logged and the rest still run. */
  private async rollBack(undo: readonly Undo[]): Promise<void> {
    const failedAt = this.progress.step;
    for (const u of [...undo].reverse()) {
      try {
        await this.salvage(u.name, u.run);
      } catch (e) {
        this.ctx.log.error('rollback step failed; the next run repairs the store', { step: u.name, error: e });
      }
    }
    if (undo.length > 0) this.ctx.log.warn('rolled back to the previous certificate; the staged one is resumed by the next run', { failedAt });
    this.progress.step = failedAt;
  }

  private retryBudget(attempts: number) {
    return {
      ...AWS_RETRY,
      attempts,
      now: this.ctx.now,
      sleep: this.ctx.sleep ?? ((ms: number) => new Promise<void>(r => setTimeout(r, ms))),
      deadline: this.ctx.hardDeadline ?? new Date(8.64e15),
    };
  }

  private async step<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (!this.progress.stopped && this.ctx.deadline && this.ctx.now() >= this.ctx.deadline) {
      this.progress.stopped = `the run's deadline ${this.ctx.deadline.toISOString()} passed`;
    }
    if (this.progress.stopped) throw new Error(`stopped before ${name}: ${this.progress.stopped} (last step: ${this.progress.step})`);
    this.progress.step = name;
    return work();
  }

  /** A step that runs even when the run has to stop, as long as the function has time left. */
  private async salvage<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.ctx.hardDeadline && this.ctx.now() >= this.ctx.hardDeadline) throw new Error(`no time left for ${name}`);
    this.progress.step = name;
    return work();
  }
}
