// The permissions aws-privateca-issuer needs, shared by AwsPrivateCaIssuerRole and PrivateCertificateAuthority.grantIssue.
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Describe and fetch on the CA; issue on the CA, limited to one template when `templateArn` is given
 * (the issuer picks the template per Certificate, so limiting it stops e.g. CA certificates being issued).
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
