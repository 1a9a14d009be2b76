import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PINNED_FILES, PinnedFile } from './pinned';

/** Environment variables that steer where pinned upstream files come from. */
export const UPSTREAM_ENV = {
  /** A folder laid out like `../shared/upstream/`, searched first. */
  dir: 'CDK_CERTKIT_UPSTREAM_DIR',
  /** Where downloads are cached (default `<package>/.cache/upstream`). */
  cache: 'CDK_CERTKIT_CACHE_DIR',
  /** A mirror that replaces `https://raw.githubusercontent.com` in the pinned URLs. */
  mirror: 'CDK_CERTKIT_UPSTREAM_MIRROR',
} as const;

const RAW_ORIGIN = 'https://raw.githubusercontent.com';
const resolved = new Map<string, string>();

/** The folder holding this package's package.json (the repo in development, node_modules/cdk-certkit once installed). */
export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cdk-certkit: no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

function cacheRoot(): string {
  return process.env[UPSTREAM_ENV.cache] ?? path.join(packageRoot(), '.cache', 'upstream');
}

/** Folders that may hold the pinned files, most specific first; the cache is tried last. */
function searchRoots(): string[] {
  const root = packageRoot();
  const roots = [
    process.env[UPSTREAM_ENV.dir],
    path.join(root, 'lib', 'upstream-data'),
    path.resolve(root, '..', 'shared', 'upstream'),
  ];
  return roots.filter((r): r is string => !!r);
}

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function pinnedFile(relPath: string): PinnedFile {
  const pinned = PINNED_FILES.find(f => f.path === relPath);
  if (!pinned) {
    throw new Error(`cdk-certkit: '${relPath}' is not a pinned upstream file; known: ${PINNED_FILES.map(f => f.path).join(', ')}`);
  }
  return pinned;
}

/** The URL a pinned file is fetched from, honouring a configured mirror. */
export function downloadUrl(pinned: PinnedFile): string {
  const mirror = process.env[UPSTREAM_ENV.mirror];
  return mirror ? pinned.url.replace(RAW_ORIGIN, mirror.replace(/\/+$/, '')) : pinned.url;
}

// Synchronous on purpose: constructs are built synchronously, so the download runs in a child node.
const FETCH_SCRIPT = `
const [url, dest] = process.argv.slice(1);
fetch(url).then(async r => {
  if (!r.ok) throw new Error('HTTP ' + r.status);
  require('fs').writeFileSync(dest, Buffer.from(await r.arrayBuffer()));
}).catch(e => { process.stderr.write(String(e && e.cause ? e.cause.message || e.cause : e.message || e)); process.exit(1); });
`;

function download(pinned: PinnedFile, dest: string): void {
  const url = downloadUrl(pinned);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.part`;
  try {
    execFileSync(process.execPath, ['-e', FETCH_SCRIPT, url, tmp], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  } catch (e: any) {
    fs.rmSync(tmp, { force: true });
    const reason = e.stderr?.toString().trim() || e.message;
    throw new Error(`cdk-certkit: cannot download ${pinned.path} from ${url} (${reason}). ` +
      `Put the pinned upstream files in ../shared/upstream or set ${UPSTREAM_ENV.dir} (or ${UPSTREAM_ENV.mirror}).`);
  }
  const actual = sha256Of(tmp);
  if (actual !== pinned.sha256) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`cdk-certkit: ${url} has sha256 ${actual}, expected ${pinned.sha256} for ${pinned.path}; refusing to use it.`);
  }
  fs.renameSync(tmp, dest);
}

/**
 * The absolute path of a verified copy of a pinned upstream file: from `CDK_CERTKIT_UPSTREAM_DIR`, the
 * copy shipped in the package, `../shared/upstream`, or else the download cache (fetched once, checksummed).
 */
export function upstreamPath(relPath: string): string {
  const known = resolved.get(relPath);
  if (known) return known;
  const pinned = pinnedFile(relPath);
  for (const root of searchRoots()) {
    const candidate = path.join(root, relPath);
    if (!fs.existsSync(candidate)) continue;
    const actual = sha256Of(candidate);
    if (actual !== pinned.sha256) {
      throw new Error(`cdk-certkit: ${candidate} has sha256 ${actual}, expected ${pinned.sha256}: ` +
        `it is not the pinned upstream release. Restore it, or remove it to download the pinned file.`);
    }
    resolved.set(relPath, candidate);
    return candidate;
  }
  const cached = path.join(cacheRoot(), relPath);
  if (!fs.existsSync(cached) || sha256Of(cached) !== pinned.sha256) download(pinned, cached);
  resolved.set(relPath, cached);
  return cached;
}

/** The text of a verified pinned upstream file. */
export function readUpstream(relPath: string): string {
  return fs.readFileSync(upstreamPath(relPath), 'utf8');
}

/** Forgets resolved locations (for tests that change the environment). */
export function resetUpstreamCache(): void {
  resolved.clear();
}
