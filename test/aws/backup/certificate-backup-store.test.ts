import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Chart, Testing } from 'cdk8s';
import { CertificateBackupReplicaKey, CertificateBackupStore } from '../../../src/aws/backup';
import { WorkloadIdentity } from '../../../src/aws/roles';
import { CertificateBackup } from '../../../src/k8s/backup';
import { Certificate } from '../../../src/k8s/certificates';
import { ClusterIssuer } from '../../../src/k8s/issuers';
import { synthErrors } from '../../support/synth';
import { actionsOf, actionsOnAnyResource, permissionStatements, Statement, trustOfRole } from '../roles/iam-assertions';

const env = { account: '111111111111', region: 'eu-west-1' };
const PREFIX = 'cdk-certkit/platform/';

function store(props: Partial<ConstructorParameters<typeof CertificateBackupStore>[2]> = {}, stackEnv: any = env) {
  const app = new App();
  const stack = new Stack(app, 'Backup', { env: stackEnv });
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'demo' });
  const backup = new CertificateBackupStore(stack, 'Store', { prefix: PREFIX, identity: WorkloadIdentity.podIdentity(cluster), ...props });
  return { app, stack, backup };
}

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const bySid = (statements: Statement[], sid: string) => statements.find(s => (s as any).Sid === sid)!;

