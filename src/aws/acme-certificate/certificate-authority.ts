import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';
import {
  isHttpsUrl, LETS_ENCRYPT_PRODUCTION_DIRECTORY, LETS_ENCRYPT_STAGING_DIRECTORY, requiresExternalAccountBinding as knownToRequireEab,
} from '../../common/acme-directories';
import { report } from '../../private/errors';
import type { HandlerConfig } from '../../runtime/handler/config';

/** External Account Binding credentials, which CAs such as ZeroSSL or Google Trust Services require. */
export interface AcmeExternalAccountBinding {
  /** The key ID the CA handed out. */
  readonly keyId: string;
  /**
   * Secret holding the base64url HMAC key: the plain string, or JSON with the key in field `hmacKey`.
   */
  readonly hmacKey: secretsmanager.ISecret;
}

/** Options for a CA given by its directory URL. */
export interface AcmeDirectoryOptions {
  /**
   * External Account Binding credentials.
   * @default - none
   */
  readonly externalAccountBinding?: AcmeExternalAccountBinding;
  /**
   * Whether the CA refuses accounts without External Account Binding (known for ZeroSSL and Google Trust Services).
   * @default - true for known EAB-only directories, else false
   */
  readonly requiresExternalAccountBinding?: boolean;
  /**
   * PEM bundle to trust for the directory's TLS certificate, for a private CA.
   * @default - the Lambda runtime's trusted roots
   */
  readonly caBundlePem?: string;
}

/** What the renewal function is told about the CA. */
type CaSettings = Pick<HandlerConfig, 'directoryUrl' | 'caBundlePem' | 'eab'>;

/** The ACME CA that issues the certificate. */
export abstract class AcmeCertificateAuthority {
  /** Let's Encrypt production: publicly trusted, with strict rate limits. */
  public static letsEncrypt(): AcmeCertificateAuthority {
    return new DirectoryAuthority(LETS_ENCRYPT_PRODUCTION_DIRECTORY, false);
  }

  /**
   * Let's Encrypt staging: untrusted certificates, generous rate limits.
   *
   * Use it until the setup works.
   */
  public static letsEncryptStaging(): AcmeCertificateAuthority {
    return new DirectoryAuthority(LETS_ENCRYPT_STAGING_DIRECTORY, false);
  }

  /**
   * Any ACME directory URL, e.g. ZeroSSL, Google Trust Services or a private CA.
   *
   * @param directoryUrl the CA's ACME directory URL (https)
   * @param options External Account Binding credentials and the TLS trust for the directory
   */
  public static fromDirectoryUrl(directoryUrl: string, options: AcmeDirectoryOptions = {}): AcmeCertificateAuthority {
    const requiresEab = options.requiresExternalAccountBinding ?? knownToRequireEab(directoryUrl);
    return new DirectoryAuthority(directoryUrl, requiresEab, options.externalAccountBinding, options.caBundlePem);
  }

  /** The ACME directory URL. */
  public abstract readonly directoryUrl: string;
  /** Whether the CA refuses accounts without External Account Binding. */
  public abstract readonly requiresExternalAccountBinding: boolean;
  /**
   * External Account Binding credentials.
   * @default - none
   */
  public abstract readonly externalAccountBinding?: AcmeExternalAccountBinding;
  /**
   * PEM bundle trusted for the directory's TLS certificate.
   * @default - the Lambda runtime's trusted roots
   */
  public abstract readonly caBundlePem?: string;

  /**
   * Checks the CA's settings (reported on `scope`), lets `grantee` read the EAB key, and returns the renewal
   * function's CA settings.
   * @internal
   */
  public abstract _bind(scope: IConstruct, grantee: iam.IGrantable): CaSettings;
}

class DirectoryAuthority extends AcmeCertificateAuthority {
  constructor(
    public readonly directoryUrl: string,
    public readonly requiresExternalAccountBinding: boolean,
    public readonly externalAccountBinding?: AcmeExternalAccountBinding,
    public readonly caBundlePem?: string,
  ) {
    super();
  }

  public _bind(scope: IConstruct, grantee: iam.IGrantable): CaSettings {
    if (!Token.isUnresolved(this.directoryUrl) && !isHttpsUrl(this.directoryUrl)) {
      report(scope, 'certificateAuthority', `directory URL '${this.directoryUrl}' is not an https URL`,
        `use the CA's ACME directory URL, e.g. ${LETS_ENCRYPT_PRODUCTION_DIRECTORY}`);
    }
    const eab = this.externalAccountBinding;
    if (this.requiresExternalAccountBinding && !eab) {
      report(scope, 'certificateAuthority', `directory ${this.directoryUrl} requires External Account Binding but none is given`,
        'pass externalAccountBinding: { keyId, hmacKey } to AcmeCertificateAuthority.fromDirectoryUrl with the credentials from the CA');
    }
    eab?.hmacKey.grantRead(grantee);
    return {
      directoryUrl: this.directoryUrl,
      caBundlePem: this.caBundlePem,
      eab: eab && { kid: eab.keyId, hmacKeySecretArn: eab.hmacKey.secretArn },
    };
  }
}
