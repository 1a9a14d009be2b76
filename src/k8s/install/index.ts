// Installing cert-manager and its add-ons: typed chart values, and delivery through Argo CD, Flux, helm or values only.
export * from './workload-options';
export * from './helm-chart-release';
export * from './chart-delivery';
export * from './helm-chart-install';
export * from './argo-cd-sync-waves';
export * from './cert-manager';
export * from './aws-privateca-issuer';
export * from './external-secrets';
export * from './trust-manager';
export * from './csi-driver';
