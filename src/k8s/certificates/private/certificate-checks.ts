// Checks shared by Certificate and IngressTls (internal). Each mistake is reported (one line at synth) and the value
// kept, so rendering goes on and one synth lists every mistake.
import { isIP } from 'node:net';
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkDuration, formatGoDuration } from '../../../common/duration';
import { report } from '../../../common/errors';
import { isDns1123Label, isDns1123Subdomain, isDnsName, isEmail, isWildcard } from '../../../common/names';
import { IIssuerRef } from '../../issuer-ref';

/** cert-manager requests 90 days when `duration` is unset. */
export const DEFAULT_CERTIFICATE_DURATION = Duration.days(90);

/** Each name must be a DNS name; a wildcard needs an issuer that can sign one. */
export function checkDnsNames(scope: IConstruct, field: string, names: readonly string[], issuer: IIssuerRef): void {
  names.forEach((name, i) => {
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
  ips.forEach((ip, i) => isIP(ip) || report(scope, `ipAddresses[${i}]`, `'${ip}' is not an IP address`, 'use an IPv4 or IPv6 address'));
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
    report(scope, field, checked.problem, checked.fix);
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
  }
  return { duration, renewBefore };
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
