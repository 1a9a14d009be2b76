// Construct-time checks shared by issuers and solvers; each failure is one `invalid(...)` line.
import { IConstruct } from 'constructs';
import { invalid } from '../../../common/errors';
import { isDns1123Label, isDns1123Subdomain, isDnsName, isEmail } from '../../../common/names';

const NAME_FIX = "use lower-case letters, digits, '-' and '.' (at most 253 characters)";
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Returns `value`, or stops when it is missing or empty. */
export function required<T>(scope: IConstruct, field: string, value: T | undefined, fix: string): T {
  if (value === undefined || value === null || (value as unknown) === '') invalid(scope, field, 'is missing', fix);
  return value as T;
}

/** A Kubernetes object name (Secrets, IngressClasses, Gateways). */
export function checkObjectName(scope: IConstruct, field: string, value: string | undefined): string {
  required(scope, field, value, NAME_FIX);
  if (!isDns1123Subdomain(value!)) invalid(scope, field, `'${value}' is not a valid Kubernetes object name`, NAME_FIX);
  return value!;
}

export function checkNamespace(scope: IConstruct, field: string, value: string): string {
  if (!isDns1123Label(value)) {
    invalid(scope, field, `'${value}' is not a valid namespace`, "use at most 63 lower-case letters, digits and '-'");
  }
  return value;
}

export function checkEmail(scope: IConstruct, field: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isEmail(value)) {
    invalid(scope, field, `'${value}' is not a valid e-mail address`, 'use an address like ops@example.com');
  }
  return value;
}

/** A DNS name or zone; wildcards only where `allowWildcard`. */
export function checkDnsName(scope: IConstruct, field: string, value: string, allowWildcard: boolean): string {
  if (!isDnsName(value, allowWildcard)) {
    const fix = allowWildcard ? "use lower-case labels like 'app.example.com' or '*.example.com'" : "use a lower-case zone like 'example.com' (no wildcard)";
    invalid(scope, field, `'${value}' is not a valid DNS name`, fix);
  }
  return value;
}

export function checkUrl(scope: IConstruct, field: string, value: string | undefined, protocols: readonly string[] = ['https:']): string {
  const fix = `use an absolute ${protocols.map(p => p.replace(':', '')).join(' or ')} URL`;
  required(scope, field, value, fix);
  let url: URL | undefined;
  try {
    url = new URL(value!);
  } catch {
    url = undefined;
  }
  if (!url || !protocols.includes(url.protocol)) invalid(scope, field, `'${value}' is not a valid URL`, fix);
  return value!;
}

/** Kubernetes labels (or annotations' keys when `valuesFree`). */
export function checkLabels(scope: IConstruct, field: string, labels: Record<string, string> | undefined, valuesFree = false) {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = key.slice(slash + 1);
    if (!LABEL_NAME.test(name) || (prefix !== undefined && !isDns1123Subdomain(prefix))) {
      invalid(scope, `${field} key '${key}'`, 'is not a valid label key', "use '[prefix/]name' with a DNS-subdomain prefix and a name of at most 63 letters, digits, '-', '_' or '.'");
    }
    if (!valuesFree && (typeof value !== 'string' || !LABEL_VALUE.test(value))) {
      invalid(scope, `${field}['${key}']`, `value '${value}' is not a valid label value`, "use at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric");
    }
  }
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

/** Turns a PEM bundle into the base64 form cert-manager's `caBundle` fields hold. */
export function pemBundle(scope: IConstruct, field: string, pem: string | undefined): string | undefined {
  if (pem === undefined) return undefined;
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem)) {
    invalid(scope, field, 'holds no PEM certificate', "pass the CA certificates' PEM text ('-----BEGIN CERTIFICATE-----' ...)");
  }
  return Buffer.from(pem, 'utf8').toString('base64');
}

/** An enum value, checked at runtime too (callers from other jsii languages may pass any string). */
export function checkEnum<T extends string>(scope: IConstruct, field: string, value: T | undefined, allowed: Record<string, T>): T | undefined {
  const values = Object.values(allowed);
  if (value !== undefined && !values.includes(value)) {
    invalid(scope, field, `'${value}' is not supported`, `use one of ${values.join(', ')}`);
  }
  return value;
}
