import { Aws, CfnParameter, Stack } from 'aws-cdk-lib';
import {
  AcmeSolver, AzureDnsEnvironment, AzureDnsZoneType, ClusterIssuer, CnameStrategy, Issuer, IssuerType, LetsEncryptEnvironment,
  Rfc2136Protocol, SolverServiceType, TsigAlgorithm,
} from '../../../../src/k8s/issuers';
import { chart, only, synthValid } from '../synth';

const secret = (name: string, key: string) => ({ name, key });

/** Every solver kind, with the `spec.acme.solvers[]` entry it must produce. */
const SOLVERS: Array<[string, AcmeSolver, any]> = [
  ['http01 ingress (class name, pod labels)',
    AcmeSolver.http01Ingress({ ingressClassName: 'nginx', serviceType: SolverServiceType.CLUSTER_IP, podLabels: { 'app.kubernetes.io/part-of': 'acme' }, podAnnotations: { 'example.com/note': 'any value: ok' } }),
    { http01: { ingress: { ingressClassName: 'nginx', serviceType: 'ClusterIP', podTemplate: { metadata: { labels: { 'app.kubernetes.io/part-of': 'acme' }, annotations: { 'example.com/note': 'any value: ok' } } } } } }],
  ['http01 ingress (legacy class)', AcmeSolver.http01Ingress({ ingressClass: 'azure/application-gateway' }),
    { http01: { ingress: { class: 'azure/application-gateway' } } }],
  ['http01 ingress (existing ingress)', AcmeSolver.http01Ingress({ ingressName: 'web', ingressAnnotations: { 'kubernetes.io/tls-acme': 'true' } }),
    { http01: { ingress: { name: 'web', ingressTemplate: { metadata: { annotations: { 'kubernetes.io/tls-acme': 'true' } } } } } }],
  ['http01 gateway',
    AcmeSolver.http01Gateway({ parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'http', port: 80 }], routeLabels: { team: 'edge' } }),
    { http01: { gatewayHTTPRoute: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'http', port: 80 }], labels: { team: 'edge' } } } }],
  ['route53 ambient credentials', AcmeSolver.dns01Route53(), { dns01: { route53: {} } }],
  ['route53 assume role in zone account',
    AcmeSolver.dns01Route53({ region: 'eu-west-1', hostedZoneId: 'Z0123456789ABCDEFGHIJ', role: 'arn:aws:iam::123456789012:role/dns-writer' }),
    { dns01: { route53: { region: 'eu-west-1', hostedZoneID: 'Z0123456789ABCDEFGHIJ', role: 'arn:aws:iam::123456789012:role/dns-writer' } } }],
  ['route53 static access keys',
    AcmeSolver.dns01Route53({ accessKeyIdSecretRef: secret('route53', 'access-key-id'), secretAccessKeySecretRef: secret('route53', 'secret-access-key') }),
    { dns01: { route53: { accessKeyIDSecretRef: { name: 'route53', key: 'access-key-id' }, secretAccessKeySecretRef: { name: 'route53', key: 'secret-access-key' } } } }],
  ['route53 service account token',
    AcmeSolver.dns01Route53({ role: 'arn:aws-cn:iam::123456789012:role/dns', serviceAccount: { name: 'cert-manager-acme', audiences: ['sts.amazonaws.com'] } }),
    { dns01: { route53: { role: 'arn:aws-cn:iam::123456789012:role/dns', auth: { kubernetes: { serviceAccountRef: { name: 'cert-manager-acme', audiences: ['sts.amazonaws.com'] } } } } } }],
  ['cloudflare token', AcmeSolver.dns01Cloudflare({ apiTokenSecretRef: secret('cloudflare', 'api-token') }),
    { dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare', key: 'api-token' } } } }],
  ['cloudflare global key with e-mail', AcmeSolver.dns01Cloudflare({ apiKeySecretRef: secret('cloudflare', 'api-key'), email: 'dns@example.com' }),
    { dns01: { cloudflare: { apiKeySecretRef: { name: 'cloudflare', key: 'api-key' }, email: 'dns@example.com' } } }],
  ['rfc2136 with TSIG',
    AcmeSolver.dns01Rfc2136({ nameserver: '[2001:db8::53]:53', protocol: Rfc2136Protocol.TCP, tsig: { keyName: 'acme-key', secretRef: secret('tsig', 'key'), algorithm: TsigAlgorithm.HMAC_SHA512 } }),
    { dns01: { rfc2136: { nameserver: '[2001:db8::53]:53', protocol: 'TCP', tsigKeyName: 'acme-key', tsigAlgorithm: 'HMACSHA512', tsigSecretSecretRef: { name: 'tsig', key: 'key' } } } }],
  ['rfc2136 defaults TSIG to HMAC-SHA256', AcmeSolver.dns01Rfc2136({ nameserver: 'ns1.example.com:53', tsig: { keyName: 'k', secretRef: secret('tsig', 'key') } }),
    { dns01: { rfc2136: { nameserver: 'ns1.example.com:53', tsigKeyName: 'k', tsigAlgorithm: 'HMACSHA256', tsigSecretSecretRef: { name: 'tsig', key: 'key' } } } }],
  ['rfc2136 takes the wire spelling of the algorithm too, as AcmeCertificate does',
    AcmeSolver.dns01Rfc2136({ nameserver: '192.0.2.53:53', tsig: { keyName: 'k', secretRef: secret('tsig', 'key'), algorithm: 'hmac-sha512' as any } }),
    { dns01: { rfc2136: { nameserver: '192.0.2.53:53', tsigKeyName: 'k', tsigAlgorithm: 'HMACSHA512', tsigSecretSecretRef: { name: 'tsig', key: 'key' } } } }],
  ['azure dns managed identity',
    AcmeSolver.dns01AzureDns({ subscriptionId: 'sub', resourceGroupName: 'dns', hostedZoneName: 'example.com', environment: AzureDnsEnvironment.PUBLIC_CLOUD, zoneType: AzureDnsZoneType.PRIVATE, managedIdentity: { clientId: 'mi' } }),
    { dns01: { azureDNS: { subscriptionID: 'sub', resourceGroupName: 'dns', hostedZoneName: 'example.com', environment: 'AzurePublicCloud', zoneType: 'AzurePrivateZone', managedIdentity: { clientID: 'mi' } } } }],
  ['azure dns service principal',
    AcmeSolver.dns01AzureDns({ subscriptionId: 'sub', resourceGroupName: 'dns', servicePrincipal: { clientId: 'app', tenantId: 'tenant', clientSecretSecretRef: secret('azure', 'client-secret') } }),
    { dns01: { azureDNS: { subscriptionID: 'sub', resourceGroupName: 'dns', clientID: 'app', tenantID: 'tenant', clientSecretSecretRef: { name: 'azure', key: 'client-secret' } } } }],
  ['google cloud dns', AcmeSolver.dns01CloudDns({ project: 'my-project', hostedZoneName: 'example-com', serviceAccountSecretRef: secret('clouddns', 'key.json') }),
    { dns01: { cloudDNS: { project: 'my-project', hostedZoneName: 'example-com', serviceAccountSecretRef: { name: 'clouddns', key: 'key.json' } } } }],
  ['digitalocean', AcmeSolver.dns01DigitalOcean({ tokenSecretRef: secret('digitalocean', 'token') }),
    { dns01: { digitalocean: { tokenSecretRef: { name: 'digitalocean', key: 'token' } } } }],
  ['acme-dns', AcmeSolver.dns01AcmeDns({ host: 'https://auth.example.com', accountSecretRef: secret('acme-dns', 'acmedns.json'), cnameStrategy: CnameStrategy.FOLLOW }),
    { dns01: { cnameStrategy: 'Follow', acmeDNS: { host: 'https://auth.example.com', accountSecretRef: { name: 'acme-dns', key: 'acmedns.json' } } } }],
  ['webhook', AcmeSolver.dns01Webhook({ groupName: 'acme.example.com', solverName: 'alidns', config: { regionId: 'cn-hangzhou', accessKeySecretRef: { name: 'alidns', key: 'ak' } } }),
    { dns01: { webhook: { groupName: 'acme.example.com', solverName: 'alidns', config: { regionId: 'cn-hangzhou', accessKeySecretRef: { name: 'alidns', key: 'ak' } } } } }],
];

describe.each(SOLVERS)('solver: %s', (_title, solver, expected) => {
  const type = () => IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, email: 'ops@example.com', solvers: [solver] });

  test('renders into a ClusterIssuer that matches the CRD', () => {
    const c = chart();
    new ClusterIssuer(c, 'le', { name: 'le', type: type() });
    expect(only(synthValid(c), 'ClusterIssuer').spec.acme.solvers).toEqual([expected]);
  });

  test('renders into a namespaced Issuer that matches the CRD', () => {
    const c = chart('apps');
    new Issuer(c, 'le', { name: 'le', type: type() });
    expect(only(synthValid(c), 'Issuer').spec.acme.solvers).toEqual([expected]);
  });

  test('is typed by challenge', () => {
    expect(solver.challengeType).toBe(expected.dns01 ? 'DNS-01' : 'HTTP-01');
  });
});

