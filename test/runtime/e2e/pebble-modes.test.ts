// Issuance against Pebble configured to misbehave or to demand more: nonce rejection, EAB, authorization reuse.
import { randomBytes } from 'node:crypto';
import { issueCertificate } from '../../../src/runtime/issue';
import { IssueError } from '../../../src/runtime/issue-error';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';
import { expectValidCertificate, RecordingProvider, requestFor, rfc2136 } from '../support/issuance';

jest.setTimeout(60_000);

describeWithAcmeServers('Pebble rejecting half of all nonces (PEBBLE_WFE_NONCEREJECT=50)', () => {
  let servers: AcmeServers;
  beforeAll(async () => { servers = await startAcmeServers({ nonceReject: 50 }); });
  afterAll(() => servers?.stop());

  test('every run still succeeds', async () => {
    for (let run = 1; run <= 5; run++) {
      const names = [`n${run}.certkit.test`, `*.n${run}.certkit.test`, `m${run}.certkit.test`];
      const issued = await issueCertificate(requestFor(servers, names));
      await expectValidCertificate(servers, issued, names, { type: 'ec', curve: 'prime256v1' });
    }
  });
});

describeWithAcmeServers('Pebble rejecting 90% of all nonces (PEBBLE_WFE_NONCEREJECT=90)', () => {
  let servers: AcmeServers;
  beforeAll(async () => { servers = await startAcmeServers({ nonceReject: 90 }); });
  afterAll(() => servers?.stop());

  test.each([
    ['the default retry counts', {}],
    ['no count bound at all (only time bounds)', { nonceAttempts: 100_000 }],
  ])('no run exceeds its time limit, with %s: each one succeeds, or fails on badNonce or the limit, within it', async (_, retry) => {
    const limitMs = 8_000;
    const outcomes: string[] = [];
    for (let run = 1; run <= 4; run++) {
      const names = [`r${run}.nr${Object.keys(retry).length}.certkit.test`, `*.r${run}.nr${Object.keys(retry).length}.certkit.test`];
      const started = Date.now();
      const result = await issueCertificate(requestFor(servers, names), { timeoutMs: limitMs, retry }).then(() => 'issued' as const, (e: IssueError) => e);
      const ms = Date.now() - started;
      // The limit, plus the bounded removal of published records (nothing to retry here: BIND is up).
      expect(ms).toBeLessThan(limitMs + 1_000);
      if (result === 'issued') {
        outcomes.push('issued');
      } else {
        expect(result).toBeInstanceOf(IssueError);
        expect(result.message).toMatch(/urn:ietf:params:acme:error:badNonce|gave up after 8 s/);
        outcomes.push(result.stoppedBy ?? 'badNonce');
      }
    }
    expect(outcomes).toHaveLength(4);
  });
});

describeWithAcmeServers('Pebble requiring External Account Binding', () => {
  const kid = 'kid-1';
  const hmacKey = randomBytes(32).toString('base64url');
  let servers: AcmeServers;
  beforeAll(async () => { servers = await startAcmeServers({ eabKeys: { [kid]: hmacKey } }); });
  afterAll(() => servers?.stop());

  test('an account bound with the right key is registered and used', async () => {
    const lines: string[] = [];
    const issued = await issueCertificate(requestFor(servers, ['eab.certkit.test'], lines, { externalAccountBinding: { kid, hmacKey } }));
    expect(lines.find(l => l.startsWith('account '))).toMatch(/\(registered\)$/);
    await expectValidCertificate(servers, issued, ['eab.certkit.test'], { type: 'ec', curve: 'prime256v1' });
  });

  test('without binding the CA refuses, and the error names the problem type', async () => {
    await expect(issueCertificate(requestFor(servers, ['noeab.certkit.test'])))
      .rejects.toThrow(/^noeab\.certkit\.test: urn:ietf:params:acme:error:externalAccountRequired/);
  });

  test('a binding signed with the wrong key is refused', async () => {
    const wrong = { kid, hmacKey: randomBytes(32).toString('base64url') };
    await expect(issueCertificate(requestFor(servers, ['badeab.certkit.test'], [], { externalAccountBinding: wrong })))
      .rejects.toThrow(/^badeab\.certkit\.test: urn:ietf:params:acme:error:unauthorized/);
  });
});

describeWithAcmeServers('Pebble reusing valid authorizations (PEBBLE_AUTHZREUSE=100)', () => {
  let servers: AcmeServers;
  beforeAll(async () => { servers = await startAcmeServers({ authzReuse: 100 }); });
  afterAll(() => servers?.stop());

  test('a reused authorization needs no DNS record', async () => {
    const first = await issueCertificate(requestFor(servers, ['reuse.certkit.test']));
    const lines: string[] = [];
    const dns = new RecordingProvider(rfc2136(servers));
    const again = await issueCertificate(requestFor(servers, ['reuse.certkit.test'], lines, { dns, accountKeyPem: first.accountKeyPem }));
    expect(lines).toContain('reuse.certkit.test: authorization already valid');
    expect(dns.published).toEqual([]);
    await expectValidCertificate(servers, again, ['reuse.certkit.test'], { type: 'ec', curve: 'prime256v1' });
  });
});
