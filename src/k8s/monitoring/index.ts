// Monitoring of cert-manager: alerting rules and scraping for the Prometheus operator.
export { CertManagerAlerts } from './cert-manager-alerts';
export type {
  AcmeRequestFailureAlertOptions, CertManagerAlertOptions, CertManagerAlertsProps, CertificateExpiryAlertOptions,
} from './cert-manager-alerts';
export { CertManagerServiceMonitor } from './cert-manager-service-monitor';
export type { CertManagerServiceMonitorProps } from './cert-manager-service-monitor';
export type { CertManagerMonitoringOptions } from './monitoring-options';
