// Issue 14 benchmark: the package as `npm install cdk-certkit` leaves it (packed from the compiled lib/, installed
// offline into an empty project beside its peers) against 10 MiB, and its tarball, next to the installed size of
// cdk8s-plus-28 (a peer every user already has) measured in the same run. Before issue 14 the package installed
// at 43 MB, 34 MB of it bundled dependencies (the CLI's AWS SDK client, acme-client and their trees).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchRow, BenchSuite } from './types';
import { folderBytes, installPackage, REPO } from '../test/package/install';

const MiB = 1024 * 1024;
const LIMIT_MiB = 10;

export const run: BenchSuite = async () => {
  if (!fs.existsSync(path.join(REPO, 'lib', 'vendor'))) {
    execFileSync('npx', ['projen', 'compile'], { cwd: REPO, stdio: 'inherit' });
  }
  const started = process.hrtime.bigint();
  const installed = installPackage();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  try {
    const baselineCase = 'installed size: cdk8s-plus-28 (peer)';
    const baselineMiB = folderBytes(path.join(REPO, 'node_modules', 'cdk8s-plus-28')) / MiB;
    const installedMiB = folderBytes(installed.packageDir) / MiB;
    const tarballMiB = fs.statSync(installed.tarball).size / MiB;
    const rows: BenchRow[] = [
      { case: baselineCase, wallMs: 0, sizeMiB: baselineMiB },
      {
        case: 'installed size: cdk-certkit (pack + npm install)',
        wallMs,
        sizeMiB: installedMiB,
        baseline: baselineCase,
        ratio: installedMiB / baselineMiB,
        target: `size ≤ ${LIMIT_MiB} MiB`,
        met: installedMiB <= LIMIT_MiB,
      },
      { case: 'tarball size: cdk-certkit', wallMs: 0, sizeMiB: tarballMiB, baseline: baselineCase, ratio: tarballMiB / baselineMiB },
    ];
    return rows;
  } finally {
    installed.dispose();
  }
};
