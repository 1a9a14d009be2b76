import { IConstruct } from 'constructs';
import { checkObjectName, checkUrl, pemBundle, required } from './checks';
import { optionalSecretKeyRef, secretKeyRef } from './secret-ref';
import { IssuerConfig } from './types';
import { invalid } from '../../../common/errors';
import * as cm from '../../../imports/cert-manager.io';
import { SecretKeyRef } from '../secret-key-ref';
import { VaultAppRoleAuthProps, VaultKubernetesAuthProps } from '../vault-auth';
import { VaultIssuerProps } from '../vault-issuer-props';

/** Vault paths with '..' segments are refused by cert-manager's webhook. */
function checkVaultPath(scope: IConstruct, field: string, path: string | undefined, fix: string): string {
  required(scope, field, path, fix);
  if (path!.split('/').includes('..')) invalid(scope, field, `'${path}' contains a '..' segment`, fix);
  return path!;
}

export function tokenAuth(scope: IConstruct, field: string, ref: SecretKeyRef): cm.ClusterIssuerSpecVaultAuth {
  return { tokenSecretRef: secretKeyRef(scope, `${field}.tokenSecretRef`, ref, 'the Vault token') };
}

export function appRoleAuth(scope: IConstruct, field: string, props: VaultAppRoleAuthProps): cm.ClusterIssuerSpecVaultAuth {
  return {
    appRole: {
      path: checkVaultPath(scope, `${field}.mountPath`, props.mountPath ?? 'approle', "use the AppRole mount path, e.g. 'approle'"),
      roleId: required(scope, `${field}.roleId`, props.roleId, 'set the AppRole role ID'),
      secretRef: secretKeyRef(scope, `${field}.secretIdSecretRef`, props.secretIdSecretRef, 'the AppRole secret ID'),
    },
  };
}

export function kubernetesAuth(scope: IConstruct, field: string, props: VaultKubernetesAuthProps): cm.ClusterIssuerSpecVaultAuth {
  if ((props.serviceAccountName === undefined) === (props.tokenSecretRef === undefined)) {
    invalid(scope, `${field}.serviceAccountName`, props.tokenSecretRef ? 'is set together with tokenSecretRef' : 'is missing',
      'set exactly one of serviceAccountName (recommended) or tokenSecretRef');
  }
  const name = props.serviceAccountName && checkObjectName(scope, `${field}.serviceAccountName`, props.serviceAccountName);
  return {
    kubernetes: {
      role: required(scope, `${field}.role`, props.role, 'set the Vault role bound to the ServiceAccount'),
      mountPath: props.mountPath && checkVaultPath(scope, `${field}.mountPath`, props.mountPath, "use the mount path, e.g. '/v1/auth/kubernetes'"),
      serviceAccountRef: name ? { name, audiences: props.audiences } : undefined,
      secretRef: optionalSecretKeyRef(scope, `${field}.tokenSecretRef`, props.tokenSecretRef),
    },
  };
}

export function vaultIssuerConfig(scope: IConstruct, props: VaultIssuerProps): IssuerConfig {
  if (props.caBundle !== undefined && props.caBundleSecretRef !== undefined) {
    invalid(scope, 'caBundle', 'is set together with caBundleSecretRef', 'pass the CA bundle one way only');
  }
  required(scope, 'auth', props.auth, 'pass VaultAuth.kubernetes(...), VaultAuth.appRole(...) or VaultAuth.token(...)');
  return {
    supportsWildcards: true,
    certManagerSpec: {
      vault: {
        server: checkUrl(scope, 'server', props.server, ['https:', 'http:']),
        path: checkVaultPath(scope, 'path', props.path, "use the PKI signing path, e.g. 'pki_int/sign/example-dot-com'"),
        auth: props.auth._render(scope, 'auth'),
        namespace: props.vaultNamespace,
        caBundle: pemBundle(scope, 'caBundle', props.caBundle),
        caBundleSecretRef: optionalSecretKeyRef(scope, 'caBundleSecretRef', props.caBundleSecretRef),
        serverName: props.serverName,
      },
    },
  };
}
