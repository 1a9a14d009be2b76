import { promises as dns } from 'node:dns';
import { Rfc2136DnsProvider } from '../../../src/runtime/dns/rfc2136-provider';
import { waitUntilVisible, zoneNameServers } from '../../../src/runtime/dns/txt-visibility';
import { DnsProvider } from '../../../src/runtime/types';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';
import { FakeTxtServer, startFakeTxtServer } from '../support/fake-txt-server';

afterEach(() => jest.restoreAllMocks());

describeWithAcmeServers('waiting for TXT records on the authoritative server (BIND9)', () => {
  let servers: AcmeServers;
  let bind: Rfc2136DnsProvider;
  let address: string;
  beforeAll(async () => {
    servers = await startAcmeServers();
    address = `${servers.dnsServer.host}:${servers.dnsServer.port}`;
    bind = new Rfc2136DnsProvider({ server: address, tsig: servers.tsig });
  });
  afterAll(() => servers?.stop());

  test('resolves once every value shows, polling until then', async () => {
    const fqdn = `_acme-challenge.later.${servers.zone}`;
    const records = [{ fqdn, value: 'one' }, { fqdn, value: 'two' }];
    let polls = 0;
    const waiting = waitUntilVisible(records, bind, { timeoutMs: 10_000, sleep: async () => { polls++; await new Promise(r => setImmediate(r)); } });
    while (polls < 2) await new Promise(r => setTimeout(r, 5));
    await bind.publish(records);
    await expect(waiting).resolves.toEqual([address]);
    await bind.remove(records);
  });

  test('names the record, the server and what is missing when time runs out', async () => {
    const fqdn = `_acme-challenge.half.${servers.zone}`;
    await bind.publish([{ fqdn, value: 'present' }]);
    try {
      await expect(waitUntilVisible([{ fqdn, value: 'present' }, { fqdn, value: 'absent' }], bind, { timeoutMs: 200 }))
        .rejects.toThrow(`${fqdn}: TXT record not visible at ${address} within 0.2 s (1 of 2 values missing)`);
    } finally {
      await bind.remove([{ fqdn, value: 'present' }]);
    }
    await expect(waitUntilVisible([{ fqdn, value: 'x' }], bind, { timeoutMs: 100 })).rejects.toThrow(/within 0\.1 s \(ENOTFOUND\)$/);
  });

  test('server host names are resolved to addresses, IPv4 preferred', async () => {
    const fqdn = `_acme-challenge.named.${servers.zone}`;
    await bind.publish([{ fqdn, value: 'v' }]);
    // IPv4 is preferred: no server listens on ::1 here.
    jest.spyOn(dns, 'lookup').mockImplementation((async () => [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }]) as unknown as typeof dns.lookup);
    const byName: DnsProvider = {
      name: 'named',
      publish: async () => undefined,
      remove: async () => undefined,
      authoritativeServers: async () => [`ns1.${servers.zone}:${servers.dnsServer.port}`],
    };
    await expect(waitUntilVisible([{ fqdn, value: 'v' }], byName, { timeoutMs: 5_000 })).resolves.toEqual([address]);
    expect(dns.lookup).toHaveBeenCalledWith(`ns1.${servers.zone}`, { all: true });
    await bind.remove([{ fqdn, value: 'v' }]);
  });
});

describe('finding the name servers without the provider', () => {
  const fail = (code: string) => Object.assign(new Error(code), { code });

  test('walks up from the record name to the closest zone cut with NS records', async () => {
    const resolveNs = jest.spyOn(dns, 'resolveNs').mockImplementation(async name => {
      if (name === 'example.com') return ['ns1.example.net', 'ns2.example.net'];
      throw fail(name.startsWith('_acme') ? 'ENOTFOUND' : 'ENODATA');
    });
    expect(await zoneNameServers('_acme-challenge.www.example.com')).toEqual(['ns1.example.net', 'ns2.example.net']);
    expect(resolveNs.mock.calls.map(c => c[0])).toEqual(['_acme-challenge.www.example.com', 'www.example.com', 'example.com']);
  });

  test('a failing lookup or no NS at all is an error naming the record', async () => {
    jest.spyOn(dns, 'resolveNs').mockRejectedValue(fail('ESERVFAIL'));
    await expect(zoneNameServers('_acme-challenge.example.com')).rejects.toThrow('_acme-challenge.example.com: NS lookup failed (ESERVFAIL)');
    jest.spyOn(dns, 'resolveNs').mockRejectedValue(fail('ENOTFOUND'));
    await expect(zoneNameServers('_acme-challenge.example.com')).rejects.toThrow('_acme-challenge.example.com: no NS records found for it or any parent');
  });
});

describe('when one record fails', () => {
  let fake: FakeTxtServer;
  beforeEach(async () => { fake = await startFakeTxtServer(); });
  afterEach(() => fake.close());

  test('the other records stop polling once the wait has failed', async () => {
    let sleeps = 0;
    const settle = () => new Promise(r => setTimeout(r, 200));
    const provider: DnsProvider = {
      ...fake.provider,
      authoritativeServers: async fqdn => {
        if (fqdn === '_acme-challenge.ok.example') return fake.provider.authoritativeServers!(fqdn);
        while (sleeps < 3) await new Promise(r => setImmediate(r)); // fail while the other record is being polled
        throw new Error(`${fqdn}: no authoritative name server found`);
      },
    };
    const records = [{ fqdn: '_acme-challenge.ok.example', value: 'never published' }, { fqdn: '_acme-challenge.bad.example', value: 'v' }];
    const sleep = async () => { sleeps++; await new Promise(r => setImmediate(r)); };
    await expect(waitUntilVisible(records, provider, { timeoutMs: 30_000, sleep })).rejects.toThrow('_acme-challenge.bad.example: no authoritative name server found');
    await settle();
    const afterFailure = sleeps;
    await settle();
    expect(sleeps).toBe(afterFailure);
  });
});
