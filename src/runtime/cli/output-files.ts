// Files the CLI reads and writes: the account key (kept between runs) and the issued PEMs.
//
// `--out DIR` is laid out like certbot's live/archive, so that a reader sees the whole old set or the whole new
// set, never a mix:
//
//   DIR/cert.pem -> live/cert.pem         (likewise chain.pem, fullchain.pem, privkey.pem)
//   DIR/live     -> .versions/<version>   (switched by one rename: the only step that changes what readers see)
//   DIR/.versions/<version>/{cert,chain,fullchain,privkey}.pem
//
// Every set is written into a directory of its own before `live` is switched to it; the previous sets stay in
// .versions (the newest KEEP_VERSIONS are kept). A set that cannot be put in place is never thrown away: the error
// names the directory holding it.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newAccountKeyPem } from '../acme/jws';
import { IssuedCertificate } from '../types';

const PRIVATE = 0o600;
const PUBLIC = 0o644;
const DIRECTORY = 0o755;

/** The file names readers use, in the order they are written: the key first, so a set never lacks it. */
export const CERTIFICATE_FILES = ['privkey.pem', 'cert.pem', 'chain.pem', 'fullchain.pem'] as const;
const LISTED = ['cert.pem', 'chain.pem', 'fullchain.pem', 'privkey.pem'] as const;
export const VERSIONS_DIR = '.versions';
export const LIVE_LINK = 'live';
/** Sets kept in .versions, the live one included. */
export const KEEP_VERSIONS = 5;

