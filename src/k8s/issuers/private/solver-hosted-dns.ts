// Providers whose settings need little more than a Secret reference: Cloud DNS, DigitalOcean, acme-dns, webhooks.
import { IConstruct } from 'constructs';
import { checkUrl, required } from './checks';
import { optionalSecretKeyRef, secretKeyRef } from './secret-ref';
import { invalid } from '../../../common/errors';
import { isDns1123Subdomain } from '../../../common/names';
import * as cm from '../../../imports/cert-manager.io';
import { AcmeDnsSolverProps } from '../solvers/acme-dns-props';
import { CloudDnsSolverProps } from '../solvers/cloud-dns-props';
import { DigitalOceanSolverProps } from '../solvers/digitalocean-props';
import { WebhookSolverProps } from '../solvers/webhook-props';

export function cloudDnsSolver(scope: IConstruct, field: string, props: CloudDnsSolverProps): cm.ClusterIssuerSpecAcmeSolversDns01CloudDns {
  return {
    project: required(scope, `${field}.project`, props.project, 'set the Google Cloud project that owns the zone'),
    hostedZoneName: props.hostedZoneName,
    serviceAccountSecretRef: optionalSecretKeyRef(scope, `${field}.serviceAccountSecretRef`, props.serviceAccountSecretRef),
  };
}

type DigitalOceanSpec = cm.ClusterIssuerSpecAcmeSolversDns01Digitalocean;

export function digitalOceanSolver(scope: IConstruct, field: string, props: DigitalOceanSolverProps): DigitalOceanSpec {
  return { tokenSecretRef: secretKeyRef(scope, `${field}.tokenSecretRef`, props.tokenSecretRef, 'the DigitalOcean API token') };
}

export function acmeDnsSolver(scope: IConstruct, field: string, props: AcmeDnsSolverProps): cm.ClusterIssuerSpecAcmeSolversDns01AcmeDns {
  return {
    host: checkUrl(scope, `${field}.host`, props.host, ['https:', 'http:']),
    accountSecretRef: secretKeyRef(scope, `${field}.accountSecretRef`, props.accountSecretRef, 'the acme-dns registrations'),
  };
}

export function webhookSolver(scope: IConstruct, field: string, props: WebhookSolverProps): cm.ClusterIssuerSpecAcmeSolversDns01Webhook {
  if (!isDns1123Subdomain(props.groupName)) {
    invalid(scope, `${field}.groupName`, `'${props.groupName}' is not an API group`, "use the webhook's group, e.g. 'acme.example.com'");
  }
  return {
    groupName: props.groupName,
    solverName: required(scope, `${field}.solverName`, props.solverName, 'set the solver name the webhook registers'),
    config: props.config,
  };
}
