import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultStoreOptions, isDevelopmentCheckout, PINNED_FILES, UpstreamStore, upstreamPath } from '../../src/upstream';

const VALUES = 'cert-manager-v1.21.1/values.yaml';
const sharedRoot = path.dirname(path.dirname(upstreamPath(VALUES)));

// A loopback mirror in its own process: the store downloads synchronously, which would block an in-process server.
// It serves the pinned files by their upstream URL path, and a tampered copy under /tampered/.
const MIRROR = `
const http = require('http'), fs = require('fs'), path = require('path');
const [root, table] = [process.argv[1], JSON.parse(process.argv[2])];
const server = http.createServer((req, res) => {
  const tampered = req.url.startsWith('/tampered');
  const rel = table[req.url.replace(/^\\/tampered/, '')];
  if (!rel) { res.writeHead(404); return res.end(); }
  const body = fs.readFileSync(path.join(root, rel));
  res.end(tampered ? Buffer.concat([body, Buffer.from('#')]) : body);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

describe('UpstreamStore', () => {
  let mirror: ChildProcess;
  let base: string;
  let work: string;

  beforeAll(async () => {
    const table = Object.fromEntries(PINNED_FILES.map(f => [new URL(f.url).pathname, f.path]));
    mirror = spawn(process.execPath, ['-e', MIRROR, sharedRoot, JSON.stringify(table)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>(resolve => mirror.stdout!.once('data', d => resolve(String(d).trim())));
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => { mirror.kill(); });
  beforeEach(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-upstream-')); });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('finds the pinned file in ../shared/upstream and verifies it', () => {
    const file = upstreamPath(VALUES);
    const sha = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    expect(sha).toBe(PINNED_FILES.find(f => f.path === VALUES)!.sha256);
  });

  test('without a root, downloads into the cache, checksummed, then reuses the cache', () => {
    const cacheDir = path.join(work, 'cache');
    const store = new UpstreamStore({ roots: [], cacheDir, mirror: base });
    const file = store.path(VALUES);
    expect(file).toBe(path.join(cacheDir, VALUES));
    expect(fs.readFileSync(file, 'utf8')).toBe(fs.readFileSync(upstreamPath(VALUES), 'utf8'));
    // A second store with an unreachable mirror still succeeds from the cache.
    const offline = new UpstreamStore({ roots: [], cacheDir, mirror: 'http://127.0.0.1:1' });
    expect(offline.path(VALUES)).toBe(file);
  });

  test('refuses a download whose checksum differs, and leaves nothing in the cache', () => {
    const cacheDir = path.join(work, 'cache');
    const store = new UpstreamStore({ roots: [], cacheDir, mirror: `${base}/tampered` });
    expect(() => store.path(VALUES)).toThrow(/has sha256 [0-9a-f]{64}, expected [0-9a-f]{64} .*refusing to use it/);
    expect(fs.existsSync(cacheDir) ? fs.readdirSync(path.join(cacheDir, 'cert-manager-v1.21.1')) : []).toEqual([]);
  });

  test('an unreachable mirror is a one-line error naming the file and the way out', () => {
    const store = new UpstreamStore({ roots: [], cacheDir: path.join(work, 'cache'), mirror: 'http://127.0.0.1:1' });
    expect(() => store.path(VALUES)).toThrow(/cannot download cert-manager-v1.21.1\/values.yaml from http:\/\/127.0.0.1:1\/.*CDK_CERTKIT_UPSTREAM_DIR/);
  });

  test('an installed package names the environment variables only, never ../shared', () => {
    const store = new UpstreamStore({ roots: [], cacheDir: path.join(work, 'cache'), mirror: 'http://127.0.0.1:1' });
    let message = '';
    try { store.path(VALUES); } catch (e: any) { message = e.message; }
    expect(message).toMatch(/Fix: set CDK_CERTKIT_UPSTREAM_DIR to a folder holding the pinned files \(this one as cert-manager-v1.21.1\/values.yaml\), or CDK_CERTKIT_UPSTREAM_MIRROR to a mirror of https:\/\/raw.githubusercontent.com\.$/);
    expect(message).not.toMatch(/shared/);
    expect(message).not.toMatch(/\n/);
  });

  test('in this repository the error also names ../shared/upstream', () => {
    const store = new UpstreamStore({ roots: [], cacheDir: path.join(work, 'cache'), mirror: 'http://127.0.0.1:1', development: true });
    expect(() => store.path(VALUES)).toThrow(/in this repository, \.\.\/shared\/upstream is searched too\.$/);
  });

  test('../shared/upstream is searched from this repository only, not from an installed package', () => {
    const repo = path.join(__dirname, '..', '..');
    expect(isDevelopmentCheckout(repo)).toBe(true);
    expect(defaultStoreOptions().roots).toContain(path.resolve(repo, '..', 'shared', 'upstream'));
    const installed = path.join(work, 'node_modules', 'cdk-certkit');
    fs.mkdirSync(path.join(installed, 'src', 'upstream'), { recursive: true });
    expect(isDevelopmentCheckout(installed)).toBe(false);
  });

  test('reads a gzipped copy in a root (as the package ships them), and unpacks it into the cache for a path', () => {
    const root = path.join(work, 'root');
    fs.mkdirSync(path.join(root, 'cert-manager-v1.21.1'), { recursive: true });
    const original = fs.readFileSync(upstreamPath(VALUES));
    fs.writeFileSync(path.join(root, `${VALUES}.gz`), gzipSync(original));
    const cacheDir = path.join(work, 'cache');
    const store = new UpstreamStore({ roots: [root], cacheDir, mirror: 'http://127.0.0.1:1' });
    expect(store.read(VALUES)).toBe(original.toString('utf8'));
    expect(fs.existsSync(cacheDir)).toBe(false);
    expect(fs.readFileSync(store.path(VALUES))).toEqual(original);
    expect(store.path(VALUES)).toBe(path.join(cacheDir, VALUES));
  });

  test('a gzipped copy that is not the pinned file is refused', () => {
    const root = path.join(work, 'root');
    fs.mkdirSync(path.join(root, 'cert-manager-v1.21.1'), { recursive: true });
    fs.writeFileSync(path.join(root, `${VALUES}.gz`), gzipSync('tampered: true\n'));
    const store = new UpstreamStore({ roots: [root], cacheDir: path.join(work, 'cache'), mirror: base });
    expect(() => store.read(VALUES)).toThrow(/values.yaml.gz has sha256 .* it is not the pinned upstream release/);
  });

  test('a modified file in a root is refused, not silently used', () => {
    const root = path.join(work, 'root');
    fs.mkdirSync(path.join(root, 'cert-manager-v1.21.1'), { recursive: true });
    fs.writeFileSync(path.join(root, VALUES), 'tampered: true\n');
    const store = new UpstreamStore({ roots: [root], cacheDir: path.join(work, 'cache'), mirror: base });
    expect(() => store.path(VALUES)).toThrow(/is not the pinned upstream release/);
  });

  test('unknown files are named with the known ones', () => {
    const store = new UpstreamStore({ roots: [], cacheDir: work });
    expect(() => store.path('nope.yaml')).toThrow(/'nope.yaml' is not a pinned upstream file; known: cert-manager-v1.21.1\/LICENSE/);
  });
});
