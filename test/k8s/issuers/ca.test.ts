import { chart, only, synthValid } from './synth';
import {
  ClusterIssuer, Issuer, IssuerType,
} from '../../../src/k8s/issuers';

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
