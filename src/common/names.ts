// Name checks shared by the cluster side, the AWS side and the runtime (plain functions, no constructs).

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether `name` is a DNS name a public CA can certify: lower-case letters, digits and hyphens in labels of
 * at most 63 characters, at least two labels, at most 253 characters; with `allowWildcard`, a leading `*.`.
 */
export function isDnsName(name: string, allowWildcard = true): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 253) return false;
  const body = allowWildcard && name.startsWith('*.') ? name.slice(2) : name;
  const labels = body.split('.');
  return labels.length >= 2 && labels.every(l => LABEL.test(l)) && !/^[0-9]+$/.test(labels[labels.length - 1]);
}

export function isWildcard(name: string): boolean {
  return name.startsWith('*.');
}

/** A Kubernetes DNS-1123 label (namespaces, service accounts' names as used in IRSA subjects). */
export function isDns1123Label(name: string): boolean {
  return typeof name === 'string' && LABEL.test(name);
}

/** A Kubernetes DNS-1123 subdomain (most object names, e.g. Secrets and Certificates). */
export function isDns1123Subdomain(name: string): boolean {
  return typeof name === 'string' && name.length <= 253 && name.split('.').every(l => LABEL.test(l));
}

/** A plausible e-mail address for an ACME account contact (one `@`, a DNS name after it). */
export function isEmail(email: string): boolean {
  if (typeof email !== 'string') return false;
  const at = email.lastIndexOf('@');
  return at > 0 && !/[\s@<>]/.test(email.slice(0, at)) && isDnsName(email.slice(at + 1).toLowerCase(), false);
}

/** Whether `name` (possibly a wildcard) lies in `zone` or is its apex. */
export function isInZone(name: string, zone: string): boolean {
  const bare = (isWildcard(name) ? name.slice(2) : name).replace(/\.$/, '').toLowerCase();
  const z = zone.replace(/\.$/, '').toLowerCase();
  return bare === z || bare.endsWith(`.${z}`);
}
