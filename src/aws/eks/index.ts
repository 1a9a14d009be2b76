// cert-manager on EKS: Helm releases, service-account roles and cdk8s charts of issuers and certificates.
export * from './eks-cert-manager';
