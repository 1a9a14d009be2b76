import { ApiObject, Chart } from 'cdk8s';
import { newChart, stubHelm, synthValid, withPath } from './helpers';
import { ArgoCdSyncWaves, AwsPrivateCaIssuerAddon, CertManager, ChartDelivery } from '../../../src/k8s/install';

const WAVE = 'argocd.argoproj.io/sync-wave';
const OPTIONS = 'argocd.argoproj.io/sync-options';

/** Issuers and a certificate as plain ApiObjects: the wave logic keys on apiVersion and kind only. */
function addCertificateResources(chart: Chart): void {
  new ApiObject(chart, 'LetsEncrypt', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: 'letsencrypt' },
    spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le-account' }, solvers: [{ http01: { ingress: {} } }] } },
  });
  new ApiObject(chart, 'SelfSigned', { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'self', namespace: 'apps' }, spec: { selfSigned: {} } });
  new ApiObject(chart, 'PrivateCa', {
    apiVersion: 'awspca.cert-manager.io/v1beta1',
    kind: 'AWSPCAClusterIssuer',
    metadata: { name: 'pca' },
    spec: { arn: 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555', region: 'eu-west-1' },
  });
  new ApiObject(chart, 'Web', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'web', namespace: 'apps' },
    spec: { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } },
  });
  new ApiObject(chart, 'Settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: {} });
}

function waveOf(manifests: any[], kind: string): number {
  const found = manifests.find(m => m.kind === kind);
  return Number(found.metadata.annotations[WAVE]);
}

describe('ArgoCdSyncWaves.apply', () => {
  test('orders installs, then issuers, then certificates; issuers and certificates skip the dry run', () => {
    const chart = newChart();
    const certManager = new CertManager(chart, 'CertManager', { delivery: ChartDelivery.argoCd() });
    new AwsPrivateCaIssuerAddon(chart, 'PcaIssuer', { delivery: ChartDelivery.argoCd(), certManager });
    addCertificateResources(chart);
    expect(ArgoCdSyncWaves.apply(chart)).toBe(8);
    const manifests = synthValid(chart);

    const appWaves = manifests.filter(m => m.kind === 'Application').map(m => Number(m.metadata.annotations[WAVE]));
    const installWave = Math.max(...appWaves);
    const issuerWaves = ['ClusterIssuer', 'Issuer', 'AWSPCAClusterIssuer'].map(k => waveOf(manifests, k));
    expect(appWaves).toEqual([ArgoCdSyncWaves.CERT_MANAGER, ArgoCdSyncWaves.ADDONS]);
    for (const issuerWave of issuerWaves) {
      expect(issuerWave).toBeGreaterThan(installWave);
      expect(waveOf(manifests, 'Certificate')).toBeGreaterThan(issuerWave);
    }
    for (const kind of ['ClusterIssuer', 'Issuer', 'AWSPCAClusterIssuer', 'Certificate']) {
      expect(manifests.find(m => m.kind === kind).metadata.annotations[OPTIONS]).toBe('SkipDryRunOnMissingResource=true');
    }
    expect(manifests.find(m => m.kind === 'ConfigMap').metadata.annotations).toBeUndefined();
  });

  test('custom waves; an explicit wave and existing sync options are kept; applying twice changes nothing', () => {
    const chart = newChart();
    addCertificateResources(chart);
    const web = chart.node.findChild('Web') as ApiObject;
    web.metadata.addAnnotation(WAVE, '7');
    web.metadata.addAnnotation(OPTIONS, 'Replace=true');
    ArgoCdSyncWaves.apply(chart, { issuerWave: 1, certificateWave: 2 });
    ArgoCdSyncWaves.apply(chart, { issuerWave: 1, certificateWave: 2 });
    const manifests = synthValid(chart);
    expect(waveOf(manifests, 'ClusterIssuer')).toBe(1);
    expect(manifests.find(m => m.kind === 'Certificate').metadata.annotations).toEqual({ [WAVE]: '7', [OPTIONS]: 'Replace=true,SkipDryRunOnMissingResource=true' });
  });

  test('gives manifests rendered by helm template their install\'s wave', () => {
    const helm = stubHelm('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cert-manager\n  namespace: cert-manager\n');
    const chart = newChart();
    withPath([helm.dir], () => new CertManager(chart, 'CertManager', { delivery: ChartDelivery.helm() }));
    addCertificateResources(chart);
    ArgoCdSyncWaves.apply(chart);
    const manifests = synthValid(chart);
    expect(waveOf(manifests, 'Deployment')).toBe(ArgoCdSyncWaves.CERT_MANAGER);
    expect(waveOf(manifests, 'Namespace')).toBe(ArgoCdSyncWaves.CERT_MANAGER);
    expect(waveOf(manifests, 'ClusterIssuer')).toBeGreaterThan(ArgoCdSyncWaves.CERT_MANAGER);
  });

  test('refuses an order that would sync certificates before issuers or issuers before an install', () => {
    const chart = newChart();
    expect(() => ArgoCdSyncWaves.apply(chart, { issuerWave: 0, certificateWave: 0 }))
      .toThrow(/^test: certificateWave \(0\) must be greater than issuerWave \(0\)\. Fix: give certificates a later wave than issuers\.$/);
    new CertManager(chart, 'CertManager', { delivery: ChartDelivery.argoCd({ syncWave: 5 }) });
    expect(() => ArgoCdSyncWaves.apply(chart, { issuerWave: 3, certificateWave: 4 }))
      .toThrow(/^test: issuerWave \(3\) must be greater than the last install wave \(5\)\./);
  });
});
