// The --out layout: readers see the whole old set or the whole new set, and a new key is never lost.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KEEP_VERSIONS, liveVersion, loadOrCreateAccountKey, OutputError, prepareOutputDir, writeCertificateFiles } from '../../../src/runtime/cli/output-files';
import { IssuedCertificate } from '../../../src/runtime/types';

// The module object itself, so that a spy on it is what the code under test calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const realFs = require('node:fs') as typeof fs;

const set = (n: number): IssuedCertificate => ({
  certificatePem: `CERT ${n}\n`,
  chainPem: `CHAIN ${n}\n`,
  fullchainPem: `CERT ${n}\nCHAIN ${n}\n`,
  privateKeyPem: `KEY ${n}\n`,
  notBefore: new Date(0),
  notAfter: new Date(0),
  names: ['example.com'],
  accountKeyPem: 'ACCOUNT\n',
});

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-out-')); });
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What a reader of the four usual paths sees. */
const read = (d = dir) => Object.fromEntries(['cert.pem', 'chain.pem', 'fullchain.pem', 'privkey.pem']
  .map(f => [f, fs.readFileSync(path.join(d, f), 'utf8')]));
const expectSet = (n: number, d = dir) => expect(read(d)).toEqual({
  'cert.pem': `CERT ${n}\n`, 'chain.pem': `CHAIN ${n}\n`, 'fullchain.pem': `CERT ${n}\nCHAIN ${n}\n`, 'privkey.pem': `KEY ${n}\n`,
});
const mode = (file: string) => fs.statSync(file).mode % 0o1000;
/** Where the error says the new set is. */
const savedIn = (error: OutputError) => /the new certificate and key are in (\S+?);/.exec(error.message)![1];

test('the four files resolve through one live link to a version directory; the key is 0600', () => {
  const files = writeCertificateFiles(dir, set(1));
  expect(files).toEqual(['cert.pem', 'chain.pem', 'fullchain.pem', 'privkey.pem'].map(f => path.join(dir, f)));
  expectSet(1);
  for (const f of ['cert.pem', 'chain.pem', 'fullchain.pem', 'privkey.pem']) expect(fs.readlinkSync(path.join(dir, f))).toBe(path.join('live', f));
  expect(fs.readlinkSync(path.join(dir, 'live'))).toBe(path.join('.versions', liveVersion(dir)!));
  expect(mode(path.join(dir, 'privkey.pem'))).toBe(0o600);
  expect(mode(path.join(dir, 'cert.pem'))).toBe(0o644);
  expect(fs.readdirSync(dir).sort()).toEqual(['.versions', 'cert.pem', 'chain.pem', 'fullchain.pem', 'live', 'privkey.pem']);
});

test('a new set is switched in by one rename of live, and the previous set is kept', () => {
  writeCertificateFiles(dir, set(1));
  const first = liveVersion(dir)!;
  const renames = jest.spyOn(realFs, 'renameSync');
  writeCertificateFiles(dir, set(2));
  expectSet(2);
  expect(renames.mock.calls.map(([, to]) => path.relative(dir, String(to)))).toEqual(['live']);
  expectSet(1, path.join(dir, '.versions', first));
});

test(`only the newest ${KEEP_VERSIONS} sets are kept`, () => {
  for (let n = 1; n <= KEEP_VERSIONS + 2; n++) writeCertificateFiles(dir, set(n));
  const versions = fs.readdirSync(path.join(dir, '.versions')).sort();
  expect(versions).toHaveLength(KEEP_VERSIONS);
  expect(versions.map(v => fs.readFileSync(path.join(dir, '.versions', v, 'privkey.pem'), 'utf8')))
    .toEqual([3, 4, 5, 6, 7].map(n => `KEY ${n}\n`));
  expectSet(KEEP_VERSIONS + 2);
});

test('plain files from an older layout are kept as a version and replaced by links without a visible change', () => {
  for (const [f, c] of Object.entries({ 'cert.pem': 'CERT 0\n', 'chain.pem': 'CHAIN 0\n', 'fullchain.pem': 'CERT 0\nCHAIN 0\n', 'privkey.pem': 'KEY 0\n' })) {
    fs.writeFileSync(path.join(dir, f), c);
  }
  writeCertificateFiles(dir, set(1));
  expectSet(1);
  const legacy = fs.readdirSync(path.join(dir, '.versions')).find(v => v.endsWith('-before-versions'))!;
  expectSet(0, path.join(dir, '.versions', legacy));
});

