import { IConstruct } from 'constructs';
import { AcmeIssuerProps, LetsEncryptIssuerProps } from './acme-issuer-props';
import { AwsPrivateCaIssuerProps } from './aws-private-ca-issuer-props';
import { CaIssuerProps, SelfSignedIssuerProps } from './ca-issuer-props';
import { acmeIssuerConfig, letsEncryptIssuerConfig } from './private/acme';
import { awsPcaIssuerConfig } from './private/aws-pca';
import { caIssuerConfig, selfSignedIssuerConfig } from './private/ca';
import { IssuerConfig } from './private/types';
import { vaultIssuerConfig } from './private/vault';
import { VaultIssuerProps } from './vault-issuer-props';

/**
 * What signs the certificates of a `ClusterIssuer` or `Issuer`. Settings are checked when the type is
 * bound to an issuer, so every error names that issuer's construct path.
 */
export class IssuerType {
  /** Let's Encrypt, staging or production; the directory URL follows from the environment. */
  public static letsEncrypt(props: LetsEncryptIssuerProps): IssuerType {
    return new IssuerType((scope, name) => letsEncryptIssuerConfig(scope, name, props));
  }

  /** Any RFC 8555 ACME CA (ZeroSSL, Google Trust Services, step-ca, a private ACME server...). */
  public static acme(props: AcmeIssuerProps): IssuerType {
    return new IssuerType((scope, name) => acmeIssuerConfig(scope, name, props));
  }

  /** Self-signed certificates (typically the root of a private CA). */
  public static selfSigned(props: SelfSignedIssuerProps = {}): IssuerType {
    return new IssuerType(scope => selfSignedIssuerConfig(scope, props));
  }

  /** A CA whose certificate and key are stored in a Secret. */
  public static ca(props: CaIssuerProps): IssuerType {
    return new IssuerType(scope => caIssuerConfig(scope, props));
  }

  /** A HashiCorp Vault PKI secrets engine. */
  public static vault(props: VaultIssuerProps): IssuerType {
    return new IssuerType(scope => vaultIssuerConfig(scope, props));
  }

  /** AWS Private CA; emits `AWSPCAClusterIssuer`/`AWSPCAIssuer` for aws-privateca-issuer instead of a cert-manager issuer. */
  public static awsPrivateCa(props: AwsPrivateCaIssuerProps): IssuerType {
    return new IssuerType(scope => awsPcaIssuerConfig(scope, props));
  }

  private constructor(private readonly bind: (scope: IConstruct, issuerName: string) => IssuerConfig) {}

  /** @internal */
  public _bind(scope: IConstruct, issuerName: string): IssuerConfig {
    return this.bind(scope, issuerName);
  }
}
