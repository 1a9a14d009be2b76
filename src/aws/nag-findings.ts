import { IConstruct } from 'constructs';
import { acknowledgeFinding } from './private/acknowledge';

/**
 * cdk-nag findings an app acknowledges with a reason, for code it cannot change (aws-eks' kubectl provider, say).
 *
 * The library's own constructs acknowledge their findings this way, so an app that runs cdk-nag's AwsSolutions
 * pack sees only findings of its own.
 */
export class NagFindings {
  /**
   * Acknowledges finding `id` (e.g. `AwsSolutions-IAM5[Resource::*]`) on `scope` and everything below it.
   *
   * IDs that hold ARNs work too: aws-cdk-lib 2.257's `Validations.acknowledge` rejects them, so they are written to
   * the metadata key cdk-nag reads.
   *
   * @param scope where the finding is reported, or a construct above it
   * @param id the finding's ID as cdk-nag prints it
   * @param reason why the finding is acceptable, as cdk-nag shows it in its report
   */
  public static acknowledge(scope: IConstruct, id: string, reason: string): void {
    acknowledgeFinding(scope, id, reason);
  }

  private constructor() {}
}
