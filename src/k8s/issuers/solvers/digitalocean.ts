// DNS-01 through DigitalOcean DNS.
import { IConstruct } from 'constructs';
import { Dns01ProviderSpec, Dns01SolverOptions } from './solver-options';
import { renderSecretKeyRef, SecretKeyRef } from '../secret-key-ref';

/** DNS-01 through DigitalOcean DNS. */
export interface DigitalOceanSolverProps extends Dns01SolverOptions {
  /** API token with write access to the domain. */
  readonly tokenSecretRef: SecretKeyRef;
}

export function renderDigitalOceanSolver(scope: IConstruct, field: string, props: DigitalOceanSolverProps): Dns01ProviderSpec {
  return { digitalocean: { tokenSecretRef: renderSecretKeyRef(scope, `${field}.tokenSecretRef`, props.tokenSecretRef, 'the DigitalOcean API token') } };
}
