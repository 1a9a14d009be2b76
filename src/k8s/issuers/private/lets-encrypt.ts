import { LetsEncryptEnvironment } from '../acme-issuer-props';

/** The only place the Let's Encrypt directory URLs are written down. */
export const LETS_ENCRYPT_DIRECTORY: Readonly<Record<LetsEncryptEnvironment, string>> = {
  [LetsEncryptEnvironment.STAGING]: 'https://acme-staging-v02.api.letsencrypt.org/directory',
  [LetsEncryptEnvironment.PRODUCTION]: 'https://acme-v02.api.letsencrypt.org/directory',
};

/** Default ClusterIssuer names of `LetsEncryptIssuers`. */
export const LETS_ENCRYPT_ISSUER_NAME: Readonly<Record<LetsEncryptEnvironment, string>> = {
  [LetsEncryptEnvironment.STAGING]: 'letsencrypt-staging',
  [LetsEncryptEnvironment.PRODUCTION]: 'letsencrypt-production',
};
