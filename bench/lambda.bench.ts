// Issue 6 benchmark: the renewal Lambda's bundle (built here with the exact esbuild arguments of its projen task)
// against the 1 MiB limit, and its cold init (requiring the bundle in a fresh node process) against 150 ms,
// next to the floor of a fresh `node -e 0` measured in the same run.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchRow, BenchSuite } from './types';

const ROOT = path.join(__dirname, '..');
const TASK = 'bundle:aws/acme-certificate/renewer.lambda';
const RUNS = 9;
const MiB = 1024 * 1024;
/** SDK clients a run that finds a fresh certificate loads on its first invocation (the Lambda runtime provides them). */
const FIRST_RUN_CLIENTS = ['client-secrets-manager', 'client-acm', 'client-ssm', 'client-dynamodb', 'client-cloudwatch'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function buildBundle(): { wallMs: number; outfile: string } {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen/tasks.json'), 'utf8'));
  const args: string[] = tasks.tasks[TASK].steps[0].execArgs;
  const outfile = path.join(ROOT, args.find(a => a.startsWith('--outfile='))!.slice('--outfile='.length));
  const started = process.hrtime.bigint();
  execFileSync(path.join(ROOT, 'node_modules/.bin', args[0]), args.slice(1), { cwd: ROOT, stdio: 'pipe' });
  return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, outfile };
}

/** Runs `script` in fresh node processes; each prints `{ initMs, rssMiB }`. Returns medians and process wall time. */
function freshProcesses(script: string): { wallMs: number; initMs: number; rssMiB: number } {
  const samples = Array.from({ length: RUNS }, () => {
    const started = process.hrtime.bigint();
    const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, ...JSON.parse(out) };
  });
  return { wallMs: median(samples.map(s => s.wallMs)), initMs: median(samples.map(s => s.initMs)), rssMiB: median(samples.map(s => s.rssMiB)) };
}

const timed = (body: string) =>
  `const t=process.hrtime.bigint();${body};process.stdout.write(JSON.stringify({initMs:Number(process.hrtime.bigint()-t)/1e6,rssMiB:process.memoryUsage().rss/${MiB}}))`;

export const run: BenchSuite = async () => {
  const build = buildBundle();
  const bytes = fs.statSync(build.outfile).size;
  const floor = freshProcesses(timed(''));
  const init = freshProcesses(timed(`const m=require(${JSON.stringify(build.outfile)});if(typeof m.handler!=='function')throw new Error('no handler')`));
  const clients = freshProcesses(timed(FIRST_RUN_CLIENTS.map(c => `require('@aws-sdk/${c}')`).join(';')));
  const baseline = 'node -e 0 (fresh process)';
  return [
    {
      case: `renewal bundle: ${(bytes / 1024).toFixed(1)} KiB (esbuild, minified; wall = build time)`,
      wallMs: build.wallMs,
      target: 'size ≤ 1024 KiB',
      met: bytes <= MiB,
    },
    { case: baseline, wallMs: floor.wallMs, peakMiB: floor.rssMiB },
    {
      case: `cold init: require the bundle (in-process ${init.initMs.toFixed(1)} ms)`,
      wallMs: init.wallMs,
      peakMiB: init.rssMiB,
      baseline,
      ratio: init.wallMs / floor.wallMs,
      target: 'in-process init ≤ 150 ms',
      met: init.initMs <= 150,
    },
    {
      case: `first run loads ${FIRST_RUN_CLIENTS.length} SDK clients (in-process ${clients.initMs.toFixed(1)} ms; runtime-provided)`,
      wallMs: clients.wallMs,
      peakMiB: clients.rssMiB,
      baseline,
      ratio: clients.wallMs / floor.wallMs,
    },
  ] satisfies BenchRow[];
};
