import { parse } from 'yaml';
import { newChart, ofKind, stubHelm, synthValid, withPath } from './helpers';
import {
  AwsPrivateCaIssuerAddon, AwsPrivateCaIssuerRelease, AwsPrivateCaIssuerReleaseOptions, CertManager, ChartDelivery,
} from '../../../src/k8s/install';
import { readUpstream } from '../../../src/upstream';

const DEFAULTS = parse(readUpstream('aws-privateca-issuer-v1.9.1/values.yaml'));

/** Every key path of `values` that the chart's values.yaml has, unless it lies below one of `open`. */
function unknownKeys(values: any, defaults: any = DEFAULTS, at = ''): string[] {
  return Object.entries(values).flatMap(([k, v]) => {
    const p = at ? `${at}.${k}` : k;
    if (!(k in defaults)) return [p];
    const isObject = (x: any) => x && typeof x === 'object' && !Array.isArray(x);
    return isObject(v) && isObject(defaults[k]) && Object.keys(defaults[k]).length > 0 && !['resources', 'podDisruptionBudget'].includes(p)
      ? unknownKeys(v, defaults[k], p) : [];
  });
}

function render(options: AwsPrivateCaIssuerReleaseOptions = {}) {
  return AwsPrivateCaIssuerRelease.render(newChart('platform'), options);
}

describe('AwsPrivateCaIssuerRelease.render', () => {
  test('pins the chart; with no props the chart defaults apply', () => {
    expect(render()).toEqual({
      chart: 'aws-privateca-issuer',
      repository: 'https://cert-manager.github.io/aws-privateca-issuer',
      version: 'v1.9.1',
      releaseName: 'aws-privateca-issuer',
      namespace: 'aws-privateca-issuer',
      values: {},
      serviceAccountName: 'aws-privateca-issuer',
    });
  });

  test('renders the typed props to keys of the chart\'s values.yaml', () => {
    const { values, serviceAccountName } = render({
      replicas: 3,
      podDisruptionBudget: { minAvailable: 2 },
      resources: { cpuRequest: '100m', memoryLimit: '128Mi' },
      nodeSelector: { pool: 'system' },
      tolerations: [{ key: 'CriticalAddonsOnly' }],
      serviceAccount: { name: 'pca', roleArn: 'arn:aws:iam::123456789012:role/pca-issuer' },
      serviceMonitor: true,
      approverServiceAccountName: 'cm',
      approverNamespace: 'certs',
      extraValues: { disableApprovedCheck: true },
    });
    expect(values).toEqual({
      replicaCount: 3,
      // The chart copies podDisruptionBudget into the budget's spec, so its default maxUnavailable is removed.
      podDisruptionBudget: { minAvailable: 2, maxUnavailable: null },
      // The typed resources replace the chart's: merged, the 100m request would exceed the default 50m CPU limit.
      resources: { requests: { cpu: '100m', memory: null }, limits: { cpu: null, memory: '128Mi' } },
      nodeSelector: { pool: 'system' },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
      serviceAccount: { name: 'pca', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/pca-issuer' } },
      serviceMonitor: { create: true },
      approverRole: { serviceAccountName: 'cm', namespace: 'certs' },
      disableApprovedCheck: true,
    });
    expect(unknownKeys(values)).toEqual([]);
    expect(serviceAccountName).toBe('pca');
  });

  test('typed resources replace the chart\'s requests and limits, so no default limit lies below a request', () => {
    const { values } = render({ resources: { cpuRequest: '100m', memoryRequest: '128Mi' } });
    expect(values.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: null, memory: null } });
  });

  test('passes Kubernetes objects through the escape hatch and accepts keys documented in comments', () => {
    const { values } = render({
      extraValues: {
        affinity: { podAffinity: {} },
        securityContext: { readOnlyRootFilesystem: true },
        autoscaling: { targetMemoryUtilizationPercentage: 70 },
      },
    });
    expect(values.securityContext).toEqual({ readOnlyRootFilesystem: true });
  });

  const rejections: [string, AwsPrivateCaIssuerReleaseOptions, RegExp][] = [
    ['a wrong type', { extraValues: { replicaCount: 'two' } },
      /^platform: values\.replicaCount is "two" \(string\) but the aws-privateca-issuer v1\.9\.1 chart expects number\. Fix: set values\.replicaCount to a number like its default 2 \(number\)\.$/],
    ['a typo in a key', { extraValues: { serviceAcount: { create: false } } },
      /^platform: values\.serviceAcount is not a value of the aws-privateca-issuer v1\.9\.1 chart\. Fix: use 'serviceAccount' instead/],
    ['a typo in a nested key', { extraValues: { serviceMonitor: { enabled: true } } },
      /^platform: values\.serviceMonitor\.enabled is not a value .* Fix: remove it; keys allowed here: annotations, create, labels\.$/],
    ['an object where the chart has a string', { extraValues: { image: { tag: { v: 1 } } } }, /values\.image\.tag is \{"v":1\} \(object\) but .* expects string/],
    ['a budget that blocks node drains', { replicas: 2, podDisruptionBudget: { minAvailable: 2 } },
      /^platform: podDisruptionBudget allows no disruption with 2 replica\(s\), which blocks node drains\./],
    ['a malformed role ARN', { serviceAccount: { roleArn: 'arn:aws:iam::12:user/x' } }, /^platform: serviceAccount\.roleArn .* is not an IAM role ARN/],
    ['a release name longer than Helm allows', { releaseName: 'a'.repeat(54) }, /^platform: releaseName '.*' is not a valid Helm release name/],
    ['a request above the chart\'s default limit', { extraValues: { resources: { requests: { memory: '128Mi' } } } },
      /^platform: values\.resources\.requests\.memory '128Mi' is above its limit '64Mi', the chart's default, which the API server rejects\. Fix: raise values\.resources\.limits\.memory to at least '128Mi' or lower the request\.$/],
    ['a request above its own limit', { resources: { cpuRequest: '0.2', cpuLimit: '100m' } },
      /^platform: values\.resources\.requests\.cpu '0\.2' is above its limit '100m', which the API server rejects\./],
  ];

  test.each(rejections)('rejects %s in one line', (_name, options, message) => {
    expect(() => render(options)).toThrow(message);
  });
});

