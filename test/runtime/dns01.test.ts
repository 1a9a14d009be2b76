import { removeRecords } from '../../src/runtime/dns01';
import { DnsProvider, TxtRecord } from '../../src/runtime/types';

const records: TxtRecord[] = [{ fqdn: '_acme-challenge.a.example', value: 'v1' }, { fqdn: '_acme-challenge.a.example', value: 'v2' }];

function flaky(failures: number): DnsProvider & { calls: number } {
  const provider = {
    name: 'flaky',
    calls: 0,
    publish: async () => undefined,
    remove: async () => {
      if (provider.calls++ < failures) throw new Error('DNS server 127.0.0.1:53: ECONNREFUSED');
    },
  };
  return provider;
}

test('removal is retried with backoff while the DNS server fails', async () => {
  const lines: string[] = [];
  const waits: number[] = [];
  const dns = flaky(2);
  expect(await removeRecords(dns, records, l => lines.push(l), { sleep: async ms => { waits.push(ms); } })).toEqual([]);
  expect(dns.calls).toBe(3);
  expect(waits).toEqual([250, 500]);
  expect(lines).toEqual([
    'dns: removing TXT records failed (DNS server 127.0.0.1:53: ECONNREFUSED); retrying in 250 ms',
    'dns: removing TXT records failed (DNS server 127.0.0.1:53: ECONNREFUSED); retrying in 500 ms',
    'dns: removed 2 TXT value(s)',
  ]);
});

test('when time runs out the records are reported as a warning, not thrown', async () => {
  const lines: string[] = [];
  const warnings = await removeRecords(flaky(100), records, l => lines.push(l), { timeoutMs: 0 });
  expect(warnings).toEqual(['TXT records may remain at _acme-challenge.a.example: DNS server 127.0.0.1:53: ECONNREFUSED']);
  expect(lines).toEqual([`dns: ${warnings[0]}`]);
});

test('nothing to remove, nothing asked', async () => {
  const dns = flaky(0);
  expect(await removeRecords(dns, [], () => undefined)).toEqual([]);
  expect(dns.calls).toBe(0);
});
