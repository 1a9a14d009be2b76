// The issuance core against a real ACME server (Pebble) and a real DNS server (BIND9).
import { issueCertificate } from '../../../src/runtime/issue';
import { IssueError } from '../../../src/runtime/issue-error';
import { KeyType } from '../../../src/runtime/types';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';
import { startFakeTxtServer } from '../support/fake-txt-server';
import { expectNoTxtLeft, expectValidCertificate, RecordingProvider, requestFor, rfc2136 } from '../support/issuance';

jest.setTimeout(60_000);

describeWithAcmeServers('issueCertificate against Pebble and BIND9', () => {
  let servers: AcmeServers;
  beforeAll(async () => { servers = await startAcmeServers(); });
  afterAll(() => servers?.stop());

  test('one name: a valid ECDSA P-256 certificate, progress per authorization, no TXT left', async () => {
    const lines: string[] = [];
    const dns = new RecordingProvider(rfc2136(servers));
    const issued = await issueCertificate(requestFor(servers, ['one.certkit.test'], lines, { dns }));
    await expectValidCertificate(servers, issued, ['one.certkit.test'], { type: 'ec', curve: 'prime256v1' });
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^account https:\/\/127\.0\.0\.1:\d+\/.+ \(registered\)$/),
      'one.certkit.test: dns-01 via TXT _acme-challenge.one.certkit.test',
      'one.certkit.test: valid',
      'dns: removed 1 TXT value(s)',
    ]));
    expect(dns.published.map(r => r.fqdn)).toEqual(['_acme-challenge.one.certkit.test']);
    await expectNoTxtLeft(servers, dns.published);
    expect(issued.warnings).toBeUndefined();
  });

  test('three names in one certificate, published together', async () => {
    const names = ['a.certkit.test', 'b.certkit.test', 'c.sub.certkit.test'];
    const lines: string[] = [];
    const dns = new RecordingProvider(rfc2136(servers));
    const publish = jest.spyOn(dns, 'publish');
    const issued = await issueCertificate(requestFor(servers, names, lines, { dns }));
    await expectValidCertificate(servers, issued, names, { type: 'ec', curve: 'prime256v1' });
    expect(publish).toHaveBeenCalledTimes(1);
    expect(dns.published).toHaveLength(3);
    for (const name of names) expect(lines).toContain(`${name}: valid`);
    await expectNoTxtLeft(servers, dns.published);
  });

  test('apex and wildcard share one _acme-challenge RRset holding both values', async () => {
    let served: string[] = [];
    const fqdn = `_acme-challenge.${servers.zone}`;
    const dns = new RecordingProvider(rfc2136(servers), async () => { served = await servers.txtRecords(fqdn); });
    const names = [servers.zone, `*.${servers.zone}`];
    const issued = await issueCertificate(requestFor(servers, names, [], { dns }));
    await expectValidCertificate(servers, issued, names, { type: 'ec', curve: 'prime256v1' });
    expect(dns.published.map(r => r.fqdn)).toEqual([fqdn, fqdn]);
    expect(served.sort()).toEqual(dns.published.map(r => r.value).sort());
    expect(new Set(served).size).toBe(2);
    await expectNoTxtLeft(servers, dns.published);
  });

  test.each<[KeyType, { type: 'ec' | 'rsa'; curve?: string; bits?: number }]>([
    ['ec384', { type: 'ec', curve: 'secp384r1' }],
    ['rsa2048', { type: 'rsa', bits: 2048 }],
    ['rsa3072', { type: 'rsa', bits: 3072 }],
    ['rsa4096', { type: 'rsa', bits: 4096 }],
  ])('key type %s', async (keyType, key) => {
    const name = `${keyType}.certkit.test`;
    const issued = await issueCertificate(requestFor(servers, [name], [], { keyType }));
    await expectValidCertificate(servers, issued, [name], key);
  });

  test('a second issuance reuses the account', async () => {
    const first: string[] = [];
    const second: string[] = [];
    const issued = await issueCertificate(requestFor(servers, ['acct.certkit.test'], first, { email: 'ops@certkit.test' }));
    const again = await issueCertificate(requestFor(servers, ['acct2.certkit.test'], second, { accountKeyPem: issued.accountKeyPem }));
    const accountOf = (lines: string[]) => lines.find(l => l.startsWith('account '))!.split(' ')[1];
    expect(first.find(l => l.startsWith('account '))).toMatch(/\(registered\)$/);
    expect(second.find(l => l.startsWith('account '))).toMatch(/\(reused\)$/);
    expect(accountOf(second)).toBe(accountOf(first));
    expect(again.accountKeyPem).toBe(issued.accountKeyPem);
    await expectValidCertificate(servers, again, ['acct2.certkit.test'], { type: 'ec', curve: 'prime256v1' });
  });

  test('a name outside the zone fails clearly and leaves nothing behind', async () => {
    const dns = new RecordingProvider(rfc2136(servers));
    const error = await issueCertificate(requestFor(servers, ['in.certkit.test', 'www.example.org'], [], { dns })).catch(e => e);
    expect(error).toBeInstanceOf(IssueError);
    expect(error.message).toBe('in.certkit.test, www.example.org: _acme-challenge.www.example.org: not in any zone DNS server '
      + `127.0.0.1:${servers.dnsServer.port} manages`);
    expect(error.message).not.toContain('\n');
    await expectNoTxtLeft(servers, dns.published);
  });

  test('a challenge the CA cannot validate fails naming the name and the ACME problem type', async () => {
    // The records are served by a server the CA does not ask, so the CA finds none in BIND.
    const fake = await startFakeTxtServer();
    try {
      const one = await issueCertificate(requestFor(servers, ['unseen.certkit.test'], [], { dns: fake.provider })).catch(e => e);
      expect(one).toBeInstanceOf(IssueError);
      expect(one.message).toMatch(/^unseen\.certkit\.test: urn:ietf:params:acme:error:unauthorized: [^;]+$/);
      expect(one.problemType).toBe('urn:ietf:params:acme:error:unauthorized');
      expect(one.names).toEqual(['unseen.certkit.test']);
      expect(fake.records).toEqual([]);

      const two = await issueCertificate(requestFor(servers, ['x.unseen.certkit.test', 'y.unseen.certkit.test'], [], { dns: fake.provider }))
        .catch(e => e);
      expect([...two.names].sort()).toEqual(['x.unseen.certkit.test', 'y.unseen.certkit.test']);
      expect(two.message.split('; ').map((part: string) => part.replace(/: urn:ietf:params:acme:error:unauthorized: .+$/, '')).sort())
        .toEqual(['x.unseen.certkit.test', 'y.unseen.certkit.test']);
      expect(fake.records).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  test('BIND stopped mid-issuance: a clear error, and once BIND is back no TXT record of ours remains', async () => {
    const lines: string[] = [];
    let restarted: Promise<void> | undefined;
    const dns = new RecordingProvider(rfc2136(servers), () => servers.stopBind());
    const request = requestFor(servers, ['down.certkit.test', 'down2.certkit.test'], lines, {
      dns,
      propagationTimeoutMs: 2_000,
      onProgress: line => {
        lines.push(line);
        if (line.startsWith('dns: removing TXT records failed')) restarted ??= servers.startBind();
      },
    });
    const error = await issueCertificate(request).catch(e => e);
    await restarted;
    expect(error.message).toMatch(new RegExp('^down\\.certkit\\.test, down2\\.certkit\\.test: _acme-challenge\\.down2?\\.certkit\\.test: '
      + `TXT record not visible at 127\\.0\\.0\\.1:${servers.dnsServer.port} within 2 s \\(ECONNREFUSED\\)$`));
    expect(lines).toContain('dns: removed 2 TXT value(s)');
    expect(dns.published).toHaveLength(2);
    await expectNoTxtLeft(servers, dns.published);
  });
});
