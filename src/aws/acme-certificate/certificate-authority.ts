import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

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

const EAB_ONLY_HOSTS = ['acme.zerossl.com', 'dv.acme-v02.api.pki.goog', 'dv.acme-v02.test-api.pki.goog'];

/** The ACME CA that issues the certificate. */
export class AcmeCertificateAuthority {
  /** Let's Encrypt production: publicly trusted, with strict rate limits. */
  public static letsEncrypt(): AcmeCertificateAuthority {
    return new AcmeCertificateAuthority('https://acme-v02.api.letsencrypt.org/directory', false);
  }

  /** Let's Encrypt staging: untrusted certificates, generous rate limits; use it until the setup works. */
  public static letsEncryptStaging(): AcmeCertificateAuthority {
    return new AcmeCertificateAuthority('https://acme-staging-v02.api.letsencrypt.org/directory', false);
  }

  /** Any ACME directory URL, e.g. ZeroSSL, Google Trust Services or a private CA. */
  public static fromDirectoryUrl(directoryUrl: string, options: AcmeDirectoryOptions = {}): AcmeCertificateAuthority {
    const host = /^https?:\/\/([^/:]+)/.exec(directoryUrl)?.[1]?.toLowerCase() ?? '';
    const requiresEab = options.requiresExternalAccountBinding ?? EAB_ONLY_HOSTS.includes(host);
    return new AcmeCertificateAuthority(directoryUrl, requiresEab, options.externalAccountBinding, options.caBundlePem);
  }

  private constructor(
    /** The ACME directory URL. */
    public readonly directoryUrl: string,
    /** Whether the CA refuses accounts without External Account Binding. */
    public readonly requiresExternalAccountBinding: boolean,
    /** External Account Binding credentials, when given. */
    public readonly externalAccountBinding?: AcmeExternalAccountBinding,
    /** PEM bundle trusted for the directory's TLS certificate, when given. */
    public readonly caBundlePem?: string,
  ) {}
}
