import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalid } from '../../../common/errors';

/** e.g. us-east-1, eu-central-2, us-gov-west-1, cn-north-1. */
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/**
 * Whether `value` is an AWS CDK token resolved at deploy time (the chart is applied by an EKS stack and the
 * value comes from a resource of the same app, e.g. a CA's ARN or an env-agnostic stack's region); such values
 * cannot be checked here.
 */
export function isDeployTime(value: string | undefined): boolean {
  return value !== undefined && Token.isUnresolved(value);
}

export function checkAwsRegion(scope: IConstruct, field: string, region: string | undefined): string | undefined {
  if (region !== undefined && !isDeployTime(region) && !AWS_REGION.test(region)) {
    invalid(scope, field, `'${region}' is not an AWS region`, "use a region code such as 'eu-west-1'");
  }
  return region;
}

export function checkRoleArn(scope: IConstruct, field: string, arn: string | undefined): string | undefined {
  if (arn !== undefined && !isDeployTime(arn) && !ROLE_ARN.test(arn)) {
    invalid(scope, field, `'${arn}' is not an IAM role ARN`, "use 'arn:aws:iam::<12-digit account>:role/<name>'");
  }
  return arn;
}
