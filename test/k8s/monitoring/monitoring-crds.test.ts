import { Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { CertManager, ChartDelivery } from '../../../src/k8s/install';
import { CertManagerAlerts, CertManagerServiceMonitor } from '../../../src/k8s/monitoring';
import { crdSchemas, formatViolations } from '../../../src/upstream';
import { synthErrors } from '../../support/synth';

function setup() {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'Monitoring', { namespace: 'monitoring' }) };
}

/** Synthesizes with validations and checks every custom resource against its pinned CRD (prometheus-operator v0.93.0). */
function synthValid(chart: Chart): any[] {
  expect(synthErrors(chart)).toEqual([]);
  const manifests = Testing.synth(chart);
  const violations = crdSchemas().validateAll(manifests);
  if (violations.length > 0) throw new Error(formatViolations(violations));
  return manifests;
}

const ofKind = (manifests: any[], kind: string) => manifests.filter(m => m.kind === kind);

describe('issuer alerts', () => {
  test('IssuerNotReady and ClusterIssuerNotReady on cert-manager\'s issuer metrics', () => {
    const { chart } = setup();
    new CertManagerAlerts(chart, 'Alerts', { issuerNotReady: { severity: 'critical', pendingFor: Duration.minutes(5) } });
    const [rule] = ofKind(synthValid(chart), 'PrometheusRule');
    const alerts = Object.fromEntries(rule.spec.groups[0].rules.map((r: any) => [r.alert, r]));
    expect(alerts.CertManagerIssuerNotReady).toMatchObject({
      expr: 'certmanager_issuer_ready_status{condition="False"} == 1', for: '5m', labels: { severity: 'critical' },
    });
    expect(alerts.CertManagerIssuerNotReady.annotations.summary).toContain('{{ with $labels.exported_namespace }}');
    expect(alerts.CertManagerClusterIssuerNotReady).toMatchObject({
      expr: 'certmanager_clusterissuer_ready_status{condition="False"} == 1',
      for: '5m',
      annotations: { summary: 'ClusterIssuer {{ $labels.name }} is not Ready' },
    });
  });
});

describe('CertManagerServiceMonitor', () => {
  test('scrapes the controller, webhook and cainjector of the install, valid against the pinned CRD', () => {
    const { chart } = setup();
    const certManager = new CertManager(chart, 'cm', { delivery: ChartDelivery.valuesOnly(), namespace: 'certs', releaseName: 'certs' });
    new CertManagerServiceMonitor(chart, 'Scrape', { certManager, metadata: { labels: { release: 'prometheus' } }, interval: Duration.seconds(30), scrapeTimeout: Duration.seconds(10) });
    const [monitor] = ofKind(synthValid(chart), 'ServiceMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata).toMatchObject({ namespace: 'certs', labels: { release: 'prometheus' } });
    expect(monitor.spec).toEqual({
      jobLabel: 'certs',
      selector: {
        matchExpressions: [
          { key: 'app.kubernetes.io/name', operator: 'In', values: ['cainjector', 'cert-manager', 'webhook'] },
          { key: 'app.kubernetes.io/instance', operator: 'In', values: ['certs'] },
          { key: 'app.kubernetes.io/component', operator: 'In', values: ['cainjector', 'controller', 'webhook'] },
        ],
      },
      namespaceSelector: { matchNames: ['certs'] },
      endpoints: [{ targetPort: 'http-metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s', honorLabels: false }],
    });
  });

  test.each([
    ['a timeout longer than the interval', { interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(30) }, 'scrapeTimeout (30s) is longer than the interval (10s)'],
    ['a bad namespace', { namespace: 'Certs' }, "namespace 'Certs' is not a valid namespace name"],
  ])('refuses %s', (_name, props, message) => {
    const { chart } = setup();
    new CertManagerServiceMonitor(chart, 'Scrape', props);
    const errors = synthErrors(chart);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  test('an escape-hatch patch the pinned CRD refuses is reported at synth', () => {
    const { chart } = setup();
    const monitor = new CertManagerServiceMonitor(chart, 'Scrape');
    monitor.apiObject.addJsonPatch(JsonPatch.add('/spec/endpoints/0/scheme', 'gopher'));
    expect(synthErrors(chart).join('\n')).toContain('spec.endpoints[0].scheme');
  });
});

describe('with Argo CD delivery', () => {
  test('the PrometheusRule and ServiceMonitor get a wave after cert-manager\'s and SkipDryRunOnMissingResource', () => {
    const { chart } = setup();
    const certManager = new CertManager(chart, 'cm', { delivery: ChartDelivery.argoCd() });
    new CertManagerAlerts(chart, 'Alerts', { certManager });
    new CertManagerServiceMonitor(chart, 'Scrape', { certManager });
    const manifests = synthValid(chart);
    for (const kind of ['PrometheusRule', 'ServiceMonitor']) {
      const [obj] = ofKind(manifests, kind);
      expect(obj.metadata.annotations).toEqual({
        'argocd.argoproj.io/sync-wave': String(Math.max(-20, certManager.syncWave + 1)),
        'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
      });
    }
  });

  test('an explicit wave, and no annotations without Argo CD', () => {
    const { chart } = setup();
    const argo = new CertManager(chart, 'cm', { delivery: ChartDelivery.argoCd() });
    new CertManagerAlerts(chart, 'Alerts', { certManager: argo, argoCdSyncWave: 5 });
    const flux = new CertManager(new Chart(chart, 'other'), 'cm', { delivery: ChartDelivery.flux(), namespace: 'certs' });
    new CertManagerServiceMonitor(chart, 'Scrape', { certManager: flux });
    const manifests = synthValid(chart);
    expect(ofKind(manifests, 'PrometheusRule')[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('5');
    expect(ofKind(manifests, 'ServiceMonitor')[0].metadata.annotations).toBeUndefined();
  });

  test.each([
    ['a wave not after cert-manager\'s', (chart: Chart) => ({ certManager: new CertManager(chart, 'cm', { delivery: ChartDelivery.argoCd() }), argoCdSyncWave: -40 }),
      'argoCdSyncWave (-40) must be greater than the wave of Monitoring/cm'],
    ['a wave without Argo CD', () => ({ argoCdSyncWave: 3 }), 'argoCdSyncWave is set, but no certManager delivered by Argo CD is given'],
  ])('refuses %s', (_name, props, message) => {
    const { chart } = setup();
    new CertManagerAlerts(chart, 'Alerts', props(chart));
    expect(synthErrors(chart).join('\n')).toContain(message);
  });
});
