// Objects for the webhook tables: a valid one of each kind, and a way to vary it.

/** A self-signed test CA (EC P-256, valid until 2126), for caBundle cases. */
export const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBijCCATGgAwIBAgIUNqN7PXTc6peJoRfOJJxKPVuCrTIwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPY2VydGtpdCB0ZXN0IENBMCAXDTI2MTIwMTExMTUxOFoYDzIx
MjYxMTA3MTExNTE4WjAaMRgwFgYDVQQDDA9jZXJ0a2l0IHRlc3QgQ0EwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAAQ00C5+DgM2GcpddKvTQ/NhHU85fuCixqgP2VaP
oIPjCW+YMG3LN9FdUsgvgBelmSUtA9ymFB4Khc9XVcbgGpfBo1MwUTAdBgNVHQ4E
FgQUzsSj6R/UjpiUuhEQk6V0N3ibVr0wHwYDVR0jBBgwFoAUzsSj6R/UjpiUuhEQ
k6V0N3ibVr0wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAgQlie
pdr7uKsKjGwHv7x2arH7Ct7j0o8NiYz66TvjswIgGcf78tnIc10Jwax3f/zGHJcF
1Qbrdi10mBfgxI7VeqU=
-----END CERTIFICATE-----
`;

export const b64 = (s: string) => Buffer.from(s).toString('base64');

export function certificate(spec: Record<string, unknown>, dropKeys: string[] = []): any {
  const base: Record<string, unknown> = { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } };
  const merged: Record<string, unknown> = { ...base, ...spec };
  for (const k of dropKeys) delete merged[k];
  return { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: 'apps' }, spec: merged };
}

export function clusterIssuer(spec: Record<string, unknown>): any {
  return { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'le' }, spec };
}

export const acme = (extra: Record<string, unknown> = {}, solvers: unknown[] = [{ http01: { ingress: { ingressClassName: 'nginx' } } }]) => ({
  acme: { server: 'https://acme-staging-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le-account' }, solvers, ...extra },
});

export const dns01 = (provider: Record<string, unknown>) => acme({}, [{ dns01: provider }]);

export const vault = (extra: Record<string, unknown> = {}, auth: unknown = { tokenSecretRef: { name: 'vault-token' } }) => ({
  vault: { server: 'https://vault.example.com', path: 'pki/sign/web', auth, ...extra },
});
