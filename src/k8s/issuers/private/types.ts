import * as pca from '../../../imports/awspca.cert-manager.io';
import * as cm from '../../../imports/cert-manager.io';

/** One entry of `spec.acme.solvers`, as the generated L1 types spell it. */
export type SolverSpec = cm.ClusterIssuerSpecAcmeSolvers;

/** What an issuer type contributes to the issuer construct that binds it. */
export interface IssuerConfig {
  /** Spec of a cert-manager `ClusterIssuer`/`Issuer` (set unless this is an AWS Private CA issuer). */
  readonly certManagerSpec?: cm.ClusterIssuerSpec;
  /** Spec of an `AWSPCAClusterIssuer`/`AWSPCAIssuer`. */
  readonly awsPcaSpec?: pca.AwspcaClusterIssuerSpec;
  readonly supportsWildcards: boolean;
  /** ACME directory URL, for ACME issuers. */
  readonly acmeServer?: string;
}
