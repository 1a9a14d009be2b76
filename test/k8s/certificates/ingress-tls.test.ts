import { Chart, Duration, Testing } from 'cdk8s';
import { Ingress, IngressBackend, Service } from 'cdk8s-plus-28';
import { certificates, chart, expectInvalid, synthValid } from './support';
import { Certificate, IngressTls, IngressTlsMode, PrivateKeyAlgorithm } from '../../../src/k8s/certificates';
import { CertkitEnvironment, DeploymentEnvironment } from '../../../src/k8s/environment';
import { IIssuerRef, IssuerReference } from '../../../src/k8s/issuer-ref';
import { synthErrors } from '../../support/synth';

const clusterIssuer = IssuerReference.of('letsencrypt-production');

function ingressIn(c: Chart, namespace?: string): Ingress {
  const service = new Service(c, 'web-svc', { ports: [{ port: 80 }], metadata: { namespace } });
  return new Ingress(c, 'web', {
    metadata: { namespace },
    rules: [{ host: 'shop.example.com', backend: IngressBackend.fromService(service) }],
  });
}

function ingressManifest(manifests: any[]): any {
  return manifests.find(m => m.kind === 'Ingress');
}

describe('IngressTls', () => {
  test.each<[string, IIssuerRef, Record<string, string>]>([
    ['ClusterIssuer', clusterIssuer, { 'cert-manager.io/cluster-issuer': 'letsencrypt-production' }],
    ['Issuer', IssuerReference.of('shop-ca', { kind: 'Issuer', namespace: 'apps' }), { 'cert-manager.io/issuer': 'shop-ca' }],
    ['external issuer', IssuerReference.of('pca', { kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' }), {
      'cert-manager.io/issuer': 'pca', 'cert-manager.io/issuer-kind': 'AWSPCAClusterIssuer', 'cert-manager.io/issuer-group': 'awspca.cert-manager.io',
    }],
  ])('ingress-shim (default) annotates a %s and adds the TLS block', (_kind, issuer, issuerAnnotations) => {
    const c = chart();
    const ingress = ingressIn(c);
    const result = IngressTls.enable(ingress, { hosts: ['shop.example.com'], secretName: 'shop-tls', issuer });
    const manifests = synthValid(c);
    const manifest = ingressManifest(manifests);

    expect(result).toBeUndefined();
    expect(certificates(manifests)).toEqual([]);
    expect(manifest.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    expect(manifest.metadata.annotations).toEqual({
      ...issuerAnnotations,
      'cert-manager.io/private-key-algorithm': 'ECDSA',
      'cert-manager.io/private-key-size': '256',
      'cert-manager.io/private-key-rotation-policy': 'Always',
      'cert-manager.io/revision-history-limit': '3',
    });
  });

  test('ingress-shim carries key, lifetime and renewal settings as annotations; the secret defaults from the Ingress name', () => {
    const c = chart();
    const ingress = ingressIn(c);
    IngressTls.enable(ingress, {
      hosts: ['shop.example.com'],
      issuer: clusterIssuer,
      privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 3072 },
      duration: Duration.days(60),
      renewBefore: Duration.days(20),
      revisionHistoryLimit: 1,
    });
    const manifest = ingressManifest(synthValid(c));
    expect(manifest.spec.tls[0].secretName).toBe(`${ingress.name}-tls`);
    expect(manifest.metadata.annotations).toMatchObject({
      'cert-manager.io/private-key-algorithm': 'RSA',
      'cert-manager.io/private-key-size': '3072',
      'cert-manager.io/duration': '1440h0m0s',
      'cert-manager.io/renew-before': '480h0m0s',
      'cert-manager.io/revision-history-limit': '1',
    });
  });

  test('CERTIFICATE mode creates a Certificate named after the Secret in the Ingress namespace and no annotation', () => {
    const c = chart();
    const ingress = ingressIn(c, 'shop');
    const cert = IngressTls.enable(ingress, { hosts: ['shop.example.com'], secretName: 'shop-tls', issuer: clusterIssuer, mode: IngressTlsMode.CERTIFICATE });
    const manifests = synthValid(c);
    const [certificate] = certificates(manifests);

    expect(cert).toBeInstanceOf(Certificate);
    expect(certificate.metadata).toEqual({ name: 'shop-tls', namespace: 'shop' });
    expect(certificate.spec).toMatchObject({ secretName: 'shop-tls', dnsNames: ['shop.example.com'], issuerRef: { name: 'letsencrypt-production' } });
    expect(ingressManifest(manifests).metadata.annotations).toBeUndefined();
    expect(ingressManifest(manifests).spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
  });

  test('useCertificate serves an existing Certificate', () => {
    const c = chart();
    const ingress = ingressIn(c);
    const cert = new Certificate(c, 'shop-cert', { issuerRef: clusterIssuer, dnsNames: ['shop.example.com', 'www.shop.example.com'] });
    IngressTls.useCertificate(ingress, cert);
    expect(ingressManifest(synthValid(c)).spec.tls).toEqual([{ hosts: ['shop.example.com', 'www.shop.example.com'], secretName: cert.secretName }]);
  });

  test('two TLS entries with the same issuer share the annotations', () => {
    const c = chart();
    const ingress = ingressIn(c);
    IngressTls.enable(ingress, { hosts: ['shop.example.com'], secretName: 'a-tls', issuer: clusterIssuer });
    IngressTls.enable(ingress, { hosts: ['www.shop.example.com'], secretName: 'b-tls', issuer: clusterIssuer });
    expect(ingressManifest(synthValid(c)).spec.tls.map((t: any) => t.secretName)).toEqual(['a-tls', 'b-tls']);
  });

  describe('refuses', () => {
    test('an empty host list', () => {
      const c = chart();
      expectInvalid(() => IngressTls.enable(ingressIn(c), { hosts: [], issuer: clusterIssuer }), 'Platform/web', 'hosts', /list the host names/);
    });

    test('an invalid host', () => {
      const c = chart();
      expectInvalid(() => IngressTls.enable(ingressIn(c), { hosts: ['Shop.example.com'], issuer: clusterIssuer }), 'Platform/web', 'hosts[0]', /lower-case/);
    });

    test('a wildcard host for an issuer without DNS-01', () => {
      const c = chart();
      const http01 = IssuerReference.of('le-http', { supportsWildcards: false });
      expectInvalid(() => IngressTls.enable(ingressIn(c), { hosts: ['*.example.com'], issuer: http01 }), 'Platform/web', 'hosts[0]', /DNS-01/);
    });

    test('a host listed twice', () => {
      const c = chart();
      expectInvalid(() => IngressTls.enable(ingressIn(c), { hosts: ['shop.example.com', 'shop.example.com'], issuer: clusterIssuer }), 'Platform/web', 'hosts[1]', /once/);
    });

    test('a Let\'s Encrypt production issuer in a declared staging environment (ingress-shim mode), unless opted in', () => {
      const production = IssuerReference.of('letsencrypt-prod');
      const c = chart();
      CertkitEnvironment.declare(c, DeploymentEnvironment.STAGING);
      expectInvalid(() => IngressTls.enable(ingressIn(c), { hosts: ['shop.example.com'], issuer: production }), 'Platform/web', 'issuer', /allowIssuerEnvironmentMismatch/);
      const opted = chart();
      CertkitEnvironment.declare(opted, DeploymentEnvironment.STAGING);
      IngressTls.enable(ingressIn(opted), { hosts: ['shop.example.com'], issuer: production, allowIssuerEnvironmentMismatch: true });
      expect(synthErrors(opted)).toEqual([]);
    });

    test('a namespaced issuer of another namespace', () => {
      const c = chart();
      const issuer = IssuerReference.of('ca', { kind: 'Issuer', namespace: 'team-a' });
      expectInvalid(() => IngressTls.enable(ingressIn(c), { hosts: ['shop.example.com'], issuer }), 'Platform/web', 'issuer', /namespace 'team-a'/);
    });

    test('a second TLS entry with another issuer', () => {
      const c = chart();
      const ingress = ingressIn(c);
      IngressTls.enable(ingress, { hosts: ['shop.example.com'], secretName: 'a-tls', issuer: clusterIssuer });
      expectInvalid(() => IngressTls.enable(ingress, { hosts: ['www.shop.example.com'], secretName: 'b-tls', issuer: IssuerReference.of('other') }),
        'Platform/web', "annotations['cert-manager.io/cluster-issuer']", /same issuer/);
    });

    test('mixing ingress-shim and explicit certificates on one Ingress', () => {
      const c = chart();
      const ingress = ingressIn(c);
      IngressTls.enable(ingress, { hosts: ['shop.example.com'], secretName: 'a-tls', issuer: clusterIssuer });
      expectInvalid(() => IngressTls.enable(ingress, { hosts: ['www.shop.example.com'], secretName: 'b-tls', issuer: clusterIssuer, mode: IngressTlsMode.CERTIFICATE }),
        'Platform/web', 'mode', /one mode per Ingress/);
    });

    test('a Certificate in another namespace', () => {
      const c = chart();
      const cert = new Certificate(c, 'elsewhere', { issuerRef: clusterIssuer, dnsNames: ['shop.example.com'], metadata: { namespace: 'other' } });
      expectInvalid(() => IngressTls.useCertificate(ingressIn(c), cert), 'Platform/web', 'certificate', /Ingress's namespace/);
    });

    test('a Certificate without DNS names', () => {
      const c = chart();
      const cert = new Certificate(c, 'ip-only', { issuerRef: clusterIssuer, ipAddresses: ['10.0.0.1'] });
      expectInvalid(() => IngressTls.useCertificate(ingressIn(c), cert), 'Platform/web', 'certificate', /give the Certificate dnsNames/);
    });

    test('an explicit Certificate writing the Secret that ingress-shim manages', () => {
      const c = chart();
      IngressTls.enable(ingressIn(c), { hosts: ['shop.example.com'], secretName: 'shop-tls', issuer: clusterIssuer });
      new Certificate(c, 'manual', { issuerRef: clusterIssuer, dnsNames: ['shop.example.com'], secretName: 'shop-tls' });
      expectInvalid(() => Testing.synth(c), 'Platform/manual', 'secretName', /another secretName/);
    });
  });
});
