// Construct-time checks shared by issuers and solvers. Each mistake is reported (one line, collected at synth, see
// `report`) and the value is returned as given, so rendering goes on and one synth lists every mistake.
import { IConstruct } from 'constructs';
import { isAnnotationKey, isDns1123Label, isDns1123Subdomain, isDnsName, emailProblem, isLabelKey, isLabelValue } from '../../../common/names';
import { report } from '../../../private/errors';
import { caBundleHasCertificate } from '../../private/webhook/issuer';

const NAME_FIX = "use lower-case letters, digits, '-' and '.' (at most 253 characters)";

function missing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Returns `value`, reporting it when it is missing or empty. */
export function required<T>(scope: IConstruct, field: string, value: T | undefined, fix: string): T {
  if (missing(value)) report(scope, field, 'is missing', fix);
  return value as T;
}

/** A Kubernetes object name (Secrets, IngressClasses, Gateways). */
export function checkObjectName(scope: IConstruct, field: string, value: string | undefined): string {
  if (missing(value)) report(scope, field, 'is missing', NAME_FIX);
  else if (!isDns1123Subdomain(value!)) report(scope, field, `'${value}' is not a valid Kubernetes object name`, NAME_FIX);
  return value!;
}

export function checkNamespace(scope: IConstruct, field: string, value: string): string {
  if (!isDns1123Label(value)) {
    report(scope, field, `'${value}' is not a valid namespace`, "use at most 63 lower-case letters, digits and '-'");
  }
  return value;
}

export function checkEmail(scope: IConstruct, field: string, value: string | undefined): string | undefined {
  const problem = value === undefined ? undefined : emailProblem(value);
  if (problem !== undefined) report(scope, field, `'${value}' ${problem}`, 'use an address like ops@example.com');
  return value;
}

/** A DNS name or zone; wildcards only where `allowWildcard`. */
export function checkDnsName(scope: IConstruct, field: string, value: string, allowWildcard: boolean): string {
  if (!isDnsName(value, allowWildcard)) {
    const fix = allowWildcard ? "use lower-case labels like 'app.example.com' or '*.example.com'" : "use a lower-case zone like 'example.com' (no wildcard)";
    report(scope, field, `'${value}' is not a valid DNS name`, fix);
  }
  return value;
}

function isUrl(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export function checkUrl(scope: IConstruct, field: string, value: string | undefined, protocols: readonly string[] = ['https:']): string {
  const fix = `use an absolute ${protocols.map(p => p.replace(':', '')).join(' or ')} URL`;
  if (missing(value)) report(scope, field, 'is missing', fix);
  else if (!isUrl(value!, protocols)) report(scope, field, `'${value}' is not a valid URL`, fix);
  return value!;
}

/** Kubernetes labels, or annotations when `annotations` (keys checked, values free). */
export function checkLabels(scope: IConstruct, field: string, labels: Record<string, string> | undefined, annotations = false) {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!(annotations ? isAnnotationKey(key) : isLabelKey(key))) {
      report(scope, `${field} key '${key}'`, 'is not a valid label key', "use '[prefix/]name' with a DNS-subdomain prefix and a name of at most 63 letters, digits, '-', '_' or '.'");
    }
    if (!annotations && !isLabelValue(value)) {
      report(scope, `${field}['${key}']`, `value '${value}' is not a valid label value`, "use at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric");
    }
  }
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

/**
 * Turns a PEM bundle into the base64 form cert-manager's `caBundle` fields hold, reporting a bundle in which
 * cert-manager would find no certificate (the webhook's `validateCABundleNotEmpty`: at least one `CERTIFICATE` block
 * without headers that parses as X.509), with what is wrong with it.
 */
export function pemBundle(scope: IConstruct, field: string, pem: string | undefined): string | undefined {
  if (pem === undefined) return undefined;
  const text = String(pem);
  const base64 = Buffer.from(text, 'utf8').toString('base64');
  if (!caBundleHasCertificate(base64)) {
    const fix = "pass the PEM text of the CA certificates ('-----BEGIN CERTIFICATE-----' ...), e.g. read from the CA's ca.crt";
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
      report(scope, field, 'holds a private key and no certificate', `${fix}; never put a private key in a CA bundle`);
    } else if (/-----BEGIN CERTIFICATE-----/.test(text)) {
      report(scope, field, 'holds no certificate that parses: its CERTIFICATE blocks are damaged, truncated or carry headers', fix);
    } else {
      report(scope, field, 'holds no PEM certificate', fix);
    }
  }
  return base64;
}

/** How a check makes a mistake known: `report` (collected at synth) or, where nothing could go on, `invalid`. */
type Fail = (scope: IConstruct, field: string, problem: string, fix: string) => void;

/**
 * An enum value, checked at runtime too (callers from other jsii languages may pass any string); undefined
 * (reported) when it is not one of `allowed`.
 */
export function checkEnum<T extends string>(
  scope: IConstruct, field: string, value: T | undefined, allowed: Record<string, T>, fail: Fail = report,
): T | undefined {
  const values = Object.values(allowed);
  if (value !== undefined && !values.includes(value)) {
    fail(scope, field, `'${value}' is not supported`, `use one of ${values.join(', ')}`);
    return undefined;
  }
  return value;
}
