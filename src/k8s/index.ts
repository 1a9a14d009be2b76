// Cluster side (cdk8s). One file per resource kind.
export {};
