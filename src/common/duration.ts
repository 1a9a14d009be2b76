// Durations: Go's `time.Duration` text (what cert-manager parses for duration, renewBefore and renewal windows), and
// durations handed to a construct, which from JavaScript may arrive as strings or numbers instead of a Duration.

/** What cdk8s' and aws-cdk-lib's `Duration` have in common, without importing either. */
export interface DurationLike {
  toMilliseconds(): number;
}

const GO_UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};

/**
 * Milliseconds of a Go duration string as `time.ParseDuration` reads it (`2160h`, `1h30m`, `1.5h`, `-5m`, `0`);
 * undefined when Go would refuse it. Go has no day unit: `90d` is refused.
 */
export function parseGoDuration(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^([-+]?)(.*)$/.exec(text)!;
  if (m[2] === '0') return 0;
  if (m[2] === '') return undefined;
  let total = 0;
  let rest = m[2];
  while (rest.length > 0) {
    const part = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!part) return undefined;
    total += Number(part[1]) * GO_UNIT_MS[part[2]];
    rest = rest.slice(part[0].length);
  }
  return m[1] === '-' ? -total : total;
}

/**
 * A duration as Go's `time.Duration.String()` prints whole hours, minutes and seconds (`2160h0m0s`, `1h30m0s`,
 * `5m0s`, `45s`; fractions of a second as `0.5s`), which is what cert-manager parses.
 */
export function formatGoDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

const SHORTHAND_MS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * The `Duration.xxx(n)` call that means `text` (a Go duration, or shorthand with days such as `90d`), for a fix
 * message; undefined when `text` means nothing recognizable.
 */
export function durationCallFor(text: string): string | undefined {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const days = /^(\d+)\s*(d|days?)$/i.exec(trimmed);
  const ms = days ? Number(days[1]) * SHORTHAND_MS.d : parseGoDuration(trimmed);
  if (ms === undefined || ms < 0) return undefined;
  for (const [unit, name] of [[86_400_000, 'days'], [3_600_000, 'hours'], [60_000, 'minutes'], [1000, 'seconds']] as const) {
    if (ms > 0 && ms % unit === 0) return `Duration.${name}(${ms / unit})`;
  }
  return `Duration.millis(${ms})`;
}

/** A duration's milliseconds, or what is wrong with the value (as `<problem>`/`<fix>` for an error line). */
export type DurationCheck = { readonly millis: number } | { readonly problem: string; readonly fix: string };

/**
 * Checks a value given where a `Duration` is expected. TypeScript callers cannot pass anything else, but
 * JavaScript callers can (`'90d'`, `720`), which would otherwise fail deep inside with
 * "toMilliseconds is not a function". Negative and non-finite values are problems too.
 */
export function checkDuration(value: unknown): DurationCheck {
  const generic = 'use Duration.days(n), Duration.hours(n), Duration.minutes(n) or Duration.seconds(n)';
  if (typeof value === 'string') {
    const call = durationCallFor(value);
    return { problem: `is the string '${value}', not a Duration`, fix: call ? `use ${call}` : generic };
  }
  if (typeof value === 'number') return { problem: `is the number ${value}, not a Duration (the unit is unknown)`, fix: generic };
  if (typeof value !== 'object' || value === null || typeof (value as DurationLike).toMilliseconds !== 'function') {
    return { problem: 'is not a Duration', fix: generic };
  }
  let millis: number;
  try {
    millis = (value as DurationLike).toMilliseconds();
  } catch (e) {
    return { problem: `cannot be read: ${(e as Error).message}`, fix: generic };
  }
  if (!Number.isFinite(millis)) return { problem: 'is not a finite duration', fix: generic };
  if (millis < 0) return { problem: 'is negative', fix: 'give a positive duration' };
  return { millis };
}
