import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding on `scope` and everything below it. aws-cdk-lib 2.257 rejects IDs with more than
 * one `::` (ARNs in IAM findings; fixed upstream in aws/aws-cdk#38787), so those are written straight to the
 * metadata key that `Validations.acknowledge` itself writes and cdk-nag reads.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  if (id.split('::').length <= 2) {
    Validations.of(scope).acknowledge({ id, reason });
  } else {
    scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason }, { stackTrace: false });
  }
}
