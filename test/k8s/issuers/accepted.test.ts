// What cert-manager v1.21.1 accepts and runs, and the library used to refuse: each row synthesizes with no error
// (the construct checks and the rendered-object net both pass), validates against its CRD, and renders as stated.
import { Chart } from 'cdk8s';
import { chart, only, synthValid } from './synth';
import { AcmeSolver, ClusterIssuer, IssuerType, LetsEncryptEnvironment, VaultAuth } from '../../../src/k8s/issuers';
import { synthErrors } from '../../support/synth';

const le = (solver: AcmeSolver) => IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, solvers: [solver] });

/** Builds the issuer, insists synth reports nothing, and returns its rendered spec. */
function spec(type: IssuerType): any {
  const c: Chart = chart();
  new ClusterIssuer(c, 'ok', { type });
  expect(synthErrors(c)).toEqual([]);
  return only(synthValid(c), 'ClusterIssuer').spec;
}

describe('RFC 2136 nameserver: the port is optional (cert-manager uses 53), IPv6 in brackets', () => {
  test.each([
    'ns1.example.com', 'ns1.example.com:53', 'ns1.example.com:', '192.0.2.53', '192.0.2.53:5353',
    '[2001:db8::53]', '[2001:db8::53]:53', '[::1]:5353',
  ])('%s', nameserver => {
    expect(spec(le(AcmeSolver.dns01Rfc2136({ nameserver }))).acme.solvers[0].dns01.rfc2136.nameserver).toBe(nameserver);
  });
});

describe('Vault Secret refs without key: the key cert-manager reads is written out', () => {
  const vault = (props: object) => IssuerType.vault({
    server: 'https://vault:8200', path: 'pki/sign/web', auth: VaultAuth.token({ name: 'vault-token' }), ...props,
  });
  test.each([
    ['token auth', vault({}), 'auth.tokenSecretRef', { name: 'vault-token', key: 'token' }],
    ['Kubernetes auth token Secret', vault({ auth: VaultAuth.kubernetes({ role: 'r', tokenSecretRef: { name: 'sa-token' } }) }), 'auth.kubernetes.secretRef', { name: 'sa-token', key: 'token' }],
    ['CA bundle Secret', vault({ caBundleSecretRef: { name: 'vault-ca' } }), 'caBundleSecretRef', { name: 'vault-ca', key: 'ca.crt' }],
    ['client certificate', vault({ clientCertSecretRef: { name: 'client' }, clientKeySecretRef: { name: 'client' } }), 'clientCertSecretRef', { name: 'client', key: 'tls.crt' }],
    ['client key', vault({ clientCertSecretRef: { name: 'client' }, clientKeySecretRef: { name: 'client' } }), 'clientKeySecretRef', { name: 'client', key: 'tls.key' }],
    ['a key given is kept', vault({ caBundleSecretRef: { name: 'vault-ca', key: 'bundle.pem' } }), 'caBundleSecretRef', { name: 'vault-ca', key: 'bundle.pem' }],
  ])('%s', (_title, type, path, expected) => {
    const value = path.split('.').reduce((o: any, k) => o?.[k], spec(type).vault);
    expect(value).toEqual(expected);
  });
});

test('a Gateway solver may leave parentRefs to the Certificates\' annotations (gateway-shim) when told so', () => {
  const solver = spec(le(AcmeSolver.http01Gateway({ parentRefsFromAnnotations: true }))).acme.solvers[0];
  expect(solver.http01.gatewayHTTPRoute).toEqual({});
});

test("Let's Encrypt takes an existing account key", () => {
  const type = IssuerType.letsEncrypt({
    environment: LetsEncryptEnvironment.PRODUCTION, solvers: [AcmeSolver.http01Ingress()], privateKeySecretName: 'le-account', disableAccountKeyGeneration: true,
  });
  expect(spec(type).acme).toMatchObject({ privateKeySecretRef: { name: 'le-account' }, disableAccountKeyGeneration: true });
});

test.each([
  ['a name that says neither environment', 'public-acme'],
  ['a name that matches its environment', 'letsencrypt-prod'],
])("Let's Encrypt production issuer with %s", (_title, name) => {
  const c = chart();
  new ClusterIssuer(c, 'ok', { name, type: IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.PRODUCTION, solvers: [AcmeSolver.http01Ingress()] }) });
  expect(synthErrors(c)).toEqual([]);
});

test("an issuer named staging on an ACME directory that is not Let's Encrypt", () => {
  const c = chart();
  new ClusterIssuer(c, 'ok', { name: 'step-ca-staging', type: IssuerType.acme({ server: 'https://ca.example.com/acme/directory', solvers: [AcmeSolver.http01Ingress()] }) });
  expect(synthErrors(c)).toEqual([]);
});
