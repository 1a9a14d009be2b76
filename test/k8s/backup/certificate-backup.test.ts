import { App, Chart, Testing } from 'cdk8s';
import { RemoteSecrets, renderGoTemplate, runExternalSecret, runPushSecret } from './eso-simulation';
import { certManagerSecret, issue } from './support';
import { AdoptionCertificate, CertificateAdoption } from '../../../src/k8s/backup/adoption';
import {
  AwsSecretsManagerAuth, CertificateBackup, CertificateBackupLocation, RestoreOrdering,
} from '../../../src/k8s/backup/certificate-backup';
import { Certificate, PrivateKeyAlgorithm } from '../../../src/k8s/certificates';
import { ArgoCdSyncWaves, ChartDelivery } from '../../../src/k8s/install';
import { ExternalSecretsOperator } from '../../../src/k8s/install/external-secrets';
import { AcmeSolver, ClusterIssuer, Issuer, IssuerType, LetsEncryptIssuers } from '../../../src/k8s/issuers';
import { crdSchemas, formatViolations } from '../../../src/upstream';
import { synthErrors } from '../../support/synth';

const location: CertificateBackupLocation = { prefix: 'cdk-certkit/platform/', region: 'eu-west-1', kmsKeyId: 'mrk-0123456789abcdef0123456789abcdef' };

function platform(namespace = 'apps') {
  const app = Testing.app();
  const chart = new Chart(app, 'Platform', { namespace, disableResourceNameHashes: true });
  const le = new LetsEncryptIssuers(chart, 'le', { email: 'ops@example.com', solvers: [AcmeSolver.dns01Route53({ region: 'eu-west-1' })] });
  const team = new Issuer(chart, 'team', { name: 'team-acme', type: IssuerType.letsEncrypt({ environment: 'production' as any, solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'nginx' })] }) });
  const web = new Certificate(chart, 'web', { metadata: { name: 'web' }, dnsNames: ['example.com', '*.example.com'], issuerRef: le.production });
  const api = new Certificate(chart, 'api', {
    metadata: { name: 'api', namespace: 'api' },
    dnsNames: ['api.example.com'],
    issuerRef: le.production,
    privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 2048 },
  });
  return { app, chart, le, team, web, api };
}

/** Synthesizes with validations (as `cdk8s synth` does) and checks every custom resource against its pinned CRD. */
function synth(app: App): any[] {
  expect(synthErrors(app)).toEqual([]);
  const manifests = app.charts.flatMap(c => Testing.synth(c));
  expect(formatViolations(crdSchemas().validateAll(manifests))).toBe('');
  return manifests;
}

const ofKind = (manifests: any[], kind: string) => manifests.filter(m => m.kind === kind);
const named = (manifests: any[], kind: string, name: string) => manifests.find(m => m.kind === kind && m.metadata.name === name);

