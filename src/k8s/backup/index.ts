// Backups of cert-manager's Secrets through External Secrets Operator, the adoption rules they are built to meet,
// and solver credentials filled from a secret manager (the AWS side is src/aws/backup).
export * from './adoption';
export * from './certificate-backup';
export * from './external-secret-credential';
