// IAM for a function that keeps one certificate in ACM (AcmeCertificate's renewer, ClusterCertificateInAcm's sync):
// the first import only under the construct's tag, re-imports only into the one ARN its custom resource returned.
import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeFinding } from './acknowledge';
import { METRICS_NAMESPACE } from '../acme-certificate/monitoring';

/** The tag whose value (the construct's certificate ID) marks the ACM certificates a construct may create and delete. */
export const ACM_TAG_KEY = 'cdk-certkit:certificate';

/**
 * Create only certificates with `certificateId`'s tag; describe and delete only certificates with the tag; publish
 * metrics only in the library's namespace. Re-imports are allowed by `grantAcmReimport` alone.
 */
export function grantTaggedAcmImport(scope: Construct, grantee: iam.IGrantable, certificateId: string): void {
  const stack = Stack.of(scope);
  const certificates = stack.formatArn({ service: 'acm', resource: 'certificate', resourceName: '*' });
  // First import: the request must carry this construct's tag (and no other); importing with tags needs
  // acm:AddTagsToCertificate too. It does not authorize overwriting a certificate: a re-import without tags fails
  // the RequestTag condition, and ACM rejects a re-import that carries tags.
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['acm:ImportCertificate', 'acm:AddTagsToCertificate'],
    resources: [certificates],
    conditions: {
      'StringEquals': { [`aws:RequestTag/${ACM_TAG_KEY}`]: certificateId },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [ACM_TAG_KEY] },
    },
  }));
  // Delete (and describe) stay on the tag rather than the pinned ARN: CloudFormation deletes the pinned policy
  // before the custom resource whose attribute it references, and a failed first Create never gets one, yet both
  // Deletes must remove the certificate. IAM cannot tell the import-time tagging above from tagging an existing
  // certificate, so the function could tag another certificate and delete it; ACM refuses to delete a certificate
  // still in use by other services (load balancers, CloudFront, API Gateway), which limits that to unused ones.
  // No re-import (overwriting) on the tag.
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['acm:DescribeCertificate', 'acm:DeleteCertificate'],
    resources: [certificates],
    conditions: { StringEquals: { [`aws:ResourceTag/${ACM_TAG_KEY}`]: certificateId } },
  }));
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': METRICS_NAMESPACE } },
  }));
  const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value); // as cdk-nag prints it
  const nagArn = `arn:${shown(stack.partition, 'Partition')}:acm:${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}:certificate/*`;
  acknowledgeFinding(scope, `AwsSolutions-IAM5[Resource::${nagArn}]`,
    'A new certificate\'s ARN is unknown before import, and delete must outlive the ARN-pinned re-import policy; statements require this construct\'s tag in the request (first import) or on the certificate (describe, delete).');
  acknowledgeFinding(scope, 'AwsSolutions-IAM5[Resource::*]',
    'cloudwatch:PutMetricData has no resource-level permissions; the statement is limited to this library\'s namespace.');
}

/**
 * Re-import (renewal) into exactly the certificate the custom resource returned. A separate policy: it references
 * the custom resource's attribute, so CloudFormation creates it after the first import (which needs no re-import)
 * and updates it when an Update returns a new ARN.
 */
export function grantAcmReimport(scope: Construct, role: iam.IRole, certificateArn: string): iam.Policy {
  return new iam.Policy(scope, 'ReimportPolicy', {
    roles: [role],
    statements: [new iam.PolicyStatement({ actions: ['acm:ImportCertificate'], resources: [certificateArn] })],
  });
}
