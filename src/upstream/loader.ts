import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PINNED_FILES, PinnedFile } from './pinned';

/** Environment variables that steer where pinned upstream files come from. */
export const UPSTREAM_ENV = {
  /** A folder holding the pinned files under their pinned paths (`cert-manager-v1.21.1/values.yaml`, ...), searched first. */
  dir: 'CDK_CERTKIT_UPSTREAM_DIR',
  /** Where downloads are cached (default `<package>/.cache/upstream`). */
  cache: 'CDK_CERTKIT_CACHE_DIR',
  /** A mirror that replaces `https://raw.githubusercontent.com` in the pinned URLs. */
  mirror: 'CDK_CERTKIT_UPSTREAM_MIRROR',
} as const;

const RAW_ORIGIN = 'https://raw.githubusercontent.com';

/** Where a store looks for pinned files and where it caches downloads. */
export interface UpstreamStoreOptions {
  /** Folders holding the pinned files under their pinned paths, searched in order. */
  readonly roots: readonly string[];
  /** Where downloads are kept. */
  readonly cacheDir: string;
  /** Replaces `https://raw.githubusercontent.com` in the pinned URLs. */
  readonly mirror?: string;
  /** Running from this repository rather than an installed package: errors may then name `../shared/upstream`. */
  readonly development?: boolean;
}

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

/** Whether `root` is this repository (a development checkout) rather than the package installed in node_modules. */
export function isDevelopmentCheckout(root: string): boolean {
  return !root.split(path.sep).includes('node_modules') && fs.existsSync(path.join(root, 'src', 'upstream'));
}

/**
 * The default store: `CDK_CERTKIT_UPSTREAM_DIR`, the copy shipped in the package, then the cache. In this
 * repository `../shared/upstream` comes before the cache; an installed package never looks beside itself.
 */
export function defaultStoreOptions(): UpstreamStoreOptions {
  const root = packageRoot();
  const development = isDevelopmentCheckout(root);
  const roots = [process.env[UPSTREAM_ENV.dir], path.join(root, 'lib', 'upstream-data')];
  if (development) roots.push(path.resolve(root, '..', 'shared', 'upstream'));
  return {
    roots: roots.filter((r): r is string => !!r),
    cacheDir: process.env[UPSTREAM_ENV.cache] ?? path.join(root, '.cache', 'upstream'),
    mirror: process.env[UPSTREAM_ENV.mirror],
    development,
  };
}

function sha256Of(file: string): string {
  return sha256OfBuffer(fs.readFileSync(file));
}

