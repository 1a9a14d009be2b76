import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { certManagerSchemaErrors, newChart, ofKind, stubHelm, synthValid, withPath } from './helpers';
import { CertManager, ChartDelivery } from '../../../src/k8s/install';
import { synthErrors } from '../../support/synth';

const RENDERED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cert-manager
  namespace: cert-manager
spec:
  selector: { matchLabels: { app: cert-manager } }
  template:
    metadata: { labels: { app: cert-manager } }
    spec: { containers: [{ name: controller, image: quay.io/jetstack/cert-manager-controller:v1.21.1 }] }
`;

describe('CertManager delivered through Argo CD', () => {
  test('an Application of the pinned chart with the values, valid against the Application CRD', () => {
    const chart = newChart();
    const cm = new CertManager(chart, 'CertManager', { delivery: ChartDelivery.argoCd(), highAvailability: true });
    const manifests = synthValid(chart);
    const [app] = ofKind(manifests, 'Application');
    expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app.metadata).toMatchObject({ name: 'cert-manager', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '-30' } });
    expect(app.spec).toEqual({
      project: 'default',
      destination: { server: 'https://kubernetes.default.svc', namespace: 'cert-manager' },
      source: {
        repoURL: 'https://charts.jetstack.io',
        chart: 'cert-manager',
        targetRevision: 'v1.21.1',
        helm: { releaseName: 'cert-manager', valuesObject: cm.values },
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
        retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
      },
    });
    expect(certManagerSchemaErrors(app.spec.source.helm.valuesObject)).toEqual([]);
    expect(ofKind(manifests, 'Namespace', 'cert-manager')[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-30');
  });

  test('project, destination and sync policy options', () => {
    const chart = newChart();
    new CertManager(chart, 'CertManager', {
      namespace: 'certs',
      createNamespace: false,
      delivery: ChartDelivery.argoCd({
        applicationNamespace: 'gitops',
        applicationName: 'cm',
        project: 'platform',
        destinationName: 'prod-eu',
        syncWave: -50,
        automated: false,
        serverSideApply: false,
        extraSyncOptions: ['RespectIgnoreDifferences=true'],
        retryLimit: 0,
      }),
    });
    const manifests = synthValid(chart);
    expect(ofKind(manifests, 'Namespace')).toEqual([]);
    const [app] = ofKind(manifests, 'Application');
    expect(app.metadata).toMatchObject({ name: 'cm', namespace: 'gitops', annotations: { 'argocd.argoproj.io/sync-wave': '-50' } });
    expect(app.spec.project).toBe('platform');
    expect(app.spec.destination).toEqual({ name: 'prod-eu', namespace: 'certs' });
    expect(app.spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true', 'RespectIgnoreDifferences=true'] });
  });

  test('rejects a destination given twice (at synth, with every other mistake)', () => {
    const chart = newChart();
    new CertManager(chart, 'CertManager', {
      delivery: ChartDelivery.argoCd({ destinationServer: 'https://k8s.example.com', destinationName: 'prod', retryLimit: -1 }),
    });
    expect(synthErrors(chart)).toEqual([
      'test/CertManager: delivery.destinationName is set together with destinationServer. Fix: set only one of them.',
      'test/CertManager: delivery.retryLimit is -1 but must be a whole number. Fix: set 0 (no retries) or more.',
    ]);
  });
});

describe('CertManager delivered through Flux', () => {
  test('a HelmRepository and a HelmRelease valid against the HelmRelease CRD, replacing CRDs on install and upgrade', () => {
    const chart = newChart();
    const cm = new CertManager(chart, 'CertManager', { delivery: ChartDelivery.flux(), controller: { replicas: 2 } });
    const manifests = synthValid(chart);
    expect(ofKind(manifests, 'HelmRepository')).toEqual([{
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'jetstack', namespace: 'flux-system' },
      spec: { interval: '12h', url: 'https://charts.jetstack.io' },
    }]);
    const [release] = ofKind(manifests, 'HelmRelease');
    expect(release.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
    expect(release.metadata).toEqual({ name: 'cert-manager', namespace: 'flux-system' });
    expect(release.spec).toMatchObject({
      releaseName: 'cert-manager',
      targetNamespace: 'cert-manager',
      storageNamespace: 'cert-manager',
      chart: { spec: { chart: 'cert-manager', version: 'v1.21.1', sourceRef: { kind: 'HelmRepository', name: 'jetstack', namespace: 'flux-system' } } },
      install: { crds: 'CreateReplace', createNamespace: true, remediation: { retries: 3 } },
      upgrade: { crds: 'CreateReplace', remediation: { retries: 3, remediateLastFailure: true } },
      values: cm.values,
    });
    expect(release.spec.values.replicaCount).toBe(2);
    expect(certManagerSchemaErrors(release.spec.values)).toEqual([]);
    expect(ofKind(manifests, 'Namespace', 'cert-manager')).toHaveLength(1);
  });

  test('namespace and intervals', () => {
    const chart = newChart();
    new CertManager(chart, 'CertManager', { delivery: ChartDelivery.flux({ namespace: 'gitops', interval: '5m', repositoryInterval: '1h', remediationRetries: 0 }) });
    const manifests = synthValid(chart);
    expect(ofKind(manifests, 'HelmRepository')[0].spec.interval).toBe('1h');
    const [release] = ofKind(manifests, 'HelmRelease');
    expect(release.metadata.namespace).toBe('gitops');
    expect(release.spec.interval).toBe('5m');
    expect(release.spec.chart.spec.sourceRef.namespace).toBe('gitops');
    expect(release.spec.install.remediation).toEqual({ retries: 0 });
  });
});

describe('CertManager rendered with helm template', () => {
  test('without helm on PATH: one line naming the CLI and the other delivery modes', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-helm-'));
    const build = () => new CertManager(newChart(), 'CertManager', { delivery: ChartDelivery.helm() });
    expect(() => withPath([empty], build)).toThrow(new RegExp(
      "^test/CertManager: delivery ChartDelivery.helm\\(\\) needs the 'helm' CLI to render cert-manager v1.21.1, and it is not on PATH\\. " +
      'Fix: install helm .* or choose ChartDelivery.argoCd\\(\\), ChartDelivery.flux\\(\\) or ChartDelivery.valuesOnly\\(\\)\\.$'));
  });

  test('a missing helmExecutable path is reported the same way', () => {
    expect(() => new CertManager(newChart(), 'CertManager', { delivery: ChartDelivery.helm({ helmExecutable: '/nonexistent/helm3' }) }))
      .toThrow(/needs the '\/nonexistent\/helm3' CLI/);
  });

  test('with helm on PATH: the rendered manifests join the chart, rendered from the pinned chart with the same values', () => {
    const helm = stubHelm(RENDERED);
    const chart = newChart();
    const cm = withPath([helm.dir], () => new CertManager(chart, 'CertManager', {
      delivery: ChartDelivery.helm({ helmFlags: ['--kube-version', '1.33'] }), webhook: { replicas: 3 },
    }));
    const manifests = synthValid(chart);
    expect(ofKind(manifests, 'Deployment', 'cert-manager')).toHaveLength(1);
    expect(ofKind(manifests, 'Namespace', 'cert-manager')).toHaveLength(1);
    const args = helm.args();
    expect(args[0]).toBe('template');
    expect(args.join(' ')).toContain('--repo https://charts.jetstack.io --version v1.21.1 --namespace cert-manager --kube-version 1.33 cert-manager cert-manager');
    expect(args).not.toContain('--include-crds');
    expect(parse(helm.valuesFile())).toEqual(cm.values);
    expect(cm.values.webhook.replicaCount).toBe(3);
  });
});

describe('CertManager with values only', () => {
  test('renders and validates the values but adds no objects', () => {
    const chart = newChart();
    const cm = new CertManager(chart, 'CertManager', { delivery: ChartDelivery.valuesOnly(), keepCrds: false });
    expect(Testing.synth(chart)).toEqual([]);
    expect(cm.apiObjects).toEqual([]);
    expect(cm.values).toEqual({ crds: { enabled: true, keep: false } });
    expect(cm.release).toMatchObject({ chart: 'cert-manager', version: 'v1.21.1', namespace: 'cert-manager', serviceAccountName: 'cert-manager' });
  });

  test('a Namespace on request', () => {
    const chart = newChart();
    new CertManager(chart, 'CertManager', { delivery: ChartDelivery.valuesOnly(), createNamespace: true, namespace: 'certs' });
    expect(Testing.synth(chart).map(m => `${m.kind}/${m.metadata.name}`)).toEqual(['Namespace/certs']);
  });

  test('bad values stop synthesis whatever the delivery mode', () => {
    for (const delivery of [ChartDelivery.valuesOnly(), ChartDelivery.argoCd(), ChartDelivery.flux()]) {
      expect(() => new CertManager(newChart(), 'CertManager', { delivery, extraValues: { replicaCount: 'two' } }))
        .toThrow(/^test\/CertManager: values\.replicaCount is "two" \(string\) but the cert-manager v1\.21\.1 chart expects number\./);
    }
  });
});
