import { chart, only, synthValid, TEST_CA_PEM as PEM } from './synth';
import {
  ClusterIssuer, IssuerType, VaultAuth,
} from '../../../src/k8s/issuers';

describe('Vault', () => {
  test.each([
    ['kubernetes (bound ServiceAccount token)',
      VaultAuth.kubernetes({ role: 'cert-manager', mountPath: '/v1/auth/k8s-prod', serviceAccountName: 'vault-issuer', audiences: ['vault'] }),
      { kubernetes: { role: 'cert-manager', mountPath: '/v1/auth/k8s-prod', serviceAccountRef: { name: 'vault-issuer', audiences: ['vault'] } } }],
    ['kubernetes (token Secret)', VaultAuth.kubernetes({ role: 'cert-manager', tokenSecretRef: { name: 'vault-sa-token', key: 'token' } }),
      { kubernetes: { role: 'cert-manager', secretRef: { name: 'vault-sa-token', key: 'token' } } }],
    ['AppRole', VaultAuth.appRole({ roleId: 'role-123', secretIdSecretRef: { name: 'approle', key: 'secretId' } }),
      { appRole: { path: 'approle', roleId: 'role-123', secretRef: { name: 'approle', key: 'secretId' } } }],
    ['token', VaultAuth.token({ name: 'vault-token', key: 'token' }), { tokenSecretRef: { name: 'vault-token', key: 'token' } }],
  ])('auth: %s', (_title, auth, expected) => {
    const c = chart();
    new ClusterIssuer(c, 'vault', {
      type: IssuerType.vault({
        server: 'https://vault.example.com:8200',
        path: 'pki_int/sign/example-dot-com',
        auth,
        vaultNamespace: 'platform',
        caBundleSecretRef: { name: 'vault-ca', key: 'ca.crt' },
        serverName: 'vault.internal',
      }),
    });
    const vault = only(synthValid(c), 'ClusterIssuer').spec.vault;
    expect(vault).toMatchObject({ server: 'https://vault.example.com:8200', path: 'pki_int/sign/example-dot-com', namespace: 'platform', serverName: 'vault.internal' });
    expect(vault.caBundleSecretRef).toEqual({ name: 'vault-ca', key: 'ca.crt' });
    expect(vault.auth).toEqual(expected);
  });

  test('an inline CA bundle is base64-encoded', () => {
    const c = chart();
    new ClusterIssuer(c, 'vault', { type: IssuerType.vault({ server: 'https://vault:8200', path: 'pki/sign/web', caBundle: PEM, auth: VaultAuth.token({ name: 't', key: 'token' }) }) });
    expect(only(synthValid(c), 'ClusterIssuer').spec.vault.caBundle).toBe(Buffer.from(PEM).toString('base64'));
  });
});
