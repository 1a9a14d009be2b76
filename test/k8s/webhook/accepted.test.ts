// Objects cert-manager v1.21.1 admits (webhook and CRD schema) and that work: the synth-time net must not refuse
// them. Where a construct refuses one on purpose, the row says so (the construct documents it).
import { acme, b64, certificate, clusterIssuer, dns01, TEST_CA_PEM, vault } from './fixtures';
import { renderedProblems } from '../../../src/k8s/private/rendered-validation';

const window = (cron: string, extra: Record<string, unknown> = {}) => ({ renewal: { policy: 'RenewBefore', windows: [{ cron, windowDuration: '2h', ...extra }] } });

test.each<[string, any]>([
  ['RSA 8192 (ValidateCertificateSpec: 2048..8192)', certificate({ privateKey: { algorithm: 'RSA', size: 8192 } })],
  ['RSA 2560 (any size in range)', certificate({ privateKey: { algorithm: 'RSA', size: 2560 } })],
  ['Ed25519 with a size (ignored; the library refuses it on purpose)', certificate({ privateKey: { algorithm: 'Ed25519', size: 256 } })],
  ['renewal window @daily (robfig Descriptor)', certificate(window('@daily'))],
  ['renewal window with month and day names', certificate(window('30 1 * JAN,JUL MON-FRI', { timezone: 'America/Denver' }))],
  ['renewal window in a linked zone name', certificate(window('0 3 * * *', { timezone: 'US/Eastern' }))],
  ['e-mail SAN on a single-label domain', certificate({ emailAddresses: ['root@localhost'] })],
  ['IPv4-mapped IPv6 SAN', certificate({ ipAddresses: ['::ffff:192.0.2.1'] })],
  ['literalSubject with escapes and a multi-valued RDN', certificate({ literalSubject: 'CN=web+UID=42,O=Example\\, Inc.,DC=example,DC=com' })],
  ['renewBeforePercentage 90 of 1h leaves 6 minutes', certificate({ duration: '1h', renewBeforePercentage: 90 })],
  ['Vault token Secret without key (cert-manager reads "token")', clusterIssuer(vault({}, { tokenSecretRef: { name: 'vault-token' } }))],
  ['Vault Kubernetes auth with a token Secret without key (reads "token")', clusterIssuer(vault({}, { kubernetes: { role: 'r', secretRef: { name: 'sa-token' } } }))],
  ['Vault caBundleSecretRef without key (reads "ca.crt")', clusterIssuer(vault({ caBundleSecretRef: { name: 'vault-ca' } }))],
  ['Vault client certificate refs without keys (read tls.crt / tls.key)', clusterIssuer(vault({ clientCertSecretRef: { name: 'c' }, clientKeySecretRef: { name: 'c' } }))],
  ['Vault caBundle holding a certificate', clusterIssuer(vault({ caBundle: b64(TEST_CA_PEM) }))],
  ['RFC 2136 nameserver without a port (ValidNameserver adds :53)', clusterIssuer(dns01({ rfc2136: { nameserver: 'ns1.example.com' } }))],
  ['RFC 2136 bracketed IPv6 nameserver without a port', clusterIssuer(dns01({ rfc2136: { nameserver: '[2001:db8::53]' } }))],
  ['RFC 2136 TSIG algorithm in lower case', clusterIssuer(dns01({ rfc2136: { nameserver: '192.0.2.53:53', tsigKeyName: 'k', tsigAlgorithm: 'hmacsha256', tsigSecretSecretRef: { name: 't', key: 's' } } }))],
  ['ACME issuer with no solvers (the library refuses it on purpose)', clusterIssuer(acme({}, []))],
  ['Gateway HTTP-01 solver with no parentRefs (the library refuses it on purpose)', clusterIssuer(acme({}, [{ http01: { gatewayHTTPRoute: {} } }]))],
  ['Cloudflare API key with e-mail', clusterIssuer(dns01({ cloudflare: { email: 'ops@example.com', apiKeySecretRef: { name: 'cf', key: 'key' } } }))],
  ['Route 53 with ambient credentials', clusterIssuer(dns01({ route53: { region: 'eu-west-1' } }))],
])('%s', (_name, obj) => {
  expect(renderedProblems(obj)).toEqual([]);
});
