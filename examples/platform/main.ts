// The seed platform: cert-manager, aws-privateca-issuer, External Secrets Operator, trust-manager and csi-driver
// installed as Argo CD Applications; Let's Encrypt staging/production with Cloudflare DNS-01, an AWS Private CA
// issuer, certificates from a values file and expiry alerts; the certificates and ACME account keys backed up to AWS
// Secrets Manager and restored on a rebuilt cluster; the private CA's root distributed to labelled namespaces; and
// one Deployment holding a certificate from the private CA through the CSI driver. `npx projen examples` writes
// the manifests to examples/platform/dist/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AcmeSolver, ArgoCdSyncWaves, AwsPrivateCaIssuerAddon, Certificate, CertificateBackup, CertificateList, CertManager,
  CertManagerAlerts, ChartDelivery, ClusterIssuer, CsiCertificate, CsiDriver, ExternalSecretsOperator, IssuerType,
  KeyUsage, LetsEncryptIssuers, RateLimitBudget, TrustBundle, TrustManager,
} from 'cdk-certkit';
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parse } from 'yaml';

const app = new App({ outdir: 'dist' });

// What the AWS side's CertificateBackupStore (aws-cdk-lib, in another stack) creates: paste these from that
// stack's outputs (its `prefix`, `region`, `kmsKeyId`, `replicaRegions` and `role.roleArn`).
const backupStore = {
  prefix: 'cdk-certkit/platform/',
  region: 'eu-west-1',
  kmsKeyId: 'mrk-1234abcd12ab34cd56ef1234567890ab',
  replicaRegions: ['eu-central-1'],
  roleArn: 'arn:aws:iam::123456789012:role/platform-external-secrets',
};

// Wave order: cert-manager, then the add-ons, then the backup store and restores, then issuers, then certificates,
// then the backups (see ArgoCdSyncWaves and CertificateBackup).
const delivery = ChartDelivery.argoCd({ project: 'platform' });
const install = new Chart(app, 'cert-manager-install');
const certManager = new CertManager(install, 'cert-manager', {
  delivery,
  highAvailability: true,
  serviceMonitor: { labels: { release: 'prometheus' } },
  // Public resolvers see Cloudflare's records as soon as they are published; the cluster's may cache NXDOMAIN.
  dns01RecursiveNameservers: ['1.1.1.1:53', '1.0.0.1:53'],
  dns01RecursiveNameserversOnly: true,
});
new AwsPrivateCaIssuerAddon(install, 'aws-privateca-issuer', {
  delivery,
  certManager,
  serviceAccount: { roleArn: 'arn:aws:iam::123456789012:role/platform-aws-privateca-issuer' },
});
// ESO reads and writes the backups with its controller's identity (IRSA here; with EKS Pod Identity, drop roleArn).
const externalSecrets = new ExternalSecretsOperator(install, 'external-secrets', {
  delivery,
  certManager,
  serviceAccount: { roleArn: backupStore.roleArn },
});
const trustManager = new TrustManager(install, 'trust-manager', { delivery, certManager });
const csiDriver = new CsiDriver(install, 'csi-driver', { delivery, certManager });

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

// Trust: any Certificate from the private CA carries the CA chain in its ca.crt; trust-manager copies it into a
// ConfigMap `private-ca` (key ca.crt) in every namespace labelled trust.example.com/private-ca=enabled.
const trust = new Chart(app, 'trust');
const anchor = new Certificate(trust, 'private-ca-anchor', {
  metadata: { name: 'private-ca-anchor', namespace: trustManager.trustNamespace },
  issuerRef: privateCa,
  dnsNames: ['trust-anchor.internal.example.com'],
});
const bundle = TrustBundle.forCertificateCa(trust, 'private-ca-bundle', anchor, {
  name: 'private-ca',
  trustManager,
  namespaceSelector: { 'trust.example.com/private-ca': 'enabled' },
});

// Backups: every Certificate above (their Secrets) and the Let's Encrypt account keys, pushed to Secrets Manager
// and restored on a fresh cluster before cert-manager starts, so it adopts them instead of ordering again.
// Created after the Certificates, since it finds them in its scopes when it is created.
new CertificateBackup(new Chart(app, 'backup'), 'certificate-backup', {
  location: {
    prefix: backupStore.prefix,
    region: backupStore.region,
    kmsKeyId: backupStore.kmsKeyId,
    replicaRegions: backupStore.replicaRegions,
  },
  scopes: [issuers, certificates, trust],
  externalSecrets,
});

// An app in a namespace that receives the bundle, holding a 24-hour certificate from the private CA through the
// CSI driver (never stored in a Secret, so nothing to back up) and trusting the CA through the bundle.
// The Namespace in a chart of its own: a chart's namespace would be stamped on it too.
new kplus.Namespace(new Chart(app, 'namespaces'), 'payments', {
  metadata: { name: 'payments', labels: { 'trust.example.com/private-ca': 'enabled' } },
});
const apps = new Chart(app, 'apps', { namespace: 'payments' });
const api = new kplus.Deployment(apps, 'payments-api', {
  metadata: { name: 'payments-api' },
  containers: [{ image: 'ghcr.io/example/payments-api:1.4.2', portNumber: 8443, securityContext: { user: 1000, group: 1000 } }],
});
CsiCertificate.addTo(api, 'tls', {
  issuerRef: privateCa,
  csiDriver,
  mountPath: '/var/run/tls',
  dnsNames: ['payments-api.payments.svc', 'payments-api.payments.svc.cluster.local'],
  duration: Duration.hours(24),
  usages: [KeyUsage.SERVER_AUTH],
  // The files belong to the container's group, so the non-root process can read its key.
  fsGroup: 1000,
});
api.containers[0].mount('/etc/ssl/private-ca', kplus.Volume.fromConfigMap(apps, 'private-ca',
  kplus.ConfigMap.fromConfigMapName(apps, 'private-ca-bundle', bundle.name)), { readOnly: true });

new CertManagerAlerts(new Chart(app, 'monitoring'), 'alerts', {
  metadata: { namespace: 'monitoring', labels: { release: 'prometheus' } },
});

// What a fresh install orders from Let's Encrypt, printed at synth; the synth fails over a limit.
new RateLimitBudget(app, 'RateLimitBudget', { printReport: true, assumeBackupsExist: false });

ArgoCdSyncWaves.apply(app);
app.synth();
