import { IConstruct } from 'constructs';
import { checkAwsRegion, checkRoleArn, isDeployTime } from './aws';
import { checkObjectName } from './checks';
import { optionalSecretKeyRef } from './secret-ref';
import { invalid } from '../../../common/errors';
import * as cm from '../../../imports/cert-manager.io';
import { Route53SolverProps } from '../solvers/route53-props';

const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/;

export function route53Solver(scope: IConstruct, field: string, props: Route53SolverProps): cm.ClusterIssuerSpecAcmeSolversDns01Route53 {
  const staticKeys = props.accessKeyIdSecretRef !== undefined || props.secretAccessKeySecretRef !== undefined;
  if (staticKeys && (props.accessKeyIdSecretRef === undefined || props.secretAccessKeySecretRef === undefined)) {
    const missing = props.accessKeyIdSecretRef === undefined ? 'accessKeyIdSecretRef' : 'secretAccessKeySecretRef';
    invalid(scope, `${field}.${missing}`, 'is missing while the other half of the access key is set', 'set both access key refs, or neither to use ambient credentials');
  }
  if (props.serviceAccount !== undefined) {
    if (staticKeys) invalid(scope, `${field}.serviceAccount`, 'is set together with static access keys', 'use either serviceAccount or the access key refs');
    if (props.role === undefined) invalid(scope, `${field}.role`, 'is missing while serviceAccount is set', 'set the ARN of the role the ServiceAccount token assumes');
    checkObjectName(scope, `${field}.serviceAccount.name`, props.serviceAccount.name);
  }
  if (props.hostedZoneId !== undefined && !isDeployTime(props.hostedZoneId) && !HOSTED_ZONE_ID.test(props.hostedZoneId)) {
    invalid(scope, `${field}.hostedZoneId`, `'${props.hostedZoneId}' is not a Route 53 hosted zone ID`, "use the bare ID such as 'Z0123456789ABCDEFGHIJ' (without '/hostedzone/')");
  }
  const serviceAccountRef = props.serviceAccount && { name: props.serviceAccount.name, audiences: props.serviceAccount.audiences };
  return {
    region: checkAwsRegion(scope, `${field}.region`, props.region),
    hostedZoneId: props.hostedZoneId,
    role: checkRoleArn(scope, `${field}.role`, props.role),
    accessKeyIdSecretRef: optionalSecretKeyRef(scope, `${field}.accessKeyIdSecretRef`, props.accessKeyIdSecretRef),
    secretAccessKeySecretRef: optionalSecretKeyRef(scope, `${field}.secretAccessKeySecretRef`, props.secretAccessKeySecretRef),
    auth: serviceAccountRef && { kubernetes: { serviceAccountRef } },
  };
}
