import { Dns01SolverOptions } from './solver-options';
import { SecretKeyRef } from '../secret-key-ref';

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
  /** Access key ID held in a Secret; needs `secretAccessKeySecretRef`. @default - ambient credentials */
  readonly accessKeyIdSecretRef?: SecretKeyRef;
  /** Secret access key held in a Secret; needs `accessKeyIdSecretRef`. @default - ambient credentials */
  readonly secretAccessKeySecretRef?: SecretKeyRef;
  /** Assume `role` with a token of this ServiceAccount instead of the controller's own identity. @default - ambient credentials */
  readonly serviceAccount?: Route53ServiceAccount;
}
