import { chart, only, synthValid, TEST_CA_PEM as PEM } from './synth';
import {
  AcmeSolver, ClusterIssuer, IssuerType,
} from '../../../src/k8s/issuers';

const http = () => [AcmeSolver.http01Ingress({ ingressClassName: 'nginx' })];

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
