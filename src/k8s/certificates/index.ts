// Certificates and the helpers that create them (lists from values files, Ingress TLS).
export * from './certificate';
export * from './certificate-options';
export { CertificateKeystores, JksKeystore, KeystorePassword, Pkcs12Keystore, Pkcs12Profile } from './keystores';
export { CertificatePrivateKey, PrivateKeyAlgorithm, PrivateKeyEncoding, PrivateKeyRotationPolicy } from './private-key';
export { CertificateRenewal, CertificateRenewalPolicy, RenewalWindow } from './renewal';
export * from './subject';
export * from './usages';
export * from './certificate-list';
export * from './ingress-tls';
