// Monitoring of cert-manager: alerting rules for the Prometheus operator.
export { CertManagerAlerts } from './cert-manager-alerts';
export type {
  AcmeRequestFailureAlertOptions, CertManagerAlertOptions, CertManagerAlertsProps, CertificateExpiryAlertOptions,
} from './cert-manager-alerts';
