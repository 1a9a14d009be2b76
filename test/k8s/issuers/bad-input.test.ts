import { Chart } from 'cdk8s';
import { chart, TEST_CA_PEM } from './synth';
import {
  AcmeSolver, ClusterIssuer, Issuer, IssuerType, LetsEncryptEnvironment, LetsEncryptIssuers, SecretKeyRef, VaultAuth,
} from '../../../src/k8s/issuers';
import { synthErrors } from '../../support/synth';

const ARN = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const PEM = TEST_CA_PEM;
const DAMAGED_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----';
const LE_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';
const LE_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';
const acme = (props: object) => IssuerType.acme({ server: 'https://ca.example.com/dir', solvers: [AcmeSolver.dns01Route53()], ...props });
const vault = (props: object) => IssuerType.vault({ server: 'https://vault:8200', path: 'pki/sign/web', auth: VaultAuth.token({ name: 'v' }), ...props });
const ref = (name: string, key: string): SecretKeyRef => ({ name, key });
const untyped = (value: unknown) => value as any; // what a JavaScript caller could pass

const le = (props: object = {}) =>
  IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, solvers: [AcmeSolver.http01Ingress()], ...props });
const withSolver = (solver: AcmeSolver) => le({ solvers: [solver] });
const cluster = (type: IssuerType) => (c: Chart) => new ClusterIssuer(c, 'bad', { type });

