/**
 * A key in a Kubernetes Secret. Credentials are only ever passed this way, never as literal values.
 * Secrets of a `ClusterIssuer` live in cert-manager's cluster resource namespace; those of an `Issuer` in its own namespace.
 */
export interface SecretKeyRef {
  /** Name of the Secret. */
  readonly name: string;
  /** Key within the Secret's `data`. */
  readonly key: string;
}
