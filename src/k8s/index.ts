// Cluster side (cdk8s): one folder per concern, one file per public concept.
export * from './issuer-ref';
export * from './install';
export * from './issuers';
export * from './certificates';
export * from './monitoring';
export * from './backup';
export * from './trust';
export * from './csi';
export * from './rate-limits';
export * from './ingress';
export * from './environment';
