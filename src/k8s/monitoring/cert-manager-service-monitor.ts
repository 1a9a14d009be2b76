// CertManagerServiceMonitor: a ServiceMonitor that scrapes cert-manager's controller, webhook and cainjector.
import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { prometheusDuration } from './cert-manager-alerts';
import { CertManagerMonitoringOptions } from './monitoring-options';
import { argoCdOrdering } from './private/argo-cd';
import { isDns1123Label } from '../../common/names';
import { ServiceMonitor, ServiceMonitorSpecEndpointsTargetPort } from '../../imports/monitoring.coreos.com';
import { report } from '../../private/errors';
import { validateRendered } from '../private/rendered-validation';

/** Properties of CertManagerServiceMonitor. */
export interface CertManagerServiceMonitorProps extends CertManagerMonitoringOptions {
  /**
   * Metadata of the ServiceMonitor. Put the labels your Prometheus' `serviceMonitorSelector` needs here,
   * e.g. `{ labels: { release: 'prometheus' } }`.
   * @default - generated name, cert-manager's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Namespace cert-manager runs in.
   * @default - the certManager's, else 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * Helm release name of cert-manager (its pods' `app.kubernetes.io/instance`).
   * @default - the certManager's, else 'cert-manager'
   */
  readonly releaseName?: string;
  /**
   * Scrape interval.
   * @default Duration.seconds(60) (the chart's)
   */
  readonly interval?: Duration;
  /**
   * Scrape timeout, at most the interval (Prometheus refuses a longer one).
   * @default Duration.seconds(30) (the chart's)
   */
  readonly scrapeTimeout?: Duration;
  /**
   * Keep cert-manager's own `namespace` and `name` labels instead of renaming them `exported_*`. The alerts of
   * `CertManagerAlerts` read either.
   * @default false (the chart's)
   */
  readonly honorLabels?: boolean;
}

/**
 * A Prometheus Operator `ServiceMonitor` for cert-manager's controller, webhook and cainjector.
 *
 * It selects them as the chart's own ServiceMonitor does, for installs that leave `prometheus.servicemonitor` off
 * (e.g. to keep monitoring objects out of the chart). The object (monitoring.coreos.com/v1) is checked against the
 * pinned prometheus-operator v0.93.0 CRD at synth.
 */
export class CertManagerServiceMonitor extends Construct {
  /** The ServiceMonitor. */
  public readonly apiObject: ApiObject;

  /**
   * @param scope the construct this one is added to
   * @param id the construct id
   * @param props the install to scrape and the scrape settings
   */
  constructor(scope: Construct, id: string, props: CertManagerServiceMonitorProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? props.certManager?.namespace ?? 'cert-manager';
    const releaseName = props.releaseName ?? props.certManager?.releaseName ?? 'cert-manager';
    if (!isDns1123Label(namespace)) report(this, 'namespace', `'${namespace}' is not a valid namespace name`, "use lower-case letters, digits and '-'");
    const interval = props.interval ?? Duration.seconds(60);
    const timeout = props.scrapeTimeout ?? Duration.seconds(30);
    if (interval.toMilliseconds() < 1000) report(this, 'interval', 'is shorter than a second', 'use e.g. Duration.seconds(60)');
    if (timeout.toMilliseconds() > interval.toMilliseconds()) {
      report(this, 'scrapeTimeout', `(${prometheusDuration(timeout)}) is longer than the interval (${prometheusDuration(interval)}), which Prometheus refuses`, 'make it at most the interval');
    }
    this.apiObject = new ServiceMonitor(this, 'Resource', {
      metadata: { ...props.metadata, namespace: props.metadata?.namespace ?? namespace },
      spec: {
        jobLabel: releaseName,
        selector: {
          matchExpressions: [
            { key: 'app.kubernetes.io/name', operator: 'In', values: ['cainjector', 'cert-manager', 'webhook'] },
            { key: 'app.kubernetes.io/instance', operator: 'In', values: [releaseName] },
            { key: 'app.kubernetes.io/component', operator: 'In', values: ['cainjector', 'controller', 'webhook'] },
          ],
        },
        namespaceSelector: { matchNames: [namespace] },
        endpoints: [{
          targetPort: ServiceMonitorSpecEndpointsTargetPort.fromString('http-metrics'),
          path: '/metrics',
          interval: prometheusDuration(interval),
          scrapeTimeout: prometheusDuration(timeout),
          honorLabels: props.honorLabels ?? false,
        }],
      },
    });
    argoCdOrdering(this, this.apiObject, props);
    validateRendered(this.apiObject);
  }
}
