import { chart, synthValid } from './synth';
import { AcmeSolver, LetsEncryptEnvironment, LetsEncryptIssuers } from '../../../src/k8s/issuers';

const solvers = () => [AcmeSolver.dns01Route53({ region: 'us-east-1' }), AcmeSolver.http01Ingress({ ingressClassName: 'nginx' })];

test('one account contact and solver set make both issuers, each with its own URL and account key', () => {
  const c = chart();
  const le = new LetsEncryptIssuers(c, 'le', { email: 'ops@example.com', solvers: solvers() });
  const manifests = synthValid(c);
  expect(manifests.map(m => [m.kind, m.metadata.name, m.spec.acme.server, m.spec.acme.privateKeySecretRef.name])).toEqual([
    ['ClusterIssuer', 'letsencrypt-staging', 'https://acme-staging-v02.api.letsencrypt.org/directory', 'letsencrypt-staging-account-key'],
    ['ClusterIssuer', 'letsencrypt-production', 'https://acme-v02.api.letsencrypt.org/directory', 'letsencrypt-production-account-key'],
  ]);
  expect(manifests[0].spec.acme.solvers).toEqual(manifests[1].spec.acme.solvers);
  expect(manifests.every(m => m.spec.acme.email === 'ops@example.com')).toBe(true);
  expect([le.staging.issuerName, le.production.issuerName]).toEqual(['letsencrypt-staging', 'letsencrypt-production']);
  expect(le.staging.supportsWildcards).toBe(true);
});

test('names can be chosen', () => {
  const c = chart();
  const le = new LetsEncryptIssuers(c, 'le', { solvers: solvers(), stagingName: 'le-test', productionName: 'le' });
  expect(synthValid(c).map(m => m.metadata.name)).toEqual(['le-test', 'le']);
  expect([le.staging.issuerName, le.production.issuerName]).toEqual(['le-test', 'le']);
});

test('forEnvironment and select pick the matching issuer; non-production gets staging', () => {
  const le = new LetsEncryptIssuers(chart(), 'le', { solvers: solvers() });
  expect(le.forEnvironment(LetsEncryptEnvironment.PRODUCTION)).toBe(le.production);
  expect(le.forEnvironment(LetsEncryptEnvironment.STAGING)).toBe(le.staging);
  expect(le.select(true)).toBe(le.production);
  expect(le.select(false)).toBe(le.staging);
  expect(le.production.acmeServer).toBe('https://acme-v02.api.letsencrypt.org/directory');
  expect(le.staging.acmeServer).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
});
