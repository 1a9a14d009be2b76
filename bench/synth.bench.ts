// Issue 3 benchmark: synthesizing 1,000 Certificates in 100 namespaces with 4 issuers, against the floor of
// serializing the very same objects with the yaml package, each in its own process and measured in this run.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { BenchRow, BenchSuite } from './types';

const RUNS = 5;

interface CaseResult { wallMs: number[]; loadedMiB: number; peakMiB: number; bytes: number; objects: number }

function runCase(mode: 'certkit' | 'yaml'): CaseResult {
  const out = execFileSync(process.execPath, [
    require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', path.join(__dirname, 'tsconfig.json'),
    path.join(__dirname, 'synth-case.ts'), mode, String(RUNS),
  ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const run: BenchSuite = async () => {
  const yaml = runCase('yaml');
  const certkit = runCase('certkit');
  const [floor, wall] = [median(yaml.wallMs), median(certkit.wallMs)];
  const ratio = wall / floor;
  const baseline = `yaml.stringify of the same ${yaml.objects} objects`;
  const rows: BenchRow[] = [
    { case: baseline, wallMs: floor, peakMiB: yaml.peakMiB - yaml.loadedMiB },
    {
      case: `synth ${certkit.objects - 4} Certificates / 100 namespaces / 4 issuers`,
      wallMs: wall,
      peakMiB: certkit.peakMiB - certkit.loadedMiB,
      baseline,
      ratio,
      target: 'ratio ≤ 3, wall < 2 s',
      met: ratio <= 3 && wall < 2000,
    },
  ];
  return rows;
};
