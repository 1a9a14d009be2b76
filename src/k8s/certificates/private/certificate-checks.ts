// Checks shared by Certificate and IngressTls (internal). Each mistake is reported (one line at synth) and the value
// kept, so rendering goes on and one synth lists every mistake.
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkDuration, formatGoDuration } from '../../../common/duration';
import {
  annotationsSize, isDns1123Label, isDns1123Subdomain, isDnsName, isEmail, isWildcard, labelValueProblems, qualifiedNameProblems,
  TOTAL_ANNOTATION_SIZE_LIMIT,
} from '../../../common/names';
import { report } from '../../../private/errors';
import { IIssuerRef } from '../../issuer-ref';
import { goParseIP } from '../../private/webhook/go';

/** cert-manager requests 90 days when `duration` is unset. */
export const DEFAULT_CERTIFICATE_DURATION = Duration.days(90);

/**
 * Each name must be a DNS name, listed once (stricter than cert-manager, which passes duplicates on to the CA); a
 * wildcard needs an issuer that can sign one.
 */
export function checkDnsNames(scope: IConstruct, field: string, names: readonly string[], issuer: IIssuerRef): void {
  names.forEach((name, i) => {
    const first = names.indexOf(name);
    if (first !== i) {
      report(scope, `${field}[${i}]`, `'${name}' is listed twice (also ${field}[${first}])`, 'list each DNS name once');
      return;
    }
    if (!isDnsName(name)) {
      report(scope, `${field}[${i}]`, `'${name}' is not a valid DNS name`,
        "use lower-case letters, digits, '-' and '.', at least two labels, optionally a leading '*.'");
    }
    if (isWildcard(name) && issuer.supportsWildcards === false) {
      report(scope, `${field}[${i}]`, `'${name}' is a wildcard but issuer '${issuer.issuerName}' cannot sign wildcards`,
        'give the issuer a DNS-01 solver for this zone, or list the host names instead of the wildcard');
    }
  });
}

/** A namespaced issuer only signs for objects in its own namespace. */
export function checkIssuerNamespace(scope: IConstruct, field: string, issuer: IIssuerRef, namespace: string | undefined): void {
  if (issuer.issuerNamespace !== undefined && issuer.issuerNamespace !== namespace) {
    report(scope, field, `${issuer.issuerKind} '${issuer.issuerName}' lives in namespace '${issuer.issuerNamespace}' ` +
      `but this object is in ${namespace ? `'${namespace}'` : 'no namespace'}`,
    `create it in namespace '${issuer.issuerNamespace}', or use a cluster-scoped issuer`);
  }
}

/** Kubernetes object names: namespace a DNS-1123 label, others DNS-1123 subdomains. */
export function checkObjectNames(scope: IConstruct, names: { readonly [field: string]: string | undefined }): void {
  for (const [field, value] of Object.entries(names)) {
    if (value === undefined) continue;
    const ok = field.endsWith('namespace') ? isDns1123Label(value) : isDns1123Subdomain(value);
    if (!ok) report(scope, field, `'${value}' is not a valid Kubernetes name`, "use lower-case letters, digits and '-'");
  }
}

/** Subject alternative names other than DNS names. */
export function checkOtherSans(scope: IConstruct, ips: readonly string[], uris: readonly string[], emails: readonly string[]): void {
  // Go's net.ParseIP is what cert-manager reads them with: no zone (`fe80::1%eth0`), brackets or leading zeros.
  ips.forEach((ip, i) => goParseIP(ip) || report(scope, `ipAddresses[${i}]`, `'${ip}' is not an IP address cert-manager can read`,
    'use a plain IPv4 or IPv6 address, without a zone (%eth0), brackets, prefix length or leading zeros'));
  uris.forEach((uri, i) => isUri(uri) || report(scope, `uris[${i}]`, `'${uri}' is not an absolute URI`, "include a scheme, e.g. 'spiffe://cluster.local/ns/apps/sa/web'"));
  emails.forEach((email, i) => isEmail(email) || report(scope, `emailAddresses[${i}]`, `'${email}' is not an e-mail address`, "use 'name@example.com'"));
}

