// Public API of cdk-certkit. Each area keeps its own barrel.
export * from './k8s';
