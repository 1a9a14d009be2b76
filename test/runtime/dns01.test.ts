import { createHash, generateKeyPairSync } from 'node:crypto';
import { FakeTxtServer, startFakeTxtServer } from './support/fake-txt-server';
import { AcmeSession } from '../../src/runtime/acme/acme-session';
import { accountKeyFromPem } from '../../src/runtime/acme/jws';
import { AcmeError } from '../../src/runtime/acme/problem';
import { AcmeAuthorization } from '../../src/runtime/acme/resources';
import { DnsError } from '../../src/runtime/dns/dns-errors';
import { outsideZonesError } from '../../src/runtime/dns/zones';
import { Dns01Task, dns01Tasks, PublishedRecords, publishAndValidate, removePublished, removeRecords } from '../../src/runtime/dns01';
import { IssueError } from '../../src/runtime/issue-error';
import { DnsProvider, TxtRecord } from '../../src/runtime/types';

describe('tasks from authorizations', () => {
  const account = accountKeyFromPem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const authz = (value: string, extra: Partial<AcmeAuthorization> = {}): { url: string; authz: AcmeAuthorization } => ({
    url: `https://ca.example/authz/${value}`,
    authz: {
      identifier: { type: 'dns', value },
      status: 'pending',
      challenges: [
        { type: 'http-01', url: 'https://ca.example/chall/http', token: 'h', status: 'pending' },
        { type: 'dns-01', url: `https://ca.example/chall/${value}`, token: `token-${value}`, status: 'pending' },
      ],
      ...extra,
    },
  });

  test('one dns-01 record per pending authorization; a wildcard shares the apex record name; valid ones are skipped', () => {
    const lines: string[] = [];
    const tasks = dns01Tasks(account, [authz('example.com'), authz('example.com', { wildcard: true }), authz('www.example.com', { status: 'valid' })],
      l => lines.push(l));
    const value = createHash('sha256').update(`token-example.com.${account.thumbprint}`).digest('base64url');
    expect(tasks).toEqual([
      {
        name: 'example.com',
        authorizationUrl: 'https://ca.example/authz/example.com',
        challengeUrl: 'https://ca.example/chall/example.com',
        record: { fqdn: '_acme-challenge.example.com', value },
      },
      {
        name: '*.example.com',
        authorizationUrl: 'https://ca.example/authz/example.com',
        challengeUrl: 'https://ca.example/chall/example.com',
        record: { fqdn: '_acme-challenge.example.com', value },
      },
    ]);
    expect(lines).toEqual(['example.com: dns-01 via TXT _acme-challenge.example.com', '*.example.com: dns-01 via TXT _acme-challenge.example.com',
      'www.example.com: authorization already valid']);
  });

  test('an invalid authorization fails with its problem type; one without dns-01 fails saying so', () => {
    const invalid = authz('bad.example', {
      status: 'invalid',
      challenges: [{
        type: 'dns-01',
        url: 'u',
        token: 't',
        status: 'invalid',
        error: { type: 'urn:ietf:params:acme:error:caa', detail: 'CAA forbids' },
      }],
    });
    expect(() => dns01Tasks(account, [invalid], () => undefined)).toThrow(new IssueError('bad.example: authorization is invalid', []));
    expect(() => dns01Tasks(account, [invalid], () => undefined)).toThrow(expect.objectContaining({ problemType: 'urn:ietf:params:acme:error:caa' }));
    const httpOnly = authz('http.example', { challenges: [{ type: 'http-01', url: 'u', token: 't', status: 'pending' }] });
    expect(() => dns01Tasks(account, [httpOnly], () => undefined)).toThrow('http.example: the CA offers no dns-01 challenge');
  });
});

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

test('a permanent error (a rejected TSIG signature) is not retried: one attempt, then the warning, on warn', async () => {
  const progress: string[] = [];
  const warned: string[] = [];
  let calls = 0;
  const dns: DnsProvider = {
    name: 'bind',
    publish: async () => undefined,
    remove: async () => {
      calls++;
      throw new DnsError('DNS server 127.0.0.1:53 (key k): the server rejected our TSIG signature (BADSIG), NOTAUTH', { permanent: true });
    },
  };
  const started = Date.now();
  const warnings = await removeRecords(dns, records, l => progress.push(l), { warn: l => warned.push(l) });
  expect(Date.now() - started).toBeLessThan(100);
  expect(calls).toBe(1);
  expect(warnings).toEqual(['TXT records may remain at _acme-challenge.a.example: DNS server 127.0.0.1:53 (key k): '
    + 'the server rejected our TSIG signature (BADSIG), NOTAUTH']);
  expect(warned).toEqual([`dns: ${warnings[0]}`]);
  expect(progress).toEqual([]);
});

test('retry lines go to warn as well; the success line stays progress', async () => {
  const progress: string[] = [];
  const warned: string[] = [];
  await removeRecords(flaky(1), records, l => progress.push(l), { warn: l => warned.push(l), sleep: async () => undefined });
  expect(warned).toEqual(['dns: removing TXT records failed (DNS server 127.0.0.1:53: ECONNREFUSED); retrying in 250 ms']);
  expect(progress).toEqual(['dns: removed 2 TXT value(s)']);
});

