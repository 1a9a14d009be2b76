// The certificate secret. A new certificate is written as AWSPENDING first and becomes AWSCURRENT only after
// ACM took it, so consumers reading AWSCURRENT never see a certificate that failed elsewhere.
import { createHash } from 'node:crypto';
import { AwsClients, errorName, sdk } from '../aws-clients';
import { CertificateRecord, fromStoredJson, toStoredJson } from '../certificate-record';
import type { ChainChoice } from '../config';

export type Stage = 'AWSCURRENT' | 'AWSPENDING';

export class CertificateSecret {
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

  /** Writes the record as AWSPENDING; returns the version id. Same record, same token: retries are idempotent. */
  async stage(record: CertificateRecord): Promise<string> {
    const { PutSecretValueCommand } = sdk.secrets();
    const json = JSON.stringify(toStoredJson(record, this.chain));
    const token = createHash('sha256').update(json).digest('hex').slice(0, 32);
    const out = await this.clients.secrets().send(new PutSecretValueCommand({
      SecretId: this.secretId, SecretString: json, ClientRequestToken: token, VersionStages: ['AWSPENDING'],
    }));
    return out.VersionId ?? token;
  }

  /** Moves AWSCURRENT to `versionId` and takes AWSPENDING off it. */
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
    // A version staged again with the same content may be current already and no longer pending.
    if (stages[versionId]?.includes('AWSPENDING')) {
      await client.send(new UpdateSecretVersionStageCommand({ SecretId: this.secretId, VersionStage: 'AWSPENDING', RemoveFromVersionId: versionId }));
    }
  }
}
