// The certificate secret. A newly issued certificate is written as AWSPENDING at once (its first durable copy,
// invisible to consumers) and becomes AWSCURRENT last, after every other store took it: moving AWSCURRENT is the
// commit of a run (reconcile.ts).
import { createHash } from 'node:crypto';
import { AwsClients, errorName, sdk } from '../aws-clients';
import { CertificateRecord, fromStoredJson, toStoredJson } from '../certificate-record';
import type { ChainChoice } from '../config';

export type Stage = 'AWSCURRENT' | 'AWSPENDING';

export class CertificateSecret {
  private readonly staged = new Map<string, string>();
  private pendingOnCurrent?: string;

  constructor(private readonly clients: AwsClients, private readonly secretId: string, private readonly chain: ChainChoice) {}

  async read(stage: Stage): Promise<CertificateRecord | undefined> {
    const { GetSecretValueCommand } = sdk.secrets();
    try {
      const out = await this.clients.secrets().send(new GetSecretValueCommand({ SecretId: this.secretId, VersionStage: stage }));
      return fromStoredJson(out.SecretString);
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return undefined; // no such stage yet
      throw e;
    }
  }

  /**
   * Writes the record as AWSPENDING; returns the version id. Same record, same token: retries are idempotent, and a
   * record this run staged already is not written again.
   */
  async stage(record: CertificateRecord): Promise<string> {
    const { PutSecretValueCommand } = sdk.secrets();
    const json = JSON.stringify(toStoredJson(record, this.chain));
    const token = createHash('sha256').update(json).digest('hex').slice(0, 32);
    const staged = this.staged.get(token);
    if (staged) return staged;
    const out = await this.clients.secrets().send(new PutSecretValueCommand({
      SecretId: this.secretId, SecretString: json, ClientRequestToken: token, VersionStages: ['AWSPENDING'],
    }));
    const version = out.VersionId ?? token;
    this.staged.set(token, version);
    return version;
  }

  /**
   * Moves AWSCURRENT to `versionId`: the one call that commits a new certificate. Afterwards AWSPENDING is taken
   * off that version; a failure there is only logged by the caller (`tidy`), since a pending label on the current
   * version means nothing to the next run.
   */
  async promote(versionId: string): Promise<void> {
    const { DescribeSecretCommand, UpdateSecretVersionStageCommand } = sdk.secrets();
    const client = this.clients.secrets();
    const described = await client.send(new DescribeSecretCommand({ SecretId: this.secretId }));
    const stages = described.VersionIdsToStages ?? {};
    const current = Object.entries(stages).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
    if (current !== versionId) {
      await client.send(new UpdateSecretVersionStageCommand({
        SecretId: this.secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: versionId, RemoveFromVersionId: current,
      }));
    }
    this.pendingOnCurrent = stages[versionId]?.includes('AWSPENDING') ? versionId : undefined;
  }

  /** Takes AWSPENDING off the version `promote` made current, if it still carries it. */
  async tidy(): Promise<void> {
    const versionId = this.pendingOnCurrent;
    if (!versionId) return;
    const { UpdateSecretVersionStageCommand } = sdk.secrets();
    await this.clients.secrets().send(new UpdateSecretVersionStageCommand({ SecretId: this.secretId, VersionStage: 'AWSPENDING', RemoveFromVersionId: versionId }));
    this.pendingOnCurrent = undefined;
  }
}
