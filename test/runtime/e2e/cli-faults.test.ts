// `cdk-certkit issue` when things go wrong, against a real Pebble and a real BIND9: wrong TSIG keys, names outside
// the zone, untrusted TLS, a directory that is not an ACME server, signals, the run's time limit.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/runtime/cli/main';
import { DnsError } from '../../../src/runtime/dns/dns-errors';
import { Rfc2136DnsProvider } from '../../../src/runtime/dns/rfc2136-provider';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';
import { bundleCli } from '../support/cli-bundle';

jest.setTimeout(90_000);

describeWithAcmeServers('cdk-certkit issue failing against Pebble and BIND9', () => {
  let servers: AcmeServers;
  let dir: string;
  let base: string[];
  let keyFile: (secret?: string, name?: string) => string;
  beforeAll(async () => {
    servers = await startAcmeServers();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-cli-faults-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), servers.caBundlePem);
    let n = 0;
    keyFile = (secret = servers.tsig.secret, name = servers.tsig.name) => {
      const file = path.join(dir, `tsig-${++n}.key`);
      fs.writeFileSync(file, `key "${name}" {\n\talgorithm hmac-sha256;\n\tsecret "${secret}";\n};\n`);
      return file;
    };
    base = ['--directory', servers.directoryUrl, '--ca-bundle', path.join(dir, 'ca.pem'), '--dns', 'rfc2136',
      '--rfc2136-server', `127.0.0.1:${servers.dnsServer.port}`, '--propagation-timeout', '10'];
  });
  afterAll(async () => {
    await servers?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => jest.restoreAllMocks());

  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const started = Date.now();
    const code = await main(['issue', ...argv], { out: l => out.push(l), err: l => err.push(l), env: {} });
    return { code, out, err, ms: Date.now() - started };
  }
  const outDir = (name: string) => path.join(dir, name);
  const wrongSecret = Buffer.alloc(32, 1).toString('base64');

  test.each([
    ['a wrong TSIG secret (BADSIG)', () => keyFile(wrongSecret), [], 'the server rejected our TSIG signature (BADSIG), NOTAUTH'],
    ['an unknown TSIG key (BADKEY)', () => keyFile(undefined, 'nobody'), [], 'the server rejected our TSIG signature (BADKEY), NOTAUTH'],
    ['a zone the server does not serve (NOTAUTH)', () => keyFile(), ['--rfc2136-zone', 'x.other.test'], 'refused the update of zone x.other.test: NOTAUTH'],
  ])('%s fails at once: no cleanup retries, no "records may remain" for records never published', async (_, key, extra, problem) => {
    const name = extra.length ? 'x.other.test' : `bad${Math.random().toString(36).slice(2, 8)}.certkit.test`;
    const result = await run([...base, '--tsig-secret-file', key(), ...extra, '--domain', name, '--out', outDir('never')]);
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(new RegExp(`^cdk-certkit: ${name.replace(/\./g, '\\.')}: DNS server 127\\.0\\.0\\.1:\\d+ .*${problem.replace(/[().]/g, '\\$&')}$`));
    expect(result.out.filter(l => l.startsWith('dns:'))).toEqual([]);
    expect(result.ms).toBeLessThan(5_000); // was 28 s: 30 s of cleanup retries
    expect(fs.existsSync(outDir('never'))).toBe(false);
  });

  test('a name outside the zone: no "removed" line, since nothing was added', async () => {
    const result = await run([...base, '--tsig-secret-file', keyFile(), '--domain', 'in.certkit.test', '--domain', 'www.example.org',
      '--out', outDir('never')]);
    expect(result.code).toBe(1);
    expect(result.err).toEqual(['cdk-certkit: in.certkit.test, www.example.org: _acme-challenge.www.example.org: not in any zone DNS server '
      + `127.0.0.1:${servers.dnsServer.port} manages`]);
    expect(result.out.filter(l => l.startsWith('dns:'))).toEqual([]);
    expect(await servers.txtRecords('_acme-challenge.in.certkit.test')).toEqual([]);
  });

  test('cleanup warnings go to stderr, and --quiet does not hide them', async () => {
    // Removal refused (as if the key were revoked mid-run); everything else is real.
    jest.spyOn(Rfc2136DnsProvider.prototype, 'remove').mockRejectedValue(
      new DnsError('DNS server 127.0.0.1:53 (key certkit-key): the server rejected our TSIG signature (BADKEY), NOTAUTH', { permanent: true }));
    const name = 'warn.certkit.test';
    const result = await run([...base, '--tsig-secret-file', keyFile(), '--domain', name, '--out', outDir('warn'), '--quiet']);
    jest.restoreAllMocks();
    try {
      expect(result.code).toBe(0);
      expect(result.out).toEqual([]);
      expect(result.err).toEqual([`warning: dns: TXT records may remain at _acme-challenge.${name}: DNS server 127.0.0.1:53 (key certkit-key): `
        + 'the server rejected our TSIG signature (BADKEY), NOTAUTH']);
      expect(await servers.txtRecords(`_acme-challenge.${name}`)).toHaveLength(1); // the warning is true
    } finally {
      const dns = new Rfc2136DnsProvider({ server: `127.0.0.1:${servers.dnsServer.port}`, tsig: servers.tsig });
      const values = await servers.txtRecords(`_acme-challenge.${name}`);
      await dns.remove(values.map(value => ({ fqdn: `_acme-challenge.${name}`, value })));
    }
  });

  test('a TLS failure against the directory suggests --ca-bundle; a bundle without the CA says so', async () => {
    const args = base.filter((a, i) => a !== '--ca-bundle' && base[i - 1] !== '--ca-bundle');
    const without = await run([...args, '--tsig-secret-file', keyFile(), '--domain', 'tls.certkit.test', '--out', outDir('never')]);
    expect(without.code).toBe(1);
    expect(without.err).toEqual([expect.stringMatching(new RegExp(`^cdk-certkit: tls\\.certkit\\.test: ${servers.directoryUrl.replace(/\./g, '\\.')}: `
      + '[A-Z_]+ \\(.+\\) \\(the server\'s TLS certificate is not trusted; for a private or test CA, pass its CA certificate with --ca-bundle FILE\\)$'))]);
    expect(without.ms).toBeLessThan(5_000);

    fs.writeFileSync(path.join(dir, 'other-ca.pem'), await servers.pebbleRootPem()); // a CA, but not the one of Pebble's TLS listener
    const wrong = await run([...args, '--ca-bundle', path.join(dir, 'other-ca.pem'), '--tsig-secret-file', keyFile(), '--domain', 'tls.certkit.test',
      '--out', outDir('never')]);
    expect(wrong.err[0]).toMatch(new RegExp(`\\(the server's TLS certificate is not signed by a CA in --ca-bundle ${path.join(dir, 'other-ca.pem')}\\)$`));
  });

  test('a --directory that is not an ACME server fails within seconds, saying so', async () => {
    // BIND's TCP port: it takes the connection, reads HTTP as DNS, and hangs up.
    const bind = await run(['--directory', `http://127.0.0.1:${servers.dnsServer.port}/directory`, ...base.slice(2),
      '--tsig-secret-file', keyFile(), '--domain', 'dir.certkit.test', '--out', outDir('never')]);
    expect(bind.code).toBe(1);
    expect(bind.err).toEqual([expect.stringMatching(new RegExp(`^cdk-certkit: dir\\.certkit\\.test: http://127\\.0\\.0\\.1:${servers.dnsServer.port}/directory `
      + 'is not an ACME directory \\(.+\\)$'))]);
    expect(bind.ms).toBeLessThan(11_000);

    // A port that accepts connections and never answers.
    const silent = net.createServer(() => undefined);
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const hung = await run(['--directory', `http://127.0.0.1:${port}/dir`, ...base.slice(2), '--tsig-secret-file', keyFile(),
        '--domain', 'dir.certkit.test', '--out', outDir('never')]);
      expect(hung.err).toEqual([`cdk-certkit: dir.certkit.test: http://127.0.0.1:${port}/dir is not an ACME directory `
        + '(ETIMEDOUT (no complete response within 10 s))']);
      expect(hung.ms).toBeLessThan(12_000); // was 154 s: 5 attempts of 30 s

      // The run's --timeout comes first when it is shorter.
      const limited = await run(['--directory', `http://127.0.0.1:${port}/dir`, ...base.slice(2), '--tsig-secret-file', keyFile(),
        '--domain', 'dir.certkit.test', '--out', outDir('never'), '--timeout', '2']);
      expect(limited.err).toEqual(['cdk-certkit: dir.certkit.test: gave up after 2 s (the run\'s time limit) '
        + '(raise --timeout (now 2 s) if the CA or DNS is just slow)']);
      expect(limited.code).toBe(1);
      expect(limited.ms).toBeLessThan(3_000);
    } finally {
      silent.close();
    }
  });

  test('--version prints the version', async () => {
    const out: string[] = [];
    expect(await main(['--version'], { out: l => out.push(l), err: () => undefined, env: {} })).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^cdk-certkit \d+\.\d+\.\d+\S* \(node \d+\.\d+\.\d+\)$/)]);
  });

  describe('signals, on the packaged command', () => {
    let bin: string;
    beforeAll(async () => { bin = await bundleCli(path.join(dir, 'package')); });

    /** Starts the command; stops it (SIGSTOP) right after it says the records are published. */
    function startAndPauseAfterPublish(name: string) {
      const child: ChildProcess = spawn(bin, ['issue', ...base, '--tsig-secret-file', keyFile(), '--domain', name, '--out', outDir(name)],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
      const paused = new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          const before = stdout;
          stdout += chunk.toString();
          if (!before.includes('dns: published') && stdout.includes('dns: published')) {
            child.kill('SIGSTOP');
            resolve();
          }
        });
        void exited.then(() => reject(new Error(`exited before publishing:\n${stdout}\n${stderr}`)));
      });
      child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      return { child, paused, exited, output: () => ({ stdout, stderr }) };
    }

    test.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s removes the records already published, then exits %d', async (signal, status) => {
      const name = `${signal.toLowerCase()}.certkit.test`;
      const fqdn = `_acme-challenge.${name}`;
      const run1 = startAndPauseAfterPublish(name);
      await run1.paused;
      expect(await servers.txtRecords(fqdn)).toHaveLength(1); // published, and the command has not got further
      run1.child.kill(signal);
      run1.child.kill('SIGCONT');
      expect(await run1.exited).toBe(status);
      const { stdout, stderr } = run1.output();
      expect(stderr).toContain(`cdk-certkit: ${signal} received: stopping and removing the TXT records published so far`);
      expect(stderr).toContain(`cdk-certkit: ${name}: interrupted (${signal})`);
      expect(stdout).toContain('dns: removed 1 TXT value(s)');
      expect(await servers.txtRecords(fqdn)).toEqual([]);
      expect(fs.existsSync(path.join(outDir(name), 'cert.pem'))).toBe(false);
    });
  });
});
