// From "create a CA" to "a pod trusts it and holds a certificate from it", as examples/platform does it:
// trust-manager distributes the private CA's root, csi-driver mounts one certificate from the same CA.
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Certificate, KeyUsage } from '../../../src/k8s/certificates';
import { CsiCertificate } from '../../../src/k8s/csi';
import { ArgoCdSyncWaves, CertManager, ChartDelivery, CsiDriver, TrustManager } from '../../../src/k8s/install';
import { ClusterIssuer, IssuerType } from '../../../src/k8s/issuers';
import { TrustBundle } from '../../../src/k8s/trust';
import { crdSchemas, formatViolations } from '../../../src/upstream';
import { synthErrors } from '../../support/synth';

test('trust-manager distributes the private CA, a Deployment mounts a certificate from it, all valid and ordered for Argo CD', () => {
  const app = new App({ outdir: Testing.app().outdir });
  const install = new Chart(app, 'cert-manager-install');
  const delivery = ChartDelivery.argoCd({ project: 'platform' });
  const certManager = new CertManager(install, 'cert-manager', { delivery });
  const trustManager = new TrustManager(install, 'trust-manager', { delivery, certManager });
  const csiDriver = new CsiDriver(install, 'csi-driver', { delivery, certManager });

  const issuers = new Chart(app, 'issuers');
  const privateCa = new ClusterIssuer(issuers, 'private-ca', {
    name: 'private-ca',
    type: IssuerType.awsPrivateCa({ arn: 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0b8e4c37-1a3e-4a59-9d36-6c6f4bbf1e1a' }),
  });

  const trust = new Chart(app, 'trust');
  // Any Certificate from the private CA carries the CA chain in its ca.crt; this one lives in the trust namespace.
  const anchor = new Certificate(trust, 'private-ca-anchor', {
    metadata: { name: 'private-ca-anchor', namespace: trustManager.trustNamespace },
    issuerRef: privateCa,
    dnsNames: ['trust-anchor.internal.example.com'],
  });
  TrustBundle.forCertificateCa(trust, 'private-ca-bundle', anchor, {
    name: 'private-ca',
    trustManager,
    namespaceSelector: { 'trust.example.com/private-ca': 'enabled' },
  });

  const apps = new Chart(app, 'apps', { namespace: 'payments' });
  const api = new kplus.Deployment(apps, 'payments-api', {
    containers: [{ image: 'ghcr.io/example/payments-api:1.4.2', portNumber: 8443, securityContext: { user: 1000, group: 1000 } }],
  });
  CsiCertificate.addTo(api, 'tls', {
    issuerRef: privateCa,
    csiDriver,
    mountPath: '/var/run/tls',
    dnsNames: ['payments-api.payments.svc', 'payments-api.payments.svc.cluster.local'],
    duration: Duration.hours(24),
    usages: [KeyUsage.SERVER_AUTH],
    fsGroup: 1000,
  });
  ArgoCdSyncWaves.apply(app);

  expect(synthErrors(app)).toEqual([]);
  const manifests = app.charts.flatMap(c => Testing.synth(c));
  const violations = crdSchemas().validateAll(manifests);
  if (violations.length > 0) throw new Error(formatViolations(violations));

  const applications = manifests.filter(m => m.kind === 'Application').map(m => m.metadata.name);
  expect(applications).toEqual(expect.arrayContaining(['cert-manager', 'trust-manager', 'cert-manager-csi-driver']));
  const bundle = manifests.find(m => m.kind === 'Bundle');
  expect(bundle.spec.sources).toEqual([{ secret: { name: 'private-ca-anchor-tls', key: 'ca.crt' } }]);
  expect(bundle.metadata.annotations).toEqual({
    'argocd.argoproj.io/sync-wave': String(ArgoCdSyncWaves.CERTIFICATES),
    'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
  });
  const pod = manifests.find(m => m.kind === 'Deployment').spec.template.spec;
  expect(pod.volumes[0].csi).toMatchObject({
    driver: 'csi.cert-manager.io',
    volumeAttributes: { 'csi.cert-manager.io/issuer-kind': 'AWSPCAClusterIssuer', 'csi.cert-manager.io/key-usages': 'server auth' },
  });
  // Only one cert-manager namespace object although three charts install into it.
  expect(manifests.filter(m => m.kind === 'Namespace' && m.metadata.name === 'cert-manager')).toHaveLength(1);
});
