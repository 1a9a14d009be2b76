// HashiCorp Vault issuers: the PKI engine to sign with and how cert-manager logs in (`VaultAuth`).
import { IConstruct } from 'constructs';
import { checkObjectName, checkUrl, pemBundle, required } from './private/checks';
import { IssuerConfig } from './private/issuer-config';
import { renderOptionalSecretKeyRef, renderSecretKeyRef, SecretKeyRef } from './secret-key-ref';
import * as cm from '../../imports/cert-manager.io';
import { invalid, report } from '../../private/errors';

/** Vault AppRole login. */
export interface VaultAppRoleAuthProps {
  /** AppRole role ID. */
  readonly roleId: string;
  /**
   * Secret holding the AppRole secret ID. Its `key` is required: cert-manager reads the secret ID from exactly that
   * key and, unlike its other Vault Secret references, has no default key for it.
   */
  readonly secretIdSecretRef: SecretKeyRef;
  /** Mount path of the AppRole auth method. @default 'approle' */
  readonly mountPath?: string;
}

/** Vault Kubernetes login, with a bound ServiceAccount token (preferred) or a long-lived token Secret. */
export interface VaultKubernetesAuthProps {
  /** Vault role bound to the ServiceAccount. */
  readonly role: string;
  /** Mount path of the Kubernetes auth method. @default - cert-manager's default, '/v1/auth/kubernetes' */
  readonly mountPath?: string;
  /**
   * ServiceAccount whose short-lived token cert-manager requests (needs RBAC for `serviceaccounts/token`).
   * Set exactly one of this and `tokenSecretRef`: with neither, cert-manager has no token to log in with.
   * @default - none; set this or `tokenSecretRef`
   */
  readonly serviceAccountName?: string;
  /** Audiences of the requested token. @default - cert-manager's default */
  readonly audiences?: string[];
  /**
   * Legacy long-lived ServiceAccount token Secret. Its `key` may be left out: cert-manager then reads `token`.
   * @default - none; set this or `serviceAccountName`
   */
  readonly tokenSecretRef?: SecretKeyRef;
}

type VaultAuthSpec = cm.ClusterIssuerSpecVaultAuth;

/**
 * The key cert-manager reads a Vault token (or a ServiceAccount token) from when a ref leaves `key` out
 * (`DefaultVaultTokenAuthSecretKey`, used by `tokenRef` and `requestTokenWithKubernetesAuth` in internal/vault/vault.go).
 */
const TOKEN_KEY = 'token';

/** How cert-manager logs in to Vault. */
export abstract class VaultAuth {
  /**
   * A Vault token held in a Secret.
   *
   * Leave out the ref's `key` and cert-manager reads `token`.
   * @param tokenSecretRef the Secret key that holds the token
   */
  public static token(tokenSecretRef: SecretKeyRef): VaultAuth {
    return new TokenAuth(tokenSecretRef);
  }

  /**
   * AppRole login.
   * @param props the AppRole's mount path, role ID and the Secret that holds its secret ID
   */
  public static appRole(props: VaultAppRoleAuthProps): VaultAuth {
    return new AppRoleAuth(props);
  }

  /**
   * Kubernetes login.
   * @param props the Vault role, mount path and the service account whose token cert-manager presents
   */
  public static kubernetes(props: VaultKubernetesAuthProps): VaultAuth {
    return new KubernetesAuth(props);
  }

  /**
   * The `spec.vault.auth` block, checked on behalf of `scope` (`field` names it in errors).
   * @internal
   */
  public abstract _render(scope: IConstruct, field: string): VaultAuthSpec;
}

/** Vault paths with '..' segments are refused by cert-manager's webhook. */
function checkVaultPath(scope: IConstruct, field: string, path: string | undefined, fix: string): string {
  required(scope, field, path, fix);
  if (typeof path === 'string' && path.split('/').includes('..')) report(scope, field, `'${path}' contains a '..' segment`, fix);
  return path!;
}

class TokenAuth extends VaultAuth {
  public constructor(private readonly tokenSecretRef: SecretKeyRef) {
    super();
  }

  /** @internal */
  public _render(scope: IConstruct, field: string): VaultAuthSpec {
    return { tokenSecretRef: renderSecretKeyRef(scope, `${field}.tokenSecretRef`, this.tokenSecretRef, 'the Vault token', { defaultKey: TOKEN_KEY }) };
  }
}

class AppRoleAuth extends VaultAuth {
  public constructor(private readonly props: VaultAppRoleAuthProps) {
    super();
  }

  /** @internal */
  public _render(scope: IConstruct, field: string): VaultAuthSpec {
    const props = this.props;
    return {
      appRole: {
        path: checkVaultPath(scope, `${field}.mountPath`, props.mountPath ?? 'approle', "use the AppRole mount path, e.g. 'approle'"),
        roleId: required(scope, `${field}.roleId`, props.roleId, 'set the AppRole role ID'),
        secretRef: renderSecretKeyRef(scope, `${field}.secretIdSecretRef`, props.secretIdSecretRef, 'the AppRole secret ID', {
          whyKeyRequired: 'cert-manager reads the secret ID from exactly this key and has no default for it',
        }),
      },
    };
  }
}

class KubernetesAuth extends VaultAuth {
  public constructor(private readonly props: VaultKubernetesAuthProps) {
    super();
  }

