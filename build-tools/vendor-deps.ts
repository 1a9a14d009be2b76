// Compile step after jsii: the few npm packages lib/ requires at synth time (ajv, yaml, tldts) are bundled by
// esbuild into lib/vendor/ and lib/ is pointed at those copies. jsii accepts only jsii modules as plain
// dependencies, and shipping these as bundledDependencies cost 6 MB installed (their sources, maps and every
// module format) for about 0.3 MB of code that runs. Anything else lib/ requires must be a peer dependency or
// a Node.js built-in, or compile fails here, naming the file.
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.join(__dirname, '..');
const LIB = path.join(ROOT, 'lib');
const VENDOR = path.join(LIB, 'vendor');
/** Packages lib/ may require that are vendored (dev dependencies in .projenrc.ts). */
const VENDORED = ['ajv', 'yaml', 'tldts'];

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const peers = Object.keys(pkg.peerDependencies ?? {});
const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

const REQUIRE = /require\("([^"]+)"\)/g;

/** lib/ files reachable from lib/index.js through require (the CLI is bundled on its own, see .projenrc.ts). */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(REQUIRE)) {
      if (!spec.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), spec);
      const target = [base, `${base}.js`, path.join(base, 'index.js')].find(f => fs.existsSync(f) && fs.statSync(f).isFile());
      if (target?.endsWith('.js')) visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

const files = reachable(path.join(LIB, 'index.js'));
const wanted = new Set<string>();
const problems: string[] = [];
for (const file of files) {
  for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(REQUIRE)) {
    if (spec.startsWith('.')) continue;
    const name = packageOf(spec);
    if (VENDORED.includes(name)) {wanted.add(spec);} else if (!peers.includes(name) && !builtinModules.includes(spec.replace(/^node:/, ''))) {
      problems.push(`${path.relative(ROOT, file)} requires '${spec}', which the installed package does not have`);
    }
  }
}
if (problems.length > 0) {
  console.error(`${problems.join('\n')}\nFix: use a peer dependency or a Node.js built-in, or add the package to VENDORED in build-tools/vendor-deps.ts.`);
  process.exit(1);
}

fs.rmSync(VENDOR, { recursive: true, force: true });
fs.mkdirSync(VENDOR, { recursive: true });
const vendorFile = (spec: string) => path.join(VENDOR, `${spec.replace(/[@/]/g, '_')}.js`);
for (const spec of wanted) {
  buildSync({
    stdin: { contents: `module.exports = require(${JSON.stringify(spec)});`, resolveDir: ROOT },
    outfile: vendorFile(spec),
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
}
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const rewritten = text.replace(REQUIRE, (whole, spec: string) => {
    if (!wanted.has(spec)) return whole;
    const rel = path.relative(path.dirname(file), vendorFile(spec)).split(path.sep).join('/');
    return `require(${JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`)})`;
  });
  if (rewritten !== text) fs.writeFileSync(file, rewritten);
}
console.log(`vendored ${[...wanted].sort().join(', ') || 'nothing'} into lib/vendor`);
