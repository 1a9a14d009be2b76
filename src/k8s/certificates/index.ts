// Certificates and the helpers that create them (lists from values files, Ingress TLS).
export * from './certificate';
export { KeystorePassword, Pkcs12Profile } from './keystores';
export type { CertificateKeystores, JksKeystore, Pkcs12Keystore } from './keystores';
export { PrivateKeyAlgorithm, PrivateKeyEncoding, PrivateKeyRotationPolicy } from './private-key';
export type { CertificatePrivateKey } from './private-key';
export { CertificateRenewalPolicy } from './renewal';
export type { CertificateRenewal, RenewalWindow } from './renewal';
export * from './certificate-list';
export * from './ingress-tls';
