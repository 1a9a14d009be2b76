import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkedDuration, goDuration } from './private/certificate-checks';
import { report } from '../../private/errors';
import { cronProblem, goLoadLocation } from '../private/webhook/go';

/** Whether cert-manager renews the certificate on its own. */
export enum CertificateRenewalPolicy {
  /** Renew at `renewBefore` / `renewBeforePercentage` (within the windows, when set). */
  RENEW_BEFORE = 'RenewBefore',
  /** Never renew automatically. Windows cannot be given with it. */
  DISABLED = 'Disabled',
}

/** A period in which renewal may start, e.g. a maintenance window. */
export interface RenewalWindow {
  /**
   * When the window opens, as a cron expression.
   *
   * cert-manager's cron parser (robfig/cron) reads it: five fields `minute hour day-of-month month day-of-week`
   * (0-59, 0-23, 1-31, 1-12 or `jan`-`dec`, 0-6 or `sun`-`sat` with Sunday 0; `*`, `a-b`, `a,b` and `/step`),
   * e.g. `0 2 * * 1-5`; or a descriptor: `@hourly`, `@daily` (`@midnight`), `@weekly`, `@monthly`, `@yearly`
   * (`@annually`), `@every 6h`. A `CRON_TZ=<zone> ` prefix sets the zone inside the expression. Out-of-range
   * values (`0 24 * * *`, day-of-week 7) are refused, as cert-manager refuses them.
   */
  readonly cron: string;
  /**
   * How long the window stays open after each start. A window shorter than a second is refused on purpose
   * (cert-manager admits one, but renewal would never fit in it).
   */
  readonly windowDuration: Duration;
  /**
   * IANA time zone of `cron`, e.g. `Europe/Berlin`, spelled as in the time zone database (Go loads it
   * case-sensitively).
   * @default - UTC
   */
  readonly timezone?: string;
}

/** When cert-manager may renew. */
export interface CertificateRenewal {
  /**
   * Renewal policy.
   * @default CertificateRenewalPolicy.RENEW_BEFORE
   */
  readonly policy?: CertificateRenewalPolicy;
  /**
   * Windows renewal is confined to, only with policy RENEW_BEFORE.
   * @default - renew as soon as renewBefore is reached
   */
  readonly windows?: RenewalWindow[];
}

const CRON_FIX = "use five fields 'minute hour day-of-month month day-of-week' within 0-59, 0-23, 1-31, 1-12, 0-6 (Sunday 0), e.g. '0 2 * * 1-5', or a descriptor such as '@daily' or '@every 6h'";

function cronFix(problem: string): string {
  if (problem.startsWith('provided bad location')) return "name an IANA time zone after CRON_TZ= as spelled in the time zone database, e.g. 'CRON_TZ=Europe/Berlin 0 2 * * *', or use the window's timezone";
  if (problem.startsWith('failed to parse duration')) return "give @every a Go duration, e.g. '@every 6h' or '@every 90m' (units h, m, s; Go has no d)";
  return CRON_FIX;
}

/**
 * The `spec.renewal` of a Certificate, checked as cert-manager's webhook checks it (`validateCertificateRenewal`):
 * no windows with policy Disabled, cron expressions its parser reads, IANA time zones.
 */
export function renderRenewal(scope: IConstruct, renewal?: CertificateRenewal): Record<string, any> | undefined {
  if (!renewal) return undefined;
  const policy = renewal.policy ?? CertificateRenewalPolicy.RENEW_BEFORE;
  if (!Object.values(CertificateRenewalPolicy).includes(policy)) {
    report(scope, 'renewal.policy', `'${policy}' is not a renewal policy`, 'use CertificateRenewalPolicy.RENEW_BEFORE or DISABLED');
  }
  if (policy === CertificateRenewalPolicy.DISABLED && (renewal.windows?.length ?? 0) > 0) {
    report(scope, 'renewal.windows', 'cannot be set when renewal.policy is DISABLED (cert-manager refuses them)', 'drop the windows, or use CertificateRenewalPolicy.RENEW_BEFORE');
  }
  const windows = renewal.windows?.map((w, i) => {
    const field = `renewal.windows[${i}]`;
    const timezone = w.timezone;
    const zoneOk = timezone === undefined || (typeof timezone === 'string' && goLoadLocation(timezone));
    if (!zoneOk) {
      report(scope, `${field}.timezone`, `'${timezone}' is not an IANA time zone`,
        "use a time zone database name as spelled there, e.g. 'Europe/Berlin' or 'America/Denver', or leave it out for UTC");
    }
    const problem = cronProblem(w.cron, zoneOk ? timezone ?? '' : '');
    if (problem) report(scope, `${field}.cron`, `'${w.cron}' is not a cron schedule cert-manager reads: ${problem}`, cronFix(problem));
    if (w.windowDuration === undefined) {
      report(scope, `${field}.windowDuration`, 'is missing', 'say how long each window stays open, e.g. Duration.hours(2)');
    }
    const windowDuration = checkedDuration(scope, `${field}.windowDuration`, w.windowDuration);
    if (windowDuration && windowDuration.toMilliseconds() < 1000) {
      report(scope, `${field}.windowDuration`, 'is shorter than a second, so renewal could never start in it (cdk-certkit refuses this on purpose; cert-manager would admit it)',
        'give the window a length, e.g. Duration.hours(2)');
    }
    return { cron: w.cron, windowDuration: windowDuration && goDuration(windowDuration), timezone };
  });
  return { policy, windows };
}
