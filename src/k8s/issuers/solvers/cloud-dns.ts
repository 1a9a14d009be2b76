// DNS-01 through Google Cloud DNS.
import { IConstruct } from 'constructs';
import { Dns01ProviderSpec, Dns01SolverOptions } from './solver-options';
import { required } from '../private/checks';
import { renderOptionalSecretKeyRef, SecretKeyRef } from '../secret-key-ref';

/** DNS-01 through Google Cloud DNS. */
export interface CloudDnsSolverProps extends Dns01SolverOptions {
  /** Google Cloud project that owns the zone. */
  readonly project: string;
  /**
   * Name of the managed zone the challenge records go into.
   * @default - looked up from the DNS name
   */
  readonly hostedZoneName?: string;
  /** Service-account JSON key held in a Secret. @default - Workload Identity / ambient credentials */
  readonly serviceAccountSecretRef?: SecretKeyRef;
}

export function renderCloudDnsSolver(scope: IConstruct, field: string, props: CloudDnsSolverProps): Dns01ProviderSpec {
  return {
    cloudDns: {
      project: required(scope, `${field}.project`, props.project, 'set the Google Cloud project that owns the zone'),
      hostedZoneName: props.hostedZoneName,
      serviceAccountSecretRef: renderOptionalSecretKeyRef(scope, `${field}.serviceAccountSecretRef`, props.serviceAccountSecretRef),
    },
  };
}
