// A lease in DynamoDB so that overlapping runs (schedule, deployment, on demand) never order twice.
// Chosen over reserved concurrency 1, which new accounts with a low concurrency quota cannot grant.
import { randomUUID } from 'node:crypto';
import { AwsClients, errorName, sdk } from './aws-clients';

export interface Lease {
  release(): Promise<void>;
}

export class RunLock {
  private readonly owner = randomUUID();

  constructor(
    private readonly clients: AwsClients,
    private readonly table: string,
    private readonly key: string,
    private readonly leaseSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes the lease, or returns undefined while another run holds an unexpired one. */
  async tryAcquire(): Promise<Lease | undefined> {
    const { PutItemCommand } = sdk.dynamodb();
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    try {
      await this.clients.dynamodb().send(new PutItemCommand({
        TableName: this.table,
        Item: { lockId: { S: this.key }, owner: { S: this.owner }, expiresAt: { N: String(nowSeconds + this.leaseSeconds) } },
        ConditionExpression: 'attribute_not_exists(lockId) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
      }));
    } catch (e) {
      if (errorName(e) === 'ConditionalCheckFailedException') return undefined;
      throw e;
    }
    return { release: () => this.release() };
  }

  /** Waits (polling) until the lease is free or `deadline` passes. */
  async acquire(deadline: Date, pollMs: number, sleep = (ms: number) => new Promise(r => setTimeout(r, ms))): Promise<Lease | undefined> {
    for (;;) {
      const lease = await this.tryAcquire();
      if (lease || this.now().getTime() + pollMs >= deadline.getTime()) return lease;
      await sleep(pollMs);
    }
  }

  private async release(): Promise<void> {
    const { DeleteItemCommand } = sdk.dynamodb();
    try {
      await this.clients.dynamodb().send(new DeleteItemCommand({
        TableName: this.table,
        Key: { lockId: { S: this.key } },
        ConditionExpression: '#owner = :me',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':me': { S: this.owner } },
      }));
    } catch (e) {
      if (errorName(e) !== 'ConditionalCheckFailedException') throw e; // expired and taken over: not ours to delete
    }
  }
}
