import { Chart, JsonPatch, Testing } from 'cdk8s';
import { Certificate, KeyUsage, Pkcs12Profile } from '../../../src/k8s/certificates';
import { CertManager, ChartDelivery, TrustManager } from '../../../src/k8s/install';
import { IssuerReference } from '../../../src/k8s/issuer-ref';
import { ClusterIssuer, Issuer, IssuerType } from '../../../src/k8s/issuers';
import { TrustBundle, TrustBundleProps, TrustSource } from '../../../src/k8s/trust';
import { crdSchemas, formatViolations } from '../../../src/upstream';
import { synthErrors } from '../../support/synth';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n';

function setup(namespace?: string) {
  const app = Testing.app();
  const chart = new Chart(app, 'platform', { namespace });
  return { app, chart };
}

/** Synthesizes with validations and fails on any error line or CRD violation. */
function synthClean(chart: Chart): any[] {
  expect(synthErrors(chart)).toEqual([]);
  const manifests = Testing.synth(chart);
  const violations = crdSchemas().validateAll(manifests);
  if (violations.length > 0) throw new Error(formatViolations(violations));
  return manifests;
}

const bundles = (manifests: any[]) => manifests.filter(m => m.kind === 'Bundle');

describe('TrustBundle', () => {
  test('renders every kind of source and target, valid against the pinned Bundle CRD', () => {
    const { chart } = setup('apps');
    new TrustBundle(chart, 'bundle', {
      name: 'company-ca',
      sources: [
        TrustSource.defaultCas(),
        TrustSource.secret('root-ca', { key: 'tls.crt' }),
        TrustSource.configMap('extra-cas', { includeAllKeys: true }),
        TrustSource.secretsWithLabels({ 'trust.example.com/ca': 'true' }),
        TrustSource.inline(PEM),
      ],
      configMap: { key: 'ca-bundle.crt', labels: { team: 'platform' } },
      jks: { key: 'truststore.jks' },
      pkcs12: { key: 'truststore.p12', password: 'secret', profile: Pkcs12Profile.MODERN2023 },
      namespaceSelector: { 'trust.example.com/inject': 'enabled' },
    });
    const [bundle] = bundles(synthClean(chart));
    expect(bundle.apiVersion).toBe('trust.cert-manager.io/v1alpha1');
    // Cluster-scoped: the chart's namespace is not stamped on it.
    expect(bundle.metadata).toEqual({ name: 'company-ca' });
    expect(bundle.spec).toEqual({
      sources: [
        { useDefaultCAs: true },
        { secret: { name: 'root-ca', key: 'tls.crt' } },
        { configMap: { name: 'extra-cas', includeAllKeys: true } },
        { secret: { selector: { matchLabels: { 'trust.example.com/ca': 'true' } }, key: 'ca.crt' } },
        { inLine: PEM },
      ],
      target: {
        configMap: { key: 'ca-bundle.crt', metadata: { labels: { team: 'platform' } } },
        additionalFormats: { jks: { key: 'truststore.jks' }, pkcs12: { key: 'truststore.p12', password: 'secret', profile: 'Modern2023' } },
        namespaceSelector: { matchLabels: { 'trust.example.com/inject': 'enabled' } },
      },
    });
  });

  test('defaults to a ConfigMap key ca.crt', () => {
    const { chart } = setup();
    new TrustBundle(chart, 'b', { sources: [TrustSource.inline(PEM)] });
    expect(bundles(synthClean(chart))[0].spec.target).toEqual({ configMap: { key: 'ca.crt' } });
  });

  test('one line distributes a self-signed root (ca.crt of its Certificate in the trust namespace)', () => {
    const { chart } = setup('cert-manager');
    const selfSigned = new ClusterIssuer(chart, 'self-signed', { type: IssuerType.selfSigned() });
    const root = new Certificate(chart, 'root', { issuerRef: selfSigned, commonName: 'Example Root CA', isCa: true, secretName: 'root-ca' });
    TrustBundle.forCertificateCa(chart, 'root-bundle', root, { name: 'example-root' });
    expect(bundles(synthClean(chart))[0].spec.sources).toEqual([{ secret: { name: 'root-ca', key: 'ca.crt' } }]);
  });

  test('one line distributes an AWS Private CA (ca.crt of a Certificate it issued)', () => {
    const { chart } = setup('cert-manager');
    const pca = IssuerReference.of('private-ca', { kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' });
    const cert = new Certificate(chart, 'pca-probe', { issuerRef: pca, dnsNames: ['probe.internal.example.com'], secretName: 'pca-probe-tls', usages: [KeyUsage.SERVER_AUTH] });
    TrustBundle.forCertificateCa(chart, 'pca-bundle', cert);
    expect(bundles(synthClean(chart))[0].spec.sources).toEqual([{ secret: { name: 'pca-probe-tls', key: 'ca.crt' } }]);
  });

  test('one line distributes the CA of a CA issuer (tls.crt of its Secret)', () => {
    const { chart } = setup();
    const ca = new ClusterIssuer(chart, 'ca', { type: IssuerType.ca({ secretName: 'company-ca' }) });
    TrustBundle.forCaIssuer(chart, 'ca-bundle', ca);
    expect(bundles(synthClean(chart))[0].spec.sources).toEqual([{ secret: { name: 'company-ca', key: 'tls.crt' } }]);
  });

  test('with a TrustManager: its trust namespace, default CA package and Secret targets', () => {
    const { chart } = setup();
    const certManager = new CertManager(chart, 'cm', { delivery: ChartDelivery.valuesOnly() });
    const trust = new TrustManager(chart, 'trust', { delivery: ChartDelivery.valuesOnly(), certManager, trustNamespace: 'pki', secretTargets: { authorizedSecrets: ['company-ca'] } });
    const issuer = new Issuer(chart, 'ca', { namespace: 'pki', type: IssuerType.ca({ secretName: 'company-ca-key' }) });
    TrustBundle.forCaIssuer(chart, 'bundle', issuer, { name: 'company-ca', trustManager: trust, secret: { key: 'ca.crt' } });
    expect(bundles(synthClean(chart))[0].spec.target).toEqual({ secret: { key: 'ca.crt' } });
  });
});

describe('TrustBundle refuses', () => {
  const cases: Array<[string, (chart: Chart) => TrustBundleProps, string[]]> = [
    ['a bundle with no source', () => ({ sources: [] }), ['sources is empty, so the bundle would hold no certificate']],
    ['a target key that is not a valid key', () => ({ sources: [TrustSource.inline(PEM)], configMap: { key: 'ca bundle/pem' } }),
      ["configMap.key 'ca bundle/pem' is not a valid ConfigMap or Secret key"]],
    ['a source key that is not a valid key', () => ({ sources: [TrustSource.secret('root', { key: '..hidden' })] }),
      ["sources[0].secret.key '..hidden' is not a valid data key"]],
    ['key together with includeAllKeys', () => ({ sources: [TrustSource.configMap('cas', { key: 'a.crt', includeAllKeys: true })] }),
      ['sources[0].configMap.key is set together with includeAllKeys']],
    ['a bad source name', () => ({ sources: [TrustSource.secret('Root_CA')] }), ["sources[0].secret.name 'Root_CA' is not a valid Secret name"]],
    ['an empty label selector', () => ({ sources: [TrustSource.secretsWithLabels({})] }), ['sources[0].secret.selector has no labels']],
    ['inline text that is no PEM certificate', () => ({ sources: [TrustSource.inline('hello')] }), ['sources[0] is not a PEM certificate']],
    ['a truststore on the target key', () => ({ sources: [TrustSource.inline(PEM)], jks: { key: 'ca.crt' } }),
      ["jks.key 'ca.crt' is also configMap.key, so one format would overwrite the other"]],
    ['an empty JKS password', () => ({ sources: [TrustSource.inline(PEM)], jks: { key: 'ts.jks', password: '' } }), ['jks.password is 0 characters long']],
    ['a PKCS#12 profile trust-manager does not know', () => ({ sources: [TrustSource.inline(PEM)], pkcs12: { key: 'ts.p12', profile: Pkcs12Profile.MODERN2026 } }),
      ['pkcs12.profile Modern2026 is not known to trust-manager v0.24.0']],
    ['a bad namespace selector', () => ({ sources: [TrustSource.inline(PEM)], namespaceSelector: { 'bad key!': 'x' } }), ["namespaceSelector['bad key!'] is not a valid label key"]],
    ['a source that is its own target', () => ({ name: 'cas', sources: [TrustSource.configMap('cas')] }), ["sources[0] is the bundle's own target"]],
    ['a Certificate outside the trust namespace', chart => ({
      sources: [TrustSource.certificateCa(new Certificate(chart, 'root', { metadata: { namespace: 'apps' }, issuerRef: IssuerReference.of('self'), commonName: 'Root', isCa: true }))],
    }), ["but trust-manager reads sources only from its trust namespace 'cert-manager'"]],
    ['an issuer that is not a CA issuer', chart => ({ sources: [TrustSource.caIssuer(new ClusterIssuer(chart, 'ss', { type: IssuerType.selfSigned() }))] }),
      ['is not a CA issuer (IssuerType.ca)']],
    ['default CAs without the default package', chart => ({
      sources: [TrustSource.defaultCas()], trustManager: new TrustManager(chart, 'tm', { delivery: ChartDelivery.valuesOnly(), defaultCaPackage: false }),
    }), ['installs trust-manager without its default CA package']],
    ['a Secret target trust-manager may not write', chart => ({
      name: 'cas', sources: [TrustSource.inline(PEM)], secret: { key: 'ca.crt' }, trustManager: new TrustManager(chart, 'tm', { delivery: ChartDelivery.valuesOnly() }),
    }), ['secret needs Secret targets']],
    ['a Secret target not authorized', chart => ({
      name: 'cas',
      sources: [TrustSource.inline(PEM)],
      secret: { key: 'ca.crt' },
      trustManager: new TrustManager(chart, 'tm', { delivery: ChartDelivery.valuesOnly(), secretTargets: { authorizedSecrets: ['other'] } }),
    }), ["writes Secret 'cas', which platform/tm does not authorize"]],
  ];
  test.each(cases)('%s', (_name, props, expected) => {
    const { chart } = setup();
    new TrustBundle(chart, 'bundle', props(chart));
    const errors = synthErrors(chart);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(errors[i]).toContain(e));
  });

  test('every mistake of one bundle in one synth', () => {
    const { chart } = setup();
    new TrustBundle(chart, 'bundle', { sources: [TrustSource.inline('x')], configMap: { key: 'a b' }, pkcs12: { key: 'a b' } });
    expect(synthErrors(chart)).toHaveLength(4);
  });

  test('an escape-hatch patch the CRD refuses is caught at synth', () => {
    const { chart } = setup();
    const b = new TrustBundle(chart, 'bundle', { sources: [TrustSource.inline(PEM)] });
    b.apiObject.addJsonPatch(JsonPatch.add('/spec/target/additionalFormats', { pkcs12: { key: 'ts.p12', profile: 'Modern2099' } }));
    expect(synthErrors(chart)).toEqual([expect.stringContaining('spec.target.additionalFormats.pkcs12.profile is not one of the values its CRD allows')]);
  });
});
