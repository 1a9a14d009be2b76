import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/runtime/cli/main';
import { parseIssueArgs, usage, UsageError } from '../../../src/runtime/cli/options';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: l => out.push(l), err: l => err.push(l), env: {} }).then(code => ({ code, out, err }));
}

const REQUIRED = ['--timeout S', '--version', '--directory URL', '--ca-bundle PEM', '--email E', '--domain NAME', '--key-type T', '--dns P', '--rfc2136-server HOST:PORT',
  '--tsig-key-name N', '--tsig-algorithm A', '--tsig-secret-file F', '--account-key-file F', '--out DIR'];

test('--help documents every option the parser accepts, including those the issue asks for', async () => {
  const { code, out } = await run(['issue', '--help']);
  expect(code).toBe(0);
  const text = out.join('\n');
  for (const flag of REQUIRED) expect(text).toContain(`  ${flag} `);
  for (const value of ['ec256', 'ec384', 'rsa2048', 'rsa3072', 'rsa4096', 'route53', 'cloudflare', 'rfc2136', 'hmac-sha256', 'hmac-sha512']) {
    expect(text).toContain(value);
  }
  const documented = [...text.matchAll(/^ {2}--([a-z0-9-]+)( [A-Z:]+)?  /gm)];
  expect(documented.length).toBeGreaterThanOrEqual(20);
  for (const [, name, value] of documented) expect(() => parseIssueArgs(value ? [`--${name}`, 'x'] : [`--${name}`])).not.toThrow();
  expect((await run(['--help'])).out.join('\n')).toBe(usage());
});

test('--help states the time limits and the exit statuses', async () => {
  const text = (await run(['--help'])).out.join('\n');
  expect(text).toContain('  The run stops after --timeout (default 600 s) wherever it is, and removes the TXT records it published.');
  expect(text).toContain('  Each request to the ACME server: at most 15 s per attempt and 60 s with its retries (5 attempts, 20 when nonces are rejected).');
  expect(text).toContain('  The first request, for the directory: 10 s;');
  expect(text).toContain('  Removing the TXT records afterwards: at most 30 s more;');
  expect(text).toContain('  0 issued and written, 1 failed, 2 usage error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).');
});

test.each([['--version'], ['-V'], ['issue', '--version']])('%s prints one line: the version and node\'s', async (...argv) => {
  const { code, out, err } = await run(argv);
  expect(code).toBe(0);
  expect(err).toEqual([]);
  const version = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version?: string }).version;
  expect(out).toEqual([`cdk-certkit ${version ?? '0.0.0'} (node ${process.versions.node})`]);
});

test.each([
  [['issue', '--bogus'], "cdk-certkit: Unknown option '--bogus'"],
  [['renw'], "cdk-certkit: unknown command 'renw'"],
  [['renew', '--out', '/nonexistent/certkit'], 'cdk-certkit: /nonexistent/certkit/renewal.json not found: renew and revoke work on a directory'],
  [['renew', '--bogus'], "cdk-certkit: Unknown option '--bogus'"],
  [['revoke', '--out', '/nonexistent/certkit'], 'cdk-certkit: --directory is required: /nonexistent/certkit has no renewal.json naming the CA'],
  [['revoke', '--reason', 'bored'], "cdk-certkit: --reason 'bored' is not one of unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation"],
  [['revoke', '--key', 'mine'], "cdk-certkit: --key 'mine' is not account or certificate"],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--dns', 'route53', '--http'], 'cdk-certkit: --dns and --http: choose one way'],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--webroot', 'w', '--tls-alpn-port', '443'],
    'cdk-certkit: --webroot and --tls-alpn-port: choose one way'],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--http-port', '70000'], "cdk-certkit: --http-port '70000' is not a port (1-65535)"],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--tls-alpn-port', 'x'], "cdk-certkit: --tls-alpn-port 'x' is not a port (1-65535)"],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--http', '--manual-nameserver', 'ns:53'],
    'cdk-certkit: --manual-nameserver goes with --dns manual'],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--dns', 'manual', '--manual-nameserver', 'ns:99999'],
    'cdk-certkit: --manual-nameserver'],
  [[], 'cdk-certkit: no command given'],
  [['issue', '--domain', 'a.example', '--dns', 'rfc2136'], 'cdk-certkit: --directory is required'],
  [['issue', '--directory', 'letsencrypt', '--dns', 'rfc2136'], 'cdk-certkit: --domain is required'],
  [['issue', '--directory', 'ftp://x', '--domain', 'a.example'], "cdk-certkit: --directory 'ftp://x' is not a URL"],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--key-type', 'ec521'], "cdk-certkit: --key-type 'ec521' is not one of"],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example'], 'cdk-certkit: --dns is required'],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--dns', 'bind'], "cdk-certkit: --dns 'bind' is not route53"],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--dns', 'rfc2136'], 'cdk-certkit: --dns rfc2136 needs --rfc2136-server'],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--dns', 'cloudflare'], 'cdk-certkit: --dns cloudflare needs'],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--dns', 'route53', '--propagation-timeout', '1.5'],
    'cdk-certkit: --propagation-timeout must be whole seconds'],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--dns', 'route53', '--timeout', '1.5'], 'cdk-certkit: --timeout must be whole seconds'],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--dns', 'route53', '--timeout', '0'], 'cdk-certkit: --timeout must be at least 1 second'],
  [['issue', '--directory', 'letsencrypt', '--domain', 'a.example', '--dns', 'route53', '--eab-kid', 'k'], 'cdk-certkit: --eab-kid needs'],
])('usage error %j exits 2 with one line', async (argv, start) => {
  const { code, out, err } = await run(argv);
  expect(code).toBe(2);
  expect(out).toEqual([]);
  expect(err).toHaveLength(1);
  expect(err[0].startsWith(start)).toBe(true);
  expect(err[0]).toMatch(/\(see cdk-certkit --help\)$/);
});

test.each([
  ['renew', ['--out DIR', '--force', '--deploy-hook CMD', '--timeout S'], ['CERTKIT_CERT', 'CERTKIT_FULLCHAIN', 'CERTKIT_PRIVKEY', 'CERTKIT_VERSION_DIR',
    'RENEWED_LINEAGE', '0 renewed (and the hook succeeded), or not due yet; 1 renewal failed', '3 renewed and written, but the deploy hook failed']],
  ['revoke', ['--out DIR', '--reason R', '--key K', '--account-key-file F'], ['keyCompromise', 'superseded', '0 revoked, 1 failed']],
])('%s --help documents its options, environment and exit statuses', async (command, flags, texts) => {
  const { code, out } = await run([command, '--help']);
  expect(code).toBe(0);
  const text = out.join('\n');
  expect(text).toBe(usage(command as 'renew' | 'revoke'));
  for (const flag of flags) expect(text).toContain(`  ${flag} `);
  for (const t of texts) expect(text).toContain(t);
});

test('issue --help names every way to answer the challenges', async () => {
  const text = (await run(['issue', '--help'])).out.join('\n');
  for (const flag of ['--http ', '--http-port PORT', '--webroot DIR', '--tls-alpn ', '--tls-alpn-port PORT', '--manual-nameserver HOST:PORT']) {
    expect(text).toContain(`  ${flag}`);
  }
  expect(text).toContain('manual');
  expect(text).toContain('renew   renew what issue wrote');
});

test('parse errors are usage errors', () => {
  expect(() => parseIssueArgs(['--quiet=yes'])).toThrow(UsageError);
  expect(parseIssueArgs(['--domain', 'a', '--domain', 'b', '--quiet'])).toMatchObject({ domain: ['a', 'b'], quiet: true });
});
