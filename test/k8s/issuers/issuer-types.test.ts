import { Aws, CfnParameter, Stack } from 'aws-cdk-lib';
import { chart, only, synthValid } from './synth';
import {
  AcmeSolver, ClusterIssuer, Issuer, IssuerType, LetsEncryptEnvironment, VaultAuth,
} from '../../../src/k8s/issuers';

const STAGING_URL = 'https://acme-staging-v02.api.letsencrypt.org/directory';
const PRODUCTION_URL = 'https://acme-v02.api.letsencrypt.org/directory';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUAbc=\n-----END CERTIFICATE-----\n';
const PCA_ARN = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const http = () => [AcmeSolver.http01Ingress({ ingressClassName: 'nginx' })];

describe("Let's Encrypt", () => {
  test.each([
    [LetsEncryptEnvironment.STAGING, STAGING_URL],
    [LetsEncryptEnvironment.PRODUCTION, PRODUCTION_URL],
  ])('%s uses its own directory URL', (environment, url) => {
    const c = chart();
    const issuer = new ClusterIssuer(c, 'le', { name: 'le', type: IssuerType.letsEncrypt({ environment, email: 'ops@example.com', solvers: http() }) });
    const acme = only(synthValid(c), 'ClusterIssuer').spec.acme;
    expect(acme.server).toBe(url);
    expect(issuer.acmeServer).toBe(url);
  });

  test('account key Secret defaults to a name derived from the issuer, and can be set', () => {
    const c = chart();
    new ClusterIssuer(c, 'a', { name: 'public', type: IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, solvers: http() }) });
    new ClusterIssuer(c, 'b', { name: 'other', type: IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, solvers: http(), privateKeySecretName: 'le-key' }) });
    const [a, b] = synthValid(c);
    expect(a.spec.acme.privateKeySecretRef).toEqual({ name: 'public-account-key' });
    expect(b.spec.acme.privateKeySecretRef).toEqual({ name: 'le-key' });
  });

  test('profile, preferred chain and e-mail are passed through', () => {
    const c = chart();
    new ClusterIssuer(c, 'le', {
      type: IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.PRODUCTION, email: 'ops@example.com', profile: 'tlsserver', preferredChain: 'ISRG Root X1', solvers: http() }),
    });
    const acme = only(synthValid(c), 'ClusterIssuer').spec.acme;
    expect(acme).toMatchObject({ email: 'ops@example.com', profile: 'tlsserver', preferredChain: 'ISRG Root X1' });
  });
});

test('a generic ACME CA with External Account Binding, CA bundle and options', () => {
  const c = chart();
  const issuer = new ClusterIssuer(c, 'zerossl', {
    name: 'zerossl',
    labels: { team: 'platform' },
    annotations: { 'example.com/owner': 'Platform Team' },
    type: IssuerType.acme({
      server: 'https://acme.zerossl.com/v2/DV90',
      email: 'ops@example.com',
      externalAccountBinding: { keyId: 'kid-1', keySecretRef: { name: 'zerossl-eab', key: 'hmac' } },
      caBundle: PEM,
      disableAccountKeyGeneration: true,
      enableDurationFeature: true,
      solvers: [AcmeSolver.dns01Route53()],
    }),
  });
  const resource = only(synthValid(c), 'ClusterIssuer');
  expect(resource.metadata).toEqual({ name: 'zerossl', labels: { team: 'platform' }, annotations: { 'example.com/owner': 'Platform Team' } });
  expect(resource.spec.acme).toMatchObject({
    server: 'https://acme.zerossl.com/v2/DV90',
    externalAccountBinding: { keyID: 'kid-1', keySecretRef: { name: 'zerossl-eab', key: 'hmac' } },
    caBundle: Buffer.from(PEM).toString('base64'),
    privateKeySecretRef: { name: 'zerossl-account-key' },
    disableAccountKeyGeneration: true,
    enableDurationFeature: true,
  });
  expect(issuer.acmeServer).toBe('https://acme.zerossl.com/v2/DV90');
});

test('skipTlsVerify is written with the CRD spelling', () => {
  const c = chart();
  new ClusterIssuer(c, 'pebble', { type: IssuerType.acme({ server: 'https://pebble.test:14000/dir', skipTlsVerify: true, solvers: http() }) });
  expect(only(synthValid(c), 'ClusterIssuer').spec.acme.skipTLSVerify).toBe(true);
});

test('self-signed', () => {
  const c = chart();
  new ClusterIssuer(c, 'selfsigned', { name: 'selfsigned', type: IssuerType.selfSigned() });
  new ClusterIssuer(c, 'selfsigned-crl', { name: 'selfsigned-crl', type: IssuerType.selfSigned({ crlDistributionPoints: ['http://crl.example.com/root.crl'] }) });
  const [plain, withCrl] = synthValid(c);
  expect(plain.spec).toEqual({ selfSigned: {} });
  expect(withCrl.spec).toEqual({ selfSigned: { crlDistributionPoints: ['http://crl.example.com/root.crl'] } });
});

test('CA from a Secret, with revocation and AIA URLs', () => {
  const c = chart('pki');
  new Issuer(c, 'ca', {
    name: 'internal-ca',
    type: IssuerType.ca({
      secretName: 'internal-ca-keypair',
      crlDistributionPoints: ['ldap://dc.example.com/CN=ca,CN=CDP'],
      ocspServers: ['http://ocsp.example.com'],
      issuingCertificateUrls: ['http://pki.example.com/ca.crt'],
    }),
  });
  const resource = only(synthValid(c), 'Issuer');
  expect(resource.metadata).toEqual({ name: 'internal-ca', namespace: 'pki' });
  expect(resource.spec.ca).toEqual({
    secretName: 'internal-ca-keypair',
    crlDistributionPoints: ['ldap://dc.example.com/CN=ca,CN=CDP'],
    ocspServers: ['http://ocsp.example.com'],
    issuingCertificateURLs: ['http://pki.example.com/ca.crt'],
  });
});

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

