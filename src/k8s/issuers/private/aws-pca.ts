import { Fn } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AWS_REGION, checkAwsRegion, checkRoleArn, isDeployTime } from './aws';
import { checkNamespace, required } from './checks';
import { secretKeyRef } from './secret-ref';
import { IssuerConfig } from './types';
import { invalid } from '../../../common/errors';
import { AwsCredentialsSecretRef, AwsPrivateCaIssuerProps } from '../aws-private-ca-issuer-props';

const PCA_ARN = /^arn:aws[a-z-]*:acm-pca:([a-z0-9-]+):\d{12}:certificate-authority\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The region in a Private CA ARN, or a stop naming the expected shape. */
function arnRegion(scope: IConstruct, arn: string | undefined): string {
  // A CA created in the same CDK app: its region is read from the ARN at deploy time.
  if (isDeployTime(arn)) return Fn.select(3, Fn.split(':', arn!));
  const match = PCA_ARN.exec(arn ?? '');
  if (!match || !AWS_REGION.test(match[1])) {
    invalid(scope, 'arn', `'${arn}' is not an AWS Private CA ARN`,
      "use 'arn:<partition>:acm-pca:<region>:<12-digit account>:certificate-authority/<uuid>'");
  }
  return match[1];
}

function credentials(scope: IConstruct, ref: AwsCredentialsSecretRef | undefined) {
  if (ref === undefined) return undefined;
  const field = 'credentialsSecretRef';
  const accessKeyId = secretKeyRef(scope, field, { name: ref.name, key: ref.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID' });
  const secretAccessKey = secretKeyRef(scope, field, { name: ref.name, key: ref.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY' });
  return {
    name: ref.name,
    namespace: ref.namespace && checkNamespace(scope, `${field}.namespace`, ref.namespace),
    accessKeyIdSelector: { key: accessKeyId.key },
    secretAccessKeySelector: { key: secretAccessKey.key },
  };
}

export function awsPcaIssuerConfig(scope: IConstruct, props: AwsPrivateCaIssuerProps): IssuerConfig {
  const caRegion = arnRegion(scope, props.arn);
  const region = checkAwsRegion(scope, 'region', props.region) ?? caRegion;
  if (region !== caRegion && !isDeployTime(region) && !isDeployTime(caRegion)) {
    invalid(scope, 'region', `'${region}' differs from the region '${caRegion}' in arn`, `set region to '${caRegion}' or leave it unset`);
  }
  return {
    supportsWildcards: true,
    awsPcaSpec: {
      arn: props.arn,
      region,
      role: checkRoleArn(scope, 'role', props.role),
      pcaTemplate: props.template === undefined ? undefined
        : { defaultTemplateName: required(scope, 'template', props.template, "name a PCA template such as 'EndEntityServerAuthCertificate/V1'") },
      secretRef: credentials(scope, props.credentialsSecretRef),
    },
  };
}
