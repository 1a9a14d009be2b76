import { Duration } from 'cdk8s';

/**
 * A Duration as Go's `time.Duration.String()` prints it (`2160h0m0s`, `1h30m0s`, `5m0s`, `45s`),
 * which is what cert-manager parses for `duration`, `renewBefore` and renewal windows.
 */
export function goDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
