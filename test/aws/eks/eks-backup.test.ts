import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as cdk8s from 'cdk8s';
import {
  Certificate, CertificateBackup, ClusterIssuer, EksCertManager, EksCertManagerDelivery, EksCertManagerProps, ExternalSecretsRelease, IssuerType,
  RestoreOrdering,
} from '../../../src';
import { synthErrors } from '../../support/synth';
import { actionsOnAnyResource, permissionStatements, Statement, statementsOfRole, trustOfRole } from '../roles/iam-assertions';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PREFIX = 'cdk-certkit/platform/';

function setup(props: Partial<EksCertManagerProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'platform',
    kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl',
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', `arn:aws:iam::111111111111:oidc-provider/${ISSUER}`),
  });
  const certManager = new EksCertManager(stack, 'CertManager', { cluster, backup: { prefix: PREFIX }, ...props });
  return { app, stack, cluster, certManager };
}

/** Namespaces, a backup chart, and the certificates chart, wired the documented way. */
function wired(certManager: EksCertManager, ordering = RestoreOrdering.SEPARATE_APPLY) {
  const k8s = new cdk8s.App();
  const namespaces = new cdk8s.Chart(k8s, 'namespaces');
  new cdk8s.ApiObject(namespaces, 'web', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });
  const certificates = new cdk8s.Chart(k8s, 'certificates');
  const issuer = new ClusterIssuer(certificates, 'SelfSigned', { name: 'selfsigned', type: IssuerType.selfSigned() });
  const web = new Certificate(certificates, 'Web', { issuerRef: issuer, metadata: { name: 'web', namespace: 'web' }, dnsNames: ['web.example.com'] });
  const backupChart = new cdk8s.Chart(k8s, 'backup');
  const backup = new CertificateBackup(backupChart, 'Backup', { location: certManager.backupStore!.location, certificates: [web], ordering });
  certManager.addCdk8sChart('Namespaces', namespaces);
  const backupManifest = certManager.addBackupChart('Backup', backupChart, backup);
  const certificatesManifest = certManager.addCdk8sChart('Certificates', certificates);
  return { backup, backupChart, certificates, web, backupManifest, certificatesManifest };
}

