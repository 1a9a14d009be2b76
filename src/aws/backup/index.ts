// Backups of cert-manager's Secrets in AWS Secrets Manager (the cluster side is src/k8s/backup).
export * from './certificate-backup-store';
export * from './restore-wait';
