// Name rules shared by the cluster side, the AWS side and the runtime: plain functions, no construct imports.
// DNS names as public CAs certify them, e-mail addresses as cert-manager's webhook accepts them, and the Kubernetes
// name, label and annotation rules of k8s.io/apimachinery (pkg/util/validation, pkg/api/validation).

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

/** Whether `name` (possibly a wildcard) lies in `zone` or is its apex. */
export function isInZone(name: string, zone: string): boolean {
  const bare = (isWildcard(name) ? name.slice(2) : name).replace(/\.$/, '').toLowerCase();
  const z = zone.replace(/\.$/, '').toLowerCase();
  return bare === z || bare.endsWith(`.${z}`);
}

// ---- e-mail -----------------------------------------------------------------------------------------------------

/** RFC 5322 `atext`: what a dot-atom's atoms may hold. */
const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;

/**
 * Why `email` is not a bare RFC 5322 addr-spec with a dot-atom local part and a DNS-name domain; undefined when it
 * is one. Refused: `mailto:` URIs, display names and angle brackets (`Ops <ops@example.com>`), empty atoms
 * (`a..b@`, `.a@`, `a.@`), domains that are not DNS names (`ops@localhost`), more than 254 characters.
 *
 * Stricter than cert-manager's webhook (Go's `mail.ParseAddress` with the result equal to the input) on purpose:
 * quoted local parts (`"a b"@example.com`) and domain literals (`ops@[192.0.2.1]`) are refused, since ACME CAs
 * refuse them too.
 */
export function emailProblem(email: string): string | undefined {
  if (typeof email !== 'string' || email.length === 0) return 'is empty';
  if (/^mailto:/i.test(email)) return "is a 'mailto:' URI, not an address";
  if (/[<>]/.test(email) || /\s/.test(email)) return 'is not a bare address (no display name, angle brackets or spaces)';
  if (email.includes('"')) return 'has a quoted local part, which cdk-certkit does not accept';
  if (email.length > 254) return 'is longer than 254 characters';
  const at = email.lastIndexOf('@');
  if (at < 0) return "has no '@'";
  const [local, domain] = [email.slice(0, at), email.slice(at + 1)];
  if (local.length === 0) return "has nothing before the '@'";
  if (local.length > 64) return 'has a local part longer than 64 characters';
  if (!local.split('.').every(atom => ATEXT.test(atom))) {
    return local.split('.').some(atom => atom === '')
      ? "has an empty part in its local part ('..', or a '.' at its start or end)"
      : 'has characters RFC 5322 does not allow in an unquoted local part';
  }
  if (!isDnsName(domain.toLowerCase(), false)) return `has '${domain}' after the '@', which is not a DNS name`;
  return undefined;
}

/** A bare RFC 5322 addr-spec (see `emailProblem`), e.g. for an ACME account contact or a Certificate's emailAddresses. */
export function isEmail(email: string): boolean {
  return emailProblem(email) === undefined;
}

// ---- Kubernetes names (k8s.io/apimachinery/pkg/util/validation) -------------------------------------------------

const DNS1123_LABEL_PART = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL_PART}(\\.${DNS1123_LABEL_PART})*$`);
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A Kubernetes DNS-1123 label (namespaces, service accounts' names as used in IRSA subjects). */
export function isDns1123Label(name: string): boolean {
  return typeof name === 'string' && LABEL.test(name);
}

/** A Kubernetes DNS-1123 subdomain (most object names, e.g. Secrets and Certificates). */
export function isDns1123Subdomain(name: string): boolean {
  return typeof name === 'string' && dns1123SubdomainProblems(name).length === 0;
}

/** `validation.IsDNS1123Subdomain`: what is wrong with `value`, empty when it is valid. */
export function dns1123SubdomainProblems(value: string): string[] {
  const out: string[] = [];
  if (value.length > 253) out.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(value)) {
    out.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
  }
  return out;
}

/**
 * `validation.IsQualifiedName`: `[prefix/]name`, the prefix a DNS-1123 subdomain, the name at most 63 letters,
 * digits, `-`, `_` and `.` starting and ending alphanumeric. Label keys and (lower-cased) annotation keys.
 */
export function qualifiedNameProblems(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'"];
  }
  const out: string[] = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) out.push('prefix part must be non-empty');
    else out.push(...dns1123SubdomainProblems(prefix).map(p => `prefix part ${p}`));
  }
  if (name.length === 0) out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME_PART.test(name)) {
    out.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  }
  return out;
}

/** `validation.IsValidLabelValue`: empty, or at most 63 letters, digits, `-`, `_` and `.` starting and ending alphanumeric. */
export function labelValueProblems(value: string): string[] {
  const out: string[] = [];
  if (value.length > 63) out.push('must be no more than 63 characters');
  if (value !== '' && !QUALIFIED_NAME_PART.test(value)) {
    out.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  }
  return out;
}

export function isLabelKey(key: string): boolean {
  return typeof key === 'string' && qualifiedNameProblems(key).length === 0;
}

export function isLabelValue(value: string): boolean {
  return typeof value === 'string' && labelValueProblems(value).length === 0;
}

/** Annotation keys follow the label-key rule, checked lower-cased (`apivalidation.ValidateAnnotations`); values are free. */
export function isAnnotationKey(key: string): boolean {
  return typeof key === 'string' && qualifiedNameProblems(key.toLowerCase()).length === 0;
}

/** `apivalidation.TotalAnnotationSizeLimitB`: keys plus values of one object's annotations, in bytes. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** The size Kubernetes counts against `TOTAL_ANNOTATION_SIZE_LIMIT`: UTF-8 bytes of every key and value. */
export function annotationsSize(annotations: Record<string, string>): number {
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  return Object.entries(annotations).reduce((total, [k, v]) => total + bytes(k) + bytes(typeof v === 'string' ? v : String(v)), 0);
}

/**
 * `validation.IsConfigMapKey`: a key of a Secret's or ConfigMap's data, at most 253 of letters, digits, `-`, `_`
 * and `.`, not `.` or `..` and not starting with `..`.
 */
export function isSecretDataKey(key: string): boolean {
  return typeof key === 'string' && key.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(key) && key !== '.' && !key.startsWith('..');
}
