// IAM roles for cert-manager and aws-privateca-issuer service accounts (IRSA or EKS Pod Identity).
export { WorkloadIdentity } from './workload-identity';
export { ServiceAccountRole, ServiceAccountRoleOptions, ServiceAccountRoleProps } from './service-account-role';
export { Route53Dns01Options } from './route53-dns01';
export { CertManagerRoute53Role, CertManagerRoute53RoleProps } from './cert-manager-route53-role';
export { CertManagerRoute53CrossAccountRole, CertManagerRoute53CrossAccountRoleProps } from './cert-manager-route53-cross-account-role';
export { AwsPrivateCaIssuerRole, AwsPrivateCaIssuerRoleProps } from './private-ca-issuer-role';
