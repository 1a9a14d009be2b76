// CertManagerAlerts: a PrometheusRule with alerts on cert-manager's metrics, its props and its rendering.
import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CertManagerMonitoringOptions } from './monitoring-options';
import { argoCdOrdering } from './private/argo-cd';
import { PrometheusRule, PrometheusRuleSpecGroupsRules, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com';
import { report } from '../../private/errors';
import { validateRendered } from '../private/rendered-validation';

/** Settings shared by every alert. */
export interface CertManagerAlertOptions {
  /**
   * Whether to emit the alert.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Value of the `severity` label.
   * @default 'warning'
   */
  readonly severity?: string;
  /**
   * How long the condition must hold before the alert fires (the rule's `for`).
   * @default - per alert: 1 hour for expiry, 15 minutes otherwise
   */
  readonly pendingFor?: Duration;
  /**
   * `runbook_url` annotation.
   * @default - `<runbookBaseUrl>/<AlertName>` when runbookBaseUrl is set, else none
   */
  readonly runbookUrl?: string;
  /**
   * Extra labels for this alert only.
   * @default - only `severity` and the `alertLabels`
   */
  readonly labels?: { [key: string]: string };
}

/** The alert on certificates close to expiry. */
export interface CertificateExpiryAlertOptions extends CertManagerAlertOptions {
  /**
   * Fire when a certificate expires within this time. cert-manager renews 90-day certificates with 30 days
   * left, so 21 days means renewal has been failing for over a week.
   * @default Duration.days(21)
   */
  readonly threshold?: Duration;
}

/** The alert on failing ACME requests (rate limits, authorization failures, CA outages). */
export interface AcmeRequestFailureAlertOptions extends CertManagerAlertOptions {
  /**
   * Window of the `rate()`.
   * @default Duration.minutes(10)
   */
  readonly window?: Duration;
  /**
   * Fire above this many failed requests per second.
   * @default 0 - any failure
   */
  readonly threshold?: number;
}

/** Properties of CertManagerAlerts. */
export interface CertManagerAlertsProps extends CertManagerMonitoringOptions {
  /**
   * Metadata of the PrometheusRule. Put the labels your Prometheus operator's `ruleSelector` needs here,
   * e.g. `{ labels: { release: 'prometheus' } }`.
   * @default - generated name, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Name of the rule group.
   * @default 'cert-manager'
   */
  readonly groupName?: string;
  /**
   * Labels added to every alert, e.g. `{ team: 'platform' }`.
   * @default - only `severity` and each alert's own `labels`
   */
  readonly alertLabels?: { [key: string]: string };
  /**
   * Base URL of the runbooks: each alert links to `<runbookBaseUrl>/<AlertName>`.
   *
   * An alert's own `runbookUrl` wins over this link.
   * @default - no runbook links
   */
  readonly runbookBaseUrl?: string;
  /**
   * Certificates close to expiry.
   * @default - enabled, 21 days, warning, for 1 hour
   */
  readonly expiry?: CertificateExpiryAlertOptions;
  /**
   * Certificates whose Ready condition is False.
   * @default - enabled, warning, for 15 minutes
   */
  readonly notReady?: CertManagerAlertOptions;
  /**
   * Non-2xx responses to cert-manager's ACME client.
   * @default - enabled, any failure over 10 minutes, warning, for 15 minutes
   */
  readonly acmeRequestFailures?: AcmeRequestFailureAlertOptions;
  /**
   * Issuers and ClusterIssuers whose Ready condition is False.
   *
   * This is an ACME account that cannot register, a CA Secret that is missing, or an AWS Private CA the issuer
   * cannot reach (metrics `certmanager_issuer_ready_status`, `certmanager_clusterissuer_ready_status`). No
   * Certificate of theirs can be issued or renewed meanwhile.
   * @default - enabled, warning, for 15 minutes
   */
  readonly issuerNotReady?: CertManagerAlertOptions;
}

interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly defaultFor: Duration;
  readonly summary: string;
  readonly description: string;
  readonly options: CertManagerAlertOptions;
}

// With the default ServiceMonitor (honorLabels false) cert-manager's `namespace` label arrives as `exported_namespace`.
const CERT = '{{ with $labels.exported_namespace }}{{ . }}{{ else }}{{ $labels.namespace }}{{ end }}/{{ $labels.name }}';

/**
 * A Prometheus Operator `PrometheusRule` with alerts on cert-manager's metrics.
 *
 * It alerts on certificates close to expiry, certificates that are not Ready, failing ACME requests, and Issuers or
 * ClusterIssuers that are not Ready. It needs cert-manager's metrics scraped (`CertManagerServiceMonitor`, or the
 * Helm chart's ServiceMonitor). The rule (monitoring.coreos.com/v1) is checked against the pinned prometheus-operator
 * v0.93.0 CRD at synth. With a `certManager` delivered by Argo CD it gets a sync wave after cert-manager's and
 * `SkipDryRunOnMissingResource=true`.
 */
export class CertManagerAlerts extends Construct {
  /** The PrometheusRule. */
  public readonly apiObject: ApiObject;

