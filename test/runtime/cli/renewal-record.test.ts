// DIR/renewal.json: what renew reads back; never a secret, only files (absolute) and environment variable names.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IssueArgs, UsageError } from '../../../src/runtime/cli/options';
import { readRecord, recordFor, writeRecord } from '../../../src/runtime/cli/renewal-record';

const now = new Date('2026-12-01T12:00:00Z');
/** Options as the parser returns them (its type is loose about the repeatable and boolean ones). */
const issueArgs = (values: object) => values as unknown as IssueArgs;

test.each([
  ['cloudflare with the token in the environment', { dns: 'cloudflare' }, {}, ['CLOUDFLARE_API_TOKEN']],
  ['cloudflare with a token file', { 'dns': 'cloudflare', 'cloudflare-token-file': 'cf.token' }, {}, []],
  ['EAB with the HMAC key in the environment', { 'dns': 'rfc2136', 'eab-kid': 'kid-1' }, {}, ['CERTKIT_EAB_HMAC_KEY']],
  ['route53: the AWS variables that were set', { dns: 'route53' }, { AWS_PROFILE: 'ops', AWS_SECRET_ACCESS_KEY: 'x' }, ['AWS_PROFILE', 'AWS_SECRET_ACCESS_KEY']],
  ['HTTP-01', { 'http-port': '8080' }, {}, []],
])('%s: environment variables by name', (_, args, env, environment) => {
  const record = recordFor(issueArgs({ directory: 'letsencrypt', domain: ['a.example'], ...args }), env, now);
  expect(record.environment).toEqual(environment);
  expect(JSON.stringify(record)).not.toContain('"x"');
});

test('file options become absolute; run-only options are dropped', () => {
  const record = recordFor(issueArgs({
    'directory': 'letsencrypt',
    'domain': ['a.example'],
    'tsig-secret-file': 'keys/tsig.key',
    'ca-bundle': '/etc/ca.pem',
    'webroot': 'www',
    'account-key-file': 'account.pem',
    'out': 'certs',
    'quiet': true,
    'help': false,
    'key-type': 'rsa2048',
  }), {}, now);
  expect(record).toEqual({
    version: 1,
    options: {
      'directory': 'letsencrypt',
      'domain': ['a.example'],
      'tsig-secret-file': path.resolve('keys/tsig.key'),
      'ca-bundle': '/etc/ca.pem',
      'webroot': path.resolve('www'),
      'account-key-file': path.resolve('account.pem'),
      'key-type': 'rsa2048',
    },
    environment: [],
    writtenAt: '2026-12-01T12:00:00.000Z',
  });
});

describe('reading it back', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-record-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('round trip, written whole (no temporary file left)', () => {
    const record = recordFor(issueArgs({ directory: 'letsencrypt', domain: ['a.example'], dns: 'manual' }), {}, now);
    expect(writeRecord(dir, record)).toBe(path.join(dir, 'renewal.json'));
    expect(readRecord(dir)).toEqual(record);
    expect(fs.readdirSync(dir)).toEqual(['renewal.json']);
  });

  test.each([
    [undefined, 'renewal.json not found: renew and revoke work on a directory `cdk-certkit issue --out'],
    ['{', 'renewal.json is not JSON'],
    ['{"version":2,"options":{}}', 'renewal.json is not a renewal record of this version of cdk-certkit (version 2)'],
  ])('%j is a usage error', (content, message) => {
    if (content !== undefined) fs.writeFileSync(path.join(dir, 'renewal.json'), content);
    expect(() => readRecord(dir)).toThrow(UsageError);
    expect(() => readRecord(dir)).toThrow(message);
  });
});
