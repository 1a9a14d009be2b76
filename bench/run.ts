// Runs every bench/*.bench.ts (or those named on the command line) and prints one table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchRow, BenchSuite } from './types';

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '' : n.toFixed(digits));

async function main() {
  const only = process.argv.slice(2);
  const files = fs.readdirSync(__dirname).filter(f => f.endsWith('.bench.ts'))
    .filter(f => only.length === 0 || only.some(o => f.startsWith(o)));
  const rows: BenchRow[] = [];
  for (const file of files) {
    // require, not import(): the suites are TypeScript loaded through ts-node's require hook.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { run } = require(path.join(__dirname, file)) as { run: BenchSuite };
    rows.push(...await run());
  }
  const header = ['case', 'wall ms (median)', 'peak MiB', 'size MiB', 'baseline', 'ratio', 'target', 'met'];
  const table = rows.map(r => [r.case, fmt(r.wallMs), fmt(r.peakMiB), fmt(r.sizeMiB, 2), r.baseline ?? '', fmt(r.ratio, 2), r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map(row => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log([line(header), line(widths.map(w => '-'.repeat(w))), ...table.map(line)].join('\n'));
}

main().catch(e => { console.error(e); process.exit(1); });
