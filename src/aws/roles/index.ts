// IAM roles for cert-manager and aws-privateca-issuer service accounts (IRSA or EKS Pod Identity).
export * from './workload-identity';
export * from './service-account-role';
export * from './cert-manager-route53-role';
export * from './cert-manager-route53-cross-account-role';
export * from './private-ca-issuer-role';