/** [case, what builds it, construct path, field named, a fragment of the fix]. */
const CASES: Array<[string, (c: Chart) => unknown, string, string, string]> = [
  ['ACME issuer without solvers', cluster(le({ solvers: [] })), 'test/bad', 'solvers', 'add at least one AcmeSolver'],
  ['generic ACME issuer without solvers', cluster(IssuerType.acme({ server: 'https://ca.example.com/dir', solvers: [] })), 'test/bad', 'solvers', 'add at least one AcmeSolver'],
  ['a solver list holding something else', cluster(le({ solvers: [AcmeSolver.http01Ingress(), untyped('http01')] })), 'test/bad', 'solvers[1]', 'add at least one AcmeSolver'],
  ['invalid account e-mail', cluster(le({ email: 'ops@localhost' })), 'test/bad', 'email', 'ops@example.com'],
  ['e-mail with spaces', cluster(le({ email: 'ops team@example.com' })), 'test/bad', 'email', 'ops@example.com'],
  ['ACME server that is not HTTPS', cluster(IssuerType.acme({ server: 'http://ca.example.com/dir', solvers: [AcmeSolver.dns01Route53()] })), 'test/bad', 'server', 'https URL'],
  ['caBundle together with skipTlsVerify', cluster(IssuerType.acme({ server: 'https://ca.example.com/dir', caBundle: PEM, skipTlsVerify: true, solvers: [AcmeSolver.dns01Route53()] })), 'test/bad', 'skipTlsVerify', 'drop skipTlsVerify'],
  ['caBundle without a PEM certificate', cluster(IssuerType.acme({ server: 'https://ca.example.com/dir', caBundle: 'not pem', solvers: [AcmeSolver.dns01Route53()] })), 'test/bad', 'caBundle', 'PEM'],
  ['EAB without its secret ref', cluster(IssuerType.acme({ server: 'https://ca.example.com/dir', externalAccountBinding: untyped({ keyId: 'kid' }), solvers: [AcmeSolver.dns01Route53()] })), 'test/bad', 'externalAccountBinding.keySecretRef', 'EAB HMAC key'],
  ['EAB without its key ID', cluster(IssuerType.acme({ server: 'https://ca.example.com/dir', externalAccountBinding: untyped({ keySecretRef: ref('eab', 'hmac') }), solvers: [AcmeSolver.dns01Route53()] })), 'test/bad', 'externalAccountBinding.keyId', 'key ID'],
  ['unknown Let\'s Encrypt environment', cluster(le({ environment: 'prod' })), 'test/bad', 'environment', 'staging, production'],
  ['privateKeySecretName not an object name', cluster(le({ privateKeySecretName: 'Account_Key' })), 'test/bad', 'privateKeySecretName', 'lower-case'],
  ['PCA ARN of another service', cluster(IssuerType.awsPrivateCa({ arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' })), 'test/bad', 'arn', 'certificate-authority/<uuid>'],
  ['PCA ARN with a short account', cluster(IssuerType.awsPrivateCa({ arn: ARN.replace('123456789012', '12345') })), 'test/bad', 'arn', '12-digit account'],
  ['PCA ARN without a UUID', cluster(IssuerType.awsPrivateCa({ arn: ARN.replace(/\/.*$/, '/my-ca') })), 'test/bad', 'arn', 'certificate-authority/<uuid>'],
  ['PCA ARN with a bad region', cluster(IssuerType.awsPrivateCa({ arn: ARN.replace('eu-west-1', 'europe') })), 'test/bad', 'arn', '<region>'],
  ['PCA region differing from the ARN', cluster(IssuerType.awsPrivateCa({ arn: ARN, region: 'us-east-1' })), 'test/bad', 'region', "set region to 'eu-west-1'"],
  ['PCA role that is not a role ARN', cluster(IssuerType.awsPrivateCa({ arn: ARN, role: 'pca-issuer' })), 'test/bad', 'role', 'arn:aws:iam::'],
  ['selector DNS name invalid', cluster(withSolver(AcmeSolver.dns01Route53({ selector: { dnsNames: ['app.example.com', 'Bad_Name.example.com'] } }))), 'test/bad', 'solvers[0].selector.dnsNames[1]', "'*.example.com'"],
  ['selector zone with a wildcard', cluster(withSolver(AcmeSolver.dns01Route53({ selector: { dnsZones: ['*.example.com'] } }))), 'test/bad', 'solvers[0].selector.dnsZones[0]', 'no wildcard'],
  ['selector zone that is a bare label', cluster(withSolver(AcmeSolver.http01Ingress({ selector: { dnsZones: ['localhost'] } }))), 'test/bad', 'solvers[0].selector.dnsZones[0]', "'example.com'"],
  ['selector label value invalid', cluster(withSolver(AcmeSolver.http01Ingress({ selector: { matchLabels: { tier: 'front end' } } }))), 'test/bad', "solvers[0].selector.matchLabels['tier']", 'at most 63'],
  ['RFC 2136 IPv6 nameserver without brackets', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: '2001:db8::53:53' }))), 'test/bad', 'solvers[0].nameserver', "'[2001:db8::53]'"],
  ['RFC 2136 IPv6 nameserver without brackets or port', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: '2001:db8::53' }))), 'test/bad', 'solvers[0].nameserver', 'in brackets'],
  ['RFC 2136 host name in brackets', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: '[ns1.example.com]:53' }))), 'test/bad', 'solvers[0].nameserver', 'in brackets'],
  ['RFC 2136 nameserver with only a port', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: ':53' }))), 'test/bad', 'solvers[0].nameserver', "'ns1.example.com'"],
  ['RFC 2136 empty nameserver', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: '' }))), 'test/bad', 'solvers[0].nameserver', "'ns1.example.com'"],
  ['RFC 2136 nameserver port out of range', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: '192.0.2.53:70000' }))), 'test/bad', 'solvers[0].nameserver', "'192.0.2.53:53'"],
  ['RFC 2136 nameserver with a bad IPv4', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: '999.0.2.53:53' }))), 'test/bad', 'solvers[0].nameserver', "'192.0.2.53:53'"],
  ['RFC 2136 TSIG without secret', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: 'ns1:53', tsig: untyped({ keyName: 'k' }) }))), 'test/bad', 'solvers[0].tsig.secretRef', 'TSIG key'],
  ['RFC 2136 unsupported TSIG algorithm', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: 'ns1:53', tsig: { keyName: 'k', secretRef: ref('tsig', 'key'), algorithm: untyped('HMACMD5') } }))), 'test/bad', 'solvers[0].tsig.algorithm', 'HMACSHA256, HMACSHA512'],
  ['Cloudflare API key without e-mail', cluster(withSolver(AcmeSolver.dns01Cloudflare({ apiKeySecretRef: ref('cf', 'key') }))), 'test/bad', 'solvers[0].email', 'apiTokenSecretRef'],
  ['Cloudflare without credentials', cluster(withSolver(AcmeSolver.dns01Cloudflare({}))), 'test/bad', 'solvers[0].apiTokenSecretRef', 'exactly one'],
  ['Cloudflare token and key together', cluster(withSolver(AcmeSolver.dns01Cloudflare({ apiTokenSecretRef: ref('cf', 't'), apiKeySecretRef: ref('cf', 'k'), email: 'a@example.com' }))), 'test/bad', 'solvers[0].apiTokenSecretRef', 'exactly one'],
  ['Route53 with half an access key', cluster(withSolver(AcmeSolver.dns01Route53({ accessKeyIdSecretRef: ref('aws', 'id') }))), 'test/bad', 'solvers[0].secretAccessKeySecretRef', 'set both'],
  ['Route53 service account without role', cluster(withSolver(AcmeSolver.dns01Route53({ serviceAccount: { name: 'acme' } }))), 'test/bad', 'solvers[0].role', 'ARN of the role'],
  ['Route53 service account and static keys', cluster(withSolver(AcmeSolver.dns01Route53({ role: 'arn:aws:iam::123456789012:role/dns', serviceAccount: { name: 'acme' }, accessKeyIdSecretRef: ref('aws', 'id'), secretAccessKeySecretRef: ref('aws', 'key') }))), 'test/bad', 'solvers[0].serviceAccount', 'either'],
  ['Route53 hosted zone with prefix', cluster(withSolver(AcmeSolver.dns01Route53({ hostedZoneId: '/hostedzone/Z123' }))), 'test/bad', 'solvers[0].hostedZoneId', "without '/hostedzone/'"],
  ['Route53 hosted zone that is a change ID', cluster(withSolver(AcmeSolver.dns01Route53({ hostedZoneId: 'C0123456789ABCDEFGHIJ' }))), 'test/bad', 'solvers[0].hostedZoneId', 'list-hosted-zones'],
  ['RFC 2136 TSIG with HMAC-MD5 in the wire spelling', cluster(withSolver(AcmeSolver.dns01Rfc2136({ nameserver: 'ns1:53', tsig: { keyName: 'k', secretRef: ref('tsig', 'key'), algorithm: untyped('hmac-md5') } }))), 'test/bad', 'solvers[0].tsig.algorithm', 'hmac-sha256'],
  ['Route53 bad region', cluster(withSolver(AcmeSolver.dns01Route53({ region: 'Ireland' }))), 'test/bad', 'solvers[0].region', "'eu-west-1'"],
  ['secret ref without key', cluster(withSolver(AcmeSolver.dns01DigitalOcean({ tokenSecretRef: { name: 'do' } }))), 'test/bad', 'solvers[0].tokenSecretRef.key', "name the key of Secret 'do'"],
  ['secret ref with a bad key', cluster(withSolver(AcmeSolver.dns01DigitalOcean({ tokenSecretRef: ref('do', 'a key') }))), 'test/bad', 'solvers[0].tokenSecretRef.key', 'letters, digits'],
  ['Vault AppRole secret ref without key', cluster(vault({ auth: VaultAuth.appRole({ roleId: 'r', secretIdSecretRef: { name: 'approle' } }) })), 'test/bad', 'auth.secretIdSecretRef.key', 'has no default'],
  ['Vault Kubernetes auth with an empty ServiceAccount name', cluster(vault({ auth: VaultAuth.kubernetes({ role: 'r', serviceAccountName: '' }) })), 'test/bad', 'auth.serviceAccountName', 'exactly one'],
  ['Vault client certificate without its key', cluster(vault({ clientCertSecretRef: { name: 'vault-client' } })), 'test/bad', 'clientKeySecretRef', 'both'],
  ['Vault client key without its certificate', cluster(vault({ clientKeySecretRef: { name: 'vault-client' } })), 'test/bad', 'clientCertSecretRef', 'both'],
  ['Vault caBundle with a damaged certificate', cluster(vault({ caBundle: DAMAGED_PEM })), 'test/bad', 'caBundle', 'BEGIN CERTIFICATE'],
  ['Vault caBundle that is not PEM', cluster(vault({ caBundle: 'MIIBeDCCAR+gAwIBAgIU' })), 'test/bad', 'caBundle', 'BEGIN CERTIFICATE'],
  ['ACME caBundle holding a private key', cluster(acme({ caBundle: KEY_PEM })), 'test/bad', 'caBundle', 'never put a private key'],
  ['ACME caBundle with a damaged certificate', cluster(acme({ caBundle: DAMAGED_PEM })), 'test/bad', 'caBundle', 'BEGIN CERTIFICATE'],
  ['selector with an empty list of zones', cluster(withSolver(AcmeSolver.dns01Route53({ selector: { dnsZones: [] } }))), 'test/bad', 'solvers[0].selector.dnsZones', 'leave dnsZones out'],
  ['selector with an empty list of names', cluster(withSolver(AcmeSolver.http01Ingress({ selector: { dnsNames: [] } }))), 'test/bad', 'solvers[0].selector.dnsNames', 'leave dnsNames out'],
  ['selector with an empty label map', cluster(withSolver(AcmeSolver.http01Ingress({ selector: { matchLabels: {} } }))), 'test/bad', 'solvers[0].selector.matchLabels', 'leave matchLabels out'],
  ["raw Let's Encrypt production URL in IssuerType.acme", cluster(acme({ server: LE_PRODUCTION })), 'test/bad', 'server', 'LetsEncryptEnvironment.PRODUCTION'],
  ["raw Let's Encrypt staging URL in IssuerType.acme", cluster(acme({ server: LE_STAGING.replace('directory', 'directory/') })), 'test/bad', 'server', 'LetsEncryptIssuers'],
  ["issuer named staging on Let's Encrypt production", c => new ClusterIssuer(c, 'bad', { name: 'letsencrypt-staging', type: le({ environment: LetsEncryptEnvironment.PRODUCTION }) }), 'test/bad', 'name', 'LetsEncryptEnvironment.STAGING'],
  ["issuer named prod on Let's Encrypt staging", c => new ClusterIssuer(c, 'bad', { name: 'le-prod', type: le() }), 'test/bad', 'name', 'LetsEncryptEnvironment.PRODUCTION'],
  ["issuer whose construct id says staging on Let's Encrypt production", c => new ClusterIssuer(c, 'staging', { type: le({ environment: LetsEncryptEnvironment.PRODUCTION }) }), 'test/staging', 'name', 'change the construct id'],
  ["Let's Encrypt pair with the names swapped", c => new LetsEncryptIssuers(c, 'le', { solvers: [AcmeSolver.http01Ingress()], stagingName: 'letsencrypt-prod', productionName: 'letsencrypt-staging' }), 'test/le/Staging', 'name', 'rename it'],
  ["Let's Encrypt issuer chosen from an undeclared environment", c => new LetsEncryptIssuers(c, 'le', { solvers: [AcmeSolver.http01Ingress()] }).forEnvironmentOf(c), 'test', 'environment', 'CertkitEnvironment.declare'],
  ['secret ref with a bad name', cluster(withSolver(AcmeSolver.dns01DigitalOcean({ tokenSecretRef: ref('DO_Token', 'token') }))), 'test/bad', 'solvers[0].tokenSecretRef.name', 'lower-case'],
  ['ingress class name and existing ingress together', cluster(withSolver(AcmeSolver.http01Ingress({ ingressClassName: 'nginx', ingressName: 'web' }))), 'test/bad', 'solvers[0].ingressClassName/ingressName', 'only one'],
  ['gateway solver without parentRefs', cluster(withSolver(AcmeSolver.http01Gateway({ parentRefs: [] }))), 'test/bad', 'solvers[0].parentRefs', 'at least one Gateway'],
  ['gateway port out of range', cluster(withSolver(AcmeSolver.http01Gateway({ parentRefs: [{ name: 'gw', port: 0 }] }))), 'test/bad', 'solvers[0].parentRefs[0].port', '1 to 65535'],
  ['Azure with two identities', cluster(withSolver(AcmeSolver.dns01AzureDns({ subscriptionId: 's', resourceGroupName: 'r', managedIdentity: {}, servicePrincipal: { clientId: 'c', tenantId: 't', clientSecretSecretRef: ref('az', 'secret') } }))), 'test/bad', 'solvers[0].managedIdentity', 'either'],
  ['acme-dns host not a URL', cluster(withSolver(AcmeSolver.dns01AcmeDns({ host: 'auth.example.com', accountSecretRef: ref('acmedns', 'json') }))), 'test/bad', 'solvers[0].host', 'URL'],
  ['webhook group not an API group', cluster(withSolver(AcmeSolver.dns01Webhook({ groupName: 'My Group', solverName: 'x' }))), 'test/bad', 'solvers[0].groupName', "'acme.example.com'"],
  ['CA secret name invalid', cluster(IssuerType.ca({ secretName: 'CA Keypair' })), 'test/bad', 'secretName', 'lower-case'],
  ['Vault path with ..', cluster(IssuerType.vault({ server: 'https://vault:8200', path: 'pki/../sys', auth: VaultAuth.token(ref('v', 'token')) })), 'test/bad', 'path', 'pki_int/sign'],
  ['Vault Kubernetes auth without identity', cluster(IssuerType.vault({ server: 'https://vault:8200', path: 'pki/sign/web', auth: VaultAuth.kubernetes({ role: 'r' }) })), 'test/bad', 'auth.serviceAccountName', 'exactly one'],
  ['Vault CA bundle given twice', cluster(IssuerType.vault({ server: 'https://vault:8200', path: 'pki/sign/web', caBundle: PEM, caBundleSecretRef: ref('ca', 'ca.crt'), auth: VaultAuth.token(ref('v', 'token')) })), 'test/bad', 'caBundle', 'one way only'],
  ['issuer name invalid', c => new ClusterIssuer(c, 'bad', { name: 'Lets Encrypt', type: IssuerType.selfSigned() }), 'test/bad', 'name', 'lower-case'],
  ['issuer label key invalid', c => new ClusterIssuer(c, 'bad', { labels: { 'bad key': 'x' }, type: IssuerType.selfSigned() }), 'test/bad', "labels key 'bad key'", '[prefix/]name'],
  ['issuer without type', c => new ClusterIssuer(c, 'bad', untyped({})), 'test/bad', 'type', 'IssuerType'],
  ['namespaced Issuer without any namespace', c => new Issuer(c, 'bad', { type: IssuerType.selfSigned() }), 'test/bad', 'namespace', 'give the chart a namespace'],
  ['namespaced Issuer with an invalid namespace', c => new Issuer(c, 'bad', { namespace: 'Team_A', type: IssuerType.selfSigned() }), 'test/bad', 'namespace', '63 lower-case'],
  ["Let's Encrypt pair with one name", c => new LetsEncryptIssuers(c, 'le', { solvers: [AcmeSolver.http01Ingress()], stagingName: 'le', productionName: 'le' }), 'test/le', 'productionName', 'different names'],
  ["Let's Encrypt pair with a bad e-mail", c => new LetsEncryptIssuers(c, 'le', { email: 'nobody', solvers: [AcmeSolver.http01Ingress()] }), 'test/le/Staging', 'email', 'ops@example.com'],
];

