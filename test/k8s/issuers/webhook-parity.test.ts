// The issuer inputs issue 10 is about, as a table: the rendered object, cert-manager v1.21.1's webhook verdict on it
// (the port in src/k8s/private/webhook), and ours. Where we refuse what the webhook accepts, it is on purpose, and the
// prop's docs and the error say why.
import { Chart } from 'cdk8s';
import { chart, TEST_CA_PEM } from './synth';
import { AcmeSolver, ClusterIssuer, IssuerType, LetsEncryptEnvironment, VaultAuth } from '../../../src/k8s/issuers';
import { webhookProblems } from '../../../src/k8s/private/webhook';
import { synthErrors } from '../../support/synth';

const le = (props: object = {}) =>
  IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, solvers: [AcmeSolver.http01Ingress()], ...props });
const solver = (s: AcmeSolver) => le({ solvers: [s] });
const rfc2136 = (nameserver: string) => solver(AcmeSolver.dns01Rfc2136({ nameserver }));
const acme = (props: object) => IssuerType.acme({ server: 'https://ca.example.com/dir', solvers: [AcmeSolver.http01Ingress()], ...props });
const vault = (props: object) => IssuerType.vault({ server: 'https://vault:8200', path: 'pki/sign/web', auth: VaultAuth.token({ name: 'v' }), ...props });
const DAMAGED_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

type Verdict = 'accepts' | 'rejects';
type Ours = 'accepts' | 'refuses' | 'refuses on purpose';

const CASES: Array<[string, Verdict, Ours, string, IssuerType]> = [
  ['RFC 2136 nameserver without port', 'accepts', 'accepts', '', rfc2136('ns1.example.com')],
  ['RFC 2136 IPv6 nameserver in brackets without port', 'accepts', 'accepts', '', rfc2136('[2001:db8::53]')],
  ['RFC 2136 IPv6 nameserver in brackets with port', 'accepts', 'accepts', '', rfc2136('[2001:db8::53]:53')],
  ['RFC 2136 bare IPv6 nameserver', 'rejects', 'refuses', '', rfc2136('2001:db8::53')],
  ['RFC 2136 nameserver without host', 'rejects', 'refuses', '', rfc2136(':53')],
  ['RFC 2136 host name in brackets', 'accepts', 'refuses on purpose', 'an IPv6 address in brackets', rfc2136('[ns1.example.com]:53')],
  ['RFC 2136 nameserver with a bad IPv4', 'accepts', 'refuses on purpose', "'192.0.2.53:53'", rfc2136('999.0.2.53')],
  ['Vault token ref without key', 'accepts', 'accepts', '', vault({})],
  ['Vault Kubernetes token Secret without key', 'accepts', 'accepts', '', vault({ auth: VaultAuth.kubernetes({ role: 'r', tokenSecretRef: { name: 'sa' } }) })],
  ['Vault CA bundle Secret without key', 'accepts', 'accepts', '', vault({ caBundleSecretRef: { name: 'ca' } })],
  ['Vault client certificate refs without keys', 'accepts', 'accepts', '', vault({ clientCertSecretRef: { name: 'c' }, clientKeySecretRef: { name: 'c' } })],
  ['Vault AppRole secret ref without key', 'accepts', 'refuses on purpose', 'has no default', vault({ auth: VaultAuth.appRole({ roleId: 'r', secretIdSecretRef: { name: 'approle' } }) })],
  ['Vault Kubernetes auth with an empty ServiceAccount name', 'rejects', 'refuses', '', vault({ auth: VaultAuth.kubernetes({ role: 'r', serviceAccountName: '' }) })],
  ['Vault client certificate without key', 'rejects', 'refuses', '', vault({ clientCertSecretRef: { name: 'c' } })],
  ['Vault caBundle with a damaged certificate', 'rejects', 'refuses', '', vault({ caBundle: DAMAGED_PEM })],
  ['Vault caBundle with a certificate', 'accepts', 'accepts', '', vault({ caBundle: TEST_CA_PEM })],
  ['ACME caBundle with a damaged certificate', 'rejects', 'refuses', '', acme({ caBundle: DAMAGED_PEM })],
  ['ACME caBundle without PEM', 'rejects', 'refuses', '', acme({ caBundle: 'ca.crt' })],
  ['ACME issuer without solvers', 'accepts', 'refuses on purpose', 'cert-manager accepts this', le({ solvers: [] })],
  ['Gateway solver without parentRefs', 'accepts', 'refuses on purpose', 'cert-manager accepts this', solver(AcmeSolver.http01Gateway({ parentRefs: [] }))],
  ['Gateway solver with parentRefs from annotations', 'accepts', 'accepts', '', solver(AcmeSolver.http01Gateway({ parentRefsFromAnnotations: true }))],
  ['webhook solver with an empty groupName', 'accepts', 'refuses on purpose', 'cert-manager accepts this', solver(AcmeSolver.dns01Webhook({ groupName: '', solverName: 's' }))],
  ['selector with an empty list of zones', 'accepts', 'refuses on purpose', 'no restriction', solver(AcmeSolver.http01Ingress({ selector: { dnsZones: [] } }))],
  ['selector with an empty label map', 'accepts', 'refuses on purpose', 'no restriction', solver(AcmeSolver.http01Ingress({ selector: { matchLabels: {} } }))],
  ["Let's Encrypt production URL in IssuerType.acme", 'accepts', 'refuses on purpose', 'LetsEncryptIssuers', acme({ server: 'https://acme-v02.api.letsencrypt.org/directory' })],
];

test.each(CASES)('%s: the webhook %s it; ours: %s', (_title, verdict, ours, why, type) => {
  const c: Chart = chart();
  // The object as rendered (escape-hatch patches included), whatever the construct reported.
  const rendered = new ClusterIssuer(c, 'issuer', { type }).apiObject.toJson();
  expect(webhookProblems(rendered).length > 0 ? 'rejects' : 'accepts').toBe(verdict);
  const errors = synthErrors(c);
  expect(errors.length > 0 ? 'refuses' : 'accepts').toBe(ours === 'accepts' ? 'accepts' : 'refuses');
  if (why) expect(errors.join('\n')).toContain(why);
});

test("an issuer named staging on Let's Encrypt production: the webhook accepts, we refuse on purpose", () => {
  const c = chart();
  const issuer = new ClusterIssuer(c, 'issuer', { name: 'letsencrypt-staging', type: le({ environment: LetsEncryptEnvironment.PRODUCTION }) });
  expect(webhookProblems(issuer.apiObject.toJson())).toEqual([]);
  expect(synthErrors(c)).toEqual([
    "test/issuer: name 'letsencrypt-staging' says staging, but the issuer uses Let's Encrypt production (https://acme-v02.api.letsencrypt.org/directory). "
    + 'Fix: use LetsEncryptEnvironment.STAGING if the issuer is for staging, or rename it.',
  ]);
});
