// Certificates mounted into pods by cert-manager csi-driver.
export * from './csi-certificate';
