// Regenerates src/imports/ (cdk8s L1 classes) from the pinned upstream CRDs: only the API groups, kinds and
// versions the constructs use, one file per API group.
//
//   ts-node --transpile-only --project test/tsconfig.json build-tools/import-crds.ts [outDir]
//
// test/imports/imports-fresh.test.ts runs generateImports() into a temporary folder and fails when the
// committed src/imports/ differs.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { PINNED_FILES, upstreamPath } from '../src/upstream';

/** The command that regenerates src/imports/ (quoted by the staleness test). */
export const IMPORT_COMMAND = 'ts-node --transpile-only --project test/tsconfig.json build-tools/import-crds.ts';

/** One CRD file and the versions of its kind that are imported. */
interface ImportedCrd {
  readonly file: string;
  readonly versions: readonly string[];
}

/** One generated file, src/imports/<group>.ts. */
interface ImportedGroup {
  readonly group: string;
  readonly crds: readonly ImportedCrd[];
}

const crd = (file: string, ...versions: string[]): ImportedCrd => ({ file, versions });

/**
 * What src/imports/ holds. Add a kind here when a construct starts emitting it; nothing else is imported
 * (acme.cert-manager.io's Challenge/Order and cert-manager.io's CertificateRequest are read by no construct).
 */
export const IMPORTED_GROUPS: readonly ImportedGroup[] = [
  {
    group: 'cert-manager.io',
    crds: [
      crd('cert-manager-v1.21.1/crds/cert-manager.io_certificates.yaml', 'v1'),
      crd('cert-manager-v1.21.1/crds/cert-manager.io_clusterissuers.yaml', 'v1'),
      crd('cert-manager-v1.21.1/crds/cert-manager.io_issuers.yaml', 'v1'),
    ],
  },
  {
    group: 'awspca.cert-manager.io',
    crds: [
      crd('aws-privateca-issuer-v1.9.1/crds/awspca.cert-manager.io_awspcaclusterissuers.yaml', 'v1beta1'),
      crd('aws-privateca-issuer-v1.9.1/crds/awspca.cert-manager.io_awspcaissuers.yaml', 'v1beta1'),
    ],
  },
  { group: 'argoproj.io', crds: [crd('argo-cd-v3.5.1/crds/application-crd.yaml', 'v1alpha1')] },
  { group: 'helm.toolkit.fluxcd.io', crds: [crd('flux-helm-controller-v1.6.3/crds/helm.toolkit.fluxcd.io_helmreleases.yaml', 'v2')] },
  {
    group: 'external-secrets.io',
    crds: [
      crd('external-secrets-v2.9.0/crds/external-secrets.io_externalsecrets.yaml', 'v1'),
      crd('external-secrets-v2.9.0/crds/external-secrets.io_secretstores.yaml', 'v1'),
      crd('external-secrets-v2.9.0/crds/external-secrets.io_clustersecretstores.yaml', 'v1'),
      crd('external-secrets-v2.9.0/crds/external-secrets.io_pushsecrets.yaml', 'v1alpha1'),
    ],
  },
  { group: 'trust.cert-manager.io', crds: [crd('trust-manager-v0.24.0/crds/trust.cert-manager.io_bundles.yaml', 'v1alpha1')] },
  {
    group: 'monitoring.coreos.com',
    crds: [
      crd('prometheus-operator-v0.93.0/crds/monitoring.coreos.com_prometheusrules.yaml', 'v1'),
      crd('prometheus-operator-v0.93.0/crds/monitoring.coreos.com_servicemonitors.yaml', 'v1'),
    ],
  },
];

const CDK8S = path.join(__dirname, '..', 'node_modules', '.bin', 'cdk8s');

/** A verified copy of one CRD file, through src/upstream (every imported CRD is pinned there). */
function crdPath(relPath: string): string {
  if (!PINNED_FILES.some(f => f.path === relPath)) throw new Error(`${relPath} is not pinned in src/upstream/pinned.ts`);
  return upstreamPath(relPath);
}

/** The CRD documents of one file, keeping only the listed versions (so no deprecated version is generated). */
function selectVersions(spec: ImportedCrd): string {
  const docs = parseAllDocuments(fs.readFileSync(crdPath(spec.file), 'utf8')).map(d => d.toJS()).filter(d => d?.kind === 'CustomResourceDefinition');
  if (docs.length !== 1) throw new Error(`${spec.file}: expected one CustomResourceDefinition, found ${docs.length}`);
  const doc = docs[0];
  const known = doc.spec.versions.map((v: any) => v.name);
  const missing = spec.versions.filter(v => !known.includes(v));
  if (missing.length) throw new Error(`${spec.file}: no version ${missing.join(', ')} (has ${known.join(', ')})`);
  doc.spec.versions = doc.spec.versions.filter((v: any) => spec.versions.includes(v.name));
  return stringify(doc, { lineWidth: 0 });
}

/** Writes src/imports/-like output (one `<group>.ts` per imported group) into `outDir`, replacing its content. */
export function generateImports(outDir: string): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-import-'));
  try {
    const generated = path.join(work, 'out');
    for (const { group, crds } of IMPORTED_GROUPS) {
      // cdk8s import writes one file per group; a group split over several CRD files is imported as one stream.
      const combined = path.join(work, `${group}.yaml`);
      fs.writeFileSync(combined, crds.map(selectVersions).join('---\n'));
      const args = ['import', combined, '--output', generated, '--language', 'typescript', '--no-check-upgrade'];
      try {
        execFileSync(CDK8S, args, { stdio: 'pipe' });
      } catch (e: any) {
        throw new Error(`cdk8s import of ${group} failed: ${e.stderr?.toString() || e.message}`);
      }
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(outDir), { recursive: true });
    fs.cpSync(generated, outDir, { recursive: true });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'src', 'imports'));
  generateImports(out);
  console.log(`imported ${IMPORTED_GROUPS.length} API groups into ${path.relative(process.cwd(), out)}`);
}
