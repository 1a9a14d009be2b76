// Compile step: copies every pinned upstream file, gzipped, into lib/upstream-data, so the installed package needs
// neither ../shared nor a download. Synth reads chart values and schemas, and checks every custom resource it
// renders against its pinned CRD (src/k8s/private/rendered-validation.ts), so the CRDs ship too, with each
// project's LICENSE: 3.3 MiB as they are, 0.4 MiB gzipped (src/upstream's store reads `<path>.gz` in a root).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PINNED_FILES, upstreamPath } from '../src/upstream';

const dest = path.join(__dirname, '..', 'lib', 'upstream-data');
fs.rmSync(dest, { recursive: true, force: true });
for (const file of PINNED_FILES) {
  const target = path.join(dest, `${file.path}.gz`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, gzipSync(fs.readFileSync(upstreamPath(file.path)), { level: 9 }));
}
console.log(`shipped ${PINNED_FILES.length} pinned upstream files, gzipped, into lib/upstream-data`);
