// One table per rule class of cert-manager v1.21.1's Issuer/ClusterIssuer admission (internal/apis/certmanager/
// validation/issuer.go, util/nameserver.go). Each row: the object, the webhook's verdict (from reading the Go
// function named), and the fields our port reports. `[]` means the webhook admits it.
import { acme, b64, clusterIssuer, dns01, TEST_CA_PEM, vault } from './fixtures';
import { webhookProblems } from '../../../src/k8s/private/webhook';
import { nameserverProblem } from '../../../src/k8s/private/webhook/issuer';

type Row = [string, any, string[]];

function table(title: string, rows: Row[]) {
  describe(title, () => {
    test.each(rows)('%s', (_name, spec, expected) => {
      expect(webhookProblems(clusterIssuer(spec)).map(p => p.field)).toEqual(expected);
      // Issuer and ClusterIssuer share ValidateIssuerSpec.
      expect(webhookProblems({ ...clusterIssuer(spec), kind: 'Issuer' }).map(p => p.field)).toEqual(expected);
    });
  });
}

table('ValidateIssuerConfig', [
  ['selfSigned', { selfSigned: {} }, []],
  ['nothing', {}, ['spec']],
  ['two types (checked in the order acme, ca, selfSigned, vault, venafi)', { selfSigned: {}, ca: { secretName: 'ca' } }, ['spec.selfSigned']],
]);

table('ValidateACMEIssuerConfig', [
  ['valid', acme(), []],
  ['EAB with a deprecated keyAlgorithm (a warning upstream, not an error)', acme({ externalAccountBinding: { keyID: 'k', keySecretRef: { name: 'eab', key: 'secret' }, keyAlgorithm: 'HS256' } }), []],
  ['no solvers (webhook accepts; the library refuses at construct level on purpose)', acme({}, []), []],
  ['no server', acme({ server: '' }), ['spec.acme.server']],
  ['no private key Secret name', acme({ privateKeySecretRef: {} }), ['spec.acme.privateKeySecretRef.name']],
  ['EAB without keyID and key', acme({ externalAccountBinding: { keySecretRef: { name: 'eab' } } }), ['spec.acme.externalAccountBinding.keyID', 'spec.acme.externalAccountBinding.keySecretRef.key']],
  ['solver with neither http01 nor dns01', acme({}, [{ selector: {} }]), ['spec.acme.solvers[0]']],
  ['solver with both', acme({}, [{ http01: { ingress: {} }, dns01: { route53: {} } }]), ['spec.acme.solvers[0]']],
  ['negative waitInsteadOfSelfCheck', acme({}, [{ http01: { ingress: {} }, waitInsteadOfSelfCheck: '-1m' }]), ['spec.acme.solvers[0].waitInsteadOfSelfCheck']],
]);

table('caBundle (validateCABundleNotEmpty: AppendCertsFromPEM must find a certificate)', [
  ['ACME caBundle with a certificate', acme({ caBundle: b64(TEST_CA_PEM) }), []],
  ['ACME caBundle with text, no certificate', acme({ caBundle: b64('not a certificate') }), ['spec.acme.caBundle']],
  ['ACME caBundle with a private key only', acme({ caBundle: b64('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n') }), ['spec.acme.caBundle']],
  ['ACME caBundle with a garbled certificate', acme({ caBundle: b64('-----BEGIN CERTIFICATE-----\nMIIBijCC\n-----END CERTIFICATE-----\n') }), ['spec.acme.caBundle']],
  ['ACME caBundle and skipTLSVerify', acme({ caBundle: b64(TEST_CA_PEM), skipTLSVerify: true }), ['spec.acme.caBundle', 'spec.acme.skipTLSVerify']],
  ['Vault caBundle with a certificate', vault({ caBundle: b64(TEST_CA_PEM) }), []],
  ['Vault caBundle with no certificate', vault({ caBundle: b64('x') }), ['spec.vault.caBundle']],
  ['Vault caBundle and caBundleSecretRef', vault({ caBundle: b64(TEST_CA_PEM), caBundleSecretRef: { name: 'ca' } }), ['spec.vault.caBundle', 'spec.vault.caBundleSecretRef']],
]);