  /**
   * @param scope the construct this one is added to
   * @param id the construct id
   * @param props which alerts to emit, their thresholds and labels
   */
  constructor(scope: Construct, id: string, props: CertManagerAlertsProps = {}) {
    super(scope, id);
    const expiry = props.expiry ?? {};
    const acme = props.acmeRequestFailures ?? {};
    const threshold = expiry.threshold ?? Duration.days(21);
    const window = acme.window ?? Duration.minutes(10);
    const rate = acme.threshold ?? 0;
    if (threshold.toMilliseconds() < 1000) report(this, 'expiry.threshold', 'is shorter than a second', 'use e.g. Duration.days(21)');
    if (window.toMilliseconds() < 60_000) report(this, 'acmeRequestFailures.window', 'is shorter than a minute, too short for rate() over typical scrape intervals', 'use at least Duration.minutes(1)');
    if (!(rate >= 0)) report(this, 'acmeRequestFailures.threshold', `is ${rate}`, 'use a rate of 0 or more requests per second');
    const seconds = Math.floor(threshold.toMilliseconds() / 1000);

    const rules: AlertRule[] = [{
      alert: 'CertManagerCertificateExpiringSoon',
      // cert-manager reports 0 for a Certificate that has never been issued: without `> 0` every new
      // Certificate would fire as "expiring" (the not-ready alert covers those).
      expr: `(certmanager_certificate_expiration_timestamp_seconds > 0) - time() < ${seconds}`,
      defaultFor: Duration.hours(1),
      summary: `Certificate ${CERT} expires in less than ${threshold.toHumanString()}`,
      description: `Certificate ${CERT} expires in {{ $value | humanizeDuration }}; cert-manager should have renewed it by now. Check its CertificateRequests and Orders.`,
      options: expiry,
    }, {
      alert: 'CertManagerCertificateNotReady',
      expr: 'certmanager_certificate_ready_status{condition="False"} == 1',
      defaultFor: Duration.minutes(15),
      summary: `Certificate ${CERT} is not Ready`,
      description: `Certificate ${CERT} has been not Ready for a while; \`kubectl describe certificate\` shows why.`,
      options: props.notReady ?? {},
    }, {
      alert: 'CertManagerIssuerNotReady',
      expr: 'certmanager_issuer_ready_status{condition="False"} == 1',
      defaultFor: Duration.minutes(15),
      summary: `Issuer ${CERT} is not Ready`,
      description: `Issuer ${CERT} has been not Ready for a while, so none of its Certificates can be issued or renewed; \`kubectl describe issuer\` shows why.`,
      options: props.issuerNotReady ?? {},
    }, {
      alert: 'CertManagerClusterIssuerNotReady',
      expr: 'certmanager_clusterissuer_ready_status{condition="False"} == 1',
      defaultFor: Duration.minutes(15),
      summary: 'ClusterIssuer {{ $labels.name }} is not Ready',
      description: 'ClusterIssuer {{ $labels.name }} has been not Ready for a while, so none of its Certificates can be issued or renewed; `kubectl describe clusterissuer` shows why.',
      options: props.issuerNotReady ?? {},
    }, {
      alert: 'CertManagerAcmeRequestsFailing',
      expr: `sum by (host, path, status) (rate(certmanager_http_acme_client_request_count{status!~"2.."}[${prometheusDuration(window)}])) > ${rate}`,
      defaultFor: Duration.minutes(15),
      summary: 'ACME requests to {{ $labels.host }} are failing',
      description: 'cert-manager gets HTTP {{ $labels.status }} from {{ $labels.host }}{{ $labels.path }} ({{ $value | humanize }}/s): rate limits, failed authorizations or an outage of the CA.',
      options: acme,
    }];

    this.apiObject = new PrometheusRule(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        groups: [{
          name: props.groupName ?? 'cert-manager',
          rules: rules.filter(r => r.options.enabled !== false).map(r => renderRule(r, props)),
        }],
      },
    });
    argoCdOrdering(this, this.apiObject, props);
    validateRendered(this.apiObject);
  }
}

function renderRule(rule: AlertRule, props: CertManagerAlertsProps): PrometheusRuleSpecGroupsRules {
  const runbook = rule.options.runbookUrl ?? (props.runbookBaseUrl && `${props.runbookBaseUrl.replace(/\/+$/, '')}/${rule.alert}`);
  return {
    alert: rule.alert,
    expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
    for: prometheusDuration(rule.options.pendingFor ?? rule.defaultFor),
    labels: { severity: 'warning', ...props.alertLabels, ...rule.options.labels, ...rule.options.severity && { severity: rule.options.severity } },
    annotations: { summary: rule.summary, description: rule.description, ...runbook && { runbook_url: runbook } },
  };
}

const UNITS: ReadonlyArray<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/** A Duration in Prometheus' notation, largest units first: `21d`, `1h30m`, `15m`, `500ms`. */
export function prometheusDuration(duration: Duration): string {
  let rest = duration.toMilliseconds();
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, ms] of UNITS) {
    const count = Math.floor(rest / ms);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * ms;
  }
  return out;
}
