import { ArnFormat, Aws, CfnElement, CfnRule, CustomResource, Duration, Fn, Names, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { AcmSyncFunction } from './acm-sync-function';
import { CertificateBackup } from '../../k8s/backup/certificate-backup';
import { Certificate } from '../../k8s/certificates/certificate';
import { formatProblem, report } from '../../private/errors';
import { ACM_SYNC_CONFIG_ENV, ACM_SYNC_METRIC, AcmSyncConfig } from '../../runtime/acm-sync/config';
import { DIMENSION } from '../../runtime/handler/metric-names';
import { shortestIntervalMinutes } from '../acme-certificate/acme-certificate';
import { CertificateAlarms, handlerMetric, METRICS_NAMESPACE } from '../acme-certificate/monitoring';
import { CertificateBackupStore } from '../backup/certificate-backup-store';
import { acknowledgeFinding } from '../private/acknowledge';
import { ACM_TAG_KEY, grantAcmReimport, grantTaggedAcmImport } from '../private/acm-imports';
import { durationProp } from '../private/checks';

/** ACM tag on the first import (the same key AcmeCertificate uses); IAM scopes describe and delete to it. */
const CLOUDFRONT_REGION = 'us-east-1';
const MAX_FIRST_CERTIFICATE_MINUTES = 13;

/** What the source resolves to inside the construct. */
interface BoundSource {
  readonly store: CertificateBackupStore;
  /** The Secrets Manager name the cluster pushes to. */
  readonly secretName: string;
  /** Names for the interim self-signed certificate. */
  readonly names: string[];
  /** Its key algorithm (ACM's name): the real certificate's, since ACM re-imports only the same key type. */
  readonly keyAlgorithm: string;
  /** Its extended key usage OIDs: at most those the real certificate will have (ACM lets re-imports add, not drop). */
  readonly extendedKeyUsages: string[];
  /** Problems found when the whole app is built (both construct trees), one line each. */
  problems(cloudFront: boolean): string[];
}

/** Options of `ClusterCertificateSource.fromSecretName`. */
export interface ClusterCertificateSecretOptions {
  /**
   * DNS names of the certificate, for the self-signed placeholder a first deployment imports when nothing was
   * pushed yet.
   * @default - a placeholder without names (load balancers do not check them)
   */
  readonly dnsNames?: string[];
  /**
   * Key algorithm of the certificate the cluster pushes. The placeholder gets the same, since ACM re-imports only
   * certificates of the same key type into an ARN.
   * @default acm.KeyAlgorithm.EC_PRIME256V1
   */
  readonly keyAlgorithm?: acm.KeyAlgorithm;
}

/** Where the certificate comes from: a cert-manager Certificate that `CertificateBackup` pushes to Secrets Manager. */
export abstract class ClusterCertificateSource {
  /**
   * A cert-manager Certificate backed up by `backup` into `store`: the construct reads the secret
   * `<store prefix><namespace>/<secretName>`. At synth, the Certificate must be one `backup` backs up, and its key
   * must be one ACM imports (RSA 2048/3072/4096 or ECDSA, and for CloudFront RSA or ECDSA P-256).
   *
   * @param certificate the cert-manager Certificate whose Secret is exported
   * @param backup the `CertificateBackup` that backs the Certificate up (`backup.addCertificate(certificate)`)
   * @param store the Secrets Manager store `backup` pushes to
   */
  public static fromCertificate(certificate: Certificate, backup: CertificateBackup, store: CertificateBackupStore): ClusterCertificateSource {
    return new CertificateSource(certificate, backup, store);
  }

  /**
   * A secret under the store's prefix holding the JSON document `CertificateBackup` pushes (`tls.crt`, `tls.key`,
   * `ca.crt`), given by its full Secrets Manager name, e.g. `cdk-certkit/platform/web/web-tls`.
   *
   * @param store the Secrets Manager store the secret lives in
   * @param secretName the secret's full name, under the store's prefix
   * @param options the names and key algorithm of the placeholder a first deployment imports
   */
  public static fromSecretName(store: CertificateBackupStore, secretName: string,
    options: ClusterCertificateSecretOptions = {}): ClusterCertificateSource {
    return new NamedSource(store, secretName, options.dnsNames ?? [], (options.keyAlgorithm ?? acm.KeyAlgorithm.EC_PRIME256V1).name);
  }

  /** @internal */
  public abstract _bind(scope: IConstruct): BoundSource;
}

class CertificateSource extends ClusterCertificateSource {
  constructor(private readonly certificate: Certificate, private readonly backup: CertificateBackup, private readonly store: CertificateBackupStore) {
    super();
  }

  public _bind(): BoundSource {
    const { certificate, backup, store } = this;
    const namespace = certificate.namespace ?? 'default';
    const secretName = `${store.prefix}${namespace}/${certificate.secretName}`;
    return {
      store,
      secretName,
      names: certificate.dnsNames.filter(n => !Token.isUnresolved(n)),
      keyAlgorithm: acmKeyAlgorithmOf(certificate) ?? acm.KeyAlgorithm.EC_PRIME256V1.name,
      extendedKeyUsages: expectedExtendedKeyUsages(certificate),
      problems: (cloudFront: boolean) => {
        const problems: string[] = [];
        const restore = backup.restores.find(r => r.namespace === namespace && r.secretName === certificate.secretName);
        if (!restore) {
          problems.push(formatProblem('source', `Certificate ${certificate.node.path} (Secret ${namespace}/${certificate.secretName}) is not backed up by ${backup.node.path}, so nothing would reach Secrets Manager`,
            'pass it to the CertificateBackup (certificates, scopes or addCertificate), or give the CertificateBackup that backs it up'));
        } else if (!Token.isUnresolved(restore.secretsManagerName) && !Token.isUnresolved(store.prefix)
          && restore.secretsManagerName !== secretName) {
          problems.push(formatProblem('source', `${backup.node.path} pushes Certificate ${certificate.node.path} to '${restore.secretsManagerName}', not under the store's prefix '${store.prefix}'`,
            'give the CertificateBackup the location of this store (store.location)'));
        }
        problems.push(...keyProblems(certificate, cloudFront));
        if (cloudFront) problems.push(...privateIssuerProblems(certificate));
        return problems;
      },
    };
  }
}

class NamedSource extends ClusterCertificateSource {
  constructor(private readonly store: CertificateBackupStore, private readonly secretName: string, private readonly names: string[],
    private readonly keyAlgorithm: string) {
    super();
  }

  public _bind(): BoundSource {
    const { store, secretName } = this;
    return {
      store,
      secretName,
      names: [...this.names],
      keyAlgorithm: this.keyAlgorithm,
      extendedKeyUsages: [EKU_OIDS['server auth']],
      problems: () => (Token.isUnresolved(secretName) || Token.isUnresolved(store.prefix)
        || (secretName.startsWith(store.prefix) && secretName.length > store.prefix.length)
        ? [] : [formatProblem('source', `secret '${secretName}' is not under the store's prefix '${store.prefix}', so the store's key and the backup role do not cover it`,
          `name a secret '${store.prefix}<namespace>/<secret name>'`)]),
    };
  }
}

/** The spec of the Certificate's issuer when it is a construct of this app, with its kind. */
function issuerOf(certificate: Certificate): { kind?: string; spec: any } {
  const issuer: unknown = certificate.issuerRef;
  const obj = issuer instanceof Construct ? (issuer as { apiObject?: { kind?: string; toJson(): any } }).apiObject : undefined;
  return { kind: obj?.kind, spec: obj?.toJson?.().spec ?? {} };
}

/** CloudFront serves only certificates from publicly trusted CAs; a private one cannot work, placeholder or not. */
function privateIssuerProblems(certificate: Certificate): string[] {
  const { kind, spec } = issuerOf(certificate);
  const what = spec.selfSigned ? 'a self-signed issuer' : spec.ca ? 'a CA issuer (a private CA in a Secret)'
    : kind?.startsWith('AWSPCA') ? 'AWS Private CA (not publicly trusted)' : undefined;
  return what ? [formatProblem('cloudFront', `is true but Certificate ${certificate.node.path} is signed by ${what}, and CloudFront serves only certificates from a publicly trusted CA`,
    'issue it from a public ACME CA such as Let\'s Encrypt, or use it on a load balancer (cloudFront: false)')] : [];
}

const EKU_OIDS: Record<string, string> = { 'server auth': '1.3.6.1.5.5.7.3.1', 'client auth': '1.3.6.1.5.5.7.3.2' };

/** ACM's name of the Certificate's key algorithm, or undefined when ACM cannot import it (reported). */
function acmKeyAlgorithmOf(certificate: Certificate): string | undefined {
  const key = certificate.apiObject.toJson().spec?.privateKey ?? {};
  const algorithm: string = key.algorithm ?? 'ECDSA';
  if (algorithm === 'RSA') return [2048, 3072, 4096].includes(key.size ?? 2048) ? `RSA_${key.size ?? 2048}` : undefined;
  if (algorithm === 'ECDSA') return ({ 256: 'EC_prime256v1', 384: 'EC_secp384r1', 521: 'EC_secp521r1' } as Record<number, string>)[key.size ?? 256];
  return undefined;
}

/**
 * The extended key usages the issued certificate will have at least: those in `usages`; else serverAuth, which ACME
 * CAs and the external issuers (AWS Private CA, Vault) put in, except for the issuers cert-manager signs itself (CA,
 * self-signed), which add none when `usages` names none.
 */
function expectedExtendedKeyUsages(certificate: Certificate): string[] {
  const usages: string[] = certificate.apiObject.toJson().spec?.usages ?? [];
  const listed = usages.filter(u => EKU_OIDS[u]).map(u => EKU_OIDS[u]);
  if (listed.length > 0) return listed;
  const { spec } = issuerOf(certificate);
  return spec.ca || spec.selfSigned ? [] : [EKU_OIDS['server auth']];
}

/** ACM imports RSA 1024/2048/3072/4096 and ECDSA P-256/P-384/P-521; CloudFront serves RSA up to 4096 and P-256. */
function keyProblems(certificate: Certificate, cloudFront: boolean): string[] {
  const key = certificate.apiObject.toJson().spec?.privateKey ?? {};
  const algorithm: string = key.algorithm ?? 'ECDSA';
  const size: number | undefined = key.size;
  const where = `Certificate ${certificate.node.path} has a ${algorithm}${size ? ` ${size}` : ''} key`;
  if (algorithm === 'Ed25519') {
    return [formatProblem('source', `${where}, which ACM cannot import`, 'give the Certificate privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA } (or RSA 2048/3072/4096)')];
  }
  if (algorithm === 'RSA' && ![undefined, 2048, 3072, 4096].includes(size)) {
    return [formatProblem('source', `${where}, which ACM cannot import (it takes RSA 2048, 3072 or 4096 bits)`, 'give the Certificate privateKey.size 2048, 3072 or 4096')];
  }
  if (cloudFront && algorithm === 'ECDSA' && size !== undefined && size !== 256) {
    return [formatProblem('source', `${where}, which CloudFront does not serve (cloudFront: true)`, 'use ECDSA 256 (P-256) or an RSA key of 2048 to 4096 bits')];
  }
  return [];
}

/** Properties of `ClusterCertificateInAcm`. */
export interface ClusterCertificateInAcmProps {
  /** The cluster certificate, e.g. `ClusterCertificateSource.fromCertificate(cert, backup, store)`. */
  readonly source: ClusterCertificateSource;
  /**
   * The certificate will be used by CloudFront. The stack must deploy to us-east-1, where the secret must be too (the
   * store's region, or one of its replica regions); the key must be RSA or ECDSA P-256; and a first deployment
   * waits up to `firstCertificateTimeout` for the cluster's first push instead of importing a self-signed placeholder
   * (CloudFront takes only certificates from a trusted CA).
   * @default false
   */
  readonly cloudFront?: boolean;
  /**
   * How long a first deployment with `cloudFront` waits for the first push before it fails. At most 13 minutes.
   * Without `cloudFront` nothing waits: a self-signed placeholder is imported when nothing was pushed yet.
   * @default Duration.minutes(10)
   */
  readonly firstCertificateTimeout?: Duration;
  /**
   * The safety net: when the function compares ACM with the secret even without a change event (a missed event,
   * a replica region, whose replication writes no event here).
   * @default - every 6 hours; hourly when the secret is read from a replica region
   */
  readonly schedule?: scheduler.ScheduleExpression;
  /**
   * Topic the alarms notify.
   * @default - a new topic
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Customer managed KMS key for the new alarm topic.
   * @default - the topic is not encrypted (CloudWatch cannot publish to one encrypted with the AWS managed key)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * The expiry alarm fires when the ACM copy has fewer days than this left (cert-manager did not renew, or the copy
   * is the placeholder still).
   * @default 14
   */
  readonly expiryAlarmDays?: number;
  /**
   * What happens to the ACM certificate when this construct is removed.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A certificate that cert-manager issues in a cluster, kept in ACM under one ARN for load balancers (ALB, NLB) and
 * CloudFront. `CertificateBackup` pushes the cert-manager Secret to Secrets Manager; a Lambda function imports it
 * into ACM and re-imports each renewal into the same ARN, when the secret changes (EventBridge: Secrets Manager's
 * `Secret Label Updated` event, and its PutSecretValue, UpdateSecret and CreateSecret calls as CloudTrail delivers
 * them) and on a schedule.
 *
 * First deployment: when nothing was pushed yet, a self-signed placeholder for the Certificate's names is imported so
 * that load balancer listeners (ALB, NLB) can be created at once, even by the stack that then applies the cluster's
 * chart; the first push replaces it in the same ARN (clients see an untrusted certificate until then, minutes after
 * cert-manager issues). The placeholder has the Certificate's key type and at most the extended key usages its
 * issuer gives, since ACM re-imports only the same key type into an ARN and lets a re-import add usages, not drop
 * them. With `cloudFront: true` there is no placeholder (CloudFront refuses certificates not from a publicly trusted
 * CA): the deployment waits up to `firstCertificateTimeout` for the first push and fails otherwise, so the cluster
 * side must be deployed first (a stack this one depends on, or a second deployment).
 *
 * A changed key type (the Certificate's `privateKey`) cannot be re-imported into the ARN: runs report it, and the
 * next deployment imports a new certificate under a new ARN (CloudFormation moves the listeners and deletes the
 * old one).
 *
 * Alarms: a failed run (a secret whose PEM does not parse, whose key does not match or cannot be imported, or an
 * AWS error), an ACM copy behind the secret, and an ACM copy close to expiry.
 */
export class ClusterCertificateInAcm extends Resource implements acm.ICertificate {
  /** ARN of the ACM certificate, which stays the same across renewals. */
  public readonly certificateArn: string;
  /** The Secrets Manager name the cluster pushes to and the function reads. */
  public readonly secretName: string;
  /** The function that imports the certificate. */
  public readonly syncFunction: lambda.IFunction;
  /** The EventBridge rule that runs the function when the secret changes. */
  public readonly trigger: events.Rule;
  /** The schedule that runs the function as a safety net. */
  public readonly schedule: scheduler.ISchedule;
  /** Topic the alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** Alarm on a failed run. */
  public readonly failureAlarm: cloudwatch.IAlarm;
  /** Alarm on an ACM copy that is not the certificate the secret holds. */
  public readonly behindAlarm: cloudwatch.IAlarm;
  /** Alarm on an ACM copy with fewer than `expiryAlarmDays` days left. */
  public readonly expiryAlarm: cloudwatch.IAlarm;

  private readonly certificateId: string;

  /**
   * @param scope the scope in which to define this construct, in the region the certificate is used in
   * @param id the scoped construct ID
   * @param props where the certificate comes from, and when and how it is imported and watched
   */
  constructor(scope: Construct, id: string, props: ClusterCertificateInAcmProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cloudFront = props.cloudFront ?? false;
    const source = props.source._bind(this);
    this.secretName = source.secretName;
    this.certificateId = Names.uniqueId(this);
    const firstTimeout = checkFirstCertificateTimeout(this, props.firstCertificateTimeout);
    // Replication to a replica region may write no change event there: the schedule is then the usual trigger.
    const readsReplica = !Token.isUnresolved(stack.region) && !Token.isUnresolved(source.store.region) && stack.region !== source.store.region;
    const schedule = props.schedule ?? scheduler.ScheduleExpression.rate(Duration.hours(readsReplica ? 1 : 6));
    checkSchedule(this, schedule);
    if (props.expiryAlarmDays !== undefined && !(props.expiryAlarmDays >= 1 && props.expiryAlarmDays <= 60)) {
      report(this, 'expiryAlarmDays', `${props.expiryAlarmDays} is out of range`, 'use 1 to 60 days');
    }
    const regionChecked = checkRegion(this, source.store, cloudFront);
    if (cloudFront && !regionChecked) this.requireUsEast1AtDeployment();
    this.node.addValidation({ validate: () => source.problems(cloudFront) });

    const fn = this.createFunction(firstTimeout);
    this.syncFunction = fn;
    this.grantSecret(fn, source);
    grantTaggedAcmImport(this, fn, this.certificateId);

    const config: AcmSyncConfig = {
      certificateId: this.certificateId,
      secretId: source.secretName,
      acmTag: { key: ACM_TAG_KEY, value: this.certificateId },
      metricsNamespace: METRICS_NAMESPACE,
      cloudFront,
      placeholderNames: source.names,
      placeholderKeyAlgorithm: source.keyAlgorithm,
      placeholderExtendedKeyUsages: source.extendedKeyUsages,
      firstCertificateTimeoutSeconds: firstTimeout.toSeconds(),
      deleteOnRemoval: (props.removalPolicy ?? RemovalPolicy.DESTROY) === RemovalPolicy.DESTROY,
    };
    fn.addEnvironment(ACM_SYNC_CONFIG_ENV, stack.toJsonString(config));

    const firstImport = new CustomResource(this, 'Import', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::ClusterCertificateInAcm',
      serviceTimeout: Duration.seconds(fn.timeout!.toSeconds() + 60),
      // A new key type imports a new certificate (ACM re-imports only the same type into an ARN).
      properties: { SecretId: source.secretName, CloudFront: cloudFront, KeyAlgorithm: source.keyAlgorithm },
    });
    firstImport.node.addDependency(fn.role!);
    this.certificateArn = firstImport.getAttString('CertificateArn');
    const reimport = grantAcmReimport(this, fn.role!, this.certificateArn);

    this.trigger = this.createTrigger(fn, source.secretName);
    this.schedule = this.createSchedule(schedule, fn, source.secretName);
    for (const runner of [this.trigger, this.schedule]) runner.node.addDependency(firstImport, reimport);

    const alarms = new CertificateAlarms(this, 'Alarms', {
      certificateId: this.certificateId,
      renewalFunction: fn,
      topic: props.alarmTopic,
      encryptionKey: props.encryptionKey,
      expiryDays: props.expiryAlarmDays ?? 14,
    });
    describeAlarm(alarms.failureAlarm, `ACM copy of ${source.secretName} failed to update (see the sync function's logs for the reason; ACM keeps the certificate it had)`);
    describeAlarm(alarms.expiryAlarm, `ACM copy of ${source.secretName} expires in less than ${props.expiryAlarmDays ?? 14} days: cert-manager has not pushed a renewal (or the copy is still the placeholder)`);
    if (!props.alarmTopic) (alarms.topic.node.defaultChild as sns.CfnTopic).displayName = 'Cluster certificate in ACM alarms';
    this.alarmTopic = alarms.topic;
    this.failureAlarm = alarms.failureAlarm;
    this.expiryAlarm = alarms.expiryAlarm;
    const behind = new cloudwatch.Alarm(alarms, 'BehindAlarm', {
      alarmDescription: `ACM copy is older than the certificate in ${source.secretName} (a run found them different and could not re-import)`,
      metric: this.metricBehindSecret({ period: Duration.hours(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    behind.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    this.behindAlarm = behind;
  }

  /** Reference to the ACM certificate, for aws-cdk-lib L2s that take `ICertificateRef`. */
  public get certificateRef(): acm.CertificateReference {
    return { certificateId: this.certificateArn };
  }

  /**
   * Days until the ACM copy expires, as published by the sync function (minimum over a day).
   *
   * @param props overrides for the metric, such as `period`, `statistic` or `label`
   */
  public metricDaysToExpiry(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(this.certificateId, 'daysToExpiry', props);
  }

  /**
   * Failed runs (sum over a day).
   *
   * @param props overrides for the metric, such as `period`, `statistic` or `label`
   */
  public metricSyncFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(this.certificateId, 'failed', props);
  }

  /**
   * 1 when a run left ACM holding another certificate than the secret (maximum over a day).
   *
   * @param props overrides for the metric, such as `period`, `statistic` or `label`
   */
  public metricBehindSecret(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: ACM_SYNC_METRIC.behind,
      dimensionsMap: { [DIMENSION]: this.certificateId },
      period: Duration.days(1),
      statistic: cloudwatch.Stats.MAXIMUM,
      ...props,
    });
  }

  private createFunction(firstTimeout: Duration): AcmSyncFunction {
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const role = new iam.Role(this, 'SyncRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    const fn = new AcmSyncFunction(this, 'SyncFunction', {
      description: 'cdk-certkit: imports a cluster certificate from Secrets Manager into ACM, into the same ARN on every renewal',
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: firstTimeout.plus(Duration.minutes(2)),
      role,
      logGroup,
    });
    acknowledgeFinding(fn, 'AwsSolutions-L1', 'Pinned to nodejs22.x, the runtime the bundled handler is built and tested for.');
    return fn;
  }

  /** Read the one secret, and its key only through Secrets Manager for that secret. */
  private grantSecret(fn: lambda.IFunction, source: BoundSource): void {
    const stack = Stack.of(this);
    // Secrets Manager appends `-` and six random characters to the name.
    const secretArn = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${source.secretName}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
    const storeStack = Stack.of(source.store);
    // A replica of the multi-Region key has the primary's key ID in this region.
    const keyArn = storeStack.region === stack.region ? source.store.key.keyArn
      : stack.formatArn({ service: 'kms', resource: 'key', resourceName: source.store.kmsKeyId });
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}` },
        StringLike: { 'kms:EncryptionContext:SecretARN': secretArn },
      },
    }));
  }

  /**
   * Two kinds of events run the function: Secrets Manager's own `Secret Label Updated` (AWSCURRENT moved to a new
   * version, by name; no trail needed) and the API calls CloudTrail delivers (`AWS API Call via CloudTrail`:
   * PutSecretValue and UpdateSecret by `secretId`, given as the name or as the ARN `...:secret:<name>-` plus the random
   * suffix; CreateSecret by `name`, for the first push). Either is best effort; the schedule catches what they miss.
   */
  private createTrigger(fn: lambda.IFunction, secretName: string): events.Rule {
    const stack = Stack.of(this);
    const arnPrefix = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${secretName}-`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const apiCall = { eventSource: ['secretsmanager.amazonaws.com'] };
    const rule = new events.Rule(this, 'SecretChanged', {
      description: `Imports ${secretName} into ACM when the cluster pushes a new value`,
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['Secret Label Updated', 'AWS API Call via CloudTrail'],
        detail: {
          $or: [
            { name: [secretName], labelUpdated: ['AWSCURRENT'] },
            { ...apiCall, eventName: ['PutSecretValue', 'UpdateSecret'], requestParameters: { secretId: [secretName, { prefix: arnPrefix }] } },
            { ...apiCall, eventName: ['CreateSecret'], requestParameters: { name: [secretName] } },
          ],
        },
      },
    });
    rule.addTarget(new eventTargets.LambdaFunction(fn, {
      event: events.RuleTargetInput.fromObject({ trigger: 'secret-changed', certificateArn: this.certificateArn }),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    }));
    return rule;
  }

  private createSchedule(expression: scheduler.ScheduleExpression, fn: lambda.Function, secretName: string): scheduler.Schedule {
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
    });
    const schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: expression,
      description: `Checks that ACM holds the certificate in ${Token.isUnresolved(secretName) ? 'its secret' : secretName}`,
      target: new targets.LambdaInvoke(fn, {
        input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule', certificateArn: this.certificateArn }),
        retryAttempts: 0,
        role,
      }),
    });
    const functionId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement);
    acknowledgeFinding(role, `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      'LambdaInvoke grants the sync function and its versions (Arn:*); nothing else can be invoked.');
    return schedule;
  }

  /** With an environment-agnostic stack, CloudFormation checks the region at deployment instead. */
  private requireUsEast1AtDeployment(): void {
    new CfnRule(this, 'CloudFrontRegion', {
      assertions: [{
        assert: Fn.conditionEquals(Aws.REGION, CLOUDFRONT_REGION),
        assertDescription: `${this.node.path}: cloudFront is true, and CloudFront only uses certificates from us-east-1. Deploy this stack to us-east-1.`,
      }],
    });
  }
}

function describeAlarm(alarm: cloudwatch.Alarm, description: string): void {
  (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmDescription = description;
}

/**
 * The function reads the secret in its own region: the store's, or one of its replicas. CloudFront needs us-east-1.
 * Returns false when the stack's region is unknown at synth (CloudFront's region is then checked at deployment).
 */
function checkRegion(scope: Construct, store: CertificateBackupStore, cloudFront: boolean): boolean {
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) return false;
  const storeRegion = store.region;
  const regions = [storeRegion, ...store.replicaRegions];
  const known = !regions.some(r => Token.isUnresolved(r));
  if (cloudFront && region !== CLOUDFRONT_REGION) {
    report(scope, 'cloudFront', `is true but the stack deploys to ${region}, and CloudFront only uses certificates from us-east-1`,
      `put this construct in a stack with env: { region: 'us-east-1' }${known && !regions.includes(CLOUDFRONT_REGION) ? ` and add 'us-east-1' to the CertificateBackupStore's replicaRegions (it keeps the secret in ${regions.join(', ')})` : ''}`);
  } else if (known && !regions.includes(region)) {
    const fix = cloudFront
      ? `add '${region}' to the CertificateBackupStore's replicaRegions, so the secret is replicated to us-east-1 for CloudFront`
      : `put this construct in a stack of ${storeRegion}, or add '${region}' to the store's replicaRegions`;
    report(scope, 'source', `is read in ${region}, but the store keeps the secret in ${regions.join(', ')} only${cloudFront ? ' (CloudFront needs the certificate in us-east-1)' : ''}`, fix);
  }
  return true;
}

function checkFirstCertificateTimeout(scope: Construct, given: Duration | undefined): Duration {
  const fallback = Duration.minutes(10);
  const timeout = durationProp(scope, 'firstCertificateTimeout', given, fallback);
  if (timeout.toSeconds() < 60 || timeout.toMinutes({ integral: false }) > MAX_FIRST_CERTIFICATE_MINUTES) {
    report(scope, 'firstCertificateTimeout', `${timeout.toHumanString()} is out of range`, `use 1 to ${MAX_FIRST_CERTIFICATE_MINUTES} minutes`);
    return fallback;
  }
  return timeout;
}

function checkSchedule(scope: Construct, schedule: scheduler.ScheduleExpression): void {
  const expression = schedule.expressionString;
  if (Token.isUnresolved(expression)) return;
  const minutes = shortestIntervalMinutes(expression);
  if (minutes === undefined) {
    report(scope, 'schedule', `'${expression}' runs at most once, so it is no safety net`, 'use a repeating schedule, e.g. ScheduleExpression.rate(Duration.hours(6))');
  } else if (minutes < 15) {
    report(scope, 'schedule', `'${expression}' runs more often than every 15 minutes`, 'run every few hours: the change event re-imports renewals at once');
  }
}