  /** @internal */
  public _render(scope: IConstruct, field: string): VaultAuthSpec {
    const props = this.props;
    // An empty name renders no serviceAccountRef, so it counts as missing (cert-manager's webhook would refuse the
    // object for having neither reference).
    const hasAccount = props.serviceAccountName !== undefined && props.serviceAccountName !== '';
    const hasSecret = props.tokenSecretRef !== undefined;
    if (hasAccount && hasSecret) {
      report(scope, `${field}.serviceAccountName`, 'is set together with tokenSecretRef', 'set exactly one of serviceAccountName (recommended) or tokenSecretRef');
    } else if (!hasAccount && !hasSecret) {
      report(scope, `${field}.serviceAccountName`, `${props.serviceAccountName === '' ? 'is empty and tokenSecretRef is not set' : 'and tokenSecretRef are both missing'}, so cert-manager has no token to log in to Vault with`,
        'set exactly one of serviceAccountName (recommended) or tokenSecretRef');
    }
    const name = hasAccount ? checkObjectName(scope, `${field}.serviceAccountName`, props.serviceAccountName) : undefined;
    return {
      kubernetes: {
        role: required(scope, `${field}.role`, props.role, 'set the Vault role bound to the ServiceAccount'),
        mountPath: props.mountPath && checkVaultPath(scope, `${field}.mountPath`, props.mountPath, "use the mount path, e.g. '/v1/auth/kubernetes'"),
        serviceAccountRef: name ? { name, audiences: props.audiences } : undefined,
        secretRef: renderOptionalSecretKeyRef(scope, `${field}.tokenSecretRef`, props.tokenSecretRef, 'the ServiceAccount token', { defaultKey: TOKEN_KEY }),
      },
    };
  }
}

/** An issuer backed by a HashiCorp Vault PKI secrets engine. */
export interface VaultIssuerProps {
  /** Vault address, e.g. `https://vault.example.com:8200`. */
  readonly server: string;
  /** Signing path of the PKI role, e.g. `pki_int/sign/example-dot-com`. */
  readonly path: string;
  /** How cert-manager logs in to Vault, e.g. `VaultAuth.kubernetes({...})`. */
  readonly auth: VaultAuth;
  /** Vault Enterprise namespace. @default - the root namespace */
  readonly vaultNamespace?: string;
  /**
   * PEM bundle of CAs that sign Vault's TLS certificate. It must hold at least one certificate that parses.
   * Conflicts with `caBundleSecretRef`.
   * @default - the system trust store
   */
  readonly caBundle?: string;
  /**
   * Secret holding that PEM bundle. Conflicts with `caBundle`. Its `key` may be left out: cert-manager then reads `ca.crt`.
   * @default - the system trust store
   */
  readonly caBundleSecretRef?: SecretKeyRef;
  /**
   * Secret holding the client certificate cert-manager presents to Vault (mutual TLS). Set together with
   * `clientKeySecretRef`. Its `key` may be left out: cert-manager then reads `tls.crt`.
   * @default - no client certificate
   */
  readonly clientCertSecretRef?: SecretKeyRef;
  /**
   * Secret holding the private key of `clientCertSecretRef`. Set together with it. Its `key` may be left out:
   * cert-manager then reads `tls.key`.
   * @default - no client certificate
   */
  readonly clientKeySecretRef?: SecretKeyRef;
  /** TLS server name to verify, when it differs from the host in `server`. @default - the host in `server` */
  readonly serverName?: string;
}

export function renderVaultIssuer(scope: IConstruct, _issuerName: string, props: VaultIssuerProps): IssuerConfig {
  if (props.caBundle !== undefined && props.caBundleSecretRef !== undefined) {
    report(scope, 'caBundle', 'is set together with caBundleSecretRef', 'pass the CA bundle one way only');
  }
  if ((props.clientCertSecretRef === undefined) !== (props.clientKeySecretRef === undefined)) {
    const [given, missing] = props.clientCertSecretRef ? ['clientCertSecretRef', 'clientKeySecretRef'] : ['clientKeySecretRef', 'clientCertSecretRef'];
    report(scope, missing, `is missing while ${given} is set`, 'give both the client certificate and its key, or neither');
  }
  if (props.auth === undefined) invalid(scope, 'auth', 'is missing', 'pass VaultAuth.kubernetes(...), VaultAuth.appRole(...) or VaultAuth.token(...)');
  return {
    supportsWildcards: true,
    certManagerSpec: {
      vault: {
        server: checkUrl(scope, 'server', props.server, ['https:', 'http:']),
        path: checkVaultPath(scope, 'path', props.path, "use the PKI signing path, e.g. 'pki_int/sign/example-dot-com'"),
        auth: props.auth._render(scope, 'auth'),
        namespace: props.vaultNamespace,
        caBundle: pemBundle(scope, 'caBundle', props.caBundle),
        caBundleSecretRef: renderOptionalSecretKeyRef(scope, 'caBundleSecretRef', props.caBundleSecretRef, "Vault's CA bundle", { defaultKey: 'ca.crt' }),
        clientCertSecretRef: renderOptionalSecretKeyRef(scope, 'clientCertSecretRef', props.clientCertSecretRef, 'the client certificate', { defaultKey: 'tls.crt' }),
        clientKeySecretRef: renderOptionalSecretKeyRef(scope, 'clientKeySecretRef', props.clientKeySecretRef, 'the client key', { defaultKey: 'tls.key' }),
        serverName: props.serverName,
      },
    },
  };
}
