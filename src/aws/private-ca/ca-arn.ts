// Parsing and checks for AWS Private CA ARNs (internal: not exported from the barrel).
import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { invalid } from '../../common/errors';

const CA_ARN = /^arn:(aws(?:-[a-z]+)*):acm-pca:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):certificate-authority\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMPLATE_ARN = /^arn:(aws(?:-[a-z]+)*):acm-pca:::template\/[A-Za-z0-9_]+\/V\d+$/;

/** What a literal CA ARN says; undefined parts when the ARN is a token. */
export interface CaArnParts {
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
}

/** Checks a CA ARN's shape and returns its parts (all undefined for tokens, which are checked at deploy time). */
export function parseCaArn(scope: IConstruct, field: string, arn: string): CaArnParts {
  if (Token.isUnresolved(arn)) return {};
  const m = CA_ARN.exec(arn);
  if (!m) {
    invalid(scope, field, `'${arn}' is not an AWS Private CA ARN`,
      'use arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<uuid>, as shown by `aws acm-pca list-certificate-authorities`');
  }
  return { partition: m[1], region: m[2], account: m[3] };
}

/** Checks a certificate template ARN such as `arn:aws:acm-pca:::template/EndEntityCertificate/V1`; returns its partition. */
export function parseTemplateArn(scope: IConstruct, field: string, arn: string): string | undefined {
  if (Token.isUnresolved(arn)) return undefined;
  const m = TEMPLATE_ARN.exec(arn);
  if (!m) {
    invalid(scope, field, `'${arn}' is not an AWS Private CA template ARN`,
      'use arn:<partition>:acm-pca:::template/<TemplateName>/V<n>, e.g. arn:aws:acm-pca:::template/EndEntityCertificate/V1');
  }
  return m[1];
}

/** The stack's partition when it can be known at synth time (a literal, or derived from a literal region). */
export function knownPartition(stack: Stack): string | undefined {
  if (!Token.isUnresolved(stack.partition)) return stack.partition;
  return Token.isUnresolved(stack.region) ? undefined : RegionInfo.get(stack.region).partition;
}

/** IAM in one partition cannot grant access to resources in another, so a mismatch is always a mistake. */
export function requireSamePartition(scope: IConstruct, field: string, arnPartition: string | undefined): void {
  const stackPartition = knownPartition(Stack.of(scope));
  if (arnPartition && stackPartition && arnPartition !== stackPartition) {
    invalid(scope, field, `is in partition '${arnPartition}' but the stack deploys to partition '${stackPartition}'`,
      'use a CA in the stack\'s partition, or deploy this stack to the CA\'s partition');
  }
}
