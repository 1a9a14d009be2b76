import { Construct } from 'constructs';
import { newChart, ofKind, synthValid } from './helpers';
import {
  ArgoCdSyncWaves, CertManager, ChartDelivery, HelmChartInstall, HelmChartInstallOptions, HelmChartSpec,
} from '../../../src/k8s/install';
import { chartRelease } from '../../../src/k8s/install/private/chart-release';
import { synthErrors } from '../../support/synth';

// A chart the way an add-on file declares it: a spec, typed props, and install() from the constructor.
const SPEC: HelmChartSpec = {
  chart: 'example-addon',
  repository: 'https://charts.example.com',
  version: 'v1.0.0',
  repositoryName: 'example',
  syncWave: ArgoCdSyncWaves.ADDONS,
};

interface ExampleAddonProps extends HelmChartInstallOptions {
  readonly replicas?: number;
  readonly certManager?: CertManager;
}

class ExampleAddon extends HelmChartInstall {
  constructor(scope: Construct, id: string, props: ExampleAddonProps) {
    super(scope, id);
    const values = props.replicas === undefined ? {} : { replicaCount: props.replicas };
    this.install(SPEC, {
      chart: SPEC.chart,
      repository: SPEC.repository,
      version: SPEC.version,
      releaseName: 'example',
      namespace: 'example',
      values,
      serviceAccountName: 'example',
    }, props, props.certManager ? [props.certManager] : []);
  }
}

describe('HelmChartInstall', () => {
  test('every delivery mode from one spec; the install exposes its release', () => {
    for (const delivery of [ChartDelivery.argoCd(), ChartDelivery.flux(), ChartDelivery.valuesOnly()]) {
      const chart = newChart();
      const addon = new ExampleAddon(chart, 'Addon', { delivery, replicas: 2 });
      expect(addon.values).toEqual({ replicaCount: 2 });
      expect(addon.namespace).toBe('example');
      expect(addon.syncWave).toBe(ArgoCdSyncWaves.ADDONS);
      expect(addon.delivery).toBe(delivery);
      const manifests = synthValid(chart);
      expect(addon.apiObjects.map(o => o.kind)).toEqual(manifests.map(m => m.kind));
    }
  });

  test('Flux: a release depends on the installs it needs when they are Flux-delivered too', () => {
    const chart = newChart();
    const certManager = new CertManager(chart, 'CertManager', { delivery: ChartDelivery.flux({ namespace: 'gitops' }) });
    new ExampleAddon(chart, 'Addon', { delivery: ChartDelivery.flux(), certManager });
    const [release] = ofKind(synthValid(chart), 'HelmRelease', 'example');
    expect(release.spec.dependsOn).toEqual([{ name: 'cert-manager', namespace: 'gitops' }]);

    const mixed = newChart();
    const argoCertManager = new CertManager(mixed, 'CertManager', { delivery: ChartDelivery.argoCd() });
    new ExampleAddon(mixed, 'Addon', { delivery: ChartDelivery.flux(), certManager: argoCertManager });
    expect(ofKind(synthValid(mixed), 'HelmRelease', 'example')[0].spec.dependsOn).toBeUndefined();
  });

  test('Argo CD: an install must sync after the installs it needs', () => {
    const chart = newChart();
    const certManager = new CertManager(chart, 'CertManager', { delivery: ChartDelivery.argoCd() });
    new ExampleAddon(chart, 'Addon', { delivery: ChartDelivery.argoCd({ syncWave: ArgoCdSyncWaves.CERT_MANAGER }), certManager });
    new ExampleAddon(chart, 'Fine', { delivery: ChartDelivery.argoCd(), certManager });
    expect(synthErrors(chart)).toEqual([
      'test/Addon: delivery.syncWave (-30) must be greater than the wave of test/CertManager (-30), which it needs. Fix: give Addon a later wave, e.g. -29.',
    ]);
  });

  test('a fractional sync wave is reported at synth', () => {
    const chart = newChart();
    new ExampleAddon(chart, 'Addon', { delivery: ChartDelivery.argoCd({ syncWave: 1.5 }) });
    expect(synthErrors(chart)).toEqual(['test/Addon: delivery.syncWave is 1.5 but must be a whole number. Fix: use an integer such as ArgoCdSyncWaves.CERT_MANAGER.']);
  });
});

describe('chartRelease (the last step of every chart file\'s render)', () => {
  const input = { namespace: 'example', releaseName: 'example' };

  test('validates against a draft-07 chart schema (cert-manager)', () => {
    expect(() => chartRelease(newChart('platform'), SPEC, { ...input, values: { replicaCount: 'two' }, valuesSchema: 'cert-manager-v1.21.1/values.schema.json' }))
      .toThrow(/^platform: values\.replicaCount is "two" \(string\) but the example-addon v1\.0\.0 chart expects number\./);
  });

  test('validates against a JSON Schema 2020-12 chart schema (external-secrets)', () => {
    const release = chartRelease(newChart('platform'), SPEC, { ...input, values: { replicaCount: 2 }, valuesSchema: 'external-secrets-v2.9.0/values.schema.json' });
    expect(release).toMatchObject({ chart: 'example-addon', version: 'v1.0.0', namespace: 'example', serviceAccountName: 'example-example-addon' });
    expect(() => chartRelease(newChart('platform'), SPEC, { ...input, values: { replicaCount: 1.5 }, valuesSchema: 'external-secrets-v2.9.0/values.schema.json' }))
      .toThrow(/^platform: values\.replicaCount is 1\.5 \(number\) but the example-addon v1\.0\.0 chart expects integer\./);
  });

  test('checks the names every delivery mode relies on', () => {
    expect(() => chartRelease(newChart('platform'), SPEC, { ...input, releaseName: 'Example', values: {} }))
      .toThrow(/^platform: releaseName 'Example' is not a valid Helm release name\./);
  });
});