function isUri(uri: string): boolean {
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(uri) && new URL(uri).protocol.length > 1;
  } catch {
    return false;
  }
}

/** A Duration prop as given; undefined (and reported) when a JavaScript caller passed something else, e.g. `'90d'`. */
export function checkedDuration(scope: IConstruct, field: string, value: Duration | undefined): Duration | undefined {
  if (value === undefined) return undefined;
  const checked = checkDuration(value);
  if ('problem' in checked) {
    // A Duration that cannot be read (e.g. Duration.hours(NaN)) would otherwise show cdk8s's own message.
    const problem = checked.problem.startsWith('cannot be read')
      ? 'is not a whole number of milliseconds (NaN, or a fraction of a millisecond)' : checked.problem;
    report(scope, field, problem, checked.fix);
    return undefined;
  }
  return value;
}

/** A Duration as cert-manager reads it (Go's `time.Duration` text, e.g. `2160h0m0s`). */
export function goDuration(duration: Duration): string {
  return formatGoDuration(duration.toMilliseconds());
}

/** The checked lifetime and renewal point; a value that is not a Duration at all is left out. */
export interface RenewTiming {
  readonly duration?: Duration;
  readonly renewBefore?: Duration;
}

/** Lifetime and renewal point as cert-manager's webhook would accept them, and renewal before expiry. */
export function checkRenewTiming(scope: IConstruct, givenDuration?: Duration, givenRenewBefore?: Duration,
  renewBeforePercentage?: number): RenewTiming {
  const duration = checkedDuration(scope, 'duration', givenDuration);
  const renewBefore = checkedDuration(scope, 'renewBefore', givenRenewBefore);
  const lifetime = duration ?? DEFAULT_CERTIFICATE_DURATION;
  if (duration && duration.toMilliseconds() < 3_600_000) {
    report(scope, 'duration', `is ${duration.toHumanString()}, below cert-manager's minimum of 1 hour`, 'request at least Duration.hours(1)');
  }
  if (renewBefore && renewBeforePercentage !== undefined) {
    report(scope, 'renewBefore', 'and renewBeforePercentage are both set', 'keep only one of them');
  }
  if (renewBefore && renewBefore.toMilliseconds() < 300_000) {
    report(scope, 'renewBefore', `is ${renewBefore.toHumanString()}, below cert-manager's minimum of 5 minutes`, 'use at least Duration.minutes(5)');
  }
  if (renewBefore && renewBefore.toMilliseconds() >= lifetime.toMilliseconds()) {
    report(scope, 'renewBefore', `(${renewBefore.toHumanString()}) is not shorter than the duration (${lifetime.toHumanString()}${duration ? '' : ', the default'}), so the certificate would renew forever`,
      'make renewBefore shorter than duration, e.g. a third of it');
  }
  if (renewBeforePercentage !== undefined && !(Number.isInteger(renewBeforePercentage) && renewBeforePercentage > 0 && renewBeforePercentage < 100)) {
    report(scope, 'renewBeforePercentage', `is ${renewBeforePercentage}`, 'use a whole number between 1 and 99');
  } else if (renewBeforePercentage !== undefined) {
    // The webhook (`ValidateDuration`) takes (100 - percentage)% of the duration as the renewBefore it checks against
    // its 5-minute minimum, so high percentages on short certificates are refused.
    const ms = lifetime.toMilliseconds();
    const webhookRenewBefore = (ms * (100 - renewBeforePercentage)) / 100;
    if (webhookRenewBefore < 300_000) {
      const highest = Math.floor(100 - (100 * 300_000) / ms);
      report(scope, 'renewBeforePercentage', `${renewBeforePercentage} with a duration of ${lifetime.toHumanString()} leaves ${formatGoDuration(webhookRenewBefore)} by cert-manager's reckoning ((100 - percentage)% of the duration), below its minimum of 5 minutes`,
        highest >= 1 ? `use at most ${highest}, or a longer duration` : 'use a longer duration');
    }
    // The controller renews percentage% of the lifetime before expiry (`desiredRenewalTime`). Under 5 minutes is
    // refused on purpose, like a renewBefore that short: the webhook admits it only because it reckons the other way.
    const renewsBefore = (ms * renewBeforePercentage) / 100;
    if (renewsBefore < 300_000) {
      const lowest = Math.ceil((100 * 300_000) / ms);
      report(scope, 'renewBeforePercentage', `${renewBeforePercentage} with a duration of ${lifetime.toHumanString()} renews ${formatGoDuration(renewsBefore)} before expiry, under the 5 minutes cert-manager requires of renewBefore (cdk-certkit refuses this on purpose; the webhook would admit it)`,
        lowest <= 99 ? `use at least ${lowest}, or a longer duration` : 'use a longer duration');
    }
  }
  return { duration, renewBefore };
}

