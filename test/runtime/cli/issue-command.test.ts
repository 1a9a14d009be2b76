// `cdk-certkit issue` end to end against Pebble and BIND9: in-process, and as the packaged command.
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../../src/runtime/cli/main';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';
import { bundleCli } from '../support/cli-bundle';

jest.setTimeout(60_000);

describeWithAcmeServers('cdk-certkit issue against Pebble and BIND9', () => {
  let servers: AcmeServers;
  let dir: string;
  let baseArgs: string[];
  beforeAll(async () => {
    servers = await startAcmeServers();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-cli-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), servers.caBundlePem);
    fs.writeFileSync(path.join(dir, 'tsig.key'), `key "${servers.tsig.name}" {\n\talgorithm ${servers.tsig.algorithm};\n\tsecret "${servers.tsig.secret}";\n};\n`);
    baseArgs = ['--directory', servers.directoryUrl, '--ca-bundle', path.join(dir, 'ca.pem'), '--dns', 'rfc2136',
      '--rfc2136-server', `127.0.0.1:${servers.dnsServer.port}`, '--tsig-secret-file', path.join(dir, 'tsig.key'), '--propagation-timeout', '10'];
  });
  afterAll(async () => {
    await servers?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: l => out.push(l), err: l => err.push(l), env: {} });
    return { code, out, err };
  }

  test('writes the four PEM files, the key 0600, prints a line per authorization, and reuses the account key', async () => {
    const out = path.join(dir, 'out');
    const accountKey = path.join(dir, 'state', 'account.pem');
    const first = await run(['issue', ...baseArgs, '--domain', 'cli.certkit.test', '--domain', '*.cli.certkit.test', '--key-type', 'rsa2048',
      '--account-key-file', accountKey, '--out', out, '--email', 'ops@certkit.test']);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out).toEqual(expect.arrayContaining(['cli.certkit.test: valid', '*.cli.certkit.test: valid']));
    expect(first.out[first.out.length - 1]).toBe(`wrote ${['cert', 'chain', 'fullchain', 'privkey'].map(f => path.join(out, `${f}.pem`)).join(', ')}`);

    const mode = (file: string) => fs.statSync(file).mode % 0o1000;
    expect(mode(path.join(out, 'privkey.pem'))).toBe(0o600);
    expect(mode(accountKey)).toBe(0o600);
    const cert = new X509Certificate(fs.readFileSync(path.join(out, 'cert.pem')));
    expect(cert.subjectAltName).toBe('DNS:cli.certkit.test, DNS:*.cli.certkit.test');
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.checkPrivateKey(createPrivateKey(fs.readFileSync(path.join(out, 'privkey.pem'))))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'fullchain.pem'), 'utf8'))
      .toBe(fs.readFileSync(path.join(out, 'cert.pem'), 'utf8') + fs.readFileSync(path.join(out, 'chain.pem'), 'utf8'));
    expect(fs.readdirSync(out).sort()).toEqual(['.versions', 'cert.pem', 'chain.pem', 'fullchain.pem', 'live', 'privkey.pem', 'renewal.json']);

    const keyBefore = fs.readFileSync(accountKey, 'utf8');
    const second = await run(['issue', ...baseArgs, '--domain', 'cli2.certkit.test', '--account-key-file', accountKey, '--out', out]);
    expect(second.code).toBe(0);
    const accountLine = (lines: string[]) => lines.find(l => l.startsWith('account '));
    expect(accountLine(first.out)).toMatch(/ \(registered\)$/);
    expect(accountLine(second.out)).toBe(accountLine(first.out)!.replace('(registered)', '(reused)'));
    expect(fs.readFileSync(accountKey, 'utf8')).toBe(keyBefore);
    expect(new X509Certificate(fs.readFileSync(path.join(out, 'cert.pem'))).subjectAltName).toBe('DNS:cli2.certkit.test');
    expect(fs.readdirSync(path.join(out, '.versions'))).toHaveLength(2); // the first set is kept

    const quiet = await run(['issue', ...baseArgs, '--domain', 'cli3.certkit.test', '--account-key-file', accountKey, '--out', out, '--quiet']);
    expect(quiet).toEqual({ code: 0, out: [], err: [] });
  });

  test('when the new set cannot be put in place: exit 1, the old set still served, the new key and certificate where the error says', async () => {
    const out = path.join(dir, 'stuck');
    expect((await run(['issue', ...baseArgs, '--domain', 'old.certkit.test', '--out', out])).code).toBe(0);
    const oldCert = fs.readFileSync(path.join(out, 'cert.pem'), 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require('node:fs') as typeof fs;
    const rename = realFs.renameSync;
    const spy = jest.spyOn(realFs, 'renameSync').mockImplementation((from, to) => {
      if (path.basename(String(to)) === 'live') throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS', path: String(to) });
      return rename(from, to);
    });
    let failed;
    try {
      failed = await run(['issue', ...baseArgs, '--domain', 'new.certkit.test', '--out', out]);
    } finally {
      spy.mockRestore();
    }
    expect(failed.code).toBe(1);
    expect(failed.err).toEqual([expect.stringMatching(new RegExp(`^cdk-certkit: could not put the new files in place in ${out} \\(EROFS on ${out}/live\\); `
      + `the new certificate and key are in ${out}/\\.versions/\\S+; ${out} still serves \\.versions/\\S+$`))]);
    expect(fs.readFileSync(path.join(out, 'cert.pem'), 'utf8')).toBe(oldCert);
    const saved = /the new certificate and key are in (\S+);/.exec(failed.err[0])![1];
    const cert = new X509Certificate(fs.readFileSync(path.join(saved, 'cert.pem')));
    expect(cert.subjectAltName).toBe('DNS:new.certkit.test');
    expect(cert.checkPrivateKey(createPrivateKey(fs.readFileSync(path.join(saved, 'privkey.pem'))))).toBe(true);
  });

  test('a failure exits 1 with one line naming the name', async () => {
    const { code, err } = await run(['issue', ...baseArgs, '--domain', 'www.example.org', '--out', path.join(dir, 'never')]);
    expect(code).toBe(1);
    expect(err).toEqual([`cdk-certkit: www.example.org: _acme-challenge.www.example.org: not in any zone DNS server 127.0.0.1:${servers.dnsServer.port} manages`]);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  });

  test('the packaged command (bin/cdk-certkit requiring lib/) issues and fails the same way', async () => {
    const bin = await bundleCli(path.join(dir, 'package'));
    const exec = promisify(execFile);
    const out = path.join(dir, 'bin-out');
    const ok = await exec(bin, ['issue', ...baseArgs, '--domain', 'bin.certkit.test', '--out', out]);
    expect(ok.stdout).toMatch(/^bin\.certkit\.test: valid$/m);
    expect(new X509Certificate(fs.readFileSync(path.join(out, 'cert.pem'))).subjectAltName).toBe('DNS:bin.certkit.test');

    const failed = await exec(bin, ['issue', ...baseArgs, '--domain', 'bad_name.certkit.test']).catch(e => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe("cdk-certkit: 'bad_name.certkit.test': not a valid DNS name (letters, digits, '-' and '.', optionally a leading *.)\n");
  });
});
