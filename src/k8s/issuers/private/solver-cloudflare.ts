import { IConstruct } from 'constructs';
import { checkEmail } from './checks';
import { optionalSecretKeyRef } from './secret-ref';
import { invalid } from '../../../common/errors';
import * as cm from '../../../imports/cert-manager.io';
import { CloudflareSolverProps } from '../solvers/cloudflare-props';

export function cloudflareSolver(scope: IConstruct, field: string, props: CloudflareSolverProps): cm.ClusterIssuerSpecAcmeSolversDns01Cloudflare {
  const token = props.apiTokenSecretRef !== undefined;
  const key = props.apiKeySecretRef !== undefined;
  if (token === key) {
    invalid(scope, `${field}.apiTokenSecretRef`, token ? 'is set together with apiKeySecretRef' : 'is missing',
      'set exactly one of apiTokenSecretRef (recommended) or apiKeySecretRef with email');
  }
  if (key && props.email === undefined) {
    invalid(scope, `${field}.email`, 'is missing, and a Cloudflare global API key only works with the account e-mail',
      'set email, or switch to a scoped apiTokenSecretRef');
  }
  return {
    apiTokenSecretRef: optionalSecretKeyRef(scope, `${field}.apiTokenSecretRef`, props.apiTokenSecretRef),
    apiKeySecretRef: optionalSecretKeyRef(scope, `${field}.apiKeySecretRef`, props.apiKeySecretRef),
    email: checkEmail(scope, `${field}.email`, props.email),
  };
}
