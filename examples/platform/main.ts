// The seed platform: cert-manager and aws-privateca-issuer installed as Argo CD Applications, Let's Encrypt
// staging/production with Cloudflare DNS-01, an AWS Private CA issuer, certificates from a values file and
// expiry alerts. `npx projen examples` writes the manifests to examples/platform/dist/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AcmeSolver, ArgoCdSyncWaves, AwsPrivateCaIssuerAddon, CertificateList, CertManager, CertManagerAlerts,
  ChartDelivery, ClusterIssuer, IssuerType, LetsEncryptIssuers,
} from 'cdk-certkit';
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';

const app = new App({ outdir: 'dist' });

// Wave order: cert-manager, then the add-on, then issuers, then certificates (see ArgoCdSyncWaves).
const install = new Chart(app, 'cert-manager-install');
const certManager = new CertManager(install, 'cert-manager', {
  delivery: ChartDelivery.argoCd({ project: 'platform' }),
  highAvailability: true,
  serviceMonitor: { labels: { release: 'prometheus' } },
  // Public resolvers see Cloudflare's records as soon as they are published; the cluster's may cache NXDOMAIN.
  dns01RecursiveNameservers: ['1.1.1.1:53', '1.0.0.1:53'],
  dns01RecursiveNameserversOnly: true,
});
new AwsPrivateCaIssuerAddon(install, 'aws-privateca-issuer', {
  delivery: ChartDelivery.argoCd({ project: 'platform' }),
  certManager,
  serviceAccount: { roleArn: 'arn:aws:iam::123456789012:role/platform-aws-privateca-issuer' },
});

const issuers = new Chart(app, 'issuers');
const letsEncrypt = new LetsEncryptIssuers(issuers, 'letsencrypt', {
  email: 'platform@example.com',
  solvers: [AcmeSolver.dns01Cloudflare({
    apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' },
    selector: { dnsZones: ['example.com'] },
  })],
});
const privateCa = new ClusterIssuer(issuers, 'private-ca', {
  name: 'private-ca',
  type: IssuerType.awsPrivateCa({
    arn: 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0b8e4c37-1a3e-4a59-9d36-6c6f4bbf1e1a',
    region: 'eu-west-1',
  }),
});

const certificates = new Chart(app, 'certificates');
const values = parse(fs.readFileSync(path.join(__dirname, 'certificates.yaml'), 'utf8'));
CertificateList.fromValues(certificates, 'platform', values.certificates, {
  defaultIssuer: letsEncrypt.production,
  issuers: [letsEncrypt.staging, letsEncrypt.production, privateCa],
});

new CertManagerAlerts(new Chart(app, 'monitoring'), 'alerts', {
  metadata: { namespace: 'monitoring', labels: { release: 'prometheus' } },
});

ArgoCdSyncWaves.apply(app);
app.synth();
