// AWS values the Route 53 solver and the AWS Private CA issuer take; the rules themselves are in src/common/arns.ts.
import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isAwsRegion, isIamRoleArn } from '../../../common/arns';
import { report } from '../../../private/errors';

/**
 * Whether `value` is an AWS CDK token resolved at deploy time (the chart is applied by an EKS stack and the
 * value comes from a resource of the same app, e.g. a CA's ARN or an env-agnostic stack's region); such values
 * cannot be checked here.
 */
export function isDeployTime(value: string | undefined): boolean {
  return value !== undefined && Token.isUnresolved(value);
}

export function checkAwsRegion(scope: IConstruct, field: string, region: string | undefined): string | undefined {
  if (region !== undefined && !isDeployTime(region) && !isAwsRegion(region)) {
    report(scope, field, `'${region}' is not an AWS region`, "use a region code such as 'eu-west-1'");
  }
  return region;
}

export function checkRoleArn(scope: IConstruct, field: string, arn: string | undefined): string | undefined {
  if (arn !== undefined && !isDeployTime(arn) && !isIamRoleArn(arn)) {
    report(scope, field, `'${arn}' is not an IAM role ARN`, "use 'arn:aws:iam::<12-digit account>:role/<name>'");
  }
  return arn;
}
