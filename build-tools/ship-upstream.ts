// Copies the pinned upstream files the library reads at synth time (chart values and schemas, with their
// projects' LICENSEs) into lib/upstream-data, so the published package needs neither ../shared nor a download.
// CRDs are left out: only the tests and the examples runner validate against them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PINNED_FILES, upstreamPath } from '../src/upstream';

const project = (p: string) => p.split('/')[0];
const chartFiles = PINNED_FILES.filter(f => !f.path.includes('/crds/') && !f.path.endsWith('/LICENSE'));
const projects = new Set(chartFiles.map(f => project(f.path)));
const shipped = PINNED_FILES.filter(f => !f.path.includes('/crds/') && projects.has(project(f.path)));

const dest = path.join(__dirname, '..', 'lib', 'upstream-data');
fs.rmSync(dest, { recursive: true, force: true });
for (const file of shipped) {
  const target = path.join(dest, file.path);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(upstreamPath(file.path), target);
}
console.log(`shipped ${shipped.length} pinned upstream files into lib/upstream-data`);
