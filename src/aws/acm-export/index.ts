// cert-manager certificates in ACM under a stable ARN (the cluster side pushes them with CertificateBackup).
export * from './cluster-certificate-in-acm';