describe('CertificateBackupStore', () => {
  test('push and restore only under the prefix; the key only through Secrets Manager', () => {
    const { stack } = store();
    const template = Template.fromStack(stack);
    const statements = permissionStatements(template);
    const arn = `arn:${'${AWS::Partition}'}`;
    expect(actionsOf(statements)).toEqual([
      'kms:Decrypt', 'kms:GenerateDataKey',
      'secretsmanager:BatchGetSecretValue', 'secretsmanager:CreateSecret', 'secretsmanager:DescribeSecret', 'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue', 'secretsmanager:ListSecrets', 'secretsmanager:PutSecretValue', 'secretsmanager:TagResource',
    ]);
    const prefixArn = { 'Fn::Join': ['', [arn.slice(0, 4), { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:111111111111:secret:cdk-certkit/platform/*']] };
    expect(bySid(statements, 'PushBackups').Resource).toEqual(prefixArn);
    expect(bySid(statements, 'RestoreBackups').Resource).toEqual(prefixArn);
    const key = bySid(statements, 'KeyThroughSecretsManager');
    expect(key.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^StoreKey/), 'Arn'] });
    expect(key.Condition).toEqual({
      'StringEquals': { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.eu-west-1.', { Ref: 'AWS::URLSuffix' }]] } },
      'ForAnyValue:StringLike': { 'kms:EncryptionContext:SecretARN': prefixArn },
    });
    // Only what AWS authorizes on '*' alone: finding a backup by name (values still need GetSecretValue under the prefix).
    expect(actionsOnAnyResource(statements)).toEqual(['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets']);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, MultiRegion: Match.absent() });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('the role trusts ESO\'s controller service account only (Pod Identity association)', () => {
    const { stack } = store();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'external-secrets', ServiceAccount: 'external-secrets', ClusterName: 'demo' });
    expect(trustOfRole(template, 'StoreExternalSecretsRole')[0].Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
  });

  test('IRSA pins sub and aud to the service account', () => {
    const app = new App();
    const stack = new Stack(app, 'Backup', { env });
    new CertificateBackupStore(stack, 'Store', {
      prefix: PREFIX,
      namespace: 'eso',
      serviceAccountName: 'eso-controller',
      identity: WorkloadIdentity.irsaFromIssuerUrl('https://oidc.eks.eu-west-1.amazonaws.com/id/ABC'),
    });
    const trust = trustOfRole(Template.fromStack(stack), 'StoreExternalSecretsRole');
    expect(trust[0].Condition).toEqual({
      StringEquals: {
        'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:eso:eso-controller',
        'oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com',
      },
    });
  });

  test('replica regions: multi-Region key, replication, push (to promoted replicas), restore and key use in every region', () => {
    const { stack, backup } = store({ replicaRegions: ['eu-central-1', 'us-east-1'] });
    const replicaStack = new Stack(stack.node.root as App, 'BackupReplica', { env: { ...env, region: 'eu-central-1' }, crossRegionReferences: true });
    new CertificateBackupReplicaKey(replicaStack, 'Key', { store: backup });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, MultiRegion: true });
    const statements = permissionStatements(template);
    expect(asArray(bySid(statements, 'PushBackups').Action)).toContain('secretsmanager:ReplicateSecretToRegions');
    expect(JSON.stringify(bySid(statements, 'PushBackups').Resource)).toMatch(/eu-west-1.*eu-central-1.*us-east-1/);
    expect(JSON.stringify(bySid(statements, 'RestoreBackups').Resource)).toMatch(/eu-west-1.*eu-central-1.*us-east-1/);
    const key = bySid(statements, 'KeyThroughSecretsManager');
    expect(asArray(key.Action)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt']);
    expect(JSON.stringify((key.Condition as any).StringEquals['kms:ViaService'])).toMatch(/secretsmanager\.eu-west-1\..*secretsmanager\.eu-central-1\..*secretsmanager\.us-east-1\./);
    expect(asArray(key.Resource)).toHaveLength(3);
    expect(backup.replicaRegions).toEqual(['eu-central-1', 'us-east-1']);
    expect(stack.resolve(backup.location)).toEqual({
      prefix: PREFIX, region: 'eu-west-1', kmsKeyId: { Ref: expect.stringMatching(/^StoreKey/) }, replicaRegions: ['eu-central-1', 'us-east-1'],
    });

    Template.fromStack(replicaStack).hasResource('AWS::KMS::ReplicaKey', { DeletionPolicy: 'Retain' });
  });

  test('cdk-nag AwsSolutions: clean, with the prefix wildcard acknowledged (tokens and concrete environment)', () => {
    for (const stackEnv of [env, undefined]) {
      const { app } = store({ replicaRegions: stackEnv ? ['eu-central-1'] : undefined }, stackEnv);
      const violations = new AwsSolutionsChecks(app).validateScope(app).violations
        .map(v => `${v.ruleName} at ${v.violatingResources.map(r => r.constructPath).join(', ')}`);
      expect(violations).toEqual([]);
    }
  });

  test.each([
    ['', "prefix '' is not a valid Secrets Manager name"],
    ['certs with space/', "prefix 'certs with space/' is not a valid Secrets Manager name"],
    ['certs', "prefix 'certs' does not end in '/'"],
    [`${'a'.repeat(200)}/`, 'prefix is 201 characters'],
  ])('bad prefix %p', (prefix, message) => {
    const { app } = store({ prefix });
    const errors = synthErrors(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`Backup/Store: ${message}`);
    expect(errors[0]).toMatch(/\. Fix: .+\.$/);
  });

  test('replica regions: the primary, a typo and a repeat are reported together', () => {
    const { app } = store({ replicaRegions: ['eu-west-1', 'Europe', 'us-east-1', 'us-east-1'] });
    expect(synthErrors(app)).toEqual([
      "Backup/Store: replicaRegions[0] 'eu-west-1' is the stack's own region, where the backups already are. Fix: list only other regions.",
      "Backup/Store: replicaRegions[1] 'Europe' is not an AWS region. Fix: use a region code such as 'eu-central-1'.",
      "Backup/Store: replicaRegions[3] 'us-east-1' is listed twice. Fix: list each region once.",
    ]);
  });

  test('a replica key outside the replica regions is reported', () => {
    const { app, backup } = store({ replicaRegions: ['eu-central-1'] });
    const other = new Stack(app, 'Other', { env: { ...env, region: 'ap-south-1' }, crossRegionReferences: true });
    new CertificateBackupReplicaKey(other, 'Key', { store: backup });
    expect(synthErrors(app)).toEqual([
      "Other/Key: store has no replica region ap-south-1 (its replicas: eu-central-1). Fix: add 'ap-south-1' to the store's replicaRegions, or create this key in one of them.",
    ]);
  });
});

describe('CertificateBackupStore with CertificateBackup', () => {
  test('the store\'s location (tokens until deploy) feeds the cluster side unchecked', () => {
    const { backup } = store({ replicaRegions: ['eu-central-1'] });
    const k8sApp = Testing.app();
    const chart = new Chart(k8sApp, 'certs', { disableResourceNameHashes: true });
    const cert = new Certificate(chart, 'web', { metadata: { name: 'web', namespace: 'apps' }, dnsNames: ['example.com'], issuerRef: ClusterIssuer.fromClusterIssuerName('le') });
    new CertificateBackup(chart, 'backup', { location: backup.location, certificates: [cert] });
    expect(synthErrors(k8sApp)).toEqual([]);
  });
});
