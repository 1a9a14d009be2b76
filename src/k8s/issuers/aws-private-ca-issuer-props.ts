/** A Secret with static AWS access keys (prefer IRSA or EKS Pod Identity on the issuer's controller). */
export interface AwsCredentialsSecretRef {
  /** Name of the Secret. */
  readonly name: string;
  /** Namespace of the Secret. @default - the issuer's namespace; for cluster issuers, the controller's */
  readonly namespace?: string;
  /** @default 'AWS_ACCESS_KEY_ID' */
  readonly accessKeyIdKey?: string;
  /** @default 'AWS_SECRET_ACCESS_KEY' */
  readonly secretAccessKeyKey?: string;
}

/** An issuer backed by AWS Private CA, through aws-privateca-issuer (`AWSPCAClusterIssuer` / `AWSPCAIssuer`). */
export interface AwsPrivateCaIssuerProps {
  /**
   * `arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<uuid>`, or an AWS CDK token for a CA
   * created in the same app (checked at deploy time instead).
   */
  readonly arn: string;
  /** Region of the CA; must match the region in `arn`. @default - the region in `arn` (read at deploy time for a token) */
  readonly region?: string;
  /** Default PCA certificate template, e.g. `EndEntityServerAuthCertificate/V1`. @default - derived from each Certificate's usages */
  readonly template?: string;
  /** ARN of an IAM role to assume when issuing (e.g. in the CA's account). @default - the controller's own credentials */
  readonly role?: string;
  /** Static access keys. @default - ambient credentials (IRSA / EKS Pod Identity) */
  readonly credentialsSecretRef?: AwsCredentialsSecretRef;
}
