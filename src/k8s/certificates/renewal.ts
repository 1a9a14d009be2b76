import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkedDuration, goDuration } from './private/certificate-checks';
import { report } from '../../common/errors';

/** Whether cert-manager renews the certificate on its own. */
export enum CertificateRenewalPolicy {
  /** Renew at `renewBefore` / `renewBeforePercentage` (within the windows, when set). */
  RENEW_BEFORE = 'RenewBefore',
  /** Never renew automatically. */
  DISABLED = 'Disabled',
}

/** A period in which renewal may start, e.g. a maintenance window. */
export interface RenewalWindow {
  /** Five-field cron expression of the window's start, e.g. `0 2 * * 1-5`. */
  readonly cron: string;
  /** How long the window stays open after each start. */
  readonly windowDuration: Duration;
  /**
   * IANA time zone of `cron`, e.g. `Europe/Berlin`.
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
   * Windows renewal is confined to.
   * @default - renew as soon as renewBefore is reached
   */
  readonly windows?: RenewalWindow[];
}

/** The `spec.renewal` of a Certificate. */
export function renderRenewal(scope: IConstruct, renewal?: CertificateRenewal): Record<string, any> | undefined {
  if (!renewal) return undefined;
  const windows = renewal.windows?.map((w, i) => {
    if (w.cron.trim().split(/\s+/).length !== 5) {
      report(scope, `renewal.windows[${i}].cron`, `'${w.cron}' is not a five-field cron expression`, "use 'minute hour day-of-month month day-of-week', e.g. '0 2 * * 1-5'");
    }
    const windowDuration = checkedDuration(scope, `renewal.windows[${i}].windowDuration`, w.windowDuration);
    if (windowDuration && windowDuration.toMilliseconds() < 1000) {
      report(scope, `renewal.windows[${i}].windowDuration`, 'is shorter than a second', 'give the window a length, e.g. Duration.hours(2)');
    }
    return { cron: w.cron, windowDuration: windowDuration && goDuration(windowDuration), timezone: w.timezone };
  });
  return { policy: renewal.policy ?? CertificateRenewalPolicy.RENEW_BEFORE, windows };
}
