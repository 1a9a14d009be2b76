// ACME directory URLs the library knows: Let's Encrypt's two environments, and CAs that require External Account
// Binding. The only place they are written down.

/** Let's Encrypt production: publicly trusted certificates, strict rate limits. */
export const LETS_ENCRYPT_PRODUCTION_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory';
/** Let's Encrypt staging: untrusted certificates, generous rate limits. */
export const LETS_ENCRYPT_STAGING_DIRECTORY = 'https://acme-staging-v02.api.letsencrypt.org/directory';

export type LetsEncryptEnvironmentName = 'production' | 'staging';

const LETS_ENCRYPT_HOSTS: Readonly<Record<string, LetsEncryptEnvironmentName>> = {
  'acme-v02.api.letsencrypt.org': 'production',
  'acme-staging-v02.api.letsencrypt.org': 'staging',
};

/** Directories that refuse accounts without External Account Binding, by host. */
const EAB_ONLY_HOSTS: readonly string[] = ['acme.zerossl.com', 'dv.acme-v02.api.pki.goog', 'dv.acme-v02.test-api.pki.goog'];

/** The lower-cased host of an http(s) URL, undefined when `url` is not one. */
export function directoryHost(url: string): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which Let's Encrypt environment a directory URL points to (any spelling of the host, any path, a trailing `/`),
 * or undefined when it is not one of Let's Encrypt's.
 */
export function letsEncryptEnvironmentOf(directoryUrl: string): LetsEncryptEnvironmentName | undefined {
  const host = directoryHost(directoryUrl);
  return host === undefined ? undefined : LETS_ENCRYPT_HOSTS[host];
}

export function isLetsEncryptDirectory(directoryUrl: string): boolean {
  return letsEncryptEnvironmentOf(directoryUrl) !== undefined;
}

/** The directory URL of a Let's Encrypt environment. */
export function letsEncryptDirectory(environment: LetsEncryptEnvironmentName): string {
  return environment === 'production' ? LETS_ENCRYPT_PRODUCTION_DIRECTORY : LETS_ENCRYPT_STAGING_DIRECTORY;
}

/** Whether the CA behind `directoryUrl` is known to refuse accounts without External Account Binding. */
export function requiresExternalAccountBinding(directoryUrl: string): boolean {
  const host = directoryHost(directoryUrl);
  return host !== undefined && EAB_ONLY_HOSTS.includes(host);
}

/** Whether `url` is an absolute https URL with a host (what an ACME directory must be). */
export function isHttpsUrl(url: string): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}
