import { chart, only, synthValid } from './synth';
import {
  AcmeSolver, ClusterIssuer, IssuerType, LetsEncryptEnvironment,
} from '../../../src/k8s/issuers';

const STAGING_URL = 'https://acme-staging-v02.api.letsencrypt.org/directory';
const PRODUCTION_URL = 'https://acme-v02.api.letsencrypt.org/directory';
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