describe('CertificateBackup', () => {
  test('every Certificate and ACME account key of a chart: store, restores and backups, each valid against the pinned CRDs', () => {
    const { app, chart } = platform();
    new CertificateBackup(chart, 'backup', { location, scopes: [chart] });
    ArgoCdSyncWaves.apply(app);
    const manifests = synth(app);

    const store = named(manifests, 'ClusterSecretStore', 'cdk-certkit-backup');
    expect(store.metadata.namespace).toBeUndefined();
    expect(store.spec).toEqual({
      provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } },
      conditions: [{ namespaces: ['api', 'apps', 'cert-manager'] }],
    });
    expect(store.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-15');

    expect(ofKind(manifests, 'ExternalSecret').map(m => [m.metadata.namespace, m.metadata.name, m.spec.target.name, m.metadata.annotations[CertificateBackup.SECRETS_MANAGER_NAME_ANNOTATION]])).toEqual([
      ['apps', 'web-tls-restore', 'web-tls', 'cdk-certkit/platform/apps/web-tls'],
      ['api', 'api-tls-restore', 'api-tls', 'cdk-certkit/platform/api/api-tls'],
      ['cert-manager', 'letsencrypt-staging-account-key-restore', 'letsencrypt-staging-account-key', 'cdk-certkit/platform/cert-manager/letsencrypt-staging-account-key'],
      ['cert-manager', 'letsencrypt-production-account-key-restore', 'letsencrypt-production-account-key', 'cdk-certkit/platform/cert-manager/letsencrypt-production-account-key'],
      ['apps', 'team-acme-account-key-restore', 'team-acme-account-key', 'cdk-certkit/platform/apps/team-acme-account-key'],
    ]);
    const restore = named(manifests, 'ExternalSecret', 'web-tls-restore');
    expect(restore.metadata.annotations).toMatchObject({
      'argocd.argoproj.io/sync-wave': '-12',
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
      [CertificateBackup.RESTORES_CERTIFICATE_ANNOTATION]: 'apps/web',
    });
    // Once, never again; the Secret outlives the ExternalSecret; a missing backup restores nothing.
    expect(restore.spec.refreshPolicy).toBe('CreatedOnce');
    expect(restore.spec.target).toMatchObject({ creationPolicy: 'Orphan', deletionPolicy: 'Retain' });
    expect(restore.spec.target.template.metadata.annotations).toEqual({
      'cert-manager.io/certificate-name': 'web',
      'cert-manager.io/issuer-name': 'letsencrypt-production',
      'cert-manager.io/issuer-kind': 'ClusterIssuer',
      'cert-manager.io/issuer-group': 'cert-manager.io',
    });
    expect(named(manifests, 'ExternalSecret', 'team-acme-account-key-restore').metadata.annotations[CertificateBackup.RESTORES_ACME_ACCOUNT_ANNOTATION]).toBe('apps/Issuer/team-acme');

    const push = named(manifests, 'PushSecret', 'web-tls-backup');
    expect(push.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-4');
    expect(push.spec).toMatchObject({ deletionPolicy: 'None', updatePolicy: 'Replace', selector: { secret: { name: 'web-tls' } } });
    expect(push.spec.data[0].metadata.spec).toMatchObject({ kmsKeyId: location.kmsKeyId, secretPushFormat: 'string' });
    // Restores come before issuers (-10) and Certificates (-5), which ArgoCdSyncWaves gave their waves.
    expect(named(manifests, 'Certificate', 'web').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-5');
  });

  test('a list of Certificates; replicas and a service-account token for IRSA; a namespace-free chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'certs');
    const issuer = ClusterIssuer.fromClusterIssuerName('corp-ca');
    const cert = new Certificate(chart, 'internal', { metadata: { name: 'internal', namespace: 'apps' }, dnsNames: ['internal.example.com'], issuerRef: issuer });
    const backup = new CertificateBackup(chart, 'backup', {
      location: { ...location, replicaRegions: ['eu-central-1'] },
      certificates: [cert],
      auth: AwsSecretsManagerAuth.serviceAccount('eso-backup', 'external-secrets'),
    });
    const manifests = synth(app);
    expect(named(manifests, 'ClusterSecretStore', 'cdk-certkit-backup').spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'eso-backup', namespace: 'external-secrets' } } });
    expect(named(manifests, 'PushSecret', 'internal-tls-backup').spec.data[0].metadata.spec.replicationLocations).toEqual(['eu-central-1']);
    expect(backup.restores).toEqual([{ namespace: 'apps', externalSecretName: 'internal-tls-restore', secretName: 'internal-tls', secretsManagerName: 'cdk-certkit/platform/apps/internal-tls' }]);
  });

  test('a listed Certificate brings its ACME issuer\'s account key along', () => {
    const { app, chart, web } = platform();
    new CertificateBackup(chart, 'backup', { location, certificates: [web] });
    expect(ofKind(synth(app), 'ExternalSecret').map(m => m.metadata.name)).toEqual(['web-tls-restore', 'letsencrypt-production-account-key-restore']);
  });

  describe('round trip: the Secret cert-manager wrote, pushed, restored on a fresh cluster, is adopted', () => {
    test.each([
      ['CA issuer (ca.crt present)', true],
      ['ACME issuer (no ca.crt)', false],
    ])('%s', async (_name, withCa) => {
      const { app, chart, web, api } = platform();
      new CertificateBackup(chart, 'backup', { location, scopes: [chart] });
      ArgoCdSyncWaves.apply(app);
      const manifests = synth(app);
      const remote: RemoteSecrets = new Map();
      for (const [certificate, keyType] of [[web, 'ec256'], [api, 'rsa2048']] as const) {
        const rendered = named(manifests, 'Certificate', certificate.name);
        const spec: AdoptionCertificate = CertificateAdoption.certificateOf(rendered);
        const issued = await issue({ dnsNames: rendered.spec.dnsNames, keyType, ageDays: 20 });
        const written = certManagerSecret(spec, issued, withCa);
        // The cluster's own Secret is adopted (a sanity check of the fixture)...
        expect(CertificateAdoption.evaluate(spec, { data: written.data, annotations: written.metadata.annotations })).toBeUndefined();

        runPushSecret(named(manifests, 'PushSecret', `${certificate.secretName}-backup`), written, remote);
        const document = JSON.parse(remote.get(`cdk-certkit/platform/${certificate.namespace}/${certificate.secretName}`)!);
        expect(Object.keys(document).sort()).toEqual(withCa ? ['ca.crt', 'tls.crt', 'tls.key'] : ['tls.crt', 'tls.key']);

        // ...and so is what the restore writes on the fresh cluster: the same data, with the annotations it needs.
        const restored = runExternalSecret(named(manifests, 'ExternalSecret', `${certificate.secretName}-restore`), remote);
        expect(restored.type).toBe('kubernetes.io/tls');
        expect(restored.metadata.name).toBe(certificate.secretName);
        expect(restored.metadata.ownerReferences).toBeUndefined();
        expect(restored.data).toEqual(written.data);
        expect(restored.metadata.labels['controller.cert-manager.io/fao']).toBe('true');
        expect(CertificateAdoption.evaluate(spec, { data: restored.data, annotations: restored.metadata.annotations })).toBeUndefined();
      }
    });

    test('no backup yet (first install): the restore creates nothing, so cert-manager issues and ACME generates its account', () => {
      const { app, chart } = platform();
      new CertificateBackup(chart, 'backup', { location, scopes: [chart] });
      const manifests = synth(app);
      for (const es of ofKind(manifests, 'ExternalSecret')) expect(runExternalSecret(es, new Map())).toBeUndefined();
    });

    test('an ACME account key comes back as cert-manager wrote it (Opaque, tls.key only)', () => {
      const { app, chart } = platform();
      new CertificateBackup(chart, 'backup', { location, scopes: [chart] });
      const manifests = synth(app);
      const written = { type: 'Opaque', metadata: { labels: { 'app.kubernetes.io/managed-by': 'cert-manager' } }, data: { 'tls.key': Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n').toString('base64') } };
      const remote: RemoteSecrets = new Map();
      runPushSecret(named(manifests, 'PushSecret', 'letsencrypt-production-account-key-backup'), written, remote);
      const restored = runExternalSecret(named(manifests, 'ExternalSecret', 'letsencrypt-production-account-key-restore'), remote);
      expect(restored.type).toBe('Opaque');
      expect(restored.metadata.namespace).toBe('cert-manager');
      expect(restored.data).toEqual(written.data);
    });
  });

  test('the Go template subset renders the push template as ESO would', () => {
    const tpl = '{{- $d := dict "tls.crt" (index . "tls.crt") "tls.key" (index . "tls.key") -}}{{- with index . "ca.crt" }}{{ $_ := set $d "ca.crt" . }}{{ end -}}{{ $d | toJson }}';
    expect(JSON.parse(renderGoTemplate(tpl, { 'tls.crt': 'C', 'tls.key': 'K' }))).toEqual({ 'tls.crt': 'C', 'tls.key': 'K' });
    expect(JSON.parse(renderGoTemplate(tpl, { 'tls.crt': 'C', 'tls.key': 'K', 'ca.crt': 'A' }))).toEqual({ 'tls.crt': 'C', 'tls.key': 'K', 'ca.crt': 'A' });
  });
});

