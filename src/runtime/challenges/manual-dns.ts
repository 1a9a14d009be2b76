// DNS-01 for a zone without an API: the records are printed for a person to create, the run waits until the
// authoritative servers serve them (or the person presses Enter), and afterwards says which records to delete.
import { waitUntilVisible, zoneNameServers } from '../dns/txt-visibility';
import type { DnsProviderTraits } from '../dns01';
import { DnsProvider, TxtRecord } from '../types';

/** How long a person gets to create the records, unless --propagation-timeout says otherwise. */
export const MANUAL_WAIT_MS = 1_800_000;

export interface ManualDnsOptions {
  /** Where the instructions go (the CLI: stdout, even with --quiet). */
  readonly print: (line: string) => void;
  /** Read for Enter, meaning "the records are there, go on"; absent: only the DNS check ends the wait. */
  readonly input?: NodeJS.ReadableStream;
  /** Authoritative servers (host:port) to ask; default the zone's NS records. */
  readonly servers?: readonly string[];
  /** How long to wait for the records. Default 30 minutes. */
  readonly timeoutMs?: number;
}

export class ManualDnsProvider implements DnsProvider, DnsProviderTraits {
  readonly name = 'manual DNS';
  readonly publishWaitsForVisibility = true;
  readonly removalIsManual = true;
  private waiting?: AbortController;

  constructor(private readonly options: ManualDnsOptions) {}

  async publish(records: readonly TxtRecord[]): Promise<void> {
    const print = this.options.print;
    print(`dns manual: create ${records.length === 1 ? 'this TXT record' : `these ${records.length} TXT records`}`
      + ' (several values on one name: one record each, same name):');
    for (const r of records) print(`dns manual: create ${r.fqdn}. TXT "${r.value}"`);
    const where = this.options.servers?.length ? this.options.servers.join(', ') : 'the zone\'s authoritative servers';
    print(`dns manual: waiting until ${where} serve ${records.length === 1 ? 'it' : 'them'}`
      + `${this.options.input ? ', or press Enter once created' : ''} (at most ${(this.options.timeoutMs ?? MANUAL_WAIT_MS) / 1000} s)`);
    const waiting = new AbortController();
    this.waiting = waiting;
    try {
      await Promise.race([
        waitUntilVisible(records, this, { timeoutMs: this.options.timeoutMs ?? MANUAL_WAIT_MS, signal: waiting.signal }),
        this.enter(waiting.signal),
      ]);
    } finally {
      waiting.abort();
    }
  }

  async remove(records: readonly TxtRecord[]): Promise<void> {
    this.waiting?.abort();
    const print = this.options.print;
    print(`dns manual: the CA is done with the records; delete ${records.length === 1 ? 'it' : 'them'} now:`);
    for (const r of records) print(`dns manual: delete ${r.fqdn}. TXT "${r.value}"`);
  }

  /** The servers given, else the zone's NS records. */
  async authoritativeServers(fqdn: string): Promise<string[]> {
    return this.options.servers?.length ? [...this.options.servers] : zoneNameServers(fqdn);
  }

  /** Resolves on the first line read from the input; never when there is none, or it ends. */
  private enter(signal: AbortSignal): Promise<void> {
    const input = this.options.input;
    if (!input) return new Promise(() => undefined);
    return new Promise(resolve => {
      const onData = (chunk: Buffer | string) => {
        if (!String(chunk).includes('\n')) return;
        done();
        this.options.print('dns manual: Enter pressed; asking the CA to validate');
        resolve();
      };
      const stream = input as NodeJS.ReadableStream & { ref?(): void; unref?(): void };
      const done = () => {
        input.removeListener('data', onData);
        signal.removeEventListener('abort', done);
        input.pause();
        // A terminal or pipe left open must not keep the finished command running.
        stream.unref?.();
      };
      input.on('data', onData);
      signal.addEventListener('abort', done, { once: true });
      stream.ref?.();
      input.resume();
    });
  }
}
