// A DNS solver's credential (a Cloudflare token, a TSIG secret...) filled into a Kubernetes Secret by External Secrets
// Operator from AWS Secrets Manager or HashiCorp Vault, so the value never appears in a manifest; the solver takes
// the resulting `secretKeyRef`.
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AwsSecretsManagerAuth, CertificateBackup } from './certificate-backup';
import { isAwsRegion } from '../../common/arns';
import { isDns1123Label, isDns1123Subdomain, isSecretDataKey } from '../../common/names';
import { report } from '../../private/errors';
import { SecretKeyRef } from '../issuers';
import { validateRendered } from '../private/rendered-validation';

const ESO_V1 = 'external-secrets.io/v1';
const SECRETS_MANAGER_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Reading a secret from AWS Secrets Manager. */
export interface AwsSecretsManagerCredentialProps {
  /** Region of the secret. */
  readonly region: string;
  /** Name (or ARN) of the secret. */
  readonly secretName: string;
  /**
   * JSON property of the secret to read, e.g. `apiToken`.
   * @default - the whole secret string
   */
  readonly property?: string;
  /**
   * How ESO authenticates.
   * @default AwsSecretsManagerAuth.controllerIdentity()
   */
  readonly auth?: AwsSecretsManagerAuth;
}

/** Reading a secret from HashiCorp Vault's KV engine, authenticated with a Kubernetes service account token. */
export interface VaultCredentialProps {
  /** Vault address, `https://...`. */
  readonly server: string;
  /** Mount path of the KV engine, e.g. `secret`. */
  readonly mountPath: string;
  /** Path of the secret below the mount, e.g. `dns/cloudflare`. */
  readonly secretPath: string;
  /** Field of the secret to read, e.g. `api-token`. */
  readonly property: string;
  /** Vault role of the Kubernetes auth method. */
  readonly role: string;
  /**
   * Mount path of Vault's Kubernetes auth method.
   * @default 'kubernetes'
   */
  readonly authMountPath?: string;
  /**
   * Service account whose token ESO presents to Vault (in the credential's namespace).
   * @default - the ESO controller's own service account
   */
  readonly serviceAccountName?: string;
  /**
   * KV engine version.
   * @default 'v2'
   */
  readonly kvVersion?: string;
  /**
   * Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
}

/** Where a credential comes from. */
export abstract class CredentialSource {
  /**
   * A secret in AWS Secrets Manager (optionally one JSON property of it).
   *
   * @param props the secret's name and region, and how ESO authenticates to Secrets Manager
   */
  public static awsSecretsManager(props: AwsSecretsManagerCredentialProps): CredentialSource {
    return new AwsSource(props);
  }

  /**
   * A field of a secret in Vault's KV engine.
   *
   * @param props the Vault server, the secret's path and field, and the Kubernetes auth role ESO logs in with
   */
  public static vault(props: VaultCredentialProps): CredentialSource {
    return new VaultSource(props);
  }

  /** @internal */
  public abstract _render(scope: IConstruct): { provider: any; remoteRef: any };
}

class AwsSource extends CredentialSource {
  constructor(private readonly props: AwsSecretsManagerCredentialProps) {
    super();
  }

  public _render(scope: IConstruct) {
    const p = this.props;
    if (!isAwsRegion(p.region)) report(scope, 'source.region', `'${p.region}' is not an AWS region`, "use a region code such as 'eu-west-1'");
    if (!SECRETS_MANAGER_NAME.test(p.secretName ?? '') && !/^arn:/.test(p.secretName ?? '')) {
      report(scope, 'source.secretName', `'${p.secretName}' is not a Secrets Manager name or ARN`, "use at most 512 of A-Z a-z 0-9 and '/_+=.@-'");
    }
    return {
      provider: { aws: { service: 'SecretsManager', region: p.region, auth: (p.auth ?? AwsSecretsManagerAuth.controllerIdentity())._render(scope, 'source.auth') } },
      remoteRef: { key: p.secretName, property: p.property },
    };
  }
}

class VaultSource extends CredentialSource {
  constructor(private readonly props: VaultCredentialProps) {
    super();
  }

