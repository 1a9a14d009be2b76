export * from './pinned';
export * from './loader';
export * from './crd-schema';
