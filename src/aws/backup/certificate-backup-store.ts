import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { isAwsRegion, isSecretsManagerName } from '../../common/arns';
import { CertificateBackupLocation } from '../../k8s/backup';
import { report } from '../../private/errors';
import { acknowledgeFinding } from '../private/acknowledge';
import { ServiceAccountRole, ServiceAccountRoleOptions } from '../roles';

/** Secrets Manager secret names: 1-512 of these characters. */
/** Room left after the prefix for `<namespace>/<secret name>` (63 + 1 + 253). */
const MAX_BACKUP_PREFIX_LENGTH = 512 - 317;

/** Properties of `CertificateBackupStore`. */
export interface CertificateBackupStoreProps extends ServiceAccountRoleOptions {
  /**
   * Secrets Manager name prefix the backups live under, ending in `/`, e.g. `cdk-certkit/platform/`.
   *
   * The `/` keeps `<prefix>*` in IAM from reaching a sibling such as `<prefix>-other`. Each TLS Secret lands on
   * `<prefix><namespace>/<secret name>`.
   */
  readonly prefix: string;
  /**
   * Regions the backups are replicated to (Secrets Manager replicas, encrypted with replicas of the multi-Region
   * key: create one per region with `CertificateBackupReplicaKey`). A cluster in a replica region restores from
   * its local replica; to move the primary there, promote the replicas (see the README).
   * @default - no replicas
   */
  readonly replicaRegions?: string[];
  /**
   * Namespace of External Secrets Operator's controller.
   * @default 'external-secrets'
   */
  readonly namespace?: string;
  /**
   * The controller's service account.
   *
   * The chart names it with its fullname: the release name when it contains `external-secrets`, else
   * `<release>-external-secrets`.
   * @default 'external-secrets'
   */
  readonly serviceAccountName?: string;
  /**
   * What happens to the KMS key when the stack is deleted. The backups are unreadable without it, so it is kept.
   * @default RemovalPolicy.RETAIN
   */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/**
 * Where cert-manager's Secrets are backed up on AWS.
 *
 * It holds a Secrets Manager name prefix, a customer-managed KMS key (rotated yearly, multi-Region when there are
 * replicas) and the role External Secrets Operator's controller assumes (IRSA or EKS Pod Identity). The role may push (create, put value, tag, describe) and restore (get value,
 * describe) only secrets under the prefix, and use the key only through Secrets Manager for those secrets.
 * The cluster side is `CertificateBackup` (cdk8s), which takes `prefix`, `region`, `kmsKeyId` and `replicaRegions`.
 */
export class CertificateBackupStore extends Construct {
  /** The longest prefix that leaves room for `<namespace>/<secret name>` in a 512-character Secrets Manager name. */
  public static readonly MAX_PREFIX_LENGTH = MAX_BACKUP_PREFIX_LENGTH;

  /** The Secrets Manager name prefix. */
  public readonly prefix: string;
  /** The primary region (the stack's). */
  public readonly region: string;
  /** Replica regions. */
  public readonly replicaRegions: string[];
  /** The KMS key that encrypts the backups. */
  public readonly key: kms.IKey;
  /**
   * The key's ID, which ESO passes to Secrets Manager (a key ID rather than an ARN, so that replicas in other
   * regions resolve it to their replica of the multi-Region key).
   */
  public readonly kmsKeyId: string;
  /** The role of ESO's service account. */
  public readonly role: ServiceAccountRole;
  /** ARN pattern of the backups in the primary region: `arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>*`. */
  public readonly secretArnPattern: string;
  /** What the cluster side (`CertificateBackup`'s `location`) needs: prefix, region, key ID and replica regions. */
  public readonly location: CertificateBackupLocation;

