// Installing cert-manager and its add-ons: typed chart values, and delivery through Argo CD, Flux, helm or values only.
export * from './workload-options';
export * from './helm-chart-release';
export * from './cert-manager-values';