type StringMap = { readonly [key: string]: string };

/** Fix for a label key or annotation key Kubernetes refuses. */
const KEY_FIX = "use '[prefix/]name': a DNS-subdomain prefix and a name of at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric";

/**
 * Labels (keys and values) and annotations (keys, total size) as the API server accepts them
 * (`metavalidation.ValidateLabels`, `apivalidation.ValidateAnnotations`); `field` is e.g. `metadata` or `secretTemplate`.
 * With `reservedPrefix`, annotation keys under it are refused too (cert-manager's `validateSecretTemplateAnnotations`).
 */
export function checkLabelsAndAnnotations(scope: IConstruct, field: string, labels: StringMap | undefined, annotations: StringMap | undefined,
  reservedPrefix?: { readonly prefix: string; readonly except: readonly string[] }): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblems = qualifiedNameProblems(key);
    if (keyProblems.length > 0) report(scope, `${field}.labels['${key}']`, `key is not a valid label key: ${keyProblems[0]}`, KEY_FIX);
    const text = typeof value === 'string' ? value : String(value);
    const valueProblems = labelValueProblems(text);
    if (typeof value !== 'string') {
      report(scope, `${field}.labels['${key}']`, `is ${JSON.stringify(value)}, not a string`, 'quote the value');
    } else if (valueProblems.length > 0) {
      report(scope, `${field}.labels['${key}']`, `value '${text}' is not a valid label value: ${valueProblems[0]}`,
        "use at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric (or put free text in an annotation)");
    }
  }
  const given = annotations ?? {};
  for (const [key, value] of Object.entries(given)) {
    const keyProblems = qualifiedNameProblems(key.toLowerCase());
    if (keyProblems.length > 0) report(scope, `${field}.annotations['${key}']`, `key is not a valid annotation key: ${keyProblems[0]}`, KEY_FIX);
    if (reservedPrefix && key.startsWith(reservedPrefix.prefix) && !reservedPrefix.except.includes(key)) {
      report(scope, `${field}.annotations['${key}']`, `key is reserved: cert-manager refuses ${reservedPrefix.prefix}* annotations here`,
        'drop it (cert-manager sets its own) or use a prefix of your own');
    }
    if (typeof value !== 'string') report(scope, `${field}.annotations['${key}']`, `is ${JSON.stringify(value)}, not a string`, 'quote the value');
  }
  const total = annotationsSize(given as Record<string, string>);
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    report(scope, `${field}.annotations`, `total ${total} bytes, more than the ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes Kubernetes allows`,
      "keep large data out of annotations (in a ConfigMap or the Secret's data)");
  }
}

/** Keeps a few CertificateRequests so that a failed renewal can still be diagnosed. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 3;

/** The revision history limit with its default; cert-manager needs at least 1. */
export function resolveRevisionHistoryLimit(scope: IConstruct, limit: number = DEFAULT_REVISION_HISTORY_LIMIT): number {
  if (!Number.isInteger(limit) || limit < 1) {
    report(scope, 'revisionHistoryLimit', `is ${limit}`, 'keep at least 1 CertificateRequest');
  }
  return limit;
}