describe('what cleanup removes: only what may have been published', () => {
  const failing = (error: Error): DnsProvider & { removed: TxtRecord[][] } => {
    const removed: TxtRecord[][] = [];
    return { name: 'failing', removed, publish: async () => { throw error; }, remove: async r => { removed.push([...r]); } };
  };
  const published = async (dns: DnsProvider) => {
    const ledger = new PublishedRecords();
    await ledger.publish(dns, records).catch(() => undefined);
    const lines: string[] = [];
    const warnings = await removePublished(dns, ledger, l => lines.push(l));
    return { ledger, lines, warnings };
  };

  test('a name in no zone: nothing was published, nothing is removed, no line', async () => {
    const dns = failing(outsideZonesError('DNS server 127.0.0.1:53', [records[0]]));
    const { ledger, lines, warnings } = await published(dns);
    expect(ledger.records).toEqual([]);
    expect(dns.removed).toEqual([]);
    expect(lines).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test('a server that refused part of the records: the rest is removed', async () => {
    const dns = failing(new DnsError('refused', { permanent: true, notPublished: [records[1]] }));
    const { lines } = await published(dns);
    expect(dns.removed).toEqual([[records[0]]]);
    expect(lines).toEqual(['dns: removed 1 TXT value(s)']);
  });

  test('a failure that says nothing (a timeout): everything may be there and is removed', async () => {
    const dns = failing(new Error('DNS server 127.0.0.1:53: ETIMEDOUT'));
    await published(dns);
    expect(dns.removed).toEqual([records]);
  });

  test('a publish still in flight is waited for before removing', async () => {
    const order: string[] = [];
    let finish: () => void = () => undefined;
    const dns: DnsProvider = {
      name: 'slow',
      publish: () => new Promise<void>(resolve => { finish = () => { order.push('published'); resolve(); }; }),
      remove: async () => { order.push('removed'); },
    };
    const ledger = new PublishedRecords();
    void ledger.publish(dns, records);
    const cleanup = removePublished(dns, ledger, () => undefined);
    await new Promise(r => setTimeout(r, 20));
    finish();
    await cleanup;
    expect(order).toEqual(['published', 'removed']);
  });
});

test('a removal that never answers is given up at the cleanup time, with a warning', async () => {
  const dns: DnsProvider = { name: 'hung', publish: async () => undefined, remove: () => new Promise<void>(() => undefined) };
  const started = Date.now();
  const warnings = await removeRecords(dns, records, () => undefined, { timeoutMs: 200, sleep: async () => undefined });
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(warnings).toEqual([expect.stringMatching(/^TXT records may remain at _acme-challenge\.a\.example: hung: no answer within 0\.\d+ s$/)]);
});

test('nothing to remove, nothing asked', async () => {
  const dns = flaky(0);
  expect(await removeRecords(dns, [], () => undefined)).toEqual([]);
  expect(dns.calls).toBe(0);
});

describe('answering the challenges', () => {
  const malformed = (detail: string) => new AcmeError({ type: 'urn:ietf:params:acme:error:malformed', detail }, 400);
  const task = (name: string): Dns01Task => ({
    name,
    authorizationUrl: `https://ca.example/authz/${name}`,
    challengeUrl: `https://ca.example/chall/${name}`,
    record: { fqdn: `_acme-challenge.${name}`, value: `value-${name}` },
  });
  /** A session whose challenge POSTs fail for `failing` names; every other authorization turns valid. */
  const session = (failing: string[]) => ({
    post: async (url: string) => {
      const name = url.split('/').pop()!;
      if (failing.includes(name)) throw malformed(`challenge for ${name} refused`);
      return { body: {} };
    },
    poll: async () => ({ status: 'valid' }),
  }) as unknown as AcmeSession;

  let fake: FakeTxtServer;
  beforeEach(async () => { fake = await startFakeTxtServer(); });
  afterEach(() => fake.close());

  test('a CA error on one challenge names that name and the problem type, not the whole order', async () => {
    const error = await publishAndValidate(session(['b.example']), [task('a.example'), task('b.example')], fake.provider, () => undefined,
      { timeoutMs: 5_000 }).catch(e => e);
    expect(error).toBeInstanceOf(IssueError);
    expect(error.message).toBe('b.example: urn:ietf:params:acme:error:malformed: challenge for b.example refused');
    expect(error.names).toEqual(['b.example']);
    expect(error.problemType).toBe('urn:ietf:params:acme:error:malformed');
  });

  test('CA errors on several challenges name each name', async () => {
    const error = await publishAndValidate(session(['a.example', 'b.example']), [task('a.example'), task('b.example')], fake.provider,
      () => undefined, { timeoutMs: 5_000 }).catch(e => e);
    expect(error).toBeInstanceOf(IssueError);
    expect(error.message).toBe('a.example: urn:ietf:params:acme:error:malformed: challenge for a.example refused; '
      + 'b.example: urn:ietf:params:acme:error:malformed: challenge for b.example refused');
    expect(error.names).toEqual(['a.example', 'b.example']);
    expect(error.problemType).toBe('urn:ietf:params:acme:error:malformed');
  });
});