table('ValidateACMEIssuerChallengeSolverHTTP01Config (ingress, gateway)', [
  ['ingressClassName', acme({}, [{ http01: { ingress: { ingressClassName: 'nginx' } } }]), []],
  ['class and ingressClassName', acme({}, [{ http01: { ingress: { class: 'nginx', ingressClassName: 'nginx' } } }]), ['spec.acme.solvers[0].http01.ingress']],
  ['ingressClassName that is not a name', acme({}, [{ http01: { ingress: { ingressClassName: 'azure/application-gateway' } } }]), ['spec.acme.solvers[0].http01.ingress.ingressClassName']],
  ['free-form class', acme({}, [{ http01: { ingress: { class: 'azure/application-gateway' } } }]), []],
  ['serviceType LoadBalancer', acme({}, [{ http01: { ingress: { serviceType: 'LoadBalancer' } } }]), ['spec.acme.solvers[0].http01.ingress.serviceType']],
  ['no http01 type', acme({}, [{ http01: {} }]), ['spec.acme.solvers[0].http01']],
  ['gateway without parentRefs (webhook accepts)', acme({}, [{ http01: { gatewayHTTPRoute: {} } }]), []],
  ['gateway parentRef with name and kind', acme({}, [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'gw', kind: 'Gateway' }] } } }]), []],
  ['ingress name and class', acme({}, [{ http01: { ingress: { name: 'web', class: 'nginx' } } }]), ['spec.acme.solvers[0].http01.ingress']],
  ['both ingress and gateway', acme({}, [{ http01: { ingress: {}, gatewayHTTPRoute: {} } }]), ['spec.acme.solvers[0].http01']],
  ['gateway serviceType LoadBalancer', acme({}, [{ http01: { gatewayHTTPRoute: { serviceType: 'LoadBalancer' } } }]), ['spec.acme.solvers[0].http01.gatewayHTTPRoute.serviceType']],
  ['gateway parentRef with kind only (first bad ref is reported, then the check stops)', acme({}, [{ http01: { gatewayHTTPRoute: { parentRefs: [{ kind: 'Gateway' }, { name: 'x' }] } } }]), ['spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[0].name']],
  ['gateway parentRef with name only', acme({}, [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'gw' }] } } }]), ['spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[0].kind']],
]);

