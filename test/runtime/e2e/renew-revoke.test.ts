// `cdk-certkit renew` and `revoke` on directories `issue` wrote, against a real Pebble (and BIND9 for DNS-01).
// Pebble 2.4 offers no ARI, so "due" is the 1/3-of-lifetime rule; the clock is moved through the CLI's `now`.
import { spawn } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliIo } from '../../../src/runtime/cli/issue-command';
import { main } from '../../../src/runtime/cli/main';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';

jest.setTimeout(60_000);

describeWithAcmeServers('cdk-certkit renew and revoke against Pebble', () => {
  let servers: AcmeServers;
  let dir: string;
  let tsigFile: string;
  beforeAll(async () => {
    servers = await startAcmeServers({ loopbackAddresses: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-renew-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), servers.caBundlePem);
    tsigFile = path.join(dir, 'tsig.key');
    fs.writeFileSync(tsigFile, servers.tsig.secret);
  });
  afterAll(async () => {
    await servers?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(argv: string[], io: Partial<CliIo> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: l => out.push(l), err: l => err.push(l), env: {}, ...io });
    return { code, out, err };
  }
  const http01 = (out: string, name: string, extra: string[] = []) => ['issue', '--directory', servers.directoryUrl, '--ca-bundle',
    path.join(dir, 'ca.pem'), '--domain', name, '--http-port', String(servers.httpPort), '--out', out, ...extra];
  const leaf = (out: string) => new X509Certificate(fs.readFileSync(path.join(out, 'cert.pem')));
  const versions = (out: string) => fs.readdirSync(path.join(out, '.versions')).filter(v => !v.startsWith('.'));
  /** A clock where `out`'s certificate has less than 1/3 of its lifetime left. */
  const late = (out: string) => () => new Date(new Date(leaf(out).validTo).getTime() - 86_400_000);

  test('issue records the options (files by absolute path, no secret), and DNS-01 credentials stay in their files', async () => {
    const out = path.join(dir, 'dns');
    const relative = path.relative(process.cwd(), tsigFile);
    const result = await run(['issue', '--directory', servers.directoryUrl, '--ca-bundle', path.join(dir, 'ca.pem'), '--domain', 'rec.certkit.test',
      '--dns', 'rfc2136', '--rfc2136-server', `127.0.0.1:${servers.dnsServer.port}`, '--tsig-key-name', servers.tsig.name,
      '--tsig-secret-file', relative, '--propagation-timeout', '10', '--out', out, '--quiet']);
    expect(result).toEqual({ code: 0, out: [], err: [] });
    const text = fs.readFileSync(path.join(out, 'renewal.json'), 'utf8');
    expect(text).not.toContain(servers.tsig.secret);
    const record = JSON.parse(text);
    expect(record).toEqual({
      version: 1,
      options: {
        'directory': servers.directoryUrl,
        'ca-bundle': path.join(dir, 'ca.pem'),
        'domain': ['rec.certkit.test'],
        'dns': 'rfc2136',
        'rfc2136-server': `127.0.0.1:${servers.dnsServer.port}`,
        'tsig-key-name': servers.tsig.name,
        'tsig-secret-file': tsigFile,
        'propagation-timeout': '10',
      },
      environment: [],
      writtenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    // Renewed later with DNS-01 again, the secret read from the file as recorded.
    const renewed = await run(['renew', '--out', out], { now: late(out) });
    expect(renewed.err).toEqual([]);
    expect(renewed.code).toBe(0);
    expect(renewed.out).toContain('rec.certkit.test: valid');
    expect(versions(out)).toHaveLength(2);
  });

  test('renew on a fresh certificate does nothing: exit 0, no order, no hook', async () => {
    const out = path.join(dir, 'fresh');
    expect((await run(http01(out, 'fresh.certkit.test'))).code).toBe(0);
    const before = fs.readFileSync(path.join(out, 'cert.pem'), 'utf8');
    const marker = path.join(dir, 'fresh-hook-ran');
    const result = await run(['renew', '--out', out, '--deploy-hook', `touch ${marker}`]);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual([expect.stringMatching(new RegExp(`^${out}: not due: more than 1/3 of lifetime left \\(renew from \\d{4}-`))]);
    expect(fs.readFileSync(path.join(out, 'cert.pem'), 'utf8')).toBe(before);
    expect(versions(out)).toHaveLength(1);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('renew on an old certificate issues a new one with the recorded options, keeps the previous set, and runs the hook', async () => {
    const out = path.join(dir, 'old');
    const accountKey = path.join(dir, 'account.pem');
    expect((await run(http01(out, 'old.certkit.test', ['--domain', 'www.old.certkit.test', '--account-key-file', accountKey, '--key-type', 'rsa2048'])))
      .code).toBe(0);
    const before = leaf(out);
    const [firstVersion] = versions(out);
    const envFile = path.join(dir, 'hook.env');
    const result = await run(['renew', '--out', out, '--deploy-hook', `env > ${envFile}; echo hook says hi; echo hook warns >&2`],
      { now: late(out), env: { PATH: process.env.PATH } });
    expect(result.code).toBe(0);
    expect(result.err).toEqual(['hook warns']);
    expect(result.out[0]).toMatch(new RegExp(`^${out}: renewing: less than 1/3 of lifetime left`));
    expect(result.out).toEqual(expect.arrayContaining([expect.stringMatching(/ \(reused\)$/), 'old.certkit.test: valid', 'hook says hi']));

    const after = leaf(out);
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(after.subjectAltName).toBe('DNS:old.certkit.test, DNS:www.old.certkit.test');
    expect(after.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048); // the recorded --key-type
    expect(after.checkPrivateKey(createPrivateKey(fs.readFileSync(path.join(out, 'privkey.pem'))))).toBe(true);
    const all = versions(out);
    expect(all).toHaveLength(2);
    expect(all).toContain(firstVersion); // the previous set is kept
    expect(new X509Certificate(fs.readFileSync(path.join(out, '.versions', firstVersion, 'cert.pem'))).serialNumber).toBe(before.serialNumber);

    const env = Object.fromEntries(fs.readFileSync(envFile, 'utf8').split('\n').filter(l => l.includes('=')).map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const live = path.join(out, '.versions', fs.readlinkSync(path.join(out, 'live')).split('/').pop()!);
    expect(env).toMatchObject({
      CERTKIT_OUT: out,
      CERTKIT_CERT: path.join(out, 'cert.pem'),
      CERTKIT_CHAIN: path.join(out, 'chain.pem'),
      CERTKIT_FULLCHAIN: path.join(out, 'fullchain.pem'),
      CERTKIT_PRIVKEY: path.join(out, 'privkey.pem'),
      CERTKIT_VERSION_DIR: live,
      CERTKIT_DOMAINS: 'old.certkit.test www.old.certkit.test',
      CERTKIT_NOT_AFTER: new Date(after.validTo).toISOString(),
      RENEWED_LINEAGE: out,
      RENEWED_DOMAINS: 'old.certkit.test www.old.certkit.test',
    });
    expect(new X509Certificate(fs.readFileSync(path.join(env.CERTKIT_VERSION_DIR, 'cert.pem'))).serialNumber).toBe(after.serialNumber);
  });

  test('renew --force renews a fresh certificate; a failing hook exits 3 with the new set live', async () => {
    const out = path.join(dir, 'forced');
    expect((await run(http01(out, 'forced.certkit.test'))).code).toBe(0);
    const before = leaf(out).serialNumber;
    const forced = await run(['renew', '--out', out, '--force', '--quiet']);
    expect(forced).toEqual({ code: 0, out: [], err: [] });
    const middle = leaf(out).serialNumber;
    expect(middle).not.toBe(before);

    const failed = await run(['renew', '--out', out, '--force', '--quiet', '--deploy-hook', 'exit 7']);
    expect(failed.code).toBe(3);
    expect(failed.err).toEqual([expect.stringMatching(new RegExp(`^cdk-certkit: renewed and wrote ${out}/\\.versions/\\S+, but --deploy-hook failed \\(exit status 7\\): exit 7$`))]);
    expect(leaf(out).serialNumber).not.toBe(middle);
    expect(versions(out)).toHaveLength(3);
  });

  test('a renewal that fails exits 1 and leaves the previous set live', async () => {
    const out = path.join(dir, 'fails');
    expect((await run(http01(out, 'fails.certkit.test'))).code).toBe(0);
    const before = fs.readFileSync(path.join(out, 'cert.pem'), 'utf8');
    // Someone took the HTTP port the record names: Pebble cannot reach us now.
    const record = JSON.parse(fs.readFileSync(path.join(out, 'renewal.json'), 'utf8'));
    record.options['http-port'] = String(servers.tlsPort);
    fs.writeFileSync(path.join(out, 'renewal.json'), JSON.stringify(record));
    const marker = path.join(dir, 'fails-hook-ran');
    const result = await run(['renew', '--out', out, '--force', '--quiet', '--deploy-hook', `touch ${marker}`]);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([expect.stringMatching(/^cdk-certkit: fails\.certkit\.test: urn:ietf:params:acme:error:connection: /)]);
    expect(fs.readFileSync(path.join(out, 'cert.pem'), 'utf8')).toBe(before);
    expect(versions(out)).toHaveLength(1);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('an overlapping renewal stops at the lock (exit 1); a lock left by a dead process is taken over', async () => {
    const out = path.join(dir, 'locked');
    expect((await run(http01(out, 'locked.certkit.test'))).code).toBe(0);
    const holder = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(path.join(out, '.renew.lock'), `${holder.pid}\n`);
      const blocked = await run(['renew', '--out', out, '--force']);
      expect(blocked.code).toBe(1);
      expect(blocked.err).toEqual([`cdk-certkit: another renewal (pid ${holder.pid}) is running in ${out}; nothing done (remove ${out}/.renew.lock if that process is not cdk-certkit)`]);
      expect(versions(out)).toHaveLength(1);
    } finally {
      holder.kill();
      await new Promise(resolve => holder.once('exit', resolve));
    }
    const taken = await run(['renew', '--out', out, '--force', '--quiet']);
    expect(taken).toEqual({ code: 0, out: [], err: [] });
    expect(versions(out)).toHaveLength(2);
    expect(fs.existsSync(path.join(out, '.renew.lock'))).toBe(false);
  });

  test('revoke with the account key: Pebble reports the certificate revoked, with the reason', async () => {
    const out = path.join(dir, 'revoke-account');
    const accountKey = path.join(dir, 'revoke-account.pem');
    expect((await run(http01(out, 'gone.certkit.test', ['--account-key-file', accountKey]))).code).toBe(0);
    const serial = leaf(out).serialNumber;
    expect((await servers.certStatus(serial)).Status).toBe('Valid');
    const result = await run(['revoke', '--out', out, '--reason', 'keyCompromise']);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toBe(`revoked ${out}/cert.pem (gone.certkit.test, serial ${serial}), reason keyCompromise, signed with the account key`);
    const status = await servers.certStatus(serial);
    expect(status.Status).toBe('Revoked');
    expect(status.Reason).toBe(1);

    const again = await run(['revoke', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err).toEqual([expect.stringMatching(/^cdk-certkit: revoking .* urn:ietf:params:acme:error:alreadyRevoked/)]);
  });

  test('revoke with the certificate\'s own key (no account key recorded)', async () => {
    const out = path.join(dir, 'revoke-cert');
    expect((await run(http01(out, 'gone2.certkit.test'))).code).toBe(0);
    const serial = leaf(out).serialNumber;
    const result = await run(['revoke', '--out', out, '--reason', 'superseded', '--quiet']);
    expect(result).toEqual({ code: 0, out: [], err: [] });
    expect(await servers.certStatus(serial)).toMatchObject({ Status: 'Revoked', Reason: 4 });
  });

  test('revoke --key account without an account key is a usage error', async () => {
    const out = path.join(dir, 'revoke-cert');
    const result = await run(['revoke', '--out', out, '--key', 'account']);
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/^cdk-certkit: --key account needs --account-key-file F/);
  });
});