  public _render(scope: IConstruct) {
    const p = this.props;
    if (!/^https:\/\/[^\s/]+/.test(p.server ?? '')) report(scope, 'source.server', `'${p.server}' is not an https URL`, 'use the Vault address, e.g. https://vault.example.com:8200');
    if (p.kvVersion !== undefined && !['v1', 'v2'].includes(p.kvVersion)) report(scope, 'source.kvVersion', `'${p.kvVersion}' is not a KV version`, "use 'v1' or 'v2'");
    for (const [field, value] of Object.entries({ mountPath: p.mountPath, secretPath: p.secretPath, property: p.property, role: p.role })) {
      if (typeof value !== 'string' || value.trim() === '') report(scope, `source.${field}`, 'is empty', `set ${field}`);
    }
    if (p.serviceAccountName !== undefined && !isDns1123Subdomain(p.serviceAccountName)) {
      report(scope, 'source.serviceAccountName', `'${p.serviceAccountName}' is not a valid service account name`, "use lower-case letters, digits, '-' and '.'");
    }
    return {
      provider: {
        vault: {
          server: p.server,
          path: p.mountPath,
          version: p.kvVersion ?? 'v2',
          namespace: p.vaultNamespace,
          auth: {
            kubernetes: {
              mountPath: p.authMountPath ?? 'kubernetes',
              role: p.role,
              serviceAccountRef: p.serviceAccountName ? { name: p.serviceAccountName } : undefined,
            },
          },
        },
      },
      remoteRef: { key: p.secretPath, property: p.property },
    };
  }
}

/** Properties of `ExternalSecretCredential`. */
export interface ExternalSecretCredentialProps {
  /** Where the value comes from. */
  readonly source: CredentialSource;
  /** Name of the Kubernetes Secret to fill. */
  readonly secretName: string;
  /**
   * Key of the value in the Secret.
   * @default 'api-token'
   */
  readonly key?: string;
  /**
   * Namespace of the Secret: cert-manager's cluster resource namespace for a ClusterIssuer, the issuer's own for an
   * Issuer.
   * @default - the chart's namespace, else 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * How often ESO re-reads the value (a rotated token arrives within this).
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /**
   * Argo CD sync wave of the SecretStore and ExternalSecret (before the issuers that use the Secret).
   * @default - the store at CertificateBackup.STORE_WAVE, the ExternalSecret at CertificateBackup.RESTORE_WAVE
   */
  readonly syncWave?: number;
}

/**
 * A solver's credential Secret filled by External Secrets Operator from AWS Secrets Manager or Vault.
 *
 * It renders a SecretStore in the Secret's namespace (authenticated with a service account token, never a static key) and an ExternalSecret
 * that owns the Secret. Pass `secretKeyRef` to the solver, e.g.
 * `AcmeSolver.dns01Cloudflare({ apiTokenSecretRef: credential.secretKeyRef })`.
 */
export class ExternalSecretCredential extends Construct {
  /** The key in the Secret that holds the value, for the solver. */
  public readonly secretKeyRef: SecretKeyRef;
  /** Namespace of the Secret. */
  public readonly namespace: string;
  /** The SecretStore. */
  public readonly store: ApiObject;
  /** The ExternalSecret. */
  public readonly externalSecret: ApiObject;

  /**
   * @param scope the scope in which to define this construct
   * @param id the scoped construct ID
   * @param props where the credential comes from, and the Secret it is written to
   */
  constructor(scope: Construct, id: string, props: ExternalSecretCredentialProps) {
    super(scope, id);
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'cert-manager';
    const key = props.key ?? 'api-token';
    if (!isDns1123Label(this.namespace)) report(this, 'namespace', `'${this.namespace}' is not a valid namespace`, "use lower-case letters, digits and '-'");
    if (!isDns1123Subdomain(props.secretName ?? '')) report(this, 'secretName', `'${props.secretName}' is not a valid Secret name`, "use lower-case letters, digits, '-' and '.'");
    if (!isSecretDataKey(key)) report(this, 'key', `'${key}' is not a valid Secret key`, "use letters, digits, '-', '_' and '.'");
    const rendered = props.source._render(this);
    const storeName = `${props.secretName}-source`.slice(0, 253);
    this.store = new ApiObject(this, 'Store', {
      apiVersion: ESO_V1,
      kind: 'SecretStore',
      metadata: { name: storeName, namespace: this.namespace },
      spec: { provider: rendered.provider },
    });
    this.externalSecret = new ApiObject(this, 'Resource', {
      apiVersion: ESO_V1,
      kind: 'ExternalSecret',
      metadata: { name: props.secretName, namespace: this.namespace },
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { kind: 'SecretStore', name: storeName },
        target: { name: props.secretName, creationPolicy: 'Owner' },
        data: [{ secretKey: key, remoteRef: rendered.remoteRef }],
      },
    });
    const waves: [ApiObject, number][] = [
      [this.store, props.syncWave ?? CertificateBackup.STORE_WAVE],
      [this.externalSecret, props.syncWave ?? CertificateBackup.RESTORE_WAVE],
    ];
    for (const [obj, wave] of waves) {
      obj.metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(wave));
      obj.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'SkipDryRunOnMissingResource=true');
      validateRendered(obj);
    }
    this.secretKeyRef = { name: props.secretName, key };
  }
}
