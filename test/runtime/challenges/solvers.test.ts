// The challenge solvers on their own: what they serve, what they leave behind, and how they fail.
import { createHash, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import * as tls from 'node:tls';
import { accountKeyFromPem, newAccountKeyPem } from '../../../src/runtime/acme/jws';
import { AcmeAuthorization } from '../../../src/runtime/acme/resources';
import { StandaloneHttpSolver, WebrootSolver } from '../../../src/runtime/challenges/http01';
import { ManualDnsProvider } from '../../../src/runtime/challenges/manual-dns';
import { SolverChallenge } from '../../../src/runtime/challenges/solver';
import { solverTasks } from '../../../src/runtime/challenges/solver-tasks';
import { TlsAlpnSolver } from '../../../src/runtime/challenges/tls-alpn01';
import { childrenOf, contentOf, readTlv } from '../../../src/runtime/der';
import { issueCertificate } from '../../../src/runtime/issue';
import { IssueError } from '../../../src/runtime/issue-error';

const challenge = (name: string, token = `tok-${name.split('.')[0]}`): SolverChallenge => ({ name, token, keyAuthorization: `${token}.thumb` });

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function get(port: number, url: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.request({ host: '127.0.0.1', port, path: url, method }, res => {
      let body = '';
      res.setEncoding('utf8').on('data', c => { body += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

const refused = (port: number) => new Promise<boolean>(resolve => {
  const socket = net.connect(port, '127.0.0.1').once('connect', () => { socket.destroy(); resolve(false); }).once('error', () => resolve(true));
});

describe('StandaloneHttpSolver', () => {
  test('serves each key authorization at its token while presented, 404 otherwise, and stops listening afterwards', async () => {
    const port = await freePort();
    const solver = new StandaloneHttpSolver({ port, host: '127.0.0.1' });
    expect(solver.name).toBe(`HTTP server on port ${port}`);
    expect(await refused(port)).toBe(true);
    const challenges = [challenge('a.example'), challenge('b.example')];
    await solver.present(challenges);
    expect(await get(port, '/.well-known/acme-challenge/tok-a')).toEqual({ status: 200, body: 'tok-a.thumb' });
    expect(await get(port, '/.well-known/acme-challenge/tok-b')).toEqual({ status: 200, body: 'tok-b.thumb' });
    expect(await get(port, '/.well-known/acme-challenge/tok-b', 'HEAD')).toEqual({ status: 200, body: '' });
    expect((await get(port, '/.well-known/acme-challenge/other')).status).toBe(404);
    expect((await get(port, '/tok-a')).status).toBe(404);
    expect((await get(port, '/.well-known/acme-challenge/tok-a', 'POST')).status).toBe(404);
    expect(await solver.cleanUp(challenges)).toEqual([]);
    expect(await refused(port)).toBe(true);
  });

  test('a port already taken fails in words, pointing to --webroot', async () => {
    const taken = net.createServer();
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      await expect(new StandaloneHttpSolver({ port, host: '127.0.0.1' }).present([challenge('a.example')])).rejects
        .toThrow(`cannot listen on port ${port} (EADDRINUSE): another server holds it; stop it for the issuance, or use --webroot DIR of the web server on that port`);
    } finally {
      await new Promise(resolve => taken.close(resolve));
    }
  });
});

describe('WebrootSolver', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-webroot-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('writes DIR/.well-known/acme-challenge/TOKEN world-readable, and removes the files and the directories it made', async () => {
    const solver = new WebrootSolver(root);
    const umask = process.umask(0o077);
    const challenges = [challenge('a.example'), challenge('b.example')];
    try {
      await solver.present(challenges);
    } finally {
      process.umask(umask);
    }
    const file = path.join(root, '.well-known', 'acme-challenge', 'tok-a');
    expect(fs.readFileSync(file, 'utf8')).toBe('tok-a.thumb');
    expect(fs.statSync(file).mode % 0o1000).toBe(0o644);
    expect(fs.statSync(path.dirname(file)).mode % 0o1000).toBe(0o755);
    expect(fs.readdirSync(path.join(root, '.well-known', 'acme-challenge')).sort()).toEqual(['tok-a', 'tok-b']);
    expect(await solver.cleanUp(challenges)).toEqual([]);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('keeps directories that were there, and files of others', async () => {
    fs.mkdirSync(path.join(root, '.well-known', 'acme-challenge'), { recursive: true });
    fs.writeFileSync(path.join(root, '.well-known', 'acme-challenge', 'someone-elses'), 'x');
    const solver = new WebrootSolver(root);
    await solver.present([challenge('a.example')]);
    await solver.cleanUp([challenge('a.example')]);
    expect(fs.readdirSync(path.join(root, '.well-known', 'acme-challenge'))).toEqual(['someone-elses']);
  });

  test('a webroot that does not exist fails before anything is written', async () => {
    await expect(new WebrootSolver(path.join(root, 'nope')).present([challenge('a.example')])).rejects.toThrow(`--webroot ${root}/nope does not exist`);
    expect(fs.existsSync(path.join(root, 'nope'))).toBe(false);
  });
});

describe('TlsAlpnSolver', () => {
  const ACME_IDENTIFIER = Buffer.from([0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x1f]); // 1.3.6.1.5.5.7.1.31

  /** The acmeIdentifier extension of `cert`: whether it is critical and the digest it holds. */
  function acmeIdentifier(cert: X509Certificate): { critical: boolean; digest: Buffer } | undefined {
    const der = cert.raw;
    const [tbs] = childrenOf(der, readTlv(der, 0));
    const extensions = childrenOf(der, tbs).find(f => f.tag === 0xa3)!;
    for (const ext of childrenOf(der, childrenOf(der, extensions)[0])) {
      const fields = childrenOf(der, ext);
      if (!contentOf(der, fields[0]).equals(ACME_IDENTIFIER)) continue;
      const critical = fields.length === 3 && der[fields[1].contentStart] === 0xff;
      const value = fields[fields.length - 1];
      return { critical, digest: contentOf(der, readTlv(der, value.contentStart)) };
    }
    return undefined;
  }

  function handshake(port: number, servername: string, protocols = ['acme-tls/1']): Promise<{ protocol: string | false; cert: X509Certificate }> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port, servername, ALPNProtocols: protocols, rejectUnauthorized: false }, () => {
        const cert = socket.getPeerX509Certificate()!;
        resolve({ protocol: socket.alpnProtocol ?? false, cert });
        socket.destroy();
      });
      socket.once('error', reject);
    });
  }

  test('answers each SNI name with a self-signed certificate for it holding the critical acmeIdentifier digest, over acme-tls/1', async () => {
    const port = await freePort();
    const solver = new TlsAlpnSolver({ port, host: '127.0.0.1' });
    const challenges = [challenge('a.example'), challenge('b.example')];
    await solver.present(challenges);
    try {
      for (const c of challenges) {
        const { protocol, cert } = await handshake(port, c.name);
        expect(protocol).toBe('acme-tls/1');
        expect(cert.subjectAltName).toBe(`DNS:${c.name}`);
        expect(acmeIdentifier(cert)).toEqual({ critical: true, digest: createHash('sha256').update(c.keyAuthorization).digest() });
      }
      await expect(handshake(port, 'other.example')).rejects.toThrow();
    } finally {
      await solver.cleanUp(challenges);
    }
    expect(await refused(port)).toBe(true);
  });
});

describe('ManualDnsProvider', () => {
  const records = [{ fqdn: '_acme-challenge.a.example', value: 'v1' }, { fqdn: '_acme-challenge.a.example', value: 'v2' }];

  test('prints the records, goes on at Enter, then prints the records to delete', async () => {
    const lines: string[] = [];
    const input = new PassThrough();
    // A server that never answers: only Enter ends the wait.
    const dns = new ManualDnsProvider({ print: l => lines.push(l), input, servers: ['127.0.0.1:9'], timeoutMs: 60_000 });
    const published = dns.publish(records);
    await new Promise(r => setTimeout(r, 50));
    input.write('\n');
    await published;
    await dns.remove(records);
    expect(lines).toEqual([
      'dns manual: create these 2 TXT records (several values on one name: one record each, same name):',
      'dns manual: create _acme-challenge.a.example. TXT "v1"',
      'dns manual: create _acme-challenge.a.example. TXT "v2"',
      'dns manual: waiting until 127.0.0.1:9 serve them, or press Enter once created (at most 60 s)',
      'dns manual: Enter pressed; asking the CA to validate',
      'dns manual: the CA is done with the records; delete them now:',
      'dns manual: delete _acme-challenge.a.example. TXT "v1"',
      'dns manual: delete _acme-challenge.a.example. TXT "v2"',
    ]);
    expect(input.listenerCount('data')).toBe(0);
  });

  test('without Enter, the wait ends when the time is up, naming the record and the server', async () => {
    const dns = new ManualDnsProvider({ print: () => undefined, servers: ['127.0.0.1:9'], timeoutMs: 300 });
    await expect(dns.publish(records.slice(0, 1))).rejects.toThrow('_acme-challenge.a.example: TXT record not visible at 127.0.0.1:9 within 0.3 s');
  });
});

describe('solverTasks', () => {
  let account: ReturnType<typeof accountKeyFromPem>;
  beforeAll(async () => { account = accountKeyFromPem(await newAccountKeyPem()); });
  const http01 = { type: 'http-01' as const, name: 'test solver', present: async () => undefined, cleanUp: async () => [] };
  const authz = (value: string, extra: Partial<AcmeAuthorization> = {}): AcmeAuthorization => ({
    identifier: { type: 'dns', value },
    status: 'pending',
    challenges: [{ type: 'dns-01', url: `https://ca/c/${value}/dns`, token: 'd', status: 'pending' },
      { type: 'http-01', url: `https://ca/c/${value}/http`, token: `t-${value}`, status: 'pending' }],
    ...extra,
  });

  test('one task per pending authorization with the key authorization; valid ones skipped', () => {
    const lines: string[] = [];
    const tasks = solverTasks(account, [{ url: 'https://ca/a/1', authz: authz('a.example') }, { url: 'https://ca/a/2', authz: authz('b.example', { status: 'valid' }) }],
      http01, l => lines.push(l));
    expect(tasks).toEqual([{
      name: 'a.example',
      authorizationUrl: 'https://ca/a/1',
      challengeUrl: 'https://ca/c/a.example/http',
      challenge: { name: 'a.example', token: 't-a.example', keyAuthorization: `t-a.example.${account.thumbprint}` },
    }]);
    expect(lines).toEqual(['a.example: http-01 via test solver', 'b.example: authorization already valid']);
  });

  test.each([
    [authz('a.example', { wildcard: true }), '*.a.example: a wildcard can only be validated with DNS-01 (http-01 cannot prove it); use --dns'],
    [authz('a.example', { challenges: [] }), 'a.example: the CA offers no http-01 challenge'],
    [authz('a.example', { status: 'deactivated' }), 'a.example: authorization is deactivated'],
  ])('%# fails naming the name', (a, message) => {
    expect(() => solverTasks(account, [{ url: 'u', authz: a }], http01, () => undefined)).toThrow(new IssueError(message, []));
  });

  test('issueCertificate refuses a wildcard for a solver before contacting the CA', async () => {
    const error = await issueCertificate({ directoryUrl: 'http://127.0.0.1:9/dir', domains: ['a.example', '*.a.example'], solver: http01 }).catch(e => e);
    expect(error).toBeInstanceOf(IssueError);
    expect(error.message).toBe('*.a.example: a wildcard can only be validated with DNS-01 (http-01 cannot prove it); use --dns');
    expect(error.code).toBeUndefined();
  });
});