table('ValidateACMEChallengeSolverDNS01', [
  ['route53 ambient', dns01({ route53: { region: 'eu-west-1' } }), []],
  ['route53 both key ID forms', dns01({ route53: { accessKeyID: 'AKIA', accessKeyIDSecretRef: { name: 'aws', key: 'id' } } }), ['spec.acme.solvers[0].dns01.route53']],
  ['cloudflare token', dns01({ cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } }), []],
  ['cloudflare token without key', dns01({ cloudflare: { apiTokenSecretRef: { name: 'cf' } } }), ['spec.acme.solvers[0].dns01.cloudflare.apiTokenSecretRef.key']],
  ['cloudflare API key without e-mail', dns01({ cloudflare: { apiKeySecretRef: { name: 'cf', key: 'key' } } }), ['spec.acme.solvers[0].dns01.cloudflare.email']],
  ['cloudflare nothing', dns01({ cloudflare: {} }), ['spec.acme.solvers[0].dns01.cloudflare']],
  ['two providers (cloudflare is checked before route53)', dns01({ route53: {}, cloudflare: { apiTokenSecretRef: { name: 'cf', key: 't' } } }), ['spec.acme.solvers[0].dns01.route53']],
  ['no provider', dns01({}), ['spec.acme.solvers[0].dns01']],
  ['bad cnameStrategy', dns01({ route53: {}, cnameStrategy: 'Chase' }), ['spec.acme.solvers[0].dns01.cnameStrategy']],
  ['webhook without solverName', dns01({ webhook: { groupName: 'acme.example.com' } }), ['spec.acme.solvers[0].dns01.webhook.solverName']],
  ['cloudDNS without project', dns01({ cloudDNS: {} }), ['spec.acme.solvers[0].dns01.cloudDNS.project']],
  ['azureDNS managed identity', dns01({ azureDNS: { subscriptionID: 's', resourceGroupName: 'rg', managedIdentity: { clientID: 'c' } } }), []],
  ['azureDNS half a service principal', dns01({ azureDNS: { subscriptionID: 's', resourceGroupName: 'rg', clientID: 'c' } }), ['spec.acme.solvers[0].dns01.azureDNS.clientSecretSecretRef', 'spec.acme.solvers[0].dns01.azureDNS.tenantID']],
  ['digitalocean without token key', dns01({ digitalocean: { tokenSecretRef: { name: 'do' } } }), ['spec.acme.solvers[0].dns01.digitalocean.tokenSecretRef.key']],
  ['akamai without its secrets and domain', dns01({ akamai: { clientTokenSecretRef: { name: 'a', key: 'k' }, clientSecretSecretRef: { name: 'a', key: 'k' }, accessTokenSecretRef: { name: 'a' } } }), ['spec.acme.solvers[0].dns01.akamai.accessTokenSecretRef.key', 'spec.acme.solvers[0].dns01.akamai.serviceConsumerDomain']],
  ['akamai does not count against a second provider upstream; azureDNS after it does', dns01({ akamai: { serviceConsumerDomain: 'd', clientTokenSecretRef: { name: 'a', key: 'k' }, clientSecretSecretRef: { name: 'a', key: 'k' }, accessTokenSecretRef: { name: 'a', key: 'k' } }, azureDNS: { subscriptionID: 's', resourceGroupName: 'rg' } }), ['spec.acme.solvers[0].dns01.azureDNS']],
  ['azureDNS service principal and managed identity', dns01({ azureDNS: { subscriptionID: 's', resourceGroupName: 'rg', clientID: 'c', tenantID: 't', clientSecretSecretRef: { name: 'az', key: 'k' }, managedIdentity: { clientID: 'c' } } }), ['spec.acme.solvers[0].dns01.azureDNS.managedIdentity']],
  ['azureDNS managed identity by clientID and resourceID', dns01({ azureDNS: { subscriptionID: 's', resourceGroupName: 'rg', managedIdentity: { clientID: 'c', resourceID: 'r' } } }), ['spec.acme.solvers[0].dns01.azureDNS.managedIdentity']],
  ['azureDNS managed identity tenantID without clientID', dns01({ azureDNS: { subscriptionID: 's', resourceGroupName: 'rg', managedIdentity: { tenantID: 't' } } }), ['spec.acme.solvers[0].dns01.azureDNS.managedIdentity']],
  ['azureDNS without subscription and resource group, unknown environment', dns01({ azureDNS: { environment: 'AzureMoon' } }), ['spec.acme.solvers[0].dns01.azureDNS.subscriptionID', 'spec.acme.solvers[0].dns01.azureDNS.resourceGroupName', 'spec.acme.solvers[0].dns01.azureDNS.environment']],
  ['cloudDNS service account ref without key', dns01({ cloudDNS: { project: 'p', serviceAccountSecretRef: { name: 'gcp' } } }), ['spec.acme.solvers[0].dns01.cloudDNS.serviceAccountSecretRef.key']],
  ['cloudflare key and token', dns01({ cloudflare: { email: 'a@example.com', apiKeySecretRef: { name: 'cf', key: 'k' }, apiTokenSecretRef: { name: 'cf', key: 't' } } }), ['spec.acme.solvers[0].dns01.cloudflare']],
  ['route53 accessKeyIDSecretRef without key', dns01({ route53: { accessKeyIDSecretRef: { name: 'aws' } } }), ['spec.acme.solvers[0].dns01.route53.accessKeyIDSecretRef.key']],
  ['acmeDNS without host', dns01({ acmeDNS: { accountSecretRef: { name: 'a', key: 'k' } } }), ['spec.acme.solvers[0].dns01.acmeDNS.host']],
]);