describe('AwsPrivateCaIssuerAddon', () => {
  test('takes the approver from a CertManager and, on Flux, depends on its HelmRelease', () => {
    const chart = newChart();
    const certManager = new CertManager(chart, 'CertManager', { delivery: ChartDelivery.flux(), namespace: 'certs', releaseName: 'cm' });
    const pca = new AwsPrivateCaIssuerAddon(chart, 'PrivateCa', { delivery: ChartDelivery.flux(), certManager });
    expect(pca.values.approverRole).toEqual({ serviceAccountName: 'cm-cert-manager', namespace: 'certs' });
    const manifests = synthValid(chart);
    const release = ofKind(manifests, 'HelmRelease', 'aws-privateca-issuer')[0];
    expect(release.spec.dependsOn).toEqual([{ name: 'cm', namespace: 'flux-system' }]);
    expect(release.spec.install.crds).toBe('CreateReplace');
    expect(release.spec.upgrade.crds).toBe('CreateReplace');
    expect(release.spec.chart.spec).toMatchObject({ chart: 'aws-privateca-issuer', version: 'v1.9.1', sourceRef: { name: 'aws-privateca-issuer' } });
    expect(ofKind(manifests, 'HelmRepository').map(r => r.spec.url)).toEqual(['https://charts.jetstack.io', 'https://cert-manager.github.io/aws-privateca-issuer']);
  });

  test('through Argo CD: an Application in the add-on wave, after cert-manager', () => {
    const chart = newChart();
    const certManager = new CertManager(chart, 'CertManager', { delivery: ChartDelivery.argoCd() });
    new AwsPrivateCaIssuerAddon(chart, 'PrivateCa', { delivery: ChartDelivery.argoCd(), certManager, serviceAccount: { roleArn: 'arn:aws:iam::123456789012:role/pca' } });
    const apps = ofKind(synthValid(chart), 'Application');
    const wave = (name: string) => Number(apps.find(a => a.metadata.name === name).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('cert-manager')).toBeLessThan(wave('aws-privateca-issuer'));
    const pcaApp = apps.find(a => a.metadata.name === 'aws-privateca-issuer');
    expect(pcaApp.spec.source).toMatchObject({ repoURL: 'https://cert-manager.github.io/aws-privateca-issuer', chart: 'aws-privateca-issuer', targetRevision: 'v1.9.1' });
    expect(pcaApp.spec.source.helm.valuesObject.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/pca' });
  });

  test('helm template includes the CRDs the chart keeps in crds/', () => {
    const helm = stubHelm('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: aws-privateca-issuer\n');
    const chart = newChart();
    withPath([helm.dir], () => new AwsPrivateCaIssuerAddon(chart, 'PrivateCa', { delivery: ChartDelivery.helm() }));
    expect(helm.args()).toContain('--include-crds');
    expect(ofKind(synthValid(chart), 'ServiceAccount')).toHaveLength(1);
  });

  test('values only: no objects, and no Flux dependency without Flux', () => {
    const chart = newChart();
    const certManager = new CertManager(chart, 'CertManager', { delivery: ChartDelivery.valuesOnly() });
    const pca = new AwsPrivateCaIssuerAddon(chart, 'PrivateCa', { delivery: ChartDelivery.valuesOnly(), certManager, approverNamespace: 'other' });
    expect(pca.apiObjects).toEqual([]);
    expect(pca.values.approverRole).toEqual({ serviceAccountName: 'cert-manager', namespace: 'other' });
  });
});
