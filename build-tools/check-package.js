// Run before package:js packs the repository: refuses a lib/ that the compile task did not finish, so no task
// can produce a tarball without the upstream data, the bundled CLI or the Lambda asset.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const missing = [];
const need = (rel, why) => { if (!fs.existsSync(path.join(root, rel))) missing.push(`${rel} (${why})`); };
need('.jsii', 'jsii');
need('lib/index.js', 'jsii');
need('lib/upstream-data', 'build-tools/ship-upstream.ts');
need('lib/vendor', 'build-tools/vendor-deps.ts');
need('assets/aws/acme-certificate/renewer.lambda/index.js', 'the bundle task');
const cli = path.join(root, 'lib', 'runtime', 'cli', 'main.js');
if (fs.existsSync(cli) && /require\("\.\/issue-command"\)/.test(fs.readFileSync(cli, 'utf8'))) {
  missing.push('lib/runtime/cli/main.js bundled by esbuild (it is jsii\'s unbundled output)');
}
if (missing.length > 0) {
  console.error(`cdk-certkit: lib/ is incomplete, run \`npx projen compile\` before packaging. Missing: ${missing.join('; ')}`);
  process.exit(1);
}