describe('AWS Private CA', () => {
  test('a ClusterIssuer becomes an AWSPCAClusterIssuer; region defaults to the one in the ARN', () => {
    const c = chart('cert-manager');
    const issuer = new ClusterIssuer(c, 'pca', { name: 'private-ca', type: IssuerType.awsPrivateCa({ arn: PCA_ARN }) });
    const resource = only(synthValid(c), 'AWSPCAClusterIssuer');
    expect(resource.apiVersion).toBe('awspca.cert-manager.io/v1beta1');
    expect(resource.metadata).toEqual({ name: 'private-ca' });
    expect(resource.spec).toEqual({ arn: PCA_ARN, region: 'eu-west-1' });
    expect([issuer.issuerKind, issuer.issuerGroup, issuer.issuerNamespace]).toEqual(['AWSPCAClusterIssuer', 'awspca.cert-manager.io', undefined]);
  });

  test('an Issuer becomes an AWSPCAIssuer with template, role and static keys', () => {
    const c = chart();
    const issuer = new Issuer(c, 'pca', {
      name: 'private-ca',
      namespace: 'apps',
      type: IssuerType.awsPrivateCa({
        arn: PCA_ARN,
        region: 'eu-west-1',
        template: 'EndEntityServerAuthCertificate/V1',
        role: 'arn:aws:iam::123456789012:role/pca-issuer',
        credentialsSecretRef: { name: 'pca-keys', namespace: 'apps' },
      }),
    });
    const resource = only(synthValid(c), 'AWSPCAIssuer');
    expect(resource.metadata).toEqual({ name: 'private-ca', namespace: 'apps' });
    expect(resource.spec).toEqual({
      arn: PCA_ARN,
      region: 'eu-west-1',
      role: 'arn:aws:iam::123456789012:role/pca-issuer',
      pcaTemplate: { defaultTemplateName: 'EndEntityServerAuthCertificate/V1' },
      secretRef: { name: 'pca-keys', namespace: 'apps', accessKeyIDSelector: { key: 'AWS_ACCESS_KEY_ID' }, secretAccessKeySelector: { key: 'AWS_SECRET_ACCESS_KEY' } },
    });
    expect([issuer.issuerKind, issuer.issuerGroup, issuer.issuerNamespace]).toEqual(['AWSPCAIssuer', 'awspca.cert-manager.io', 'apps']);
  });
});

describe('issuer references', () => {
  test('a ClusterIssuer in a namespaced chart stays cluster-scoped', () => {
    const c = chart('apps');
    const issuer = new ClusterIssuer(c, 'selfsigned', { type: IssuerType.selfSigned() });
    const resource = only(synthValid(c), 'ClusterIssuer');
    expect(resource.metadata.namespace).toBeUndefined();
    expect(resource.metadata.name).toBe(issuer.issuerName);
    expect([issuer.issuerKind, issuer.issuerGroup, issuer.issuerNamespace]).toEqual(['ClusterIssuer', 'cert-manager.io', undefined]);
  });

  test("an Issuer takes the chart's namespace unless given one", () => {
    const c = chart('apps');
    const inherited = new Issuer(c, 'a', { name: 'a', type: IssuerType.selfSigned() });
    const explicit = new Issuer(c, 'b', { name: 'b', namespace: 'other', type: IssuerType.selfSigned() });
    const [a, b] = synthValid(c);
    expect([a.metadata.namespace, b.metadata.namespace]).toEqual(['apps', 'other']);
    expect([inherited.issuerNamespace, explicit.issuerNamespace]).toEqual(['apps', 'other']);
    expect(inherited.issuerKind).toBe('Issuer');
  });

  test('default names are unique per construct path and valid object names', () => {
    const c = chart();
    const a = new ClusterIssuer(c, 'Selfsigned', { type: IssuerType.selfSigned() });
    const b = new ClusterIssuer(c, 'Other', { type: IssuerType.selfSigned() });
    expect(a.issuerName).not.toBe(b.issuerName);
    expect(a.issuerName).toMatch(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/);
    expect(synthValid(c).map(m => m.metadata.name)).toEqual([a.issuerName, b.issuerName]);
  });
});

describe('values only known at deploy time (chart applied by an EKS stack)', () => {
  test('a token CA ARN is accepted and its region is read from it by CloudFormation', () => {
    const stack = new Stack();
    const arn = new CfnParameter(stack, 'CaArn').valueAsString;
    const c = chart();
    new ClusterIssuer(c, 'pca', { name: 'private-ca', type: IssuerType.awsPrivateCa({ arn }) });
    const spec = only(synthValid(c), 'AWSPCAClusterIssuer').spec;
    expect(stack.resolve(spec)).toEqual({ arn: { Ref: 'CaArn' }, region: { 'Fn::Select': [3, { 'Fn::Split': [':', { Ref: 'CaArn' }] }] } });
  });

  test('an explicit region still wins over the token ARN', () => {
    const stack = new Stack();
    const c = chart();
    new ClusterIssuer(c, 'pca', { type: IssuerType.awsPrivateCa({ arn: new CfnParameter(stack, 'CaArn').valueAsString, region: 'eu-west-1' }) });
    expect(only(synthValid(c), 'AWSPCAClusterIssuer').spec.region).toBe('eu-west-1');
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
});