/** A set that could not be put in place; `savedIn` holds it (the key included), or is undefined if nothing could be saved. */
export class OutputError extends Error {
  constructor(message: string, readonly savedIn?: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** The account key in `file`, created there (mode 0600) when missing so the next run reuses the account. */
export async function loadOrCreateAccountKey(file: string): Promise<string> {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  const pem = await newAccountKeyPem();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // Written whole under a temporary name, then linked into place: a crash never leaves half a key, and a
  // concurrent run that got there first keeps its key (the link fails) and this run uses that one.
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, pem, { mode: PRIVATE, flag: 'wx' });
    fs.chmodSync(temp, PRIVATE);
    fs.linkSync(temp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8');
    throw e;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return pem;
}

/**
 * Checks before ordering that `dir` can take a new set (so a certificate is not issued only to be stranded):
 * creates `dir` and its .versions directory and writes a probe file there. Returns a function that removes the
 * directories it created, for a run that ends without a certificate.
 */
export function prepareOutputDir(dir: string): () => void {
  const versions = path.join(dir, VERSIONS_DIR);
  const probe = path.join(versions, `.probe-${randomBytes(4).toString('hex')}`);
  let created: string | undefined;
  try {
    created = fs.mkdirSync(versions, { recursive: true, mode: DIRECTORY });
    fs.writeFileSync(probe, '', { flag: 'wx' });
    fs.rmSync(probe);
  } catch (e) {
    throw new OutputError(`--out ${dir} cannot take the certificate files: ${describeFsError(e)}`);
  }
  return () => {
    if (!created) return;
    // Only empty directories go (rmdir refuses others), from .versions up to the first one this call made.
    for (let d = path.resolve(versions); d.startsWith(path.resolve(created)); d = path.dirname(d)) {
      try {
        fs.rmdirSync(d);
      } catch {
        return;
      }
    }
  };
}

/**
 * Writes the set into a new version directory and switches `dir/live` to it in one rename; returns the paths
 * readers use (`dir/cert.pem`, `dir/chain.pem`, `dir/fullchain.pem`, `dir/privkey.pem`).
 */
export function writeCertificateFiles(dir: string, issued: IssuedCertificate): string[] {
  const contents: Record<(typeof CERTIFICATE_FILES)[number], string> = {
    'privkey.pem': issued.privateKeyPem,
    'cert.pem': issued.certificatePem,
    'chain.pem': issued.chainPem,
    'fullchain.pem': issued.fullchainPem,
  };
  const version = newVersionName();
  const versionDir = path.join(dir, VERSIONS_DIR, version);
  try {
    fs.mkdirSync(path.join(dir, VERSIONS_DIR), { recursive: true, mode: DIRECTORY });
    writeSet(versionDir, contents, DIRECTORY);
  } catch (e) {
    fs.rmSync(versionDir, { recursive: true, force: true });
    const rescued = rescue(contents);
    throw new OutputError(`could not write ${versionDir} (${describeFsError(e)}); ${rescued.saved
      ? `the new certificate and key are in ${rescued.saved}` : `the new key could not be saved anywhere (${rescued.problem})`}; `
      + `${dir} still holds the previous files`, rescued.saved);
  }

  const previous = liveVersion(dir);
  try {
    ensureLinks(dir);
    switchLive(dir, version);
  } catch (e) {
    throw new OutputError(`could not put the new files in place in ${dir} (${describeFsError(e)}); `
      + `the new certificate and key are in ${versionDir}; ${previous ? `${dir} still serves ${path.join(VERSIONS_DIR, previous)}`
        : `${dir} is unchanged`}`, versionDir);
  }
  prune(dir, version);
  return LISTED.map(name => path.join(dir, name));
}

/** The version `dir/live` points at, if any. */
export function liveVersion(dir: string): string | undefined {
  try {
    return path.basename(fs.readlinkSync(path.join(dir, LIVE_LINK)));
  } catch {
    return undefined;
  }
}

function newVersionName(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '')}-${randomBytes(3).toString('hex')}`;
}

function writeSet(target: string, contents: Record<string, string>, dirMode?: number): void {
  if (dirMode !== undefined) {
    fs.mkdirSync(target, { mode: dirMode });
    fs.chmodSync(target, dirMode); // the umask may have narrowed it
  }
  for (const name of CERTIFICATE_FILES) {
    const mode = name === 'privkey.pem' ? PRIVATE : PUBLIC;
    const fd = fs.openSync(path.join(target, name), 'wx', mode);
    try {
      fs.fchmodSync(fd, mode);
      fs.writeFileSync(fd, contents[name]);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Writes the set into a private directory under the system's temporary directory, when --out refused it. */
function rescue(contents: Record<string, string>): { saved?: string; problem?: string } {
  let target: string | undefined;
  try {
    target = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-certkit-unsaved-')); // mode 0700
    writeSet(target, contents);
    return { saved: target };
  } catch (e) {
    if (target) fs.rmSync(target, { recursive: true, force: true });
    return { problem: describeFsError(e) };
  }
}

/**
 * Makes each name a link into `live`. A regular file from an older layout is first copied into a version of
 * its own that `live` points at, so that replacing the file by the link changes nothing a reader sees.
 */
function ensureLinks(dir: string): void {
  const legacy = LISTED.filter(name => isRegularFile(path.join(dir, name)));
  if (legacy.length > 0 && liveVersion(dir) === undefined) {
    const version = `${newVersionName()}-before-versions`;
    const target = path.join(dir, VERSIONS_DIR, version);
    fs.mkdirSync(target, { mode: DIRECTORY });
    for (const name of legacy) fs.copyFileSync(path.join(dir, name), path.join(target, name));
    switchLive(dir, version);
  }
  for (const name of LISTED) {
    const file = path.join(dir, name);
    const target = path.join(LIVE_LINK, name);
    if (readLink(file) !== target) replaceWithLink(file, target);
  }
}

function switchLive(dir: string, version: string): void {
  replaceWithLink(path.join(dir, LIVE_LINK), path.join(VERSIONS_DIR, version));
}

/** Creates a link under a temporary name and renames it over `file`: atomic, and never a moment without `file`. */
function replaceWithLink(file: string, target: string): void {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.symlinkSync(target, temp);
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}

/** Removes the oldest sets beyond KEEP_VERSIONS, never the live one. */
function prune(dir: string, live: string): void {
  try {
    const versions = fs.readdirSync(path.join(dir, VERSIONS_DIR)).filter(v => !v.startsWith('.')).sort();
    for (const old of versions.slice(0, Math.max(0, versions.length - KEEP_VERSIONS))) {
      if (old !== live) fs.rmSync(path.join(dir, VERSIONS_DIR, old), { recursive: true, force: true });
    }
  } catch {
    // keeping an extra old set is harmless
  }
}

function isRegularFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

function describeFsError(e: unknown): string {
  const error = e as NodeJS.ErrnoException;
  return error.code ? `${error.code}${error.path ? ` on ${error.path}` : ''}` : String(error.message ?? e);
}