function idOf(t: Template, type: string, prefix: string): string {
  const ids = Object.keys(t.findResources(type)).filter(id => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

function helmValues(t: Template, chart: string): any {
  const [release] = Object.values(t.findResources('Custom::AWSCDK-EKS-HelmChart', { Properties: { Chart: chart } }));
  const values = release.Properties.Values;
  const text = typeof values === 'string' ? values : values['Fn::Join'][1].map((p: any) => typeof p === 'string' ? p : `<${p['Fn::GetAtt'][0]}>`).join('');
  return JSON.parse(text);
}

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const sid = (statements: Statement[], name: string) => statements.find(s => (s as any).Sid === name)!;

describe('EksCertManager backup (one call wires both sides)', () => {
  test('ESO is a Helm release of the pinned chart, its service account annotated with the store\'s role, after the role', () => {
    const { stack, certManager } = setup();
    const t = Template.fromStack(stack);
    const roleId = idOf(t, 'AWS::IAM::Role', 'CertManagerBackupStoreExternalSecretsRole');
    t.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', {
      Chart: 'external-secrets',
      Repository: ExternalSecretsRelease.REPOSITORY,
      Version: ExternalSecretsRelease.VERSION,
      Namespace: 'external-secrets',
      Release: 'external-secrets',
      Wait: true,
    });
    expect(helmValues(t, 'external-secrets').serviceAccount).toEqual({ name: 'external-secrets', annotations: { 'eks.amazonaws.com/role-arn': `<${roleId}>` } });
    const eso = t.findResources('Custom::AWSCDK-EKS-HelmChart')[idOf(t, 'Custom::AWSCDK-EKS-HelmChart', 'CertManagerExternalSecretsChart')];
    expect(eso.DependsOn).toEqual(expect.arrayContaining([roleId]));
    expect(trustOfRole(t, 'CertManagerBackupStoreExternalSecretsRole')[0].Condition).toEqual({
      StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:external-secrets:external-secrets', [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    });
    expect(certManager.backupStore!.location).toMatchObject({ prefix: PREFIX, region: 'eu-west-1' });
  });

  test('the role reaches secrets under the prefix only, the key only through Secrets Manager', () => {
    const { stack } = setup({ backup: { prefix: PREFIX, replicaRegions: ['eu-central-1'] } });
    const t = Template.fromStack(stack);
    const statements = statementsOfRole(t, 'CertManagerBackupStoreExternalSecretsRole');
    const underPrefix = (region: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:secretsmanager:${region}:111111111111:secret:${PREFIX}*`]] });
    for (const name of ['PushBackups', 'RestoreBackups']) {
      expect(asArray(sid(statements, name).Resource)).toEqual([underPrefix('eu-west-1'), underPrefix('eu-central-1')]);
    }
    expect(sid(statements, 'KeyThroughSecretsManager').Condition!.StringEquals).toEqual({
      'kms:ViaService': ['eu-west-1', 'eu-central-1'].map(r => ({ 'Fn::Join': ['', [`secretsmanager.${r}.`, { Ref: 'AWS::URLSuffix' }]] })),
    });
    // "*" only where AWS has no resource-level permissions (ListSecrets, BatchGetSecretValue).
    expect(actionsOnAnyResource(permissionStatements(t))).toEqual(['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets']);
  });

  test('order: installs and earlier charts -> backup chart -> restore waits -> later charts', () => {
    const { stack, certManager } = setup();
    wired(certManager);
    const t = Template.fromStack(stack);
    const manifests = t.findResources('Custom::AWSCDK-EKS-KubernetesResource');
    const namespaces = idOf(t, 'Custom::AWSCDK-EKS-KubernetesResource', 'ClusterNamespaces');
    const backup = idOf(t, 'Custom::AWSCDK-EKS-KubernetesResource', 'ClusterBackup');
    const certificates = idOf(t, 'Custom::AWSCDK-EKS-KubernetesResource', 'ClusterCertificates');
    const wait = idOf(t, 'Custom::AWSCDK-EKS-KubernetesObjectValue', 'CertManagerBackupRestoreWaitRestore0');
    const charts = ['CertManagerCertManagerChart', 'CertManagerExternalSecretsChart'].map(p => idOf(t, 'Custom::AWSCDK-EKS-HelmChart', p));
    expect(manifests[backup].DependsOn).toEqual(expect.arrayContaining([...charts, namespaces]));
    expect(manifests[backup].DependsOn).not.toContain(certificates);
    const waits = t.findResources('Custom::AWSCDK-EKS-KubernetesObjectValue');
    expect(waits[wait].DependsOn).toEqual([backup]);
    expect(waits[wait].Properties).toMatchObject({ ObjectType: 'externalsecrets.external-secrets.io', ObjectName: 'web-tls-restore', ObjectNamespace: 'web', JsonPath: '.status.refreshTime' });
    expect(manifests[certificates].DependsOn).toEqual(expect.arrayContaining([...charts, wait]));
    expect(manifests[namespaces].DependsOn).not.toContain(wait);
  });

  test('the backup chart holds the store, the restore and the push, without sync waves; the restore writes under the prefix', () => {
    const { stack, certManager } = setup();
    wired(certManager);
    const t = Template.fromStack(stack);
    const body = t.findResources('Custom::AWSCDK-EKS-KubernetesResource')[idOf(t, 'Custom::AWSCDK-EKS-KubernetesResource', 'ClusterBackup')].Properties.Manifest;
    const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : '<token>')).join('');
    const objects = JSON.parse(text);
    expect(objects.map((o: any) => o.kind)).toEqual(['ClusterSecretStore', 'ExternalSecret', 'PushSecret']);
    expect(text).not.toContain('argocd.argoproj.io/sync-wave');
    expect(objects[1].metadata.annotations[CertificateBackup.SECRETS_MANAGER_NAME_ANNOTATION]).toBe(`${PREFIX}web/web-tls`);
  });

  test('with EKS add-on delivery, cert-manager is an add-on and ESO still a Helm release; charts wait for the add-on', () => {
    const { stack, certManager } = setup({ delivery: EksCertManagerDelivery.EKS_ADDON });
    wired(certManager);
    const t = Template.fromStack(stack);
    const addon = idOf(t, 'AWS::EKS::Addon', 'CertManagerCertManagerAddon');
    const eso = idOf(t, 'Custom::AWSCDK-EKS-HelmChart', 'CertManagerExternalSecretsChart');
    const manifests = t.findResources('Custom::AWSCDK-EKS-KubernetesResource');
    expect(manifests[idOf(t, 'Custom::AWSCDK-EKS-KubernetesResource', 'ClusterBackup')].DependsOn).toEqual(expect.arrayContaining([addon, eso]));
  });

  test('Pod Identity: an association for ESO\'s service account, no annotation', () => {
    const { stack } = setup({ identityType: eks.IdentityType.POD_IDENTITY });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'external-secrets', ServiceAccount: 'external-secrets' });
    expect(helmValues(t, 'external-secrets').serviceAccount).toEqual({ name: 'external-secrets' });
    const eso = t.findResources('Custom::AWSCDK-EKS-HelmChart')[idOf(t, 'Custom::AWSCDK-EKS-HelmChart', 'CertManagerExternalSecretsChart')];
    expect(eso.DependsOn).toContain(idOf(t, 'AWS::EKS::PodIdentityAssociation', 'CertManagerBackupStoreExternalSecretsRolePodIdentityAssociation'));
  });

  test('ESO in its own namespace and release: the role trusts the rendered service account', () => {
    const { stack } = setup({ backup: { prefix: PREFIX, externalSecrets: { namespace: 'eso', releaseName: 'backup' } } });
    const t = Template.fromStack(stack);
    expect(trustOfRole(t, 'CertManagerBackupStoreExternalSecretsRole')[0].Condition!.StringEquals[`${ISSUER}:sub`]).toBe('system:serviceaccount:eso:backup-external-secrets');
    expect(helmValues(t, 'external-secrets').serviceAccount.name).toBe('backup-external-secrets');
  });

  test('cdk-nag AwsSolutions: nothing unacknowledged', () => {
    const { app, certManager } = setup({ backup: { prefix: PREFIX, replicaRegions: ['eu-central-1'] } });
    wired(certManager);
    const violations = new AwsSolutionsChecks(app).validateScope(app).violations
      .map(v => `${v.ruleName} at ${v.violatingResources.map(r => r.constructPath).join(', ')}`)
      // aws-eks' own kubectl provider (examples/eks acknowledges those, test/aws/nag.test.ts checks it).
      .filter(v => !/^[^ ]+ at Platform\/[^/]*-KubectlProvider\//.test(v));
    expect(violations).toEqual([]);
  });

  describe('bad input', () => {
    test('addBackupChart without backup', () => {
      const { certManager } = setup({ backup: undefined });
      const chart = new cdk8s.Chart(new cdk8s.App(), 'backup');
      expect(() => certManager.addBackupChart('Backup', chart, {} as any))
        .toThrow(/^Platform\/CertManager: addBackupChart\('Backup'\) is called, but EksCertManager has no `backup`/);
    });

    test('a backup ordered by Argo CD sync waves, a chart applied before it holding its Certificate, and a Certificate added late', () => {
      const { app, certManager } = setup();
      const k8s = new cdk8s.App();
      const certificates = new cdk8s.Chart(k8s, 'certificates');
      const issuer = new ClusterIssuer(certificates, 'SelfSigned', { name: 'selfsigned', type: IssuerType.selfSigned() });
      const web = new Certificate(certificates, 'Web', { issuerRef: issuer, metadata: { name: 'web', namespace: 'web' }, dnsNames: ['web.example.com'] });
      const api = new Certificate(certificates, 'Api', { issuerRef: issuer, metadata: { name: 'api', namespace: 'web' }, dnsNames: ['api.example.com'] });
      certManager.addCdk8sChart('Certificates', certificates);
      const backupChart = new cdk8s.Chart(k8s, 'backup');
      const backup = new CertificateBackup(backupChart, 'Backup', { location: certManager.backupStore!.location, certificates: [web], ordering: RestoreOrdering.ARGO_CD_SYNC_WAVES });
      certManager.addBackupChart('Backup', backupChart, backup);
      backup.addCertificate(api);
      expect(synthErrors(app)).toEqual([
        "Platform/CertManager: addBackupChart('Backup') is given backup/Backup, which orders its restores with Argo CD sync waves, which kubectl ignores. Fix: build the CertificateBackup with ordering: RestoreOrdering.SEPARATE_APPLY.",
        "Platform/CertManager: addBackupChart('Backup') comes after addCdk8sChart('Certificates'), whose Certificate web/web needs a Secret the backup restores, so cert-manager could issue it again before the restore. Fix: add chart 'Certificates' after addBackupChart('Backup'), leaving in it only what the backup needs first (e.g. namespaces).",
        "Platform/CertManager: addBackupChart('Backup') was called before backup/Backup got 1 more Secret(s) to back up, which are neither applied nor waited for. Fix: give the CertificateBackup every Certificate (certificates, scopes or addCertificate) before calling addBackupChart.",
      ]);
    });

    test('a backup outside the store\'s prefix, or not in the chart given', () => {
      const { app, certManager } = setup();
      const k8s = new cdk8s.App();
      const certificates = new cdk8s.Chart(k8s, 'certificates');
      const issuer = new ClusterIssuer(certificates, 'SelfSigned', { name: 'selfsigned', type: IssuerType.selfSigned() });
      const web = new Certificate(certificates, 'Web', { issuerRef: issuer, metadata: { name: 'web', namespace: 'web' }, dnsNames: ['web.example.com'] });
      const backupChart = new cdk8s.Chart(k8s, 'backup');
      const backup = new CertificateBackup(backupChart, 'Backup', {
        location: { ...certManager.backupStore!.location, prefix: 'elsewhere/' }, certificates: [web], ordering: RestoreOrdering.SEPARATE_APPLY,
      });
      certManager.addBackupChart('Backup', new cdk8s.Chart(k8s, 'other'), backup);
      expect(synthErrors(app)).toEqual([
        "Platform/CertManager: addBackupChart('Backup') is given backup/Backup, which is not in chart other, so its objects would not be applied. Fix: pass the chart that holds the CertificateBackup.",
        "Platform/CertManager: addBackupChart('Backup') is given backup/Backup, which backs Secret web/web-tls up to 'elsewhere/web/web-tls', outside the store's prefix 'cdk-certkit/platform/', where ESO's role has no access. Fix: build the CertificateBackup with location: certManager.backupStore.location.",
      ]);
    });

    test('the chart\'s own checks run when it is added (cdk8s toJson): a SEPARATE_APPLY backup in the same chart as its Certificate', () => {
      const { certManager } = setup();
      const chart = new cdk8s.Chart(new cdk8s.App(), 'all');
      const issuer = new ClusterIssuer(chart, 'SelfSigned', { name: 'selfsigned', type: IssuerType.selfSigned() });
      const web = new Certificate(chart, 'Web', { issuerRef: issuer, metadata: { name: 'web', namespace: 'web' }, dnsNames: ['web.example.com'] });
      const backup = new CertificateBackup(chart, 'Backup', { location: certManager.backupStore!.location, certificates: [web], ordering: RestoreOrdering.SEPARATE_APPLY });
      expect(() => certManager.addBackupChart('Backup', chart, backup))
        .toThrow(/\[all\/Backup\] ordering is SEPARATE_APPLY but Certificate all\/Web is in the backup's own Chart/);
    });

    test('a role ARN for ESO, a bad prefix, a restore timeout out of range', () => {
      expect(() => setup({ backup: { prefix: PREFIX, externalSecrets: { serviceAccount: { roleArn: 'arn:aws:iam::111111111111:role/mine' } } } }))
        .toThrow(/^Platform\/CertManager: backup\.externalSecrets\.serviceAccount\.roleArn is set, but EksCertManager creates that role/);
      const bad = setup({ backup: { prefix: 'no slash' } });
      expect(synthErrors(bad.app)).toEqual([expect.stringMatching(/^Platform\/CertManager\/BackupStore: prefix 'no slash' is not a valid Secrets Manager name/)]);
      const slow = setup({ backup: { prefix: PREFIX, restoreTimeout: Duration.minutes(30) } });
      wired(slow.certManager);
      expect(synthErrors(slow.app)).toEqual([expect.stringMatching(/^Platform\/CertManager\/BackupRestoreWait: timeout 30 minutes is out of range/)]);
    });
  });
});
