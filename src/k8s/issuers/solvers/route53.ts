// DNS-01 through Amazon Route 53.
import { IConstruct } from 'constructs';
import { Dns01ProviderSpec, Dns01SolverOptions } from './solver-options';
import { hasHostedZonePrefix, HOSTED_ZONE_ID_FIX, isHostedZoneId } from '../../../common/route53';
import { report } from '../../../private/errors';
import { checkAwsRegion, isDeployTime, checkRoleArn } from '../private/aws';
import { checkObjectName } from '../private/checks';
import { renderOptionalSecretKeyRef, SecretKeyRef } from '../secret-key-ref';

/** A Kubernetes ServiceAccount whose token cert-manager exchanges for AWS credentials (`auth.kubernetes`). */
export interface Route53ServiceAccount {
  /** Name of the ServiceAccount, in the issuer's namespace (cert-manager's namespace for ClusterIssuers). */
  readonly name: string;
  /** Token audiences. @default - cert-manager's default, `sts.amazonaws.com` */
  readonly audiences?: string[];
}

/**
 * DNS-01 through Amazon Route 53. With no credentials set, cert-manager uses its ambient credentials
 * (IRSA or EKS Pod Identity on the controller), optionally assuming `role`.
 */
export interface Route53SolverProps extends Dns01SolverOptions {
  /** AWS region used to sign requests. @default - from the controller's environment (set by IRSA and Pod Identity) */
  readonly region?: string;
  /** Only manage this hosted zone, skipping the `ListHostedZonesByName` lookup. @default - looked up by name */
  readonly hostedZoneId?: string;
  /** ARN of an IAM role to assume, e.g. in the account that owns the zone. Required with `serviceAccount`. @default - use the credentials directly */
  readonly role?: string;
  /** Access key ID held in a Secret. Needs `secretAccessKeySecretRef`. @default - ambient credentials */
  readonly accessKeyIdSecretRef?: SecretKeyRef;
  /** Secret access key held in a Secret. Needs `accessKeyIdSecretRef`. @default - ambient credentials */
  readonly secretAccessKeySecretRef?: SecretKeyRef;
  /** Assume `role` with a token of this ServiceAccount instead of the controller's own identity. @default - ambient credentials */
  readonly serviceAccount?: Route53ServiceAccount;
}

export function renderRoute53Solver(scope: IConstruct, field: string, props: Route53SolverProps): Dns01ProviderSpec {
  const staticKeys = props.accessKeyIdSecretRef !== undefined || props.secretAccessKeySecretRef !== undefined;
  if (staticKeys && (props.accessKeyIdSecretRef === undefined || props.secretAccessKeySecretRef === undefined)) {
    const missing = props.accessKeyIdSecretRef === undefined ? 'accessKeyIdSecretRef' : 'secretAccessKeySecretRef';
    report(scope, `${field}.${missing}`, 'is missing while the other half of the access key is set', 'set both access key refs, or neither to use ambient credentials');
  }
  if (props.serviceAccount !== undefined) {
    if (staticKeys) report(scope, `${field}.serviceAccount`, 'is set together with static access keys', 'use either serviceAccount or the access key refs');
    if (props.role === undefined) report(scope, `${field}.role`, 'is missing while serviceAccount is set', 'set the ARN of the role the ServiceAccount token assumes');
    checkObjectName(scope, `${field}.serviceAccount.name`, props.serviceAccount.name);
  }
  const zone = props.hostedZoneId;
  if (zone !== undefined && !isDeployTime(zone) && !isHostedZoneId(zone)) {
    if (hasHostedZonePrefix(zone)) {
      report(scope, `${field}.hostedZoneId`, `'${zone}' has the '/hostedzone/' prefix, which cert-manager does not strip`, "use the bare ID such as 'Z0123456789ABCDEFGHIJ' (without '/hostedzone/')");
    } else {
      report(scope, `${field}.hostedZoneId`, `'${zone}' is not a Route 53 hosted zone ID`, HOSTED_ZONE_ID_FIX);
    }
  }
  const serviceAccountRef = props.serviceAccount && { name: props.serviceAccount.name, audiences: props.serviceAccount.audiences };
  return {
    route53: {
      region: checkAwsRegion(scope, `${field}.region`, props.region),
      hostedZoneId: props.hostedZoneId,
      role: checkRoleArn(scope, `${field}.role`, props.role),
      accessKeyIdSecretRef: renderOptionalSecretKeyRef(scope, `${field}.accessKeyIdSecretRef`, props.accessKeyIdSecretRef),
      secretAccessKeySecretRef: renderOptionalSecretKeyRef(scope, `${field}.secretAccessKeySecretRef`, props.secretAccessKeySecretRef),
      auth: serviceAccountRef && { kubernetes: { serviceAccountRef } },
    },
  };
}
