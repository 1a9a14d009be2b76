// Construct-time checks of props that several AWS constructs take.
import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkedDuration } from '../../private/checks';

/**
 * `value` as a Duration, or `fallback` after reporting what is wrong: a string or number from a JavaScript caller
 * (`'90d'`), a negative or unreadable duration. The construct is still built, so a synth reports every mistake.
 */
export function durationProp(scope: IConstruct, field: string, value: Duration | undefined, fallback: Duration): Duration {
  return checkedDuration(scope, field, value) ?? fallback;
}
