import Ajv from 'ajv';
import { newChart, ofKind, synthValid } from './helpers';
import { CertManager, ChartDelivery, CsiDriver, CsiDriverRelease, CsiDriverReleaseOptions } from '../../../src/k8s/install';
import { readUpstream } from '../../../src/upstream';
import { synthErrors } from '../../support/synth';

const schema = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readUpstream('csi-driver-v0.16.0/values.schema.json')));
function schemaErrors(values: object): string[] {
  return schema(values) ? [] : (schema.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

function render(options: CsiDriverReleaseOptions = {}) {
  return CsiDriverRelease.render(newChart('platform'), options);
}

describe('CsiDriverRelease.render', () => {
  test('pins the chart; with no props the chart defaults apply', () => {
    expect(render()).toMatchObject({
      chart: 'cert-manager-csi-driver',
      repository: 'https://charts.jetstack.io',
      version: 'v0.16.0',
      releaseName: 'cert-manager-csi-driver',
      namespace: 'cert-manager',
      values: {},
    });
  });

  test('renders the typed props to keys the chart\'s values.schema.json accepts', () => {
    const { values } = render({
      driverName: 'certs.example.com',
      resources: { cpuRequest: '10m', memoryRequest: '32Mi' },
      nodeSelector: { pool: 'apps' },
      tolerations: [{ key: 'dedicated', value: 'apps' }],
      kubeletRootDir: '/var/lib/k0s/kubelet',
      podMonitor: true,
    });
    expect(values).toEqual({
      app: { driver: { name: 'certs.example.com' }, kubeletRootDir: '/var/lib/k0s/kubelet' },
      resources: { requests: { cpu: '10m', memory: '32Mi' } },
      nodeSelector: { pool: 'apps' },
      tolerations: [{ key: 'dedicated', value: 'apps', operator: 'Equal' }],
      metrics: { podmonitor: { enabled: true } },
    });
    expect(schemaErrors(values)).toEqual([]);
  });

  const refused: Array<[string, CsiDriverReleaseOptions, string]> = [
    ['an unknown value', { extraValues: { replicaCount: 2 } }, 'platform: values.replicaCount is not a value of the cert-manager-csi-driver v0.16.0 chart'],
    ['a value of the wrong type', { extraValues: { app: { logLevel: 'debug' } } }, 'platform: values.app.logLevel is "debug" (string)'],
    ['a bad driver name', { driverName: 'Certs!' }, "platform: driverName 'Certs!' is not a valid CSI driver name"],
    ['a relative kubelet directory', { kubeletRootDir: 'var/lib/kubelet' }, "kubeletRootDir 'var/lib/kubelet' is not an absolute path"],
  ];
  test.each(refused)('refuses %s', (_name, options, message) => {
    expect(() => render(options)).toThrow(message);
  });
});

describe('CsiDriver', () => {
  test.each([
    ['Argo CD', ChartDelivery.argoCd(), 'Application'],
    ['Flux', ChartDelivery.flux(), 'HelmRelease'],
  ])('delivers through %s after cert-manager, valid against the pinned CRDs', (_name, delivery, kind) => {
    const chart = newChart('platform');
    const certManager = new CertManager(chart, 'cert-manager', { delivery });
    const csi = new CsiDriver(chart, 'csi-driver', { delivery, certManager });
    expect(synthErrors(chart)).toEqual([]);
    const manifests = synthValid(chart);
    expect(ofKind(manifests, kind).map(m => m.metadata.name)).toContain('cert-manager-csi-driver');
    expect(ofKind(manifests, 'Namespace')).toHaveLength(1);
    expect(csi.driverName).toBe('csi.cert-manager.io');
  });
});