/** The error lines of building and synthesizing: the one thrown where nothing could go on, else every one reported. */
function errorsOf(build: (c: Chart) => unknown): string[] {
  const c = chart();
  try {
    build(c);
  } catch (e) {
    return [(e as Error).message];
  }
  return synthErrors(c);
}

test.each(CASES)('%s: names path, field and fix on one line', (_title, build, path, field, fix) => {
  const [message = ''] = errorsOf(build);
  // One line: `<path>: <field> <problem>. Fix: <fix>.`
  const prefix = `${path}: ${field} `;
  expect(message.slice(0, prefix.length)).toBe(prefix);
  expect(message).not.toContain('\n');
  expect(message).toMatch(/\. Fix: .+\.$/);
  expect(message.slice(message.indexOf('. Fix: '))).toContain(fix);
});

/** Where the library is stricter than cert-manager's webhook on purpose, the error says so. */
test.each([
  ['ACME issuer without solvers', cluster(le({ solvers: [] }))],
  ['Gateway solver without parentRefs', cluster(withSolver(AcmeSolver.http01Gateway({ parentRefs: [] })))],
  ['webhook solver group that is no API group', cluster(withSolver(AcmeSolver.dns01Webhook({ groupName: '', solverName: 'x' })))],
])('%s: the error says cert-manager accepts it and why it is refused', (_title, build) => {
  const [message = ''] = errorsOf(build);
  expect(message).toMatch(/cert-manager accepts this, but .+\. Fix: .+\.$/);
});

test('one synth reports every mistake of an issuer and its solvers, one line each', () => {
  const lines = errorsOf(c => new ClusterIssuer(c, 'bad', {
    labels: { tier: 'front end' },
    type: le({
      email: 'ops@localhost',
      solvers: [AcmeSolver.dns01Route53({ region: 'Ireland' }), AcmeSolver.http01Gateway({ parentRefs: [{ name: 'gw', port: 0 }] })],
    }),
  }));
  expect(lines.map(l => l.slice(0, l.indexOf(' ', 'test/bad: '.length)))).toEqual([
    'test/bad: email',
    'test/bad: solvers[0].region',
    'test/bad: solvers[1].parentRefs[0].port',
    "test/bad: labels['tier']",
  ]);
  expect(lines.every(l => /^test\/bad: [^\n]+\. Fix: [^\n]+\.$/.test(l))).toBe(true);
});