table('RFC 2136 (ValidNameserver defaults port 53; TSIG)', [
  ['nameserver with port', dns01({ rfc2136: { nameserver: '192.0.2.53:53' } }), []],
  ['nameserver without port (defaults 53)', dns01({ rfc2136: { nameserver: '192.0.2.53' } }), []],
  ['host name without port', dns01({ rfc2136: { nameserver: 'ns1.example.com' } }), []],
  ['bracketed IPv6 without port', dns01({ rfc2136: { nameserver: '[2001:db8::53]' } }), []],
  ['bracketed IPv6 with port', dns01({ rfc2136: { nameserver: '[2001:db8::53]:5353' } }), []],
  ['bare IPv6 (too many colons)', dns01({ rfc2136: { nameserver: '2001:db8::53' } }), ['spec.acme.solvers[0].dns01.rfc2136.nameserver']],
  ['port only', dns01({ rfc2136: { nameserver: ':53' } }), ['spec.acme.solvers[0].dns01.rfc2136.nameserver']],
  ['empty nameserver', dns01({ rfc2136: { nameserver: '' } }), ['spec.acme.solvers[0].dns01.rfc2136.nameserver']],
  ['TSIG complete', dns01({ rfc2136: { nameserver: 'ns1.example.com', tsigKeyName: 'k', tsigAlgorithm: 'HMACSHA256', tsigSecretSecretRef: { name: 't', key: 's' } } }), []],
  ['TSIG algorithm in lower case', dns01({ rfc2136: { nameserver: 'ns1.example.com', tsigAlgorithm: 'hmacsha512' } }), []],
  ['TSIG algorithm hmac-sha256 (wire name, not cert-manager\'s)', dns01({ rfc2136: { nameserver: 'ns1.example.com', tsigAlgorithm: 'hmac-sha256' } }), ['spec.acme.solvers[0].dns01.rfc2136.tsigAlgorithm']],
  ['TSIG key name without secret', dns01({ rfc2136: { nameserver: 'ns1.example.com', tsigKeyName: 'k' } }), ['spec.acme.solvers[0].dns01.rfc2136.tsigSecretSecretRef.name', 'spec.acme.solvers[0].dns01.rfc2136.tsigSecretSecretRef.key']],
  ['TSIG secret without key name', dns01({ rfc2136: { nameserver: 'ns1.example.com', tsigSecretSecretRef: { name: 't', key: 's' } } }), ['spec.acme.solvers[0].dns01.rfc2136.tsigKeyName']],
]);

describe('nameserverProblem mirrors ValidNameserver', () => {
  test.each([
    ['8.8.8.8', undefined], ['8.8.8.8:', undefined], ['8.8.8.8:53', undefined], ['[2001:db8::1]', undefined],
    ['[2001:db8::1]:', undefined], ['nameserver.com', undefined], ['nameserver.com:53', undefined], [' ns.example.com ', undefined],
    [':53', 'has no host'], ['[', 'has no host'], ['[::1', "is not host:port (missing ']' in address)"], ['a:b:c', 'is not host:port (too many colons in address)'],
  ])('%j', (ns, expected) => expect(nameserverProblem(ns)).toBe(expected));
});

table('ValidateCAIssuerConfig', [
  ['valid', { ca: { secretName: 'ca' } }, []],
  ['no secretName', { ca: {} }, ['spec.ca.secretName']],
  ['empty issuing certificate URL', { ca: { secretName: 'ca', issuingCertificateURLs: ['http://ca.example.com/ca.crt', ''] } }, ['spec.ca.issuingCertificateURLs[1]']],
  ['empty OCSP URL', { ca: { secretName: 'ca', ocspServers: [''] } }, ['spec.ca.ocspServers[0]']],
]);