test('selectors narrow solvers by zone, name and label', () => {
  const c = chart();
  new ClusterIssuer(c, 'le', {
    type: IssuerType.letsEncrypt({
      environment: LetsEncryptEnvironment.PRODUCTION,
      solvers: [
        AcmeSolver.dns01Route53({ selector: { dnsZones: ['example.com'], dnsNames: ['*.example.com', 'api.example.org'] } }),
        AcmeSolver.http01Ingress({ selector: { matchLabels: { 'acme.example.com/solver': 'http' } } }),
        AcmeSolver.http01Ingress({ selector: {} }),
      ],
    }),
  });
  const solvers = only(synthValid(c), 'ClusterIssuer').spec.acme.solvers;
  expect(solvers[0].selector).toEqual({ dnsZones: ['example.com'], dnsNames: ['*.example.com', 'api.example.org'] });
  expect(solvers[1].selector).toEqual({ matchLabels: { 'acme.example.com/solver': 'http' } });
  expect(solvers[2].selector).toEqual({});
});

test('Route53 region, role and zone may be tokens', () => {
  const stack = new Stack();
  const role = new CfnParameter(stack, 'Role').valueAsString;
  const zone = new CfnParameter(stack, 'Zone').valueAsString;
  const c = chart();
  const solver = AcmeSolver.dns01Route53({ region: Aws.REGION, role, hostedZoneId: zone });
  new ClusterIssuer(c, 'le', { type: IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, solvers: [solver] }) });
  const route53 = only(synthValid(c), 'ClusterIssuer').spec.acme.solvers[0].dns01.route53;
  expect(stack.resolve(route53)).toEqual({ region: { Ref: 'AWS::Region' }, role: { Ref: 'Role' }, hostedZoneID: { Ref: 'Zone' } });
});
