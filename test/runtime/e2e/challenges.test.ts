// `cdk-certkit issue` with HTTP-01 (standalone and webroot), TLS-ALPN-01 and manual DNS-01 against a real Pebble,
// whose VA resolves the names through the test BIND (every name under the zone: 127.0.0.1) and connects to its
// configured HTTP and TLS ports on loopback.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { InterruptedError } from '../../../src/runtime/acme/retry';
import { main } from '../../../src/runtime/cli/main';
import { Rfc2136DnsProvider } from '../../../src/runtime/dns/rfc2136-provider';
import { TxtRecord } from '../../../src/runtime/types';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';
import { bundleCli } from '../support/cli-bundle';

jest.setTimeout(60_000);

describeWithAcmeServers('cdk-certkit issue with HTTP-01, TLS-ALPN-01 and manual DNS-01 against Pebble', () => {
  let servers: AcmeServers;
  let dir: string;
  let base: string[];
  beforeAll(async () => {
    servers = await startAcmeServers({ loopbackAddresses: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-challenges-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), servers.caBundlePem);
    base = ['--directory', servers.directoryUrl, '--ca-bundle', path.join(dir, 'ca.pem')];
  });
  afterAll(async () => {
    await servers?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  interface Run { code: number; out: string[]; err: string[] }
  async function run(argv: string[], extra: { onOut?: (line: string) => void; input?: NodeJS.ReadableStream } = {}): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['issue', ...base, ...argv], {
      out: l => { out.push(l); extra.onOut?.(l); },
      err: l => err.push(l),
      env: {},
      input: extra.input,
    });
    return { code, out, err };
  }
  const sans = (out: string) => new X509Certificate(fs.readFileSync(path.join(out, 'cert.pem'))).subjectAltName;
  const listening = (port: number) => new Promise<boolean>(resolve => {
    const socket = net.connect(port, '127.0.0.1').once('connect', () => { socket.destroy(); resolve(true); }).once('error', () => resolve(false));
  });

  test('HTTP-01 standalone: two names validated by its own server, which listens only while they are pending', async () => {
    const out = path.join(dir, 'http');
    expect(await listening(servers.httpPort)).toBe(false);
    let listeningWhilePending: boolean | undefined;
    const result = await run(['--domain', 'web.certkit.test', '--domain', 'www.web.certkit.test', '--http-port', String(servers.httpPort),
      '--out', out], { onOut: line => { if (line.startsWith('http-01: answering')) void listening(servers.httpPort).then(l => { listeningWhilePending = l; }); } });
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual(expect.arrayContaining([
      `web.certkit.test: http-01 via HTTP server on port ${servers.httpPort}`,
      `http-01: answering 2 challenge(s) with HTTP server on port ${servers.httpPort}`,
      'web.certkit.test: valid',
      'www.web.certkit.test: valid',
      'http-01: cleaned up 2 challenge(s)',
    ]));
    expect(sans(out)).toBe('DNS:web.certkit.test, DNS:www.web.certkit.test');
    expect(listeningWhilePending).toBe(true);
    expect(await listening(servers.httpPort)).toBe(false);
  });

  test('HTTP-01 webroot: the files appear under DIR/.well-known/acme-challenge for the web server, and are removed afterwards', async () => {
    const webroot = path.join(dir, 'www');
    fs.mkdirSync(webroot);
    fs.writeFileSync(path.join(webroot, 'index.html'), 'hello');
    const served: string[] = [];
    // The web server that already runs on the host: serves whatever is in the webroot.
    const web = http.createServer((req, res) => {
      const file = path.join(webroot, decodeURIComponent(req.url ?? '/'));
      if (!file.startsWith(webroot) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end();
      served.push(req.url ?? '');
      return res.writeHead(200, { 'content-type': 'text/plain' }).end(fs.readFileSync(file));
    });
    await new Promise<void>(resolve => web.listen(servers.httpPort, '127.0.0.1', resolve));
    try {
      const out = path.join(dir, 'webroot');
      const result = await run(['--domain', 'root.certkit.test', '--webroot', webroot, '--out', out]);
      expect(result.err).toEqual([]);
      expect(result.code).toBe(0);
      expect(sans(out)).toBe('DNS:root.certkit.test');
      // Pebble may ask more than once; always for the one token, through the web server.
      expect(new Set(served).size).toBe(1);
      expect(served[0]).toMatch(/^\/\.well-known\/acme-challenge\/[\w-]+$/);
      expect(fs.readdirSync(webroot)).toEqual(['index.html']); // .well-known was made for the run, and removed
    } finally {
      await new Promise(resolve => web.close(resolve));
    }
  });

  test('webroot with an existing .well-known: only the challenge file goes', async () => {
    const webroot = path.join(dir, 'www2');
    fs.mkdirSync(path.join(webroot, '.well-known'), { recursive: true });
    fs.writeFileSync(path.join(webroot, '.well-known', 'security.txt'), 'Contact: mailto:sec@certkit.test');
    const web = http.createServer((req, res) => {
      const file = path.join(webroot, req.url ?? '/');
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end();
      return res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>(resolve => web.listen(servers.httpPort, '127.0.0.1', resolve));
    try {
      const result = await run(['--domain', 'root2.certkit.test', '--webroot', webroot, '--out', path.join(dir, 'webroot2')]);
      expect(result.code).toBe(0);
      expect(fs.readdirSync(path.join(webroot, '.well-known'))).toEqual(['security.txt']);
    } finally {
      await new Promise(resolve => web.close(resolve));
    }
  });

  test('TLS-ALPN-01: answered with the acme-tls/1 certificate for the SNI name', async () => {
    const out = path.join(dir, 'alpn');
    const result = await run(['--domain', 'alpn.certkit.test', '--domain', 'alpn2.certkit.test', '--tls-alpn-port', String(servers.tlsPort),
      '--key-type', 'ec384', '--out', out]);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual(expect.arrayContaining([
      `alpn.certkit.test: tls-alpn-01 via TLS server (acme-tls/1) on port ${servers.tlsPort}`,
      'alpn.certkit.test: valid',
      'alpn2.certkit.test: valid',
    ]));
    expect(sans(out)).toBe('DNS:alpn.certkit.test, DNS:alpn2.certkit.test');
    expect(await listening(servers.tlsPort)).toBe(false);
  });

  test('HTTP-01 against a port nobody answers: the CA\'s problem, naming the name, and nothing left listening', async () => {
    // Our server on another port: Pebble connects to its httpPort and finds nothing there.
    const result = await run(['--domain', 'nobody.certkit.test', '--http-port', String(servers.tlsPort), '--out', path.join(dir, 'never')]);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([expect.stringMatching(/^cdk-certkit: nobody\.certkit\.test: urn:ietf:params:acme:error:connection: /)]);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
    expect(await listening(servers.tlsPort)).toBe(false);
  });

  test.each([
    [['--http-port', '5002'], '--domain *.w.certkit.test: a wildcard can only be validated with DNS-01; use --dns'],
    [['--webroot', '/tmp'], '--domain *.w.certkit.test: a wildcard can only be validated with DNS-01; use --dns'],
    [['--tls-alpn'], '--domain *.w.certkit.test: a wildcard can only be validated with DNS-01; use --dns'],
  ])('a wildcard with %j is refused before anything is ordered (exit 2)', async (flags, message) => {
    const result = await run(['--domain', 'w.certkit.test', '--domain', '*.w.certkit.test', ...flags]);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err).toEqual([expect.stringContaining(`cdk-certkit: ${message}`)]);
  });

  const dnsProvider = () => new Rfc2136DnsProvider({ server: `127.0.0.1:${servers.dnsServer.port}`, tsig: servers.tsig });
  const CREATE = /^dns manual: create (\S+)\. TXT "([^"]+)"$/;

  test('manual DNS-01: prints the records, waits until the authoritative server serves them, then says which to delete', async () => {
    const dns = dnsProvider();
    const created: TxtRecord[] = [];
    let publishing: Promise<void> | undefined;
    const result = await run(['--domain', 'hand.certkit.test', '--domain', '*.hand.certkit.test', '--dns', 'manual',
      '--manual-nameserver', `127.0.0.1:${servers.dnsServer.port}`, '--out', path.join(dir, 'manual'), '--quiet'], {
      onOut: line => {
        const m = CREATE.exec(line);
        if (m) created.push({ fqdn: m[1], value: m[2] });
        // The person creates the records a moment after reading them.
        if (line.startsWith('dns manual: waiting')) publishing = new Promise(r => setTimeout(r, 300)).then(() => dns.publish(created));
      },
    });
    await publishing;
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(created.map(r => r.fqdn)).toEqual(['_acme-challenge.hand.certkit.test', '_acme-challenge.hand.certkit.test']);
    expect(result.out[0]).toBe('dns manual: create these 2 TXT records (several values on one name: one record each, same name):');
    expect(result.out).toContain(`dns manual: waiting until 127.0.0.1:${servers.dnsServer.port} serve them (at most 1800 s)`);
    const deletes = result.out.filter(l => l.startsWith('dns manual: delete '));
    expect(deletes.sort()).toEqual(created.map(r => `dns manual: delete ${r.fqdn}. TXT "${r.value}"`).sort());
    expect(sans(path.join(dir, 'manual'))).toBe('DNS:hand.certkit.test, DNS:*.hand.certkit.test');
    await dns.remove(created);
  });

  test('manual DNS-01: Enter ends the wait at once (the records are there, whatever the check says)', async () => {
    const dns = dnsProvider();
    const input = new PassThrough();
    const created: TxtRecord[] = [];
    // Asked of a server that never answers, the check would wait; Enter goes on.
    const result = await run(['--domain', 'enter.certkit.test', '--dns', 'manual', '--manual-nameserver', '127.0.0.1:9',
      '--out', path.join(dir, 'enter')], {
      input,
      onOut: line => {
        const m = CREATE.exec(line);
        if (m) created.push({ fqdn: m[1], value: m[2] });
        if (line.startsWith('dns manual: waiting')) void dns.publish(created).then(() => input.write('\n'));
      },
    });
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('dns manual: waiting until 127.0.0.1:9 serve it, or press Enter once created (at most 1800 s)');
    expect(result.out).toContain('dns manual: Enter pressed; asking the CA to validate');
    expect(result.out).toContain('dns: 1 TXT value(s) to delete by hand');
    await dns.remove(created);
  });

  test('SIGINT while a person creates the records: exit 130, and the records to delete are still printed', async () => {
    const interrupt = new AbortController();
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['issue', ...base, '--domain', 'stop.certkit.test', '--dns', 'manual', '--manual-nameserver', '127.0.0.1:9',
      '--out', path.join(dir, 'stopped')], {
      out: line => {
        out.push(line);
        if (line.startsWith('dns manual: waiting')) setTimeout(() => interrupt.abort(new InterruptedError('SIGINT')), 50);
      },
      err: l => err.push(l),
      env: {},
      signal: interrupt.signal,
    });
    expect(code).toBe(130);
    expect(err).toEqual([expect.stringMatching(/^cdk-certkit: stop\.certkit\.test: .*SIGINT/)]);
    expect(out).toEqual(expect.arrayContaining([expect.stringMatching(/^dns manual: delete _acme-challenge\.stop\.certkit\.test\. TXT "/)]));
    expect(fs.existsSync(path.join(dir, 'stopped'))).toBe(false);
  });

  test('SIGINT while the CA validates HTTP-01: exit 130 and the challenge server is closed', async () => {
    const interrupt = new AbortController();
    const code = await main(['issue', ...base, '--domain', 'stop2.certkit.test', '--http-port', String(servers.httpPort), '--out', path.join(dir, 'stopped2')], {
      out: line => { if (line.startsWith('http-01: answering')) interrupt.abort(new InterruptedError('SIGINT')); },
      err: () => undefined,
      env: {},
      signal: interrupt.signal,
    });
    expect(code).toBe(130);
    expect(await listening(servers.httpPort)).toBe(false);
  });

  test('the packaged command: TLS-ALPN-01, then manual DNS-01 with Enter on its stdin, exiting once done', async () => {
    const bin = await bundleCli(path.join(dir, 'package'));
    const exec = (argv: string[], onLine: (line: string, stdin: NodeJS.WritableStream) => void = () => undefined) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>(resolve => {
        const child = spawn(bin, ['issue', ...base, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          chunk.split('\n').filter(Boolean).forEach(line => onLine(line, child.stdin));
        });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
        child.once('close', code => resolve({ code, stdout, stderr }));
      });
    const alpn = await exec(['--domain', 'binalpn.certkit.test', '--tls-alpn-port', String(servers.tlsPort), '--out', path.join(dir, 'bin-alpn')]);
    expect(alpn.stderr).toBe('');
    expect(alpn.code).toBe(0);
    expect(sans(path.join(dir, 'bin-alpn'))).toBe('DNS:binalpn.certkit.test');

    const dns = dnsProvider();
    const created: TxtRecord[] = [];
    // stdin stays open (a terminal would): the command must still exit when done.
    const manual = await exec(['--domain', 'binhand.certkit.test', '--dns', 'manual', '--manual-nameserver', '127.0.0.1:9',
      '--out', path.join(dir, 'bin-manual'), '--quiet'], (line, stdin) => {
      const m = CREATE.exec(line);
      if (m) created.push({ fqdn: m[1], value: m[2] });
      if (line.startsWith('dns manual: waiting')) void dns.publish(created).then(() => stdin.write('\n'));
    });
    expect(manual.stderr).toBe('');
    expect(manual.code).toBe(0);
    expect(manual.stdout).toContain('dns manual: delete _acme-challenge.binhand.certkit.test. TXT "');
    expect(sans(path.join(dir, 'bin-manual'))).toBe('DNS:binhand.certkit.test');
    await dns.remove(created);
  });
});