describe('CertificateBackup bad input (every mistake of a synth, one line each)', () => {
  test('two Certificates whose Secrets land on the same Secrets Manager name', () => {
    const { app, chart, le } = platform();
    const twin = new Certificate(chart, 'twin', { metadata: { name: 'twin' }, secretName: 'web-tls', dnsNames: ['example.com', '*.example.com'], issuerRef: le.production });
    new CertificateBackup(chart, 'backup', { location, scopes: [chart] });
    void twin;
    const errors = synthErrors(app).filter(e => e.startsWith('Platform/backup:'));
    expect(errors).toEqual([
      "Platform/backup: certificates Certificate Platform/twin backs up Secret apps/web-tls to Secrets Manager name 'cdk-certkit/platform/apps/web-tls', which is already backed up for Certificate Platform/web (by Platform/backup). "
      + 'Fix: back each Secret up once: give one of them another secretName (or namespace), or drop the duplicate.',
    ]);
  });

  test('two backups with one prefix in one app collide too', () => {
    const { app, chart, web } = platform();
    new CertificateBackup(chart, 'a', { location, certificates: [web] });
    new CertificateBackup(chart, 'b', { location, certificates: [web], storeName: 'other' });
    expect(synthErrors(app).filter(e => e.startsWith('Platform/b:')).map(e => e.split(', which ')[1].split('.')[0])).toEqual([
      'is already backed up for Certificate Platform/web (by Platform/a)',
      'is already backed up for ClusterIssuer Platform/le/Production (by Platform/a)',
    ]);
  });

  test('a restore not ordered before its Certificates (Argo CD waves) and a store before the ESO install', () => {
    const { app, chart } = platform();
    const eso = new ExternalSecretsOperator(chart, 'eso', { delivery: ChartDelivery.argoCd() });
    new CertificateBackup(chart, 'backup', { location, scopes: [chart], storeWave: -30, restoreWave: -8, externalSecrets: eso });
    ArgoCdSyncWaves.apply(app);
    const errors = synthErrors(app);
    expect(errors).toContain('Platform/backup: restoreWave (-8) is not before the wave of ClusterIssuer Platform/le/Production (-10), so cert-manager could issue before the restore. '
      + 'Fix: give the restores a wave below -10 (ArgoCdSyncWaves.apply gives issuers -10 and Certificates -5).');
    expect(errors.filter(e => e.includes('restoreWave (-8)'))).toHaveLength(3);
    expect(errors).toContain('Platform/backup: storeWave (-30) is not after the External Secrets Operator install (-20), whose CRDs it needs. Fix: use a wave above -20.');
  });

  test('SEPARATE_APPLY (Flux, EKS): the backup must not share a Chart with its Certificates', () => {
    const { app, chart, web } = platform();
    new CertificateBackup(chart, 'backup', { location, certificates: [web], ordering: RestoreOrdering.SEPARATE_APPLY });
    expect(synthErrors(app)).toEqual(['Certificate Platform/web', 'ClusterIssuer Platform/le/Production'].map(owner =>
      `Platform/backup: ordering is SEPARATE_APPLY but ${owner} is in the backup's own Chart, so nothing applies the restore first. `
      + "Fix: put the CertificateBackup in a Chart of its own, applied (and ready) before the Certificates' Chart."));
    // In a Chart of its own it is fine, and carries no sync waves.
    const other = platform();
    const backupChart = new Chart(other.app, 'Backup', { disableResourceNameHashes: true });
    new CertificateBackup(backupChart, 'backup', { location, certificates: [other.web], ordering: RestoreOrdering.SEPARATE_APPLY });
    expect(synthErrors(other.app)).toEqual([]);
    const restore = Testing.synth(backupChart).find(m => m.kind === 'ExternalSecret');
    expect(restore.metadata.annotations['argocd.argoproj.io/sync-wave']).toBeUndefined();
  });

  test('a Certificate whose issuer name is not known at synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'Platform', { namespace: 'apps', disableResourceNameHashes: true });
    const cert = new Certificate(chart, 'web', { metadata: { name: 'web' }, dnsNames: ['example.com'], issuerRef: ClusterIssuer.fromClusterIssuerName('{{ .Values.issuer }}') });
    new CertificateBackup(chart, 'backup', { location, certificates: [cert] });
    const errors = synthErrors(app).filter(e => e.startsWith('Platform/backup:'));
    expect(errors).toEqual([
      'Platform/backup: certificates Certificate Platform/web names issuer "{{ .Values.issuer }}", which is not known at synth, so the restore cannot write the issuer annotations cert-manager compares. '
      + "Fix: reference the issuer by its name (e.g. IssuerReference.of('letsencrypt-production')), not a template placeholder.",
    ]);
  });

  test('bad location, a Certificate added after the backup, waves out of order: all reported together', () => {
    const { app, chart, le } = platform();
    new CertificateBackup(chart, 'backup', {
      location: { prefix: 'no slash', region: 'Ireland', kmsKeyId: '', replicaRegions: ['Ireland'] }, scopes: [chart], storeWave: -12, restoreWave: -12,
    });
    new Certificate(chart, 'late', { metadata: { name: 'late' }, dnsNames: ['late.example.com'], issuerRef: le.production });
    const errors = synthErrors(app).filter(e => e.startsWith('Platform/backup:')).map(e => e.split('. Fix:')[0]);
    expect(errors).toEqual(expect.arrayContaining([
      "Platform/backup: location.prefix 'no slash' is not a Secrets Manager name prefix ending in '/'",
      "Platform/backup: location.region 'Ireland' is not an AWS region",
      'Platform/backup: location.kmsKeyId is empty, so ESO would encrypt with the AWS managed key',
      "Platform/backup: location.replicaRegions[0] 'Ireland' is the region the backups are written in",
      'Platform/backup: restoreWave (-12) is not after storeWave (-12), so the restores would sync before their store exists',
      'Platform/backup: scopes Certificate Platform/late was added after the CertificateBackup, so it is not backed up',
    ]));
  });
});
