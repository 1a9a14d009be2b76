import { IConstruct } from 'constructs';
import { appRoleAuth, kubernetesAuth, tokenAuth } from './private/vault';
import { SecretKeyRef } from './secret-key-ref';
import * as cm from '../../imports/cert-manager.io';

/** Vault AppRole login. */
export interface VaultAppRoleAuthProps {
  /** AppRole role ID. */
  readonly roleId: string;
  /** Secret holding the AppRole secret ID. */
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
  /** ServiceAccount whose short-lived token cert-manager requests (needs RBAC for `serviceaccounts/token`). @default - none; set this or `tokenSecretRef` */
  readonly serviceAccountName?: string;
  /** Audiences of the requested token. @default - cert-manager's default */
  readonly audiences?: string[];
  /** Legacy long-lived ServiceAccount token Secret. @default - none; set this or `serviceAccountName` */
  readonly tokenSecretRef?: SecretKeyRef;
}

/** How cert-manager logs in to Vault. */
export class VaultAuth {
  /** A Vault token held in a Secret. */
  public static token(tokenSecretRef: SecretKeyRef): VaultAuth {
    return new VaultAuth((scope, field) => tokenAuth(scope, field, tokenSecretRef));
  }

  /** AppRole login. */
  public static appRole(props: VaultAppRoleAuthProps): VaultAuth {
    return new VaultAuth((scope, field) => appRoleAuth(scope, field, props));
  }

  /** Kubernetes login. */
  public static kubernetes(props: VaultKubernetesAuthProps): VaultAuth {
    return new VaultAuth((scope, field) => kubernetesAuth(scope, field, props));
  }

  private constructor(private readonly render: (scope: IConstruct, field: string) => cm.ClusterIssuerSpecVaultAuth) {}

  /** @internal */
  public _render(scope: IConstruct, field: string): cm.ClusterIssuerSpecVaultAuth {
    return this.render(scope, field);
  }
}
