// The contract between `IssuerType` (issuer.ts) and the files that render each issuer kind (acme.ts, ca.ts, ...).
import * as pca from '../../../imports/awspca.cert-manager.io';
import * as cm from '../../../imports/cert-manager.io';

/** What an issuer kind contributes to the `ClusterIssuer`/`Issuer` construct that binds it. */
export interface IssuerConfig {
  /** Spec of a cert-manager `ClusterIssuer`/`Issuer` (set unless this is an AWS Private CA issuer). */
  readonly certManagerSpec?: cm.ClusterIssuerSpec;
  /** Spec of an `AWSPCAClusterIssuer`/`AWSPCAIssuer`. */
  readonly awsPcaSpec?: pca.AwspcaClusterIssuerSpec;
  readonly supportsWildcards: boolean;
  /** ACME directory URL, for ACME issuers. */
  readonly acmeServer?: string;
}
