// Packs the compiled package (lib/ as the compile task left it) and installs it into a temporary project the way
// a consumer's `npm install cdk-certkit` would, offline: the peer dependencies (and any extra packages a test
// names) are `file:` links into this repository's node_modules, standing in for the registry.
import { execFileSync, ExecFileSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.join(__dirname, '..', '..');
const repoPackage = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

/** Runs a command, returning stdout; on failure throws with its output, so the test log shows why. */
export function run(cmd: string, args: readonly string[], options: ExecFileSyncOptions = {}): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, ...options }) as string;
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${e.status}):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** `npm pack` of the repository into `dir`; returns the tarball's path. Fails when compile has not run. */
export function pack(dir: string): string {
  for (const file of ['lib/index.js', '.jsii', 'lib/vendor', 'lib/upstream-data']) {
    if (!fs.existsSync(path.join(REPO, file))) {
      throw new Error(`${file} is missing: the installed-package tests pack lib/, so run \`npx projen compile\` first (the test task does).`);
    }
  }
  const out = run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO });
  const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
  return path.join(dir, filename);
}

export interface Installed {
  /** The consumer project (package.json, node_modules). */
  readonly dir: string;
  /** The installed package: `<dir>/node_modules/cdk-certkit`. */
  readonly packageDir: string;
  /** The tarball that was installed. */
  readonly tarball: string;
  /** The environment a consumer without ../shared, upstream folder or network has, plus `env`. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Removes the project. */
  dispose(): void;
}

/**
 * A fresh project in a temporary folder with the packed package installed, and `extra` packages linked from
 * node_modules/<name> (or node_modules/<sources[name]>).
 */
export function installPackage(extra: readonly string[] = [], sources: Record<string, string> = {}): Installed {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-consumer-'));
  const tarball = pack(dir);
  const linked = [...Object.keys(repoPackage.peerDependencies ?? {}), ...extra];
  const dependencies = Object.fromEntries(linked.map(name => [name, `file:${path.join(REPO, 'node_modules', sources[name] ?? name)}`]));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball], { cwd: dir });
  const cache = path.join(dir, 'empty-upstream-cache');
  fs.mkdirSync(cache);
  return {
    dir,
    tarball,
    packageDir: path.join(dir, 'node_modules', 'cdk-certkit'),
    env: (more = {}) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        CDK_CERTKIT_CACHE_DIR: cache,
        // Nothing listens there: a file the package lacks fails at once instead of being downloaded.
        CDK_CERTKIT_UPSTREAM_MIRROR: 'http://127.0.0.1:9',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...more,
      };
      delete env.CDK_CERTKIT_UPSTREAM_DIR;
      delete env.NODE_OPTIONS;
      delete env.TS_NODE_PROJECT;
      return env;
    },
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Apparent size in bytes of a folder (files and symlinks themselves, links not followed). */
export function folderBytes(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const full = path.join(dir, e.name);
    return sum + (e.isDirectory() ? folderBytes(full) : fs.lstatSync(full).size);
  }, 0);
}
