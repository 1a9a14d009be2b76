import { Construct } from 'constructs';
import { IssuerBase, IssuerProps } from './issuer-base';

/** A namespaced issuer: a cert-manager `Issuer`, or an `AWSPCAIssuer` for AWS Private CA. Only Certificates in its namespace can use it. */
export class Issuer extends IssuerBase {
  public constructor(scope: Construct, id: string, props: IssuerProps) {
    super(scope, id, props, true);
  }
}
