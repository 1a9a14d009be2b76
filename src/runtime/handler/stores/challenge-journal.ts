// The TXT records a run published and has not removed yet, kept in the lock table next to the lock (item
// `<certificateId>#challenges`, no expiry). Written before a record is published and cleared after it is removed, so
// a run stopped in between (a killed Lambda) leaves a note the next run acts on. Uses only PutItem and DeleteItem,
// the two calls the function may make on the table: reading is a conditional put that fails and returns the item.
import type { DnsProvider, TxtRecord } from '../../types';
import { AwsClients, errorName, sdk } from '../aws-clients';
import type { Logger } from '../log';

export class ChallengeJournal {
  private readonly key: string;

  constructor(private readonly clients: AwsClients, private readonly table: string, certificateId: string) {
    this.key = `${certificateId}#challenges`;
  }

  /** The records an earlier run left behind (empty when there are none). */
  async leftovers(): Promise<TxtRecord[]> {
    const { PutItemCommand } = sdk.dynamodb();
    try {
      // Succeeds only when there is no note at all; it then leaves an empty one, which means the same.
      await this.clients.dynamodb().send(new PutItemCommand({
        TableName: this.table,
        Item: { lockId: { S: this.key }, records: { S: '[]' } },
        ConditionExpression: 'attribute_not_exists(lockId)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
      return [];
    } catch (e) {
      if (errorName(e) !== 'ConditionalCheckFailedException') throw e;
      return parse((e as { Item?: { records?: { S?: string } } }).Item?.records?.S);
    }
  }

  /** Replaces the note with `records` (all that may be in DNS now). */
  async write(records: readonly TxtRecord[]): Promise<void> {
    const { PutItemCommand } = sdk.dynamodb();
    await this.clients.dynamodb().send(new PutItemCommand({
      TableName: this.table,
      Item: { lockId: { S: this.key }, records: { S: JSON.stringify(records.map(r => ({ fqdn: r.fqdn, value: r.value }))) } },
    }));
  }
}

function parse(text: string | undefined): TxtRecord[] {
  try {
    const list = JSON.parse(text ?? '[]');
    return Array.isArray(list) ? list.filter(r => typeof r?.fqdn === 'string' && typeof r?.value === 'string') : [];
  } catch {
    return [];
  }
}

const key = (r: TxtRecord) => `${r.fqdn}\n${r.value}`;

/**
 * The provider with every publish noted in the journal first (a publish whose note cannot be written does not
 * happen) and every removal taken off it afterwards (a note that cannot be updated only makes the next run remove
 * records that are already gone, which providers accept).
 */
export function journaled(dns: DnsProvider, journal: ChallengeJournal, log: Logger, outstanding: readonly TxtRecord[] = []): DnsProvider {
  const open = new Map(outstanding.map(r => [key(r), r]));
  return {
    name: dns.name,
    authoritativeServers: dns.authoritativeServers && (fqdn => dns.authoritativeServers!(fqdn)),
    async publish(records) {
      const next = new Map(open);
      for (const r of records) next.set(key(r), r);
      await journal.write([...next.values()]);
      for (const r of records) open.set(key(r), r);
      await dns.publish(records);
    },
    async remove(records) {
      await dns.remove(records);
      for (const r of records) open.delete(key(r));
      await journal.write([...open.values()])
        .catch(e => log.warn('could not update the note of published TXT records; the next run removes them again', { error: e }));
    },
  };
}
