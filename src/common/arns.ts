// AWS identifiers more than one part checks: regions and the ARNs of Private CAs, their templates, IAM roles and ACM
// certificates. Each parser returns the parts of a well-formed value, or undefined; tokens are the caller's concern.

/** Partitions: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, ... */
const PARTITION = 'aws(?:-[a-z]+)*';
/** Region codes: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`. */
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const ACCOUNT = '\\d{12}';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const AWS_REGION = new RegExp(`^${REGION}$`);
const PRIVATE_CA_ARN = new RegExp(`^arn:(${PARTITION}):acm-pca:(${REGION}):(${ACCOUNT}):certificate-authority/${UUID}$`);
const PRIVATE_CA_TEMPLATE_ARN = new RegExp(`^arn:(${PARTITION}):acm-pca:::template/([A-Za-z0-9_]+/V\\d+)$`);
/** IAM paths are `/` or `/a/b/` (at most 512 characters), role names 1-64 of `[\w+=,.@-]`. */
const IAM_ROLE_ARN = new RegExp(`^arn:(${PARTITION}):iam::(${ACCOUNT}):role(/(?:[\\w+=,.@-]+/)*)([\\w+=,.@-]{1,64})$`);
const ACM_CERTIFICATE_ARN = new RegExp(`^arn:(${PARTITION}):acm:(${REGION}):(${ACCOUNT}):certificate/${UUID}$`);

/** What an ARN says about where its resource lives. */
export interface ArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export function isAwsRegion(region: string): boolean {
  return typeof region === 'string' && AWS_REGION.test(region);
}

/** `arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<uuid>`. */
export function parsePrivateCaArn(arn: string): ArnParts | undefined {
  const m = typeof arn === 'string' ? PRIVATE_CA_ARN.exec(arn) : null;
  return m ? { partition: m[1], region: m[2], account: m[3] } : undefined;
}

export const PRIVATE_CA_ARN_FIX = 'use arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<uuid>, as shown by `aws acm-pca list-certificate-authorities`';

/** `arn:<partition>:acm-pca:::template/<Name>/V<n>`: its partition and `<Name>/V<n>` (the issuer's template name). */
export function parsePrivateCaTemplateArn(arn: string): { readonly partition: string; readonly templateName: string } | undefined {
  const m = typeof arn === 'string' ? PRIVATE_CA_TEMPLATE_ARN.exec(arn) : null;
  return m ? { partition: m[1], templateName: m[2] } : undefined;
}

export const PRIVATE_CA_TEMPLATE_ARN_FIX = 'use arn:<partition>:acm-pca:::template/<TemplateName>/V<n>, e.g. arn:aws:acm-pca:::template/BlankEndEntityCertificate_APICSRPassthrough/V1';

export interface IamRoleArnParts {
  readonly partition: string;
  readonly account: string;
  /** `/`, or `/a/b/`. */
  readonly path: string;
  readonly roleName: string;
}

/** `arn:<partition>:iam::<account>:role/[<path>/]<name>`. */
export function parseIamRoleArn(arn: string): IamRoleArnParts | undefined {
  const m = typeof arn === 'string' ? IAM_ROLE_ARN.exec(arn) : null;
  if (!m || m[3].length > 512) return undefined;
  return { partition: m[1], account: m[2], path: m[3], roleName: m[4] };
}

export function isIamRoleArn(arn: string): boolean {
  return parseIamRoleArn(arn) !== undefined;
}

export const IAM_ROLE_ARN_FIX = 'use arn:<partition>:iam::<12-digit account>:role/<name>';

/** `arn:<partition>:acm:<region>:<account>:certificate/<uuid>`. */
export function parseAcmCertificateArn(arn: string): ArnParts | undefined {
  const m = typeof arn === 'string' ? ACM_CERTIFICATE_ARN.exec(arn) : null;
  return m ? { partition: m[1], region: m[2], account: m[3] } : undefined;
}

export function isAcmCertificateArn(arn: string): boolean {
  return parseAcmCertificateArn(arn) !== undefined;
}

/** An AWS Secrets Manager secret name (or name prefix): 1-512 of letters, digits and `/_+=.@-`. */
export function isSecretsManagerName(name: string): boolean {
  return typeof name === 'string' && /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name);
}
