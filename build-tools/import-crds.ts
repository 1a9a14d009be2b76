// Regenerates src/imports/ (cdk8s L1 classes) from the pinned upstream CRDs, one file per API group.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PINNED_CRDS, upstreamPath } from '../src/upstream';

const out = path.join(__dirname, '..', 'src', 'imports');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-import-'));
const byGroup = new Map<string, string[]>();
for (const file of PINNED_CRDS) {
  const group = /group:\s*(\S+)/.exec(fs.readFileSync(upstreamPath(file.path), 'utf8'))![1];
  byGroup.set(group, [...(byGroup.get(group) ?? []), upstreamPath(file.path)]);
}

fs.rmSync(out, { recursive: true, force: true });
for (const [group, files] of byGroup) {
  // cdk8s import writes one file per group; a group split over several CRD files is imported as one document stream.
  const combined = path.join(work, `${group}.yaml`);
  fs.writeFileSync(combined, files.map(f => fs.readFileSync(f, 'utf8')).join('\n---\n'));
  execFileSync('npx', ['cdk8s', 'import', combined, '--output', out, '--language', 'typescript', '--no-check-upgrade'], { stdio: 'inherit' });
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`imported ${byGroup.size} API groups into ${path.relative(process.cwd(), out)}`);
