import { IConstruct } from 'constructs';
import { report } from '../../private/errors';

/** Encryption profile of a PKCS#12 keystore. */
export enum Pkcs12Profile {
  /** RC2 (cert-manager's default for compatibility). Unreadable by OpenSSL 3 and Java 20+ without legacy providers. */
  LEGACY_RC2 = 'LegacyRC2',
  /** 3DES. The most widely readable. */
  LEGACY_DES = 'LegacyDES',
  /** AES-256 with PBKDF2 and SHA-256. */
  MODERN2023 = 'Modern2023',
  /** AES-256 with a PBMAC1 MAC. Needs OpenSSL 3.4+ or Java 26+. */
  MODERN2026 = 'Modern2026',
}

/** The password of a keystore: a key of an existing Secret, or a literal. */
export class KeystorePassword {
  /**
   * Reads the password from key `key` of Secret `secretName` in the Certificate's namespace.
   * @param secretName name of the Secret that holds the password
   * @param key key of the password in that Secret
   */
  public static fromSecret(secretName: string, key: string = 'password'): KeystorePassword {
    return new KeystorePassword({ passwordSecretRef: { name: secretName, key } });
  }

  /**
   * A literal password, written in clear text into the Certificate manifest. Use it only for passwords that
   * protect nothing (the Secret holds the unencrypted key anyway), e.g. the well-known `changeit`.
   * @param password the password, in clear text
   */
  public static fromLiteral(password: string): KeystorePassword {
    return new KeystorePassword({ password });
  }

  private constructor(private readonly fields: { password?: string; passwordSecretRef?: { name: string; key: string } }) {}

  /** @internal */
  public _render(scope: IConstruct, field: string): Record<string, any> {
    const ref = this.fields.passwordSecretRef;
    if (ref && (!ref.name || !ref.key)) {
      report(scope, `${field}.passwordSecretRef`, 'needs a Secret name and a key', "pass both to KeystorePassword.fromSecret('name', 'key')");
    }
    if (!ref && !this.fields.password) {
      report(scope, `${field}.password`, 'is empty', 'use a non-empty password or KeystorePassword.fromSecret');
    }
    return { ...this.fields };
  }
}

/** A PKCS#12 keystore (`keystore.p12`, and `truststore.p12` when the issuer returns a CA) in the Secret. */
export interface Pkcs12Keystore {
  /** Password that encrypts the keystore. */
  readonly password: KeystorePassword;
  /**
   * Encryption profile.
   * @default Pkcs12Profile.MODERN2023
   */
  readonly profile?: Pkcs12Profile;
  /**
   * Whether to write the keystore.
   * @default true
   */
  readonly create?: boolean;
}

/** A Java keystore (`keystore.jks`, and `truststore.jks` when the issuer returns a CA) in the Secret. */
export interface JksKeystore {
  /** Password that encrypts the keystore. */
  readonly password: KeystorePassword;
  /**
   * Alias of the key entry.
   * @default - cert-manager's default, `certificate`
   */
  readonly alias?: string;
  /**
   * Whether to write the keystore.
   * @default true
   */
  readonly create?: boolean;
}

/** Keystores written next to `tls.crt` and `tls.key`. */
export interface CertificateKeystores {
  /**
   * A PKCS#12 keystore.
   * @default - none
   */
  readonly pkcs12?: Pkcs12Keystore;
  /**
   * A JKS keystore.
   * @default - none
   */
  readonly jks?: JksKeystore;
}

/** The `spec.keystores` of a Certificate. */
export function renderKeystores(scope: IConstruct, keystores?: CertificateKeystores): Record<string, any> | undefined {
  if (!keystores?.pkcs12 && !keystores?.jks) return undefined;
  const { pkcs12, jks } = keystores;
  return {
    pkcs12: pkcs12 && {
      create: pkcs12.create ?? true,
      profile: pkcs12.profile ?? Pkcs12Profile.MODERN2023,
      ...pkcs12.password._render(scope, 'keystores.pkcs12'),
    },
    jks: jks && { create: jks.create ?? true, alias: jks.alias, ...jks.password._render(scope, 'keystores.jks') },
  };
}
