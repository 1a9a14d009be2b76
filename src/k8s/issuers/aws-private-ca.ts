// AWS Private CA issuers, for aws-privateca-issuer (`AWSPCAClusterIssuer` / `AWSPCAIssuer`).
import { Fn } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkAwsRegion, isDeployTime, checkRoleArn } from './private/aws';
import { checkNamespace, required } from './private/checks';
import { IssuerConfig } from './private/issuer-config';
import { renderSecretKeyRef } from './secret-key-ref';
import { parsePrivateCaArn } from '../../common/arns';
import { report } from '../../private/errors';

/** A Secret with static AWS access keys (prefer IRSA or EKS Pod Identity on the issuer's controller). */
export interface AwsCredentialsSecretRef {
  /** Name of the Secret. */
  readonly name: string;
  /** Namespace of the Secret. @default - the issuer's namespace; for cluster issuers, the controller's */
  readonly namespace?: string;
  /**
   * Key in the Secret that holds the access key ID.
   * @default 'AWS_ACCESS_KEY_ID'
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key in the Secret that holds the secret access key.
   * @default 'AWS_SECRET_ACCESS_KEY'
   */
  readonly secretAccessKeyKey?: string;
}

/** An issuer backed by AWS Private CA, through aws-privateca-issuer (`AWSPCAClusterIssuer` / `AWSPCAIssuer`). */
export interface AwsPrivateCaIssuerProps {
  /**
   * `arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<uuid>`, or an AWS CDK token for a CA
   * created in the same app (checked at deploy time instead).
   */
  readonly arn: string;
  /** Region of the CA. Must match the region in `arn`. @default - the region in `arn` (read at deploy time for a token) */
  readonly region?: string;
  /** Default PCA certificate template, e.g. `EndEntityServerAuthCertificate/V1`. @default - derived from each Certificate's usages */
  readonly template?: string;
  /** ARN of an IAM role to assume when issuing (e.g. in the CA's account). @default - the controller's own credentials */
  readonly role?: string;
  /** Static access keys. @default - ambient credentials (IRSA / EKS Pod Identity) */
  readonly credentialsSecretRef?: AwsCredentialsSecretRef;
}

/** The region in a Private CA ARN; undefined (reported) when `arn` is not one. */
function arnRegion(scope: IConstruct, arn: string | undefined): string | undefined {
  // A CA created in the same CDK app: its region is read from the ARN at deploy time.
  if (isDeployTime(arn)) return Fn.select(3, Fn.split(':', arn!));
  const parts = parsePrivateCaArn(arn!);
  if (!parts) {
    report(scope, 'arn', `'${arn}' is not an AWS Private CA ARN`,
      "use 'arn:<partition>:acm-pca:<region>:<12-digit account>:certificate-authority/<uuid>'");
  }
  return parts?.region;
}

function renderCredentials(scope: IConstruct, ref: AwsCredentialsSecretRef | undefined) {
  if (ref === undefined) return undefined;
  const field = 'credentialsSecretRef';
  const accessKeyId = renderSecretKeyRef(scope, field, { name: ref.name, key: ref.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID' });
  const secretAccessKey = renderSecretKeyRef(scope, field, { name: ref.name, key: ref.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY' });
  return {
    name: ref.name,
    namespace: ref.namespace && checkNamespace(scope, `${field}.namespace`, ref.namespace),
    accessKeyIdSelector: { key: accessKeyId.key },
    secretAccessKeySelector: { key: secretAccessKey.key },
  };
}

export function renderAwsPrivateCaIssuer(scope: IConstruct, _issuerName: string, props: AwsPrivateCaIssuerProps): IssuerConfig {
  const caRegion = arnRegion(scope, props.arn);
  const region = checkAwsRegion(scope, 'region', props.region) ?? caRegion;
  if (caRegion !== undefined && region !== caRegion && !isDeployTime(region) && !isDeployTime(caRegion)) {
    report(scope, 'region', `'${region}' differs from the region '${caRegion}' in arn`, `set region to '${caRegion}' or leave it unset`);
  }
  return {
    supportsWildcards: true,
    awsPcaSpec: {
      arn: props.arn,
      region,
      role: checkRoleArn(scope, 'role', props.role),
      pcaTemplate: props.template === undefined ? undefined
        : { defaultTemplateName: required(scope, 'template', props.template, "name a PCA template such as 'EndEntityServerAuthCertificate/V1'") },
      secretRef: renderCredentials(scope, props.credentialsSecretRef),
    },
  };
}
