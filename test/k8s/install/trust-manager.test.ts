import Ajv from 'ajv';
import { ofKind, newChart, synthValid } from './helpers';
import { CertManager, ChartDelivery, TrustManager, TrustManagerRelease, TrustManagerReleaseOptions } from '../../../src/k8s/install';
import { readUpstream } from '../../../src/upstream';
import { synthErrors } from '../../support/synth';

const schema = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readUpstream('trust-manager-v0.24.0/values.schema.json')));
/** Errors of values against the chart's schema, checked independently of the library. */
function schemaErrors(values: object): string[] {
  return schema(values) ? [] : (schema.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

function render(options: TrustManagerReleaseOptions = {}) {
  return TrustManagerRelease.render(newChart('platform'), options);
}

describe('TrustManagerRelease.render', () => {
  test('pins the chart; with no props the chart defaults apply', () => {
    expect(render()).toMatchObject({
      chart: 'trust-manager',
      repository: 'https://charts.jetstack.io',
      version: 'v0.24.0',
      releaseName: 'trust-manager',
      namespace: 'cert-manager',
      values: {},
    });
  });

  test('renders the typed props to keys the chart\'s values.schema.json accepts', () => {
    const { values } = render({
      replicas: 2,
      resources: { cpuRequest: '10m', memoryLimit: '128Mi' },
      nodeSelector: { pool: 'system' },
      tolerations: [{ key: 'CriticalAddonsOnly' }],
      trustNamespace: 'pki',
      defaultCaPackage: false,
      secretTargets: { authorizedSecrets: ['company-ca'] },
      filterExpiredCertificates: true,
      serviceMonitor: true,
    });
    expect(values).toEqual({
      replicaCount: 2,
      resources: { requests: { cpu: '10m' }, limits: { memory: '128Mi' } },
      nodeSelector: { pool: 'system' },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
      defaultPackage: { enabled: false },
      secretTargets: { enabled: true, authorizedSecrets: ['company-ca'] },
      filterExpiredCertificates: { enabled: true },
      app: { trust: { namespace: 'pki' }, metrics: { service: { servicemonitor: { enabled: true } } } },
    });
    expect(schemaErrors(values)).toEqual([]);
  });

  const refused: Array<[string, TrustManagerReleaseOptions, string]> = [
    ['an unknown value', { extraValues: { replicas: 2 } }, "platform: values.replicas is not a value of the trust-manager v0.24.0 chart. Fix: use 'replicaCount' instead"],
    ['a value of the wrong type', { extraValues: { app: { logLevel: 'debug' } } }, 'platform: values.app.logLevel is "debug" (string) but the trust-manager v0.24.0 chart expects number'],
    ['zero replicas', { replicas: 0 }, 'platform: replicas is 0 but must be a whole number of at least 1'],
    ['a bad trust namespace', { trustNamespace: 'PKI' }, "platform: trustNamespace 'PKI' is not a valid namespace name"],
    ['Secret targets authorizing nothing', { secretTargets: {} }, 'platform: secretTargets authorizes no Secret'],
    ['a bad authorized Secret name', { secretTargets: { authorizedSecrets: ['Bad_Name'] } }, "secretTargets.authorizedSecrets[0] 'Bad_Name' is not a valid Secret name"],
    ['a request above its limit', { resources: { cpuRequest: '2', cpuLimit: '1' } }, "values.resources.requests.cpu '2' is above its limit '1'"],
  ];
  test.each(refused)('refuses %s', (_name, options, message) => {
    expect(() => render(options)).toThrow(message);
  });
});

describe('TrustManager', () => {
  test.each([
    ['Argo CD', ChartDelivery.argoCd(), 'Application'],
    ['Flux', ChartDelivery.flux(), 'HelmRelease'],
  ])('delivers through %s, valid against the pinned CRDs', (_name, delivery, kind) => {
    const chart = newChart('platform');
    const certManager = new CertManager(chart, 'cert-manager', { delivery });
    const trust = new TrustManager(chart, 'trust-manager', { delivery, certManager, trustNamespace: 'cert-manager' });
    expect(synthErrors(chart)).toEqual([]);
    const manifests = synthValid(chart);
    expect(ofKind(manifests, kind).map(m => m.metadata.name)).toContain('trust-manager');
    // Both live in cert-manager: the namespace is created once.
    expect(ofKind(manifests, 'Namespace')).toHaveLength(1);
    expect(trust.trustNamespace).toBe('cert-manager');
    expect(trust.syncWave).toBeGreaterThan(certManager.syncWave);
  });

  test('reads its trust settings from the values, extraValues included', () => {
    const trust = new TrustManager(newChart(), 'tm', {
      delivery: ChartDelivery.valuesOnly(),
      extraValues: { app: { trust: { namespace: 'pki' } }, defaultPackage: { enabled: false }, secretTargets: { enabled: true, authorizedSecretsAll: true } },
    });
    expect([trust.trustNamespace, trust.defaultCaPackage, trust.secretTargetsEnabled, trust.authorizeAllSecrets]).toEqual(['pki', false, true, true]);
  });
});
