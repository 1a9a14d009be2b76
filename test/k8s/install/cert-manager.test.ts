import { Chart, Testing } from 'cdk8s';
import { TaintEffect } from 'cdk8s-plus-28';
import { certManagerSchemaErrors, newChart } from './helpers';
import { Certificate } from '../../../src/k8s/certificates';
import { CertManager, CertManagerRelease, CertManagerReleaseOptions, ChartDelivery } from '../../../src/k8s/install';
import { IssuerReference } from '../../../src/k8s/issuer-ref';
import { synthErrors } from '../../support/synth';

function render(options: CertManagerReleaseOptions = {}) {
  return CertManagerRelease.render(newChart('platform'), options);
}

describe('CertManagerRelease.render', () => {
  test('pins the chart and installs and keeps the CRDs by default', () => {
    const release = render();
    expect(release).toMatchObject({
      chart: 'cert-manager',
      repository: 'https://charts.jetstack.io',
      version: 'v1.21.1',
      releaseName: 'cert-manager',
      namespace: 'cert-manager',
      serviceAccountName: 'cert-manager',
    });
    expect(release.values).toEqual({ crds: { enabled: true, keep: true } });
    expect(certManagerSchemaErrors(release.values)).toEqual([]);
  });

  test('renders every typed prop to the chart\'s real keys, and the result passes the chart schema', () => {
    const { values } = render({
      installCrds: false,
      keepCrds: false,
      controller: {
        replicas: 2,
        podDisruptionBudget: { maxUnavailable: 1 },
        resources: { cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
        extraArgs: ['--enable-certificate-owner-ref'],
        featureGates: { ServerSideApply: true, ExperimentalGatewayAPISupport: false },
        serviceAccount: { name: 'cm', roleArn: 'arn:aws:iam::123456789012:role/cert-manager', annotations: { team: 'platform' } },
      },
      webhook: { replicas: 3, podDisruptionBudget: { minAvailable: 2 }, featureGates: { Foo: true } },
      cainjector: { nodeSelector: { pool: 'system' } },
      nodeSelector: { 'kubernetes.io/arch': 'arm64' },
      tolerations: [{ key: 'dedicated', value: 'system', effect: TaintEffect.NO_SCHEDULE }],
      dns01RecursiveNameservers: ['8.8.8.8:53', 'https://1.1.1.1/dns-query'],
      dns01RecursiveNameserversOnly: true,
      clusterResourceNamespace: 'certs',
      enableCertificateOwnerRef: true,
      logLevel: 4,
      leaderElectionNamespace: 'cert-manager',
      serviceMonitor: { labels: { release: 'kube-prometheus-stack' }, interval: '30s' },
    });
    const toleration = [{ key: 'dedicated', operator: 'Equal', value: 'system', effect: 'NoSchedule' }];
    expect(values).toEqual({
      crds: { enabled: false, keep: false },
      global: { nodeSelector: { 'kubernetes.io/arch': 'arm64' }, logLevel: 4, leaderElection: { namespace: 'cert-manager' } },
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
      tolerations: toleration,
      extraArgs: ['--enable-certificate-owner-ref'],
      featureGates: 'ServerSideApply=true,ExperimentalGatewayAPISupport=false',
      serviceAccount: { name: 'cm', annotations: { 'team': 'platform', 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/cert-manager' } },
      dns01RecursiveNameservers: '8.8.8.8:53,https://1.1.1.1/dns-query',
      dns01RecursiveNameserversOnly: true,
      clusterResourceNamespace: 'certs',
      enableCertificateOwnerRef: true,
      prometheus: { enabled: true, servicemonitor: { enabled: true, labels: { release: 'kube-prometheus-stack' }, interval: '30s' } },
      webhook: { replicaCount: 3, podDisruptionBudget: { enabled: true, minAvailable: 2 }, tolerations: toleration, featureGates: 'Foo=true' },
      cainjector: { nodeSelector: { pool: 'system' }, tolerations: toleration },
      startupapicheck: { tolerations: toleration },
    });
    expect(certManagerSchemaErrors(values)).toEqual([]);
  });

  test('highAvailability follows cert-manager\'s best practice, and component settings override it', () => {
    const { values } = render({ highAvailability: true, cainjector: { replicas: 3 } });
    expect(values.replicaCount).toBe(2);
    expect(values.webhook.replicaCount).toBe(3);
    expect(values.cainjector.replicaCount).toBe(3);
    for (const budget of [values.podDisruptionBudget, values.webhook.podDisruptionBudget, values.cainjector.podDisruptionBudget]) {
      expect(budget).toEqual({ enabled: true, minAvailable: 1 });
    }
    expect(certManagerSchemaErrors(values)).toEqual([]);
  });

  test('extraValues deep-merge over the typed values; null is kept for Helm to remove a default', () => {
    const { values } = render({
      controller: { replicas: 2 },
      extraValues: { replicaCount: 3, webhook: { timeoutSeconds: 10 }, nodeSelector: null, crds: { keep: false } },
    });
    expect(values).toMatchObject({ replicaCount: 3, webhook: { timeoutSeconds: 10 }, nodeSelector: null, crds: { enabled: true, keep: false } });
  });

  test('accepts an unresolved token as role ARN (aws-cdk-lib roles)', () => {
    const roleArn = '${Token[TOKEN.123]}';
    expect(render({ controller: { serviceAccount: { roleArn } } }).values.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(roleArn);
  });

  test('derives the controller service account name like the chart does', () => {
    expect(render({ releaseName: 'certs' }).serviceAccountName).toBe('certs-cert-manager');
    expect(render({ releaseName: 'my-cert-manager' }).serviceAccountName).toBe('my-cert-manager');
    expect(render({ controller: { serviceAccount: { name: 'dns-solver' } } }).serviceAccountName).toBe('dns-solver');
    expect(render({ extraValues: { fullnameOverride: 'cm' } }).serviceAccountName).toBe('cm');
  });
});

describe('CertManagerRelease.render rejects bad values in one line naming construct, value path and fix', () => {
  const cases: [string, CertManagerReleaseOptions, RegExp][] = [
    ['a wrong type in extraValues', { extraValues: { replicaCount: 'two' } },
      /^platform: values\.replicaCount is "two" \(string\) but the cert-manager v1\.21\.1 chart expects number\. Fix: set values\.replicaCount to a number/],
    ['a nested wrong type', { extraValues: { webhook: { timeoutSeconds: '10' } } }, /^platform: values\.webhook\.timeoutSeconds is "10" \(string\)/],
    ['an unknown key, with the likely key', { extraValues: { webhook: { replicas: 3 } } },
      /^platform: values\.webhook\.replicas is not a value of the cert-manager v1\.21\.1 chart\. Fix: use 'replicaCount' instead/],
    ['an unknown top-level key', { extraValues: { installCRD: true } }, /values\.installCRD is not a value .* Fix: use 'installCRDs' instead/],
    ['zero replicas', { webhook: { replicas: 0 } }, /^platform: webhook\.replicas is 0 but must be a whole number of at least 1\. Fix: /],
    ['a budget with both limits', { controller: { replicas: 3, podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } } },
      /controller\.podDisruptionBudget sets both minAvailable and maxUnavailable/],
    ['a budget that blocks node drains', { controller: { podDisruptionBudget: {} } },
      /^platform: controller\.podDisruptionBudget allows no disruption with 1 replica\(s\), which blocks node drains\. Fix:/],
    ['a malformed role ARN', { cainjector: { serviceAccount: { roleArn: 'cert-manager-role' } } },
      /^platform: cainjector\.serviceAccount\.roleArn 'cert-manager-role' is not an IAM role ARN\. Fix:/],
    ['a role ARN longer than IAM allows, checked like the issuers\' role ARNs', { controller: { serviceAccount: { roleArn: `arn:aws:iam::123456789012:role/${'r'.repeat(513)}` } } },
      /^platform: controller\.serviceAccount\.roleArn 'arn:aws:iam::123456789012:role\/r+' is not an IAM role ARN\. Fix:/],
    ['tolerationSeconds without NoExecute', { tolerations: [{ key: 'a', tolerationSeconds: 30 }] }, /tolerations\[0\]\.tolerationSeconds only applies to NoExecute taints/],
    ['a bad namespace', { namespace: 'Cert_Manager' }, /^platform: namespace 'Cert_Manager' is not a valid namespace name/],
    ['a feature gate that is not a boolean', { controller: { featureGates: { Foo: 'yes' as any } } }, /controller\.featureGates\.Foo is not a feature gate name with a boolean/],
    ['a request above its limit, which the API server rejects', { controller: { resources: { memoryRequest: '1Gi', memoryLimit: '512Mi' } } },
      /^platform: values\.resources\.requests\.memory '1Gi' is above its limit '512Mi', which the API server rejects\. Fix: raise values\.resources\.limits\.memory to at least '1Gi' or lower the request\.$/],
    ['a component request above its limit through extraValues', { webhook: { resources: { cpuLimit: '100m' } }, extraValues: { webhook: { resources: { requests: { cpu: 1 } } } } },
      /^platform: values\.webhook\.resources\.requests\.cpu '1' is above its limit '100m'/],
  ];

  test.each(cases)('%s', (_name, options, message) => {
    let error: Error | undefined;
    try {
      render(options);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message.split('\n')).toHaveLength(1);
  });
});

describe('CertManagerRelease.render reports values the chart schema lets through, one line each, all in one synth', () => {
  /** [case, options, the line's field, its fix]; the construct path is always `platform`. */
  const cases: [string, CertManagerReleaseOptions, string, RegExp][] = [
    ['logLevel 9, beyond the chart\'s 0-6', { logLevel: 9 }, 'logLevel', /whole number from 0 to 6/],
    ['a negative logLevel', { logLevel: -1 }, 'logLevel', /from 0 to 6/],
    ['a fractional logLevel', { logLevel: 2.5 }, 'logLevel', /whole number/],
    ['logLevel 9 through extraValues', { extraValues: { global: { logLevel: 9 } } }, 'values.global.logLevel', /from 0 to 6/],
    ['dns01RecursiveNameserversOnly without nameservers', { dns01RecursiveNameserversOnly: true }, 'dns01RecursiveNameserversOnly', /8\.8\.8\.8:53/],
    ['dns01RecursiveNameserversOnly with an empty list', { dns01RecursiveNameserversOnly: true, dns01RecursiveNameservers: [] }, 'dns01RecursiveNameserversOnly', /list the resolvers/],
    ['dns01RecursiveNameserversOnly through extraValues', { extraValues: { dns01RecursiveNameserversOnly: true } }, 'values.dns01RecursiveNameserversOnly', /list the resolvers/],
    ['a nameserver without port', { dns01RecursiveNameservers: ['8.8.8.8'] }, 'dns01RecursiveNameservers[0]', /8\.8\.8\.8:53/],
    ['a CPU request of \'lots\'', { controller: { resources: { cpuRequest: 'lots' } } }, 'controller.resources.cpuRequest', /millicores/],
    ['a memory limit with a unit Kubernetes does not know', { webhook: { resources: { memoryLimit: '256MB' } } }, 'webhook.resources.memoryLimit', /64Mi/],
    ['a negative memory request', { cainjector: { resources: { memoryRequest: '-64Mi' } } }, 'cainjector.resources.memoryRequest', /64Mi/],
    ['an empty quantity', { controller: { resources: { memoryRequest: '' } } }, 'controller.resources.memoryRequest', /64Mi/],
    ['a bad quantity through extraValues', { extraValues: { startupapicheck: { resources: { requests: { memory: 'lots' } } } } },
      'values.startupapicheck.resources.requests.memory', /64Mi/],
    ['a nodeSelector key that is no label key', { nodeSelector: { 'node type': 'system' } }, "nodeSelector['node type']", /kubernetes\.io\/arch/],
    ['a component nodeSelector key with two slashes', { webhook: { nodeSelector: { 'a/b/c': 'x' } } }, "webhook.nodeSelector['a/b/c']", /\[prefix\/\]name/],
    ['a nodeSelector value that is no label value', { controller: { nodeSelector: { pool: 'system pool' } } }, "controller.nodeSelector['pool']", /at most 63/],
    ['a nodeSelector key through extraValues', { extraValues: { cainjector: { nodeSelector: { '-pool': 'x' } } } }, 'values.cainjector.nodeSelector["-pool"]', /label key/],
    ['a clusterResourceNamespace that is no namespace name', { clusterResourceNamespace: 'Certs' }, 'clusterResourceNamespace', /lower-case/],
  ];

  test.each(cases)('%s', (_name, options, field, fix) => {
    const chart = newChart('platform');
    CertManagerRelease.render(chart, options);
    const lines = synthErrors(chart);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`platform: ${field} `)).toBe(true);
    expect(lines[0].split('. Fix: ')[1]).toMatch(fix);
  });

  test('every mistake of one CertManager in one synth, naming the prop and the fix', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'Platform');
    new CertManager(chart, 'CertManager', {
      delivery: ChartDelivery.valuesOnly(),
      logLevel: 9,
      dns01RecursiveNameserversOnly: true,
      controller: { resources: { cpuRequest: 'lots' } },
      nodeSelector: { 'pool type': 'system' },
    });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^Platform\/CertManager: logLevel is 9, outside the chart's range 0-6\. Fix: use a whole number from 0 to 6/),
      expect.stringMatching(/^Platform\/CertManager: dns01RecursiveNameserversOnly is true but no dns01RecursiveNameservers are given/),
      "Platform/CertManager: controller.resources.cpuRequest 'lots' is not a Kubernetes quantity. Fix: give CPU as cores or millicores, e.g. '100m', '0.5' or '2'.",
      expect.stringMatching(/^Platform\/CertManager: nodeSelector\['pool type'\] key 'pool type' is not a node label key: .*\. Fix: use a label key as the nodes carry it/),
    ]);
  });

  test('values that are fine pass: logLevel 0 and 6, quantities in every notation, prefixed label keys', () => {
    for (const options of [
      { logLevel: 0 }, { logLevel: 6 },
      { dns01RecursiveNameserversOnly: true, dns01RecursiveNameservers: ['8.8.8.8:53'] },
      { controller: { resources: { cpuRequest: '0.5', memoryRequest: '1e8', cpuLimit: '+2', memoryLimit: '1.5Gi' } } },
      { webhook: { resources: { cpuRequest: '250m', memoryRequest: '500M' } }, extraValues: { cainjector: { resources: { requests: { cpu: 1 } } } } },
      { nodeSelector: { 'kubernetes.io/arch': 'arm64' }, webhook: { nodeSelector: { 'node.kubernetes.io/instance-type': 'm7g.large', 'pool': '' } } },
    ] as CertManagerReleaseOptions[]) {
      const chart = newChart('platform');
      CertManagerRelease.render(chart, options);
      expect(synthErrors(chart)).toEqual([]);
    }
  });
});

describe('CertManager and the synth-time webhook checks', () => {
  test('webhook feature gates turned off apply to the Certificates of the app', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'Platform', { namespace: 'apps' });
    new CertManager(chart, 'CertManager', { delivery: ChartDelivery.valuesOnly(), webhook: { featureGates: { NameConstraints: false, OtherNames: true } } });
    new Certificate(chart, 'ca', {
      issuerRef: IssuerReference.of('root'),
      commonName: 'Example CA',
      isCa: true,
      nameConstraints: { permitted: { dnsDomains: ['example.com'] } },
    });
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^Platform\/ca: spec\.nameConstraints needs the NameConstraints feature gate/)]);
  });
});
