// Issue 5 benchmark: the CLI issuing a 3-name SAN certificate against local Pebble + BIND9 (target < 1 s), with
// DNS-01 (RFC 2136) and with HTTP-01 (its own server on Pebble's HTTP port; BIND resolves the names to loopback),
// next to the floor of a bare ACME directory fetch from a fresh node process, all measured in this run. The CLI is
// bundled with esbuild into .cache/ first: what counts is issuance, not TypeScript compilation at startup.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BenchRow, BenchSuite } from './types';
import { bundleCli } from '../test/runtime/support/cli-bundle';
import { AcmeServers, startAcmeServers } from '../test/support/acme-servers';

const RUNS = 5;
const CACHE = path.join(__dirname, '..', '.cache', 'bench-issuance');
// Loaded into each child (-r): reports its peak RSS (KiB) on exit.
const PEAK_REPORTER = "process.on('exit', () => require('fs').writeFileSync(process.env.CERTKIT_PEAK_FILE, String(process.resourceUsage().maxRSS)));";
const DIRECTORY_FETCH = `require('https').get(process.argv[1], { ca: process.env.CERTKIT_CA }, res => { res.resume();
  res.on('end', () => { if (res.statusCode !== 200) process.exit(1); }); });`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs a node child RUNS times; median wall ms and the largest peak RSS (MiB). Asynchronously: the harness reads
 * Pebble's and BIND's output in this process, and a blocked event loop (spawnSync) fills their pipes until
 * Pebble stalls on its own logging (HTTP-01 logs three validations per challenge).
 */
async function measure(args: (round: number) => string[], env: Record<string, string>): Promise<{ wallMs: number; peakMiB: number }> {
  const reporter = path.join(CACHE, 'peak-reporter.js');
  fs.writeFileSync(reporter, PEAK_REPORTER);
  const peakFile = path.join(CACHE, 'peak');
  const walls: number[] = [];
  const peaks: number[] = [];
  for (let round = 1; round <= RUNS; round++) {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', reporter, ...args(round)], {
      env: { ...process.env, ...env, CERTKIT_PEAK_FILE: peakFile }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => { output += chunk; });
    child.stderr.on('data', chunk => { output += chunk; });
    const status = await new Promise<number | null>(resolve => child.once('close', code => resolve(code)));
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (status !== 0) throw new Error(`bench child failed (${status}): ${output}`);
    peaks.push(Number(fs.readFileSync(peakFile, 'utf8')) / 1024);
  }
  return { wallMs: median(walls), peakMiB: Math.max(...peaks) };
}

export const run: BenchSuite = async () => {
  fs.mkdirSync(CACHE, { recursive: true });
  const bin = await bundleCli(path.join(CACHE, 'package'));
  const servers: AcmeServers = await startAcmeServers({ loopbackAddresses: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-bench-'));
  try {
    const ca = path.join(work, 'ca.pem');
    const key = path.join(work, 'tsig.key');
    fs.writeFileSync(ca, servers.caBundlePem);
    fs.writeFileSync(key, servers.tsig.secret);
    const floor = await measure(() => ['-e', DIRECTORY_FETCH, servers.directoryUrl], { CERTKIT_CA: servers.caBundlePem });
    const issue = await measure(round => [bin, 'issue', '--quiet', '--directory', servers.directoryUrl, '--ca-bundle', ca,
      '--domain', `r${round}.certkit.test`, '--domain', `www.r${round}.certkit.test`, '--domain', `api.r${round}.certkit.test`,
      '--dns', 'rfc2136', '--rfc2136-server', `127.0.0.1:${servers.dnsServer.port}`, '--tsig-key-name', servers.tsig.name,
      '--tsig-secret-file', key, '--account-key-file', path.join(work, 'account.pem'), '--out', path.join(work, `out-${round}`)], {});
    const http01 = await measure(round => [bin, 'issue', '--quiet', '--directory', servers.directoryUrl, '--ca-bundle', ca,
      '--domain', `h${round}.certkit.test`, '--domain', `www.h${round}.certkit.test`, '--domain', `api.h${round}.certkit.test`,
      '--http-port', String(servers.httpPort), '--account-key-file', path.join(work, 'account.pem'), '--out', path.join(work, `http-${round}`)], {});
    const baseline = 'ACME directory fetch (fresh node process)';
    const rows: BenchRow[] = [
      { case: baseline, wallMs: floor.wallMs, peakMiB: floor.peakMiB },
      {
        case: 'cdk-certkit issue, 3-name SAN (Pebble + BIND9)',
        wallMs: issue.wallMs,
        peakMiB: issue.peakMiB,
        baseline,
        ratio: issue.wallMs / floor.wallMs,
        target: 'wall < 1 s',
        met: issue.wallMs < 1000,
      },
      {
        case: 'cdk-certkit issue, 3-name SAN, HTTP-01 standalone (Pebble)',
        wallMs: http01.wallMs,
        peakMiB: http01.peakMiB,
        baseline,
        ratio: http01.wallMs / floor.wallMs,
        target: 'wall < 1 s',
        met: http01.wallMs < 1000,
      },
    ];
    return rows;
  } finally {
    await servers.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
};