function sha256OfBuffer(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function pinnedFile(relPath: string): PinnedFile {
  const pinned = PINNED_FILES.find(f => f.path === relPath);
  if (!pinned) {
    throw new Error(`cdk-certkit: '${relPath}' is not a pinned upstream file; known: ${PINNED_FILES.map(f => f.path).join(', ')}`);
  }
  return pinned;
}

// Synchronous on purpose: constructs are built synchronously, so the download runs in a child node.
const FETCH_SCRIPT = `
const [url, dest] = process.argv.slice(1);
fetch(url).then(async r => {
  if (!r.ok) throw new Error('HTTP ' + r.status);
  require('fs').writeFileSync(dest, Buffer.from(await r.arrayBuffer()));
}).catch(e => { process.stderr.write(String(e && e.cause ? e.cause.message || e.cause : e.message || e)); process.exit(1); });
`;

/** Finds pinned upstream files, verifying each against its checksum, and downloads missing ones into a cache. */
export class UpstreamStore {
  private readonly resolved = new Map<string, string>();
  private readonly texts = new Map<string, string>();

  constructor(private readonly options: UpstreamStoreOptions) {}

  /** The URL a pinned file is fetched from, honouring the mirror. */
  public downloadUrl(pinned: PinnedFile): string {
    const mirror = this.options.mirror;
    return mirror ? pinned.url.replace(RAW_ORIGIN, mirror.replace(/\/+$/, '')) : pinned.url;
  }

  /**
   * The verified content of a pinned file from the first root holding it, as `<path>` or gzipped as `<path>.gz`
   * (the package ships its copies gzipped); undefined when no root has it.
   */
  private fromRoots(relPath: string): Buffer | undefined {
    const pinned = pinnedFile(relPath);
    for (const root of this.options.roots) {
      const candidate = path.join(root, relPath);
      let content: Buffer;
      let where = candidate;
      if (fs.existsSync(candidate)) {
        content = fs.readFileSync(candidate);
      } else if (fs.existsSync(`${candidate}.gz`)) {
        where = `${candidate}.gz`;
        content = gunzipSync(fs.readFileSync(where));
      } else {
        continue;
      }
      const actual = sha256OfBuffer(content);
      if (actual !== pinned.sha256) {
        throw new Error(`cdk-certkit: ${where} has sha256 ${actual}, expected ${pinned.sha256}: ` +
          'it is not the pinned upstream release. Restore it, or remove it to download the pinned file.');
      }
      return content;
    }
    return undefined;
  }

  /** The text of a verified pinned file (searching the roots, else the cache, else downloading). */
  public read(relPath: string): string {
    const known = this.texts.get(relPath);
    if (known !== undefined) return known;
    const content = this.resolved.has(relPath) ? undefined : this.fromRoots(relPath);
    const text = content ? content.toString('utf8') : fs.readFileSync(this.path(relPath), 'utf8');
    this.texts.set(relPath, text);
    return text;
  }

  /**
   * The absolute path of a verified copy of a pinned file: in a root, else in the cache (a gzipped copy in a root
   * is unpacked there), else downloaded into the cache.
   */
  public path(relPath: string): string {
    const known = this.resolved.get(relPath);
    if (known) return known;
    const pinned = pinnedFile(relPath);
    let found = this.options.roots.map(root => path.join(root, relPath)).find(candidate => fs.existsSync(candidate));
    if (found) {
      this.fromRoots(relPath); // verifies it
    } else {
      found = path.join(this.options.cacheDir, relPath);
      if (!fs.existsSync(found) || sha256Of(found) !== pinned.sha256) {
        const content = this.fromRoots(relPath);
        if (content) writeVerified(found, content);
        else this.download(pinned, found);
      }
    }
    this.resolved.set(relPath, found);
    return found;
  }

  private download(pinned: PinnedFile, dest: string): void {
    const url = this.downloadUrl(pinned);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    // Written beside the destination and renamed only once verified: nothing half-written is ever used.
    const tmp = `${dest}.${process.pid}.part`;
    try {
      execFileSync(process.execPath, ['-e', FETCH_SCRIPT, url, tmp], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    } catch (e: any) {
      fs.rmSync(tmp, { force: true });
      const reason = e.stderr?.toString().trim() || e.message;
      throw new Error(`cdk-certkit: cannot download ${pinned.path} from ${url} (${reason}). ` +
        `Fix: set ${UPSTREAM_ENV.dir} to a folder holding the pinned files (this one as ${pinned.path}), ` +
        `or ${UPSTREAM_ENV.mirror} to a mirror of ${RAW_ORIGIN}` +
        (this.options.development ? '; in this repository, ../shared/upstream is searched too.' : '.'));
    }
    const actual = sha256Of(tmp);
    if (actual !== pinned.sha256) {
      fs.rmSync(tmp, { force: true });
      throw new Error(`cdk-certkit: ${url} has sha256 ${actual}, expected ${pinned.sha256} for ${pinned.path}; refusing to use it.`);
    }
    fs.renameSync(tmp, dest);
  }
}

/** Writes beside `dest` and renames, so nothing half-written is ever used. */
function writeVerified(dest: string, content: Buffer): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.part`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, dest);
}

let defaultStore: UpstreamStore | undefined;

/** The absolute path of a verified copy of a pinned upstream file, from the default store. */
export function upstreamPath(relPath: string): string {
  defaultStore ??= new UpstreamStore(defaultStoreOptions());
  return defaultStore.path(relPath);
}

/** The text of a verified pinned upstream file, from the default store. */
export function readUpstream(relPath: string): string {
  defaultStore ??= new UpstreamStore(defaultStoreOptions());
  return defaultStore.read(relPath);
}
