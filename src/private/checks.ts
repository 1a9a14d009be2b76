// Construct-time checks both construct libraries need (cdk8s and aws-cdk-lib), reported through `report`.
import { IConstruct } from 'constructs';
import { report } from './errors';
import { checkDuration, DurationLike } from '../common/duration';

/**
 * A Duration prop (cdk8s' or aws-cdk-lib's) as given; undefined, after reporting what is wrong, when a JavaScript
 * caller passed something else (`'90d'`, `720`) or the duration is negative or unreadable.
 */
export function checkedDuration<D extends DurationLike>(scope: IConstruct, field: string, value: D | undefined): D | undefined {
  if (value === undefined) return undefined;
  const checked = checkDuration(value);
  if ('problem' in checked) {
    report(scope, field, checked.problem, checked.fix);
    return undefined;
  }
  return value;
}
