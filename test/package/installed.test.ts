// The package as a consumer gets it: packed from the compiled lib/, installed into an empty project with only the
// peer dependencies, no ../shared beside it, an empty upstream cache and no network. Through the public API it
// synthesizes a cdk8s app and an aws-cdk-lib stack, and its CLI answers --help.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { folderBytes, Installed, installPackage, run } from './install';

const CDK8S_APP = `
const { App, Chart } = require('cdk8s');
const { AcmeSolver, Certificate, CertManager, ChartDelivery, LetsEncryptIssuers } = require('cdk-certkit');
const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'certs');
new CertManager(chart, 'cert-manager', { delivery: ChartDelivery.argoCd(), highAvailability: true });
const le = new LetsEncryptIssuers(chart, 'le', {
  email: 'platform@example.com',
  solvers: [AcmeSolver.dns01Cloudflare({ apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } })],
});
new Certificate(chart, 'web', {
  metadata: { name: 'web', namespace: 'apps' },
  dnsNames: ['example.com', '*.example.com'],
  issuerRef: le.production,
});
process.stdout.write(JSON.stringify(chart.toJson().map(o => o.kind)));
`;

const AWS_APP = `
const { App, Stack } = require('aws-cdk-lib');
const eks = require('aws-cdk-lib/aws-eks');
const iam = require('aws-cdk-lib/aws-iam');
const route53 = require('aws-cdk-lib/aws-route53');
const { AcmeCertificate, AcmeCertificateAuthority, AcmeDnsProvider, EksCertManager } = require('cdk-certkit');
const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });
const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
  clusterName: 'platform',
  kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl',
  openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc',
    'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'),
});
const zone = route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
new EksCertManager(stack, 'CertManager', { cluster, route53: { hostedZones: [zone] } });
new AcmeCertificate(stack, 'Site', {
  domainNames: ['www.example.com'],
  certificateAuthority: AcmeCertificateAuthority.letsEncryptStaging(),
  dnsProvider: AcmeDnsProvider.route53([zone]),
});
const template = app.synth().getStackByName('Platform').template;
process.stdout.write(JSON.stringify([...new Set(Object.values(template.Resources).map(r => r.Type))].sort()));
`;

describe('the installed package', () => {
  let installed: Installed;
  beforeAll(() => { installed = installPackage(); }, 180_000);
  afterAll(() => installed?.dispose());

  const node = (script: string) => {
    fs.writeFileSync(path.join(installed.dir, 'app.js'), script);
    return run(process.execPath, ['app.js'], { cwd: installed.dir, env: installed.env() });
  };

  test('is a real copy with only the peers beside it, and nothing of ../shared', () => {
    expect(fs.lstatSync(installed.packageDir).isSymbolicLink()).toBe(false);
    const beside = fs.readdirSync(path.join(installed.dir, 'node_modules')).filter(n => !n.startsWith('.')).sort();
    expect(beside).toEqual(['aws-cdk-lib', 'cdk-certkit', 'cdk8s', 'cdk8s-plus-28', 'constructs']);
    expect(fs.existsSync(path.join(installed.packageDir, 'node_modules'))).toBe(false);
    expect(fs.existsSync(path.join(installed.dir, 'node_modules', 'shared'))).toBe(false);
  });

  test('declares the Node versions it supports, and this Node (the one CI here has) is one of them', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed.packageDir, 'package.json'), 'utf8'));
    expect(manifest.engines).toEqual({ node: '>= 20.0.0' });
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bundledDependencies ?? []).toEqual([]);
  });

  test('is at most 10 MiB installed, and its tarball at most 2 MiB', () => {
    expect(folderBytes(installed.packageDir)).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(fs.statSync(installed.tarball).size).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  test('synthesizes a cdk8s app offline: cert-manager, the Let\'s Encrypt issuers and a Certificate', () => {
    const kinds: string[] = JSON.parse(node(CDK8S_APP));
    expect(kinds).toEqual(expect.arrayContaining(['Application', 'ClusterIssuer', 'Certificate']));
    expect(kinds.filter(k => k === 'ClusterIssuer')).toHaveLength(2);
    expect(fs.readdirSync(path.join(installed.dir, 'empty-upstream-cache'))).toEqual([]);
  }, 60_000);

  test('synthesizes an aws-cdk-lib stack offline: EksCertManager and AcmeCertificate', () => {
    const types: string[] = JSON.parse(node(AWS_APP));
    expect(types).toEqual(expect.arrayContaining(['Custom::AWSCDK-EKS-HelmChart', 'AWS::IAM::Role', 'AWS::Lambda::Function']));
  }, 120_000);

  test('its CLI answers --help from the bundled lib/, with no dependencies installed', () => {
    const bin = path.join(installed.dir, 'node_modules', '.bin', 'cdk-certkit');
    expect(run(bin, ['--help'], { cwd: installed.dir, env: installed.env() })).toMatch(/^Usage: cdk-certkit issue /);
  });

  test('ships every pinned upstream file, and a missing one fails naming CDK_CERTKIT_UPSTREAM_DIR and the mirror, never ../shared', () => {
    const shipped = path.join(installed.packageDir, 'lib', 'upstream-data');
    const crd = 'cert-manager-v1.21.1/crds/cert-manager.io_certificates.yaml';
    expect(fs.existsSync(path.join(shipped, `${crd}.gz`))).toBe(true);
    // Last test of the file: it removes the shipped copy to see what a consumer would be told.
    fs.rmSync(path.join(shipped, `${crd}.gz`));
    fs.writeFileSync(path.join(installed.dir, 'missing.js'), `require('cdk-certkit/lib/upstream').upstreamPath('${crd}');`);
    let message = '';
    try { run(process.execPath, ['missing.js'], { cwd: installed.dir, env: installed.env() }); } catch (e: any) { message = e.message; }
    expect(message).toMatch(/Fix: set CDK_CERTKIT_UPSTREAM_DIR to a folder holding the pinned files .* or CDK_CERTKIT_UPSTREAM_MIRROR to a mirror/);
    expect(message).not.toMatch(/shared/);
  });
});
