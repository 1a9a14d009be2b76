// The resources a certificate is kept in besides ACM, and the exact permissions the renewal function gets on them.
import { Aws, Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../private/acknowledge';

export interface CertificateStoresProps {
  readonly encryptionKey?: kms.IKey;
  readonly backup: boolean;
  readonly backupBucket?: s3.IBucket;
  /** Object key of the backup in the bucket. */
  readonly backupKey: string;
  readonly parameterPrefix?: string;
}

/** Secrets, optional backup bucket and SSM parameters, plus the lock table of the renewal function. */
export class CertificateStores extends Construct {
  public readonly certificateSecret: secretsmanager.Secret;
  public readonly accountKeySecret: secretsmanager.Secret;
  public readonly lockTable: dynamodb.Table;
  public readonly backupBucket?: s3.IBucket;
  public readonly parameters?: { certificate: ssm.StringParameter; chain: ssm.StringParameter; fullchain: ssm.StringParameter };

  constructor(scope: Construct, id: string, private readonly props: CertificateStoresProps) {
    super(scope, id);
    const encryptionKey = props.encryptionKey;
    // Both start as `{}` ("nothing yet"); the function writes the real values on its first run.
    this.certificateSecret = new secretsmanager.Secret(this, 'CertificateSecret', {
      description: 'ACME certificate: certificate, privateKey, chain, fullchain (JSON), kept current by cdk-certkit',
      encryptionKey,
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });
    this.accountKeySecret = new secretsmanager.Secret(this, 'AccountKeySecret', {
      description: 'ACME account key (JSON accountKeyPem), created by cdk-certkit on its first run',
      encryptionKey,
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });
    for (const secret of [this.certificateSecret, this.accountKeySecret]) {
      acknowledgeFinding(secret, 'AwsSolutions-SMG4', 'Not a password: the renewal function replaces the certificate on its schedule; the ACME account key is long-lived by design.');
    }
    this.lockTable = new dynamodb.Table(this, 'LockTable', {
      partitionKey: { name: 'lockId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    if (props.backupBucket || props.backup) this.backupBucket = props.backupBucket ?? this.createBackupBucket(encryptionKey);
    if (props.parameterPrefix !== undefined) this.parameters = this.createParameters(props.parameterPrefix);
  }

  /** Exactly what the renewal function does with these stores, and nothing else. */
  public grantRenewal(grantee: iam.IGrantable): void {
    const add = (statement: iam.PolicyStatement) => grantee.grantPrincipal.addToPrincipalPolicy(statement);
    add(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
      resources: [this.certificateSecret.secretArn],
    }));
    add(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
      resources: [this.accountKeySecret.secretArn],
    }));
    add(new iam.PolicyStatement({ actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], resources: [this.lockTable.tableArn] }));
    if (this.backupBucket) {
      add(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.backupBucket.arnForObjects(this.props.backupKey)] }));
      // Without ListBucket, S3 answers a missing backup with AccessDenied instead of NoSuchKey.
      add(new iam.PolicyStatement({
        actions: ['s3:ListBucket'], resources: [this.backupBucket.bucketArn], conditions: { StringEquals: { 's3:prefix': this.props.backupKey } },
      }));
    }
    if (this.parameters) {
      add(new iam.PolicyStatement({
        actions: ['ssm:GetParameter', 'ssm:PutParameter'],
        resources: Object.values(this.parameters).map(p => p.parameterArn),
      }));
    }
    const keys = [this.props.encryptionKey, this.backupBucket?.encryptionKey].filter((k): k is kms.IKey => !!k);
    for (const key of new Set(keys)) {
      add(new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': [`secretsmanager.${Aws.REGION}.amazonaws.com`, `s3.${Aws.REGION}.amazonaws.com`] } },
      }));
    }
  }

  private createBackupBucket(encryptionKey: kms.IKey | undefined): s3.Bucket {
    const bucket = new s3.Bucket(this, 'BackupBucket', {
      versioned: true,
      encryption: encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey,
      bucketKeyEnabled: !!encryptionKey,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Kept when the stack goes, so a re-created certificate can be restored instead of ordered again.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(400) }],
    });
    acknowledgeFinding(bucket, 'AwsSolutions-S1', 'Holds one small backup object written by one function; CloudTrail data events are the place for access auditing.');
    return bucket;
  }

  /** `prefix` was checked by AcmeCertificate (checkParameterPrefix). */
  private createParameters(prefix: string) {
    const make = (name: string, description: string) => new ssm.StringParameter(this, `${name}Parameter`, {
      parameterName: `${prefix}/${name}`, description, stringValue: 'pending first issuance', simpleName: false,
    });
    return {
      certificate: make('certificate', 'Leaf certificate (PEM), kept current by cdk-certkit'),
      chain: make('chain', 'Intermediate certificates (PEM), kept current by cdk-certkit'),
      fullchain: make('fullchain', 'Leaf and intermediate certificates (PEM), kept current by cdk-certkit'),
    };
  }
}

/** Object key of the backup: one per first name and key type, so re-created stacks find it. */
export function backupObjectKey(domainNames: string[], keyType: string): string {
  return `cdk-certkit/${domainNames[0].replace(/^\*\./, '_wildcard.')}-${keyType}.json`;
}