test('when live cannot be switched, the old set still serves and the new set, key included, is where the error says', () => {
  writeCertificateFiles(dir, set(1));
  const real = realFs.renameSync;
  jest.spyOn(realFs, 'renameSync').mockImplementation((from, to) => {
    if (path.basename(String(to)) === 'live') throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', path: String(to) });
    return real(from, to);
  });
  const error = (() => { try { writeCertificateFiles(dir, set(2)); } catch (e) { return e as OutputError; } return undefined; })()!;
  expect(error).toBeInstanceOf(OutputError);
  expect(error.message).toMatch(new RegExp(`^could not put the new files in place in ${dir} \\(EACCES on ${path.join(dir, 'live')}\\); `
    + `the new certificate and key are in ${dir}/\\.versions/[^ ]+; ${dir} still serves \\.versions/${liveVersion(dir)}$`));
  expectSet(1);
  expectSet(2, savedIn(error));
  expect(error.savedIn).toBe(savedIn(error));
  expect(fs.readdirSync(dir).filter(f => f.endsWith('.tmp'))).toEqual([]);
});

test('a file that cannot be replaced (a directory in its place): the old files stay, the new set is kept', () => {
  fs.writeFileSync(path.join(dir, 'cert.pem'), 'CERT 0\n');
  fs.mkdirSync(path.join(dir, 'privkey.pem', 'occupied'), { recursive: true }); // renaming a link over it fails, even as root
  const error = (() => { try { writeCertificateFiles(dir, set(1)); } catch (e) { return e as OutputError; } return undefined; })()!;
  expect(error).toBeInstanceOf(OutputError);
  expect(error.message).toContain(`could not put the new files in place in ${dir}`);
  expect(fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8')).toBe('CERT 0\n');
  expectSet(1, savedIn(error));
  expect(mode(path.join(savedIn(error), 'privkey.pem'))).toBe(0o600);
  expect(fs.readdirSync(dir).filter(f => f.endsWith('.tmp'))).toEqual([]);
});

test('when the version directory cannot be written, the new set goes to a private temporary directory the error names', () => {
  writeCertificateFiles(dir, set(1));
  const real = realFs.openSync;
  jest.spyOn(realFs, 'openSync').mockImplementation(((file: string, ...rest: unknown[]) => {
    if (String(file).startsWith(path.join(dir, '.versions'))) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', path: String(file) });
    return (real as (...a: unknown[]) => number)(file, ...rest);
  }) as typeof fs.openSync);
  const error = (() => { try { writeCertificateFiles(dir, set(2)); } catch (e) { return e as OutputError; } return undefined; })()!;
  expect(error).toBeInstanceOf(OutputError);
  expect(error.message).toMatch(/^could not write .+ \(ENOSPC on .+privkey\.pem\); the new certificate and key are in .+cdk-certkit-unsaved-\w+; .+ still holds the previous files$/);
  jest.restoreAllMocks();
  try {
    expectSet(1);
    expectSet(2, error.savedIn);
    expect(mode(error.savedIn!) % 0o100).toBe(0); // only the owner can enter it
    expect(fs.readdirSync(path.join(dir, '.versions'))).toHaveLength(1); // the half-written version is gone
  } finally {
    fs.rmSync(error.savedIn!, { recursive: true, force: true });
  }
});

test('prepareOutputDir refuses a directory that cannot take files, before anything is ordered', () => {
  fs.writeFileSync(path.join(dir, 'file'), '');
  expect(() => prepareOutputDir(path.join(dir, 'file', 'out'))).toThrow(new RegExp(`^--out ${dir}/file/out cannot take the certificate files: ENOTDIR`));
  prepareOutputDir(path.join(dir, 'ok'));
  expect(fs.readdirSync(path.join(dir, 'ok', '.versions'))).toEqual([]);
});

test('the account key is created whole, mode 0600, and an existing one is kept', async () => {
  const file = path.join(dir, 'state', 'account.pem');
  const pem = await loadOrCreateAccountKey(file);
  expect(pem).toMatch(/^-----BEGIN (EC )?PRIVATE KEY-----/);
  expect(mode(file)).toBe(0o600);
  expect(await loadOrCreateAccountKey(file)).toBe(pem);
  expect(fs.readdirSync(path.join(dir, 'state'))).toEqual(['account.pem']);
});