  /**
   * @param scope the scope in which to define this construct
   * @param id the scoped construct ID
   * @param props the name prefix, the replica regions, and ESO's service account and how it gets credentials
   */
  constructor(scope: Construct, id: string, props: CertificateBackupStoreProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.prefix = checkPrefix(this, props.prefix);
    this.region = stack.region;
    this.replicaRegions = checkReplicaRegions(this, props.replicaRegions ?? [], stack.region);
    const replicated = this.replicaRegions.length > 0;

    const key = new kms.Key(this, 'Key', {
      description: `Encrypts cert-manager Secrets backed up under Secrets Manager prefix ${this.prefix}`,
      enableKeyRotation: true,
      multiRegion: replicated || undefined,
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.key = key;
    this.kmsKeyId = key.keyId;

    this.role = new ServiceAccountRole(this, 'ExternalSecretsRole', {
      ...props,
      namespace: props.namespace ?? 'external-secrets',
      serviceAccountName: props.serviceAccountName ?? 'external-secrets',
      description: props.description ?? `External Secrets Operator: back up and restore cert-manager Secrets under ${this.prefix}`,
    });

    const secretArn = (region: string) => stack.formatArn({
      service: 'secretsmanager', region, resource: 'secret', resourceName: `${this.prefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.secretArnPattern = secretArn(stack.region);
    this.location = { prefix: this.prefix, region: this.region, kmsKeyId: this.kmsKeyId, replicaRegions: [...this.replicaRegions] };
    const allRegions = [stack.region, ...this.replicaRegions];

    // Push (PushSecret): DescribeSecret first, CreateSecret (with the managed-by tag, hence TagResource) or
    // GetSecretValue + PutSecretValue; ReplicateSecretToRegions when replicas are asked for. Also in the replica
    // regions: Secrets Manager refuses writes to a replica, and once a replica is promoted (moving regions) the
    // cluster there pushes to it without another deployment.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PushBackups',
      actions: [
        'secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:TagResource', 'secretsmanager:DescribeSecret',
        ...replicated ? ['secretsmanager:ReplicateSecretToRegions'] : [],
      ],
      resources: allRegions.map(secretArn),
    }));
    // Restore (ExternalSecret) in the primary region or from a replica: GetSecretValue and DescribeSecret only.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'RestoreBackups',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: allRegions.map(secretArn),
    }));
    // The restore finds its backup by exact name (so that a missing backup restores nothing instead of failing):
    // BatchGetSecretValue with a name filter, which AWS authorizes on "*" together with ListSecrets. Values still need
    // GetSecretValue on each secret, granted above under the prefix only.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'FindBackupsByName',
      actions: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'],
      resources: ['*'],
    }));
    // The key, only as Secrets Manager uses it for these secrets (its encryption context names the secret).
    const keyArns = [key.keyArn, ...this.replicaRegions.map(region => stack.formatArn({ service: 'kms', region, resource: 'key', resourceName: key.keyId }))];
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'KeyThroughSecretsManager',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey', ...replicated ? ['kms:Encrypt'] : []],
      resources: keyArns,
      conditions: {
        'StringEquals': { 'kms:ViaService': oneOrMany(allRegions.map(region => `secretsmanager.${region}.${stack.urlSuffix}`)) },
        'ForAnyValue:StringLike': { 'kms:EncryptionContext:SecretARN': oneOrMany(allRegions.map(secretArn)) },
      },
    }));

    const findingArn = (region: string) => {
      const show = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
      return `arn:${show(stack.partition, 'AWS::Partition')}:secretsmanager:${show(region, 'AWS::Region')}:${show(stack.account, 'AWS::AccountId')}:secret:${this.prefix}*`;
    };
    acknowledgeFinding(this.role, 'AwsSolutions-IAM5[Resource::*]',
      'secretsmanager:ListSecrets and BatchGetSecretValue have no resource-level permissions, so AWS requires Resource "*"; they list names and metadata, and values still need GetSecretValue, granted under the backup prefix only.');
    for (const region of allRegions) {
      acknowledgeFinding(this.role, `AwsSolutions-IAM5[Resource::${findingArn(region)}]`,
        `Secrets Manager appends a random suffix to every secret ARN, so the backups can only be named by their prefix ${this.prefix}; nothing outside it is reachable.`);
    }
  }
}

/** Properties of `CertificateBackupReplicaKey`. */
export interface CertificateBackupReplicaKeyProps {
  /** The store whose multi-Region key this replicates (in a stack of another region). */
  readonly store: CertificateBackupStore;
  /**
   * What happens to the replica key when its stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The replica of a `CertificateBackupStore`'s multi-Region key in one replica region.
 *
 * Put it in a stack of that region (`crossRegionReferences: true`), before the first backup is pushed with replicas.
 */
export class CertificateBackupReplicaKey extends Construct {
  /** The replica key's ARN. */
  public readonly keyArn: string;

  /**
   * @param scope the scope in which to define this construct, in a stack of one of the store's replica regions
   * @param id the scoped construct ID
   * @param props the store whose key this replicates
   */
  constructor(scope: Construct, id: string, props: CertificateBackupReplicaKeyProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && !props.store.replicaRegions.includes(region)) {
      report(this, 'store', `has no replica region ${region} (its replicas: ${props.store.replicaRegions.join(', ') || 'none'})`,
        `add '${region}' to the store's replicaRegions, or create this key in one of them`);
    }
    const replica = new kms.CfnReplicaKey(this, 'Resource', {
      primaryKeyArn: props.store.key.keyArn,
      description: `Replica of the cert-manager backup key for ${props.store.prefix}`,
      keyPolicy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          actions: ['kms:*'], resources: ['*'], principals: [new iam.AccountRootPrincipal()],
        })],
      }),
    });
    replica.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.keyArn = replica.attrArn;
  }
}

const oneOrMany = (values: string[]): string | string[] => (values.length === 1 ? values[0] : values);

function checkPrefix(scope: Construct, prefix: string): string {
  if (Token.isUnresolved(prefix)) return prefix;
  const fix = "use letters, digits and '/_+=.@-', ending in '/', e.g. 'cdk-certkit/platform/'";
  if (typeof prefix !== 'string' || !isSecretsManagerName(prefix)) {
    report(scope, 'prefix', `'${prefix}' is not a valid Secrets Manager name`, fix);
  } else if (!prefix.endsWith('/')) {
    report(scope, 'prefix', `'${prefix}' does not end in '/', so '${prefix}*' in IAM would also reach names such as '${prefix}-other'`, `write '${prefix}/'`);
  } else if (prefix.length > MAX_BACKUP_PREFIX_LENGTH) {
    report(scope, 'prefix', `is ${prefix.length} characters, leaving no room for '<namespace>/<secret name>' in a 512-character Secrets Manager name`,
      `keep it to ${MAX_BACKUP_PREFIX_LENGTH} characters`);
  }
  return prefix;
}

function checkReplicaRegions(scope: Construct, regions: string[], primary: string): string[] {
  regions.forEach((region, i) => {
    if (Token.isUnresolved(region)) return;
    if (!isAwsRegion(region)) {report(scope, `replicaRegions[${i}]`, `'${region}' is not an AWS region`, "use a region code such as 'eu-central-1'");} else if (!Token.isUnresolved(primary) && region === primary) {
      report(scope, `replicaRegions[${i}]`, `'${region}' is the stack's own region, where the backups already are`, 'list only other regions');
    } else if (regions.indexOf(region) !== i) {report(scope, `replicaRegions[${i}]`, `'${region}' is listed twice`, 'list each region once');}
  });
  return [...regions];
}
