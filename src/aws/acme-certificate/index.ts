export * from './acme-certificate';
export * from './certificate-authority';
export * from './dns-provider';
