import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { KeyUsage, PrivateKeyAlgorithm, PrivateKeyEncoding, PrivateKeyRotationPolicy } from '../../../src/k8s/certificates';
import { CsiCertificate, CsiCertificateMountOptions } from '../../../src/k8s/csi';
import { ChartDelivery, CsiDriver } from '../../../src/k8s/install';
import { IssuerReference } from '../../../src/k8s/issuer-ref';
import { ClusterIssuer, Issuer, IssuerType } from '../../../src/k8s/issuers';
import { synthErrors } from '../../support/synth';

const CA = IssuerReference.of('internal-ca');
const HTTP01_ONLY = IssuerReference.of('letsencrypt-http', { supportsWildcards: false });

function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'platform', { namespace: 'apps' });
  const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx', securityContext: { ensureNonRoot: false } }] });
  return { chart, web };
}

function podSpec(chart: Chart): any {
  return Testing.synth(chart).find(m => m.kind === 'Deployment').spec.template.spec;
}

describe('CsiCertificate.addTo', () => {
  test('mounts a CSI volume with the driver\'s attributes into the workload\'s containers', () => {
    const { chart, web } = setup();
    const cert = CsiCertificate.addTo(web, 'tls', {
      issuerRef: new ClusterIssuer(chart, 'ca', { type: IssuerType.ca({ secretName: 'ca-key-pair' }) }),
      mountPath: '/var/run/tls',
      volumeName: 'tls',
      dnsNames: ['${POD_NAME}.${POD_NAMESPACE}.svc', 'web.apps.svc.cluster.local'],
      commonName: '$POD_NAME',
      ipAddresses: ['10.0.0.1'],
      uris: ['spiffe://cluster.local/ns/${POD_NAMESPACE}/sa/${SERVICE_ACCOUNT_NAME}'],
      duration: Duration.hours(24),
      renewBefore: Duration.hours(8),
      usages: [KeyUsage.DIGITAL_SIGNATURE, KeyUsage.SERVER_AUTH, KeyUsage.CLIENT_AUTH],
      privateKey: { rotationPolicy: PrivateKeyRotationPolicy.NEVER },
      certificateFile: 'cert.pem',
      privateKeyFile: 'key.pem',
      caFile: 'ca.pem',
      fsGroup: 1000,
      pkcs12: { password: 'changeit' },
    });
    expect(synthErrors(chart)).toEqual([]);
    const spec = podSpec(chart);
    expect(spec.volumes).toEqual([{
      name: 'tls',
      csi: {
        driver: 'csi.cert-manager.io',
        readOnly: true,
        volumeAttributes: {
          'csi.cert-manager.io/issuer-name': cert.attributes['csi.cert-manager.io/issuer-name'],
          'csi.cert-manager.io/issuer-kind': 'ClusterIssuer',
          'csi.cert-manager.io/issuer-group': 'cert-manager.io',
          'csi.cert-manager.io/common-name': '$POD_NAME',
          'csi.cert-manager.io/dns-names': '${POD_NAME}.${POD_NAMESPACE}.svc,web.apps.svc.cluster.local',
          'csi.cert-manager.io/ip-sans': '10.0.0.1',
          'csi.cert-manager.io/uri-sans': 'spiffe://cluster.local/ns/${POD_NAMESPACE}/sa/${SERVICE_ACCOUNT_NAME}',
          'csi.cert-manager.io/duration': '24h0m0s',
          'csi.cert-manager.io/renew-before': '8h0m0s',
          'csi.cert-manager.io/key-usages': 'digital signature,server auth,client auth',
          'csi.cert-manager.io/key-algorithm': 'ECDSA',
          'csi.cert-manager.io/key-size': '256',
          'csi.cert-manager.io/reuse-private-key': 'true',
          'csi.cert-manager.io/ca-file': 'ca.pem',
          'csi.cert-manager.io/certificate-file': 'cert.pem',
          'csi.cert-manager.io/privatekey-file': 'key.pem',
          'csi.cert-manager.io/fs-group': '1000',
          'csi.cert-manager.io/pkcs12-enable': 'true',
          'csi.cert-manager.io/pkcs12-password': 'changeit',
        },
      },
    }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'tls', mountPath: '/var/run/tls', readOnly: true }]);
  });

  test('an AWS Private CA issuer and a renamed driver', () => {
    const { chart, web } = setup();
    const csiDriver = new CsiDriver(chart, 'csi', { delivery: ChartDelivery.valuesOnly(), driverName: 'certs.example.com' });
    CsiCertificate.addTo(web, 'tls', {
      issuerRef: IssuerReference.of('private-ca', { kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' }),
      mountPath: '/tls',
      dnsNames: ['web.apps.svc'],
      csiDriver,
      privateKey: { algorithm: PrivateKeyAlgorithm.RSA, encoding: PrivateKeyEncoding.PKCS8 },
    });
    expect(synthErrors(chart)).toEqual([]);
    const [volume] = podSpec(chart).volumes;
    expect(volume.csi.driver).toBe('certs.example.com');
    expect(volume.csi.volumeAttributes).toMatchObject({
      'csi.cert-manager.io/issuer-kind': 'AWSPCAClusterIssuer',
      'csi.cert-manager.io/issuer-group': 'awspca.cert-manager.io',
      'csi.cert-manager.io/key-algorithm': 'RSA',
      'csi.cert-manager.io/key-size': '2048',
      'csi.cert-manager.io/key-encoding': 'PKCS8',
    });
  });

  test('a namespaced issuer in the pod\'s namespace', () => {
    const { chart, web } = setup();
    const issuer = new Issuer(chart, 'local', { type: IssuerType.selfSigned() });
    CsiCertificate.addTo(web, 'tls', { issuerRef: issuer, mountPath: '/tls', dnsNames: ['web.apps.svc'] });
    expect(synthErrors(chart)).toEqual([]);
  });
});

describe('CsiCertificate refuses', () => {
  const base: CsiCertificateMountOptions = { issuerRef: CA, mountPath: '/tls', dnsNames: ['web.apps.svc'] };
  const cases: Array<[string, Partial<CsiCertificateMountOptions>, string[]]> = [
    ['a wildcard with an HTTP-01-only issuer', { issuerRef: HTTP01_ONLY, dnsNames: ['*.apps.example.com'] },
      ["platform/web/tls: dnsNames[0] '*.apps.example.com' is a wildcard but issuer 'letsencrypt-http' cannot sign wildcards"]],
    ['a bad DNS name', { dnsNames: ['Web_App.example.com'] }, ["dnsNames[0] 'Web_App.example.com' is not a valid DNS name"]],
    ['a name listed twice', { dnsNames: ['a.example.com', 'a.example.com'] }, ["dnsNames[1] 'a.example.com' is listed twice"]],
    ['a variable the driver does not know', { dnsNames: ['${POD_IP}.example.com'] }, ["dnsNames[0] uses the variable 'POD_IP'"]],
    ['no name at all', { dnsNames: [] }, ['dnsNames is empty and no other name']],
    ['a bad IP address', { ipAddresses: ['10.0.0.256'] }, ["ipAddresses[0] '10.0.0.256' is not an IP address"]],
    ['a relative URI', { uris: ['web'] }, ["uris[0] 'web' is not an absolute URI"]],
    ['a common name over 64 bytes', { commonName: 'x'.repeat(65) }, ['commonName is 65 bytes of UTF-8 long']],
    ['renewBefore not shorter than duration', { duration: Duration.hours(1), renewBefore: Duration.hours(2) }, ['renewBefore (2h0m0s) is not shorter than the duration (1h0m0s), so the certificate would renew forever']],
    ['a duration that is not one', { duration: '24h' as any }, ['duration ']],
    ['PKCS1 with an ECDSA key', { privateKey: { encoding: PrivateKeyEncoding.PKCS1 } }, ['privateKey.encoding PKCS1 cannot hold a ECDSA key']],
    ['a bad key size', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 1024 } }, ['privateKey.size 1024 is not an RSA key size']],
    ['a file name with a slash', { certificateFile: 'certs/tls.crt' }, ["certificateFile 'certs/tls.crt' is not a plain file name"]],
    ['two files with one name', { caFile: 'tls.crt' }, ["certificateFile 'tls.crt' is also caFile"]],
    ['a PKCS#12 keystore without password', { pkcs12: { password: '' } }, ['pkcs12.password is empty']],
    ['a negative fsGroup', { fsGroup: -1 }, ['fsGroup is -1']],
    ['a relative mount path', { mountPath: 'tls' }, ["mountPath 'tls' is not an absolute path"]],
    ['a namespaced issuer of another namespace', { issuerRef: IssuerReference.of('ca', { kind: 'Issuer', namespace: 'other' }) },
      ["issuerRef Issuer 'ca' lives in namespace 'other' but this object is in 'apps'"]],
  ];
  test.each(cases)('%s', (_name, overrides, expected) => {
    const { chart, web } = setup();
    CsiCertificate.addTo(web, 'tls', { ...base, ...overrides });
    const errors = synthErrors(chart);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(errors[i]).toContain(e));
  });
});
