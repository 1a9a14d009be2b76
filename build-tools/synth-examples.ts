// Synthesizes every examples/<name>/main.ts: cdk8s apps write <name>/dist/, CDK apps <name>/cdk.out/.
// Each example's custom resources are then checked against the pinned upstream CRDs, and what a fresh install
// would order from each ACME CA is printed against the CA's rate limits.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SharedRateLimitBudget } from '../src/k8s/rate-limits';
import { crdSchemas, formatViolations } from '../src/upstream';

const examplesDir = path.join(__dirname, '..', 'examples');
const only = process.argv.slice(2);

function manifestsUnder(dir: string): any[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => /\.ya?ml$/.test(f))
    .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map(d => d.toJS()))
    .filter(Boolean);
}

// A manifest holding deploy-time values is an Fn::Join; those values become a placeholder inside their JSON string.
function manifestText(manifest: any): string {
  if (typeof manifest === 'string') return manifest;
  const [delimiter, parts] = manifest['Fn::Join'];
  return parts.map((p: unknown) => (typeof p === 'string' ? p : 'deploy-time-value')).join(delimiter);
}

function cdk8sChartsIn(cdkOut: string): any[] {
  // CDK apps embed cdk8s charts as manifests in templates (Custom::AWSCDK-EKS-KubernetesResource).
  if (!fs.existsSync(cdkOut)) return [];
  return fs.readdirSync(cdkOut).filter(f => f.endsWith('.template.json'))
    .flatMap(f => Object.values<any>(JSON.parse(fs.readFileSync(path.join(cdkOut, f), 'utf8')).Resources ?? {}))
    .filter(r => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource')
    .flatMap(r => JSON.parse(manifestText(r.Properties.Manifest)));
}

let failed = false;
for (const name of fs.readdirSync(examplesDir).sort()) {
  const dir = path.join(examplesDir, name);
  if (!fs.existsSync(path.join(dir, 'main.ts')) || (only.length && !only.includes(name))) continue;
  const [dist, cdkOut] = [path.join(dir, 'dist'), path.join(dir, 'cdk.out')];
  fs.rmSync(dist, { recursive: true, force: true });
  fs.rmSync(cdkOut, { recursive: true, force: true });
  const started = Date.now();
  try {
    execFileSync(process.execPath, ['-r', path.join(__dirname, 'self-reference.js'), require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', path.join(__dirname, '..', 'test', 'tsconfig.json'), 'main.ts'],
      { cwd: dir, stdio: 'inherit', env: { ...process.env, CDK_OUTDIR: cdkOut } });
  } catch {
    console.error(`examples/${name}: synthesis failed (see above)`);
    failed = true;
    continue;
  }
  const resources = [...manifestsUnder(dist), ...cdk8sChartsIn(cdkOut)];
  const violations = crdSchemas().validateAll(resources);
  if (violations.length) {
    console.error(`examples/${name}: output does not match the upstream CRDs:\n${formatViolations(violations)}`);
    failed = true;
    continue;
  }
  // What a fresh install of this example would order from each ACME CA, against the CA's rate limits.
  const budget = new SharedRateLimitBudget();
  budget.addManifests(`examples/${name}`, resources);
  const over = budget.errors();
  if (over.length) {
    console.error(`examples/${name}: over an ACME rate limit:\n  ${over.join('\n  ')}`);
    failed = true;
    continue;
  }
  const report = budget.report();
  if (report.trim()) console.log(report);
  const out = fs.existsSync(dist) ? 'dist' : 'cdk.out';
  const checked = resources.length ? `${resources.length} Kubernetes objects checked against the CRDs` : 'no Kubernetes objects';
  console.log(`examples/${name} -> examples/${name}/${out} (${checked}, ${Date.now() - started} ms)`);
}
process.exit(failed ? 1 : 0);
