// Copies the verified pinned upstream files (with their LICENSEs) into lib/upstream-data, so that the
// published package validates chart values at synth time without ../shared or a download.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PINNED_FILES, upstreamPath } from '../src/upstream';

const dest = path.join(__dirname, '..', 'lib', 'upstream-data');
fs.rmSync(dest, { recursive: true, force: true });
for (const file of PINNED_FILES) {
  const target = path.join(dest, file.path);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(upstreamPath(file.path), target);
}
console.log(`shipped ${PINNED_FILES.length} pinned upstream files into lib/upstream-data`);
