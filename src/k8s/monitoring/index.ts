// Monitoring of cert-manager: alerting rules for the Prometheus operator.
export * from './cert-manager-alerts';
