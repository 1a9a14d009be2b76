// Distributing trust: trust-manager Bundles of CA certificates.
export * from './trust-bundle';
