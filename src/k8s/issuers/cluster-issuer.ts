import { Construct } from 'constructs';
import { ClusterIssuerProps, IssuerBase } from './issuer-base';

/**
 * A cluster-scoped issuer: a cert-manager `ClusterIssuer`, or an `AWSPCAClusterIssuer` for AWS Private CA.
 * Secrets it references live in cert-manager's cluster resource namespace.
 */
export class ClusterIssuer extends IssuerBase {
  public constructor(scope: Construct, id: string, props: ClusterIssuerProps) {
    super(scope, id, props, false);
  }
}
