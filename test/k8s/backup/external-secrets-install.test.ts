// The External Secrets Operator install (src/k8s/install/external-secrets.ts), which CertificateBackup needs.
import { Chart, Testing } from 'cdk8s';
import { CertManager, ChartDelivery } from '../../../src/k8s/install';
import { ExternalSecretsOperator, ExternalSecretsRelease } from '../../../src/k8s/install/external-secrets';
import { crdSchemas, formatViolations } from '../../../src/upstream';
import { synthErrors } from '../../support/synth';

const newChart = () => new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });

function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expect(formatViolations(crdSchemas().validateAll(manifests))).toBe('');
  return manifests;
}

describe('ExternalSecretsOperator', () => {
  test('the pinned chart through Argo CD, Flux and values only', () => {
    for (const delivery of [ChartDelivery.argoCd(), ChartDelivery.flux(), ChartDelivery.valuesOnly()]) {
      const chart = newChart();
      const eso = new ExternalSecretsOperator(chart, 'eso', { delivery });
      expect([eso.release.chart, eso.release.repository, eso.release.version]).toEqual(['external-secrets', 'https://charts.external-secrets.io', '2.9.0']);
      expect([eso.namespace, eso.releaseName, eso.serviceAccountName]).toEqual(['external-secrets', 'external-secrets', 'external-secrets']);
      const manifests = synthValid(chart);
      expect(eso.apiObjects.map(o => o.kind)).toEqual(manifests.map(m => m.kind));
    }
    const argo = synthValid((() => {
      const c = newChart();
      new ExternalSecretsOperator(c, 'eso', { delivery: ChartDelivery.argoCd() });
      return c;
    })()).find(m => m.kind === 'Application');
    expect(argo.spec.source).toMatchObject({ repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', targetRevision: '2.9.0' });
    expect(argo.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-20');
  });

  test('typed values: the IRSA role on the controller\'s service account, replicas with leader election, a budget', () => {
    const release = ExternalSecretsRelease.render(newChart(), {
      replicas: 2,
      podDisruptionBudgetMinAvailable: 1,
      serviceAccount: { roleArn: 'arn:aws:iam::111111111111:role/eso' },
      resources: { cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
    });
    expect(release.values).toEqual({
      replicaCount: 2,
      leaderElect: true,
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
      serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/eso' } },
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
    });
  });

  test('ordered after cert-manager: Flux dependsOn, Argo CD waves', () => {
    const chart = newChart();
    const certManager = new CertManager(chart, 'cm', { delivery: ChartDelivery.flux() });
    new ExternalSecretsOperator(chart, 'eso', { delivery: ChartDelivery.flux(), certManager });
    const release = synthValid(chart).find(m => m.kind === 'HelmRelease' && m.metadata.name === 'external-secrets');
    expect(release.spec.dependsOn).toEqual([{ name: 'cert-manager', namespace: 'flux-system' }]);
  });

  test.each([
    [{ extraValues: { replicaCount: 'two' } }, 'values.replicaCount is "two" (string) but the external-secrets 2.9.0 chart expects integer'],
    [{ extraValues: { replicaCont: 2 } }, 'values.replicaCont is not a value of the external-secrets 2.9.0 chart'],
    [{ releaseName: 'Bad_Release' }, "releaseName 'Bad_Release' is not a valid Helm release name"],
  ])('bad values stop synth with one line: %p', (props, message) => {
    let error: Error | undefined;
    try {
      new ExternalSecretsOperator(newChart(), 'eso', { delivery: ChartDelivery.valuesOnly(), ...props });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toContain(`test/eso: ${message}`);
    expect(error?.message).toMatch(/\. Fix: .+\.$/);
  });

  test('a synth with a good install reports nothing', () => {
    const chart = newChart();
    new ExternalSecretsOperator(chart, 'eso', { delivery: ChartDelivery.argoCd() });
    expect(synthErrors(chart)).toEqual([]);
  });
});