table('ValidateVaultIssuerConfig / ValidateVaultIssuerAuth', [
  ['token auth, secret ref without key (cert-manager reads key "token")', vault(), []],
  ['appRole, secret ref without key (the webhook admits it; cert-manager then reads key \'\' and fails, so constructs keep requiring it)', vault({}, { appRole: { path: 'approle', roleId: 'r', secretRef: { name: 's' } } }), []],
  ['kubernetes auth with a named serviceAccountRef', vault({}, { kubernetes: { role: 'issuer', serviceAccountRef: { name: 'vault-issuer' } } }), []],
  ['kubernetes auth with a token Secret without key', vault({}, { kubernetes: { role: 'issuer', secretRef: { name: 'sa-token' } } }), []],
  ['kubernetes auth with neither', vault({}, { kubernetes: { role: 'issuer' } }), ['spec.vault.auth.kubernetes']],
  ['kubernetes auth with an unnamed serviceAccountRef', vault({}, { kubernetes: { role: 'issuer', serviceAccountRef: {} } }), ['spec.vault.auth.kubernetes.serviceAccountRef.name']],
  ['kubernetes auth with both', vault({}, { kubernetes: { role: 'issuer', secretRef: { name: 's' }, serviceAccountRef: { name: 'sa' } } }), ['spec.vault.auth.kubernetes']],
  ['kubernetes auth without role', vault({}, { kubernetes: { serviceAccountRef: { name: 'sa' } } }), ['spec.vault.auth.kubernetes.role']],
  ['no auth', vault({}, {}), ['spec.vault.auth']],
  ['path with ..', vault({ path: 'pki/../sys' }), ['spec.vault.path']],
  ['no server and no path', vault({ server: '', path: '' }), ['spec.vault.server', 'spec.vault.path']],
  ['client cert without key', vault({ clientCertSecretRef: { name: 'c' } }), ['spec.vault.clientKeySecretRef']],
  ['appRole without roleId and Secret name, path with ..', vault({}, { appRole: { path: 'auth/../approle', secretRef: {} } }), ['spec.vault.auth.appRole.roleId', 'spec.vault.auth.appRole.secretRef.name', 'spec.vault.auth.appRole.path']],
  ['clientCertificate mountPath with ..', vault({}, { clientCertificate: { mountPath: '/v1/../cert' } }), ['spec.vault.auth.clientCertificate.mountPath']],
  ['kubernetes mountPath with ..', vault({}, { kubernetes: { role: 'r', mountPath: '/v1/auth/../k8s', serviceAccountRef: { name: 'sa' } } }), ['spec.vault.auth.kubernetes.mountPath']],
  ['client key without cert', vault({ clientKeySecretRef: { name: 'c' } }), ['spec.vault.clientCertSecretRef']],
  ['two auth methods (allowed upstream: the first set is used)', vault({}, { tokenSecretRef: { name: 't' }, kubernetes: { role: 'r', serviceAccountRef: { name: 'sa' } } }), []],
  ['aws without role, mountPath with ..', vault({}, { aws: { mountPath: 'aws/..' } }), ['spec.vault.auth.aws.role', 'spec.vault.auth.aws.mountPath']],
  ['aws with an unnamed serviceAccountRef', vault({}, { aws: { role: 'r', iamRoleArn: 'arn:aws:iam::123456789012:role/x', serviceAccountRef: {} } }), ['spec.vault.auth.aws.serviceAccountRef.name']],
  ['aws with serviceAccountRef but no iamRoleArn', vault({}, { aws: { role: 'r', serviceAccountRef: { name: 'sa' } } }), ['spec.vault.auth.aws.iamRoleArn']],
]);

table('ValidateVenafiIssuerConfig', [
  ['cloud', { venafi: { zone: 'z', cloud: { apiTokenSecretRef: { name: 'v', key: 'k' } } } }, []],
  ['no zone, no connection', { venafi: {} }, ['spec.venafi.zone', 'spec.venafi']],
  ['tpp with both CA bundle forms', { venafi: { zone: 'z', tpp: { url: 'https://tpp', caBundle: 'eA==', caBundleSecretRef: { name: 'ca' } } } }, ['spec.venafi.tpp']],
  ['ngts without tsgID and credentials', { venafi: { zone: 'z', ngts: { credentialsRef: {} } } }, ['spec.venafi.ngts.tsgID', 'spec.venafi.ngts.credentialsRef.name']],
  ['cloud and tpp', { venafi: { zone: 'z', cloud: {}, tpp: { url: 'https://tpp' } } }, ['spec.venafi']],
  ['tpp without url', { venafi: { zone: 'z', tpp: { credentialsRef: { name: 'c' } } } }, ['spec.venafi.tpp.url']],
]);
