// Lays out the command as the published package has it (bin/cdk-certkit next to lib/runtime/cli/main.js), with
// the CLI bundled by esbuild so it starts fast and runs without a jsii compile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.join(__dirname, '..', '..', '..');

/** Builds into `dir` and returns the path of the `cdk-certkit` script there. */
export async function bundleCli(dir: string): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, 'src', 'runtime', 'cli', 'main.ts')],
    outfile: path.join(dir, 'lib', 'runtime', 'cli', 'main.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  const bin = path.join(dir, 'bin', 'cdk-certkit');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'bin', 'cdk-certkit'), bin);
  fs.chmodSync(bin, 0o755);
  return bin;
}
