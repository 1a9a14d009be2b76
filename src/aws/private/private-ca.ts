// AWS Private CA helpers shared by PrivateCertificateAuthority and AwsPrivateCaIssuerRole: ARN checks against the
// stack's partition (the ARN rules themselves are in src/common/arns.ts) and the issuer's grant.
import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import {
  parsePrivateCaArn, parsePrivateCaTemplateArn, PRIVATE_CA_ARN_FIX, PRIVATE_CA_TEMPLATE_ARN_FIX,
} from '../../common/arns';
import { invalid } from '../../private/errors';

/** What a literal CA ARN says; undefined parts when the ARN is a token. */
export interface CaArnParts {
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
}

/** Checks a CA ARN's shape and returns its parts (all undefined for tokens, which are checked at deploy time). */
export function parseCaArn(scope: IConstruct, field: string, arn: string): CaArnParts {
  if (Token.isUnresolved(arn)) return {};
  const parts = parsePrivateCaArn(arn);
  if (!parts) invalid(scope, field, `'${arn}' is not an AWS Private CA ARN`, PRIVATE_CA_ARN_FIX);
  return parts;
}

/** Checks a certificate template ARN such as `arn:aws:acm-pca:::template/EndEntityCertificate/V1`; returns its partition. */
export function parseTemplateArn(scope: IConstruct, field: string, arn: string): string | undefined {
  if (Token.isUnresolved(arn)) return undefined;
  const parts = parsePrivateCaTemplateArn(arn);
  if (!parts) invalid(scope, field, `'${arn}' is not an AWS Private CA template ARN`, PRIVATE_CA_TEMPLATE_ARN_FIX);
  return parts.partition;
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

/**
 * What aws-privateca-issuer needs: describe and fetch on the CA; issue on the CA, limited to one template when
 * `templateArn` is given (the issuer picks the template per Certificate, so limiting it stops e.g. CA certificates
 * being issued).
 */
export function grantPrivateCaIssuer(grantee: iam.IGrantable, certificateAuthorityArn: string, templateArn?: string): iam.Grant {
  const read = iam.Grant.addToPrincipal({
    grantee,
    actions: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'],
    resourceArns: [certificateAuthorityArn],
  });
  const issue = iam.Grant.addToPrincipal({
    grantee,
    actions: ['acm-pca:IssueCertificate'],
    resourceArns: [certificateAuthorityArn],
    conditions: templateArn ? { StringEquals: { 'acm-pca:TemplateArn': templateArn } } : undefined,
  });
  return read.combine(issue);
}
