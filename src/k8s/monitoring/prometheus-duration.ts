import { Duration } from 'cdk8s';

const UNITS: ReadonlyArray<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/** A Duration in Prometheus' notation, largest units first: `21d`, `1h30m`, `15m`, `500ms`. */
export function prometheusDuration(duration: Duration): string {
  let rest = duration.toMilliseconds();
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, ms] of UNITS) {
    const count = Math.floor(rest / ms);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * ms;
  }
  return out;
}
