import { chart } from './synth';
import { AcmeSolver, ClusterIssuer, IssuerType, LetsEncryptEnvironment, VaultAuth } from '../../../src/k8s/issuers';

const PCA_ARN = 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const ingress = () => AcmeSolver.http01Ingress();
const gateway = () => AcmeSolver.http01Gateway({ parentRefs: [{ name: 'gw' }] });
const route53 = () => AcmeSolver.dns01Route53();
const cloudflare = () => AcmeSolver.dns01Cloudflare({ apiTokenSecretRef: { name: 'cf', key: 'token' } });

const supports = (type: IssuerType) => new ClusterIssuer(chart(), 'issuer', { type }).supportsWildcards;
const acmeWith = (solvers: AcmeSolver[]) => IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, solvers });

test.each([
  ['HTTP-01 ingress only', [ingress()], false],
  ['HTTP-01 ingress and gateway', [ingress(), gateway()], false],
  ['DNS-01 only', [route53()], true],
  ['HTTP-01 plus a DNS-01 for some zones', [ingress(), AcmeSolver.dns01Cloudflare({ apiTokenSecretRef: { name: 'cf', key: 't' }, selector: { dnsZones: ['example.com'] } })], true],
  ['two DNS-01 providers', [route53(), cloudflare()], true],
])('ACME with %s: supportsWildcards = %s', (_title, solvers, expected) => {
  expect(supports(acmeWith(solvers))).toBe(expected);
  expect(supports(IssuerType.acme({ server: 'https://ca.example.com/acme/directory', solvers }))).toBe(expected);
});

test.each([
  ['self-signed', IssuerType.selfSigned()],
  ['CA', IssuerType.ca({ secretName: 'ca' })],
  ['Vault', IssuerType.vault({ server: 'https://vault:8200', path: 'pki/sign/web', auth: VaultAuth.token({ name: 't', key: 'token' }) })],
  ['AWS Private CA', IssuerType.awsPrivateCa({ arn: PCA_ARN })],
])('%s issuers support wildcards', (_title, type) => {
  expect(supports(type)).toBe(true);
});
