import { Chart, Duration, Testing } from 'cdk8s';
import { CertManagerAlerts } from '../../../src/k8s/monitoring';
import { prometheusDuration } from '../../../src/k8s/monitoring/cert-manager-alerts';
import { synthErrors } from '../../support/synth';

function synthRule(props: ConstructorParameters<typeof CertManagerAlerts>[2] = {}): any {
  const chart = new Chart(Testing.app(), 'Monitoring', { namespace: 'monitoring' });
  new CertManagerAlerts(chart, 'Alerts', props);
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  return manifests[0];
}

function rules(rule: any): Record<string, any> {
  expect(rule.spec.groups).toHaveLength(1);
  return Object.fromEntries(rule.spec.groups[0].rules.map((r: any) => [r.alert, r]));
}

describe('CertManagerAlerts', () => {
  test('defaults: a PrometheusRule with expiry (21 days in seconds), not-ready and ACME failure alerts', () => {
    const rule = synthRule();
    expect(rule).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { namespace: 'monitoring' } });
    expect(rule.spec.groups[0].name).toBe('cert-manager');
    const alerts = rules(rule);
    const [expiry, notReady, acme] = ['CertManagerCertificateExpiringSoon', 'CertManagerCertificateNotReady', 'CertManagerAcmeRequestsFailing']
      .map(name => alerts[name]);

    expect(expiry.expr).toBe('(certmanager_certificate_expiration_timestamp_seconds > 0) - time() < 1814400');
    expect(expiry.for).toBe('1h');
    expect(notReady.expr).toBe('certmanager_certificate_ready_status{condition="False"} == 1');
    expect(notReady.for).toBe('15m');
    expect(acme.expr).toBe('sum by (host, path, status) (rate(certmanager_http_acme_client_request_count{status!~"2.."}[10m])) > 0');
    for (const alert of [expiry, notReady, acme]) {
      expect(alert.labels).toEqual({ severity: 'warning' });
      expect(alert.annotations.summary).toBeTruthy();
      expect(alert.annotations.runbook_url).toBeUndefined();
    }
  });

  test('thresholds, windows, severities, for durations, labels and runbooks are configurable', () => {
    const rule = synthRule({
      metadata: { name: 'cert-manager-alerts', labels: { release: 'prometheus' } },
      groupName: 'certificates',
      alertLabels: { team: 'platform' },
      runbookBaseUrl: 'https://runbooks.example.com/cert-manager/',
      expiry: { threshold: Duration.days(7), severity: 'critical', pendingFor: Duration.minutes(30) },
      notReady: { pendingFor: Duration.minutes(90), labels: { page: 'false' }, runbookUrl: 'https://wiki.example.com/not-ready' },
      acmeRequestFailures: { window: Duration.minutes(30), threshold: 0.05, severity: 'info' },
    });
    const alerts = rules(rule);

    expect(rule.metadata).toEqual({ name: 'cert-manager-alerts', namespace: 'monitoring', labels: { release: 'prometheus' } });
    expect(rule.spec.groups[0].name).toBe('certificates');
    expect(alerts.CertManagerCertificateExpiringSoon).toMatchObject({
      expr: expect.stringContaining('< 604800'),
      for: '30m',
      labels: { severity: 'critical', team: 'platform' },
      annotations: { runbook_url: 'https://runbooks.example.com/cert-manager/CertManagerCertificateExpiringSoon' },
    });
    expect(alerts.CertManagerCertificateNotReady).toMatchObject({
      for: '1h30m',
      labels: { severity: 'warning', team: 'platform', page: 'false' },
      annotations: { runbook_url: 'https://wiki.example.com/not-ready' },
    });
    expect(alerts.CertManagerAcmeRequestsFailing).toMatchObject({
      expr: expect.stringMatching(/\[30m\]\)\) > 0\.05$/),
      labels: { severity: 'info', team: 'platform' },
    });
  });

  test('the expiry alert skips Certificates that were never issued (cert-manager reports their expiry as 0)', () => {
    const { CertManagerCertificateExpiringSoon: expiry } = rules(synthRule({ expiry: { threshold: Duration.days(7) } }));
    // Without the `> 0` filter, 0 - time() is always below the threshold and every new Certificate fires.
    expect(expiry.expr).toMatch(/^\(certmanager_certificate_expiration_timestamp_seconds > 0\) - time\(\) < 604800$/);
  });

  test('alerts can be turned off one by one', () => {
    const alerts = rules(synthRule({ notReady: { enabled: false }, acmeRequestFailures: { enabled: false }, issuerNotReady: { enabled: false } }));
    expect(Object.keys(alerts)).toEqual(['CertManagerCertificateExpiringSoon']);
  });

  test('descriptions work whether or not the namespace label was renamed by the scrape', () => {
    const { CertManagerCertificateNotReady: notReady } = rules(synthRule());
    expect(notReady.annotations.summary).toContain('{{ with $labels.exported_namespace }}{{ . }}{{ else }}{{ $labels.namespace }}{{ end }}/{{ $labels.name }}');
  });

  test('a rate window shorter than a minute is refused (at synth, with the other mistakes)', () => {
    const chart = new Chart(Testing.app(), 'Monitoring');
    new CertManagerAlerts(chart, 'Alerts', { acmeRequestFailures: { window: Duration.seconds(15), threshold: -1 }, expiry: { threshold: Duration.millis(10) } });
    const errors = synthErrors(chart);
    expect(errors).toHaveLength(3);
    expect(errors[1]).toMatch(/^Monitoring\/Alerts: acmeRequestFailures.window is shorter than a minute.*\. Fix: use at least Duration.minutes\(1\)\.$/);
    expect(errors[0]).toBe('Monitoring/Alerts: expiry.threshold is shorter than a second. Fix: use e.g. Duration.days(21).');
    expect(errors[2]).toBe('Monitoring/Alerts: acmeRequestFailures.threshold is -1. Fix: use a rate of 0 or more requests per second.');
  });
});

test.each([
  ['21 days', '21d', Duration.days(21)],
  ['90 minutes', '1h30m', Duration.minutes(90)],
  ['15 minutes', '15m', Duration.minutes(15)],
  ['1500 ms', '1s500ms', Duration.millis(1500)],
])('prometheusDuration(%s) = %s', (_label, expected, duration) => expect(prometheusDuration(duration)).toBe(expected));
