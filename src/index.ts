// Public API of cdk-certkit. Each area keeps its own barrel; src/runtime and src/upstream are internal.
export * from './k8s';
export * from './aws';
