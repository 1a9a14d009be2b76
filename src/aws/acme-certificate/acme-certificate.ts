import { Aws, CfnElement, CfnRule, CustomResource, Duration, Fn, Names, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AcmeCertificateAuthority } from './certificate-authority';
import { backupObjectKey, CertificateStores } from './certificate-stores';
import { AcmeDnsProvider } from './dns-provider';
import { CertificateAlarms, handlerMetric, METRICS_NAMESPACE } from './monitoring';
import { RenewerFunction } from './renewer-function';
import { emailProblem, isDnsName } from '../../common/names';
import { invalid, report } from '../../private/errors';
import { CONFIG_ENV, HandlerConfig } from '../../runtime/handler/config';
import { acknowledgeFinding } from '../private/acknowledge';
import { ACM_TAG_KEY, grantAcmReimport, grantTaggedAcmImport } from '../private/acm-imports';
import { durationProp } from '../private/checks';

/** Key type of the certificate's private key. */
export enum AcmeKeyType {
  /** ECDSA P-256: small and fast, accepted by ACM, ALB, CloudFront and API Gateway. */
  EC_P256 = 'ec256',
  /** ECDSA P-384: accepted by ACM and ALB, not by CloudFront. */
  EC_P384 = 'ec384',
  /** RSA 2048 bits: for clients without ECDSA support. */
  RSA_2048 = 'rsa2048',
  /** RSA 3072 bits. */
  RSA_3072 = 'rsa3072',
  /** RSA 4096 bits. */
  RSA_4096 = 'rsa4096',
}

/** Which CA certificates follow the leaf in ACM's chain, or in the secret's `chain` and `fullchain`. */
export enum ChainContent {
  /** Every intermediate the CA sent (what most servers and clients expect). */
  FULL_CHAIN = 'full',
  /** Only the intermediate that signed the leaf: drops cross-signed extras for clients that reject long chains. */
  ISSUER_ONLY = 'issuer',
  /** The leaf alone, for clients that already hold the intermediates. */
  LEAF_ONLY = 'leaf',
}

/** Properties of an `AcmeCertificate`. */
export interface AcmeCertificateProps {
  /**
   * Names to certify.
   *
   * The first is the subject's common name. Wildcards such as `*.example.com` are allowed.
   */
  readonly domainNames: string[];
  /** The ACME CA, e.g. `AcmeCertificateAuthority.letsEncrypt()`. */
  readonly certificateAuthority: AcmeCertificateAuthority;
  /** Where the DNS-01 challenge records are published, e.g. `AcmeDnsProvider.route53([zone])`. */
  readonly dnsProvider: AcmeDnsProvider;
  /**
   * Contact address for the ACME account (expiry and policy notices from the CA).
   * @default - no contact address
   */
  readonly email?: string;
  /**
   * Key type of the certificate.
   * @default AcmeKeyType.EC_P256
   */
  readonly keyType?: AcmeKeyType;
  /**
   * When the renewal function checks the certificate.
   *
   * At most hourly. It renews only when the CA's renewal information (ARI) says so, or once less than a third
   * of the lifetime is left.
   * @default - daily
   */
  readonly renewalSchedule?: scheduler.ScheduleExpression;
  /**
   * The certificate will be used by CloudFront: the stack must deploy to us-east-1, and the key type must be one
   * CloudFront accepts.
   * @default false
   */
  readonly cloudFront?: boolean;
  /**
   * CA certificates imported into ACM after the leaf.
   * @default ChainContent.FULL_CHAIN
   */
  readonly acmChain?: ChainContent;
  /**
   * CA certificates in the secret's `chain` and `fullchain` fields and the SSM parameters.
   * @default ChainContent.FULL_CHAIN
   */
  readonly secretChain?: ChainContent;
  /**
   * Customer managed KMS key for the secrets, the backup bucket and the alarm topic.
   * @default - AWS managed keys
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Back up each new certificate to a versioned, encrypted S3 bucket that blocks public access and requires TLS,
   * so a failed run or a re-created certificate restores it instead of ordering again (and using up rate limits).
   * @default false
   */
  readonly backup?: boolean;
  /**
   * An existing bucket for the backup, which implies `backup`.
   *
   * It should be versioned and encrypted. Give one that outlives the stack to restore certificates after the
   * stack is re-created.
   * @default - a new bucket when `backup` is true, retained when the stack is deleted
   */
  readonly backupBucket?: s3.IBucket;
  /**
   * Also publish the certificate, chain and full chain (not the private key) as SSM parameters under this path.
   *
   * The parameters are `<prefix>/certificate`, `<prefix>/chain` and `<prefix>/fullchain`, for a prefix such as
   * `/certificates/example.com`.
   * Paths under `/aws` or `/ssm` are refused (SSM reserves them).
   * @default - no SSM parameters
   */
  readonly parameterPrefix?: string;
  /**
   * Topic the failure and expiry alarms notify.
   * @default - a new topic
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The expiry alarm fires when fewer days than this are left.
   * @default 14
   */
  readonly expiryAlarmDays?: number;
  /**
   * How long the first issuance during deployment may take before CloudFormation gets a failure with the step
   * it stopped at. At most 13 minutes (the function's limit is 15).
   * @default Duration.minutes(10)
   */
  readonly issuanceTimeout?: Duration;
  /**
   * What happens to the ACM certificate when this construct is removed.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * VPC for the renewal function, e.g. to reach a private RFC 2136 name server; it needs a route to the CA and
   * to the AWS APIs.
   * @default - not in a VPC
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets for the renewal function.
   *
   * Only with `vpc` (an error without it).
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/** ACM tag on the certificate's first import; IAM scopes describe and delete to certificates carrying it (re-import is pinned to the ARN). */
const MAX_ISSUANCE_MINUTES = 13;
/** Room for the handler's settings in Lambda's 4 KiB environment, next to AWS_NODEJS_CONNECTION_REUSE_ENABLED. */
const MAX_CONFIG_BYTES = 3900;

/**
 * An ACME certificate (Let's Encrypt or any ACME CA, validated with DNS-01) kept valid in ACM and Secrets Manager
 * by a scheduled Lambda function. The first certificate is issued during deployment, so `certificateArn` works for
 * load balancers, CloudFront and API Gateway in the same stack; renewals are re-imported into the same ARN.
 */
export class AcmeCertificate extends Resource implements acm.ICertificate {
  /** ARN of the ACM certificate, which stays the same across renewals. */
  public readonly certificateArn: string;
  /** Secret with JSON fields `certificate`, `privateKey`, `chain` and `fullchain` (PEM), for EC2 or on-premises servers. */
  public readonly certificateSecret: secretsmanager.ISecret;
  /** Secret with the ACME account key, created on the first run. */
  public readonly accountKeySecret: secretsmanager.ISecret;
  /**
   * Bucket with the backups.
   * @default - undefined unless `backup` or `backupBucket` is given
   */
  public readonly backupBucket?: s3.IBucket;
  /**
   * SSM parameter with the leaf certificate.
   * @default - undefined unless `parameterPrefix` is given
   */
  public readonly certificateParameter?: ssm.IStringParameter;
  /**
   * SSM parameter with the intermediates.
   * @default - undefined unless `parameterPrefix` is given
   */
  public readonly chainParameter?: ssm.IStringParameter;
  /**
   * SSM parameter with the leaf and intermediates.
   * @default - undefined unless `parameterPrefix` is given
   */
  public readonly fullchainParameter?: ssm.IStringParameter;
  /**
   * The function that issues and renews the certificate.
   *
   * Invoke it with `{"forceRenewal": true}` to renew now.
   */
  public readonly renewalFunction: lambda.IFunction;
  /** The schedule that runs the renewal function. */
  public readonly schedule: scheduler.ISchedule;
  /** Topic the alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** Alarm on a failed renewal run. */
  public readonly failureAlarm: cloudwatch.IAlarm;
  /** Alarm on fewer than `expiryAlarmDays` days left. */
  public readonly expiryAlarm: cloudwatch.IAlarm;
  /** The names the certificate covers, normalized to lower case. */
  public readonly domainNames: string[];

  private readonly certificateId: string;

  /**
   * @param scope the scope in which to define this construct
   * @param id the scoped construct ID
   * @param props the names, the CA, the DNS provider, and how the certificate is stored, renewed and watched
   */
  constructor(scope: Construct, id: string, props: AcmeCertificateProps) {
    super(scope, id);
    const domainNames = this.domainNames = checkDomainNames(this, props.domainNames);
    checkEmail(this, props.email);
    const keyType = props.keyType ?? AcmeKeyType.EC_P256;
    const schedule = props.renewalSchedule ?? scheduler.ScheduleExpression.rate(Duration.days(1));
    checkSchedule(this, schedule);
    if (props.cloudFront && !checkCloudFront(this, keyType)) this.requireUsEast1AtDeployment();
    const issuanceTimeout = checkIssuanceTimeout(this, props.issuanceTimeout);
    if (props.expiryAlarmDays !== undefined && !(props.expiryAlarmDays >= 1 && props.expiryAlarmDays <= 60)) {
      report(this, 'expiryAlarmDays', `${props.expiryAlarmDays} is out of range`, 'use 1 to 60 days (certificates from Let\'s Encrypt last 90 or fewer)');
    }
    // A prefix SSM would refuse creates no parameters (ssm.StringParameter would throw without naming the prop).
    const parameterPrefix = props.parameterPrefix !== undefined && checkParameterPrefix(this, props.parameterPrefix)
      ? props.parameterPrefix : undefined;
    if (props.vpcSubnets !== undefined && props.vpc === undefined) {
      report(this, 'vpcSubnets', 'is set without vpc, so the function would not run in a VPC at all', 'give vpc too, or drop vpcSubnets');
    }
    this.certificateId = Names.uniqueId(this);

    const stores = new CertificateStores(this, 'Stores', {
      encryptionKey: props.encryptionKey,
      backup: props.backup ?? false,
      backupBucket: props.backupBucket,
      backupKey: backupObjectKey(domainNames, keyType),
      parameterPrefix,
    });
    this.certificateSecret = stores.certificateSecret;
    this.accountKeySecret = stores.accountKeySecret;
    this.backupBucket = stores.backupBucket;
    this.certificateParameter = stores.parameters?.certificate;
    this.chainParameter = stores.parameters?.chain;
    this.fullchainParameter = stores.parameters?.fullchain;

    const fn = this.createFunction(issuanceTimeout, props);
    this.renewalFunction = fn;
    stores.grantRenewal(fn);
    grantTaggedAcmImport(this, fn, this.certificateId);
    const dns = props.dnsProvider._bind(this, fn, domainNames);
    const ca = props.certificateAuthority._bind(this, fn);

    const config: HandlerConfig = {
      certificateId: this.certificateId,
      domains: domainNames,
      email: props.email,
      ...ca,
      keyType,
      dns,
      accountKeySecretArn: stores.accountKeySecret.secretArn,
      certificateSecretArn: stores.certificateSecret.secretArn,
      secretChain: props.secretChain ?? ChainContent.FULL_CHAIN,
      acmChain: props.acmChain ?? ChainContent.FULL_CHAIN,
      acmTag: { key: ACM_TAG_KEY, value: this.certificateId },
      deleteAcmCertificateOnRemoval: (props.removalPolicy ?? RemovalPolicy.DESTROY) === RemovalPolicy.DESTROY,
      backup: stores.backupBucket && { bucket: stores.backupBucket.bucketName, key: backupObjectKey(domainNames, keyType) },
      parameters: stores.parameters && {
        certificate: stores.parameters.certificate.parameterName,
        chain: stores.parameters.chain.parameterName,
        fullchain: stores.parameters.fullchain.parameterName,
      },
      lockTable: stores.lockTable.tableName,
      metricsNamespace: METRICS_NAMESPACE,
      issuanceTimeoutSeconds: issuanceTimeout.toSeconds(),
    };
    this.checkEnvironmentSize(config);
    fn.addEnvironment(CONFIG_ENV, Stack.of(this).toJsonString(config));

    // The first issuance happens here, during deployment; updates that change what is certified issue anew.
    const issuance = new CustomResource(this, 'Issuance', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::AcmeCertificate',
      serviceTimeout: Duration.seconds(fn.timeout!.toSeconds() + 60),
      properties: {
        DomainNames: domainNames,
        KeyType: keyType,
        DirectoryUrl: ca.directoryUrl,
        AcmChain: config.acmChain,
        SecretChain: config.secretChain,
      },
    });
    // The policy must be in place before the first run.
    issuance.node.addDependency(fn.role!);
    this.certificateArn = issuance.getAttString('CertificateArn');
    const reimport = grantAcmReimport(this, fn.role!, this.certificateArn);

    this.schedule = this.createSchedule(schedule, fn, domainNames);
    // Scheduled runs start once the first certificate exists and renewals may re-import into it.
    this.schedule.node.addDependency(issuance, reimport);

    const alarms = new CertificateAlarms(this, 'Alarms', {
      certificateId: this.certificateId,
      renewalFunction: fn,
      topic: props.alarmTopic,
      encryptionKey: props.encryptionKey,
      expiryDays: props.expiryAlarmDays ?? 14,
    });
    this.alarmTopic = alarms.topic;
    this.failureAlarm = alarms.failureAlarm;
    this.expiryAlarm = alarms.expiryAlarm;
  }

  /** Reference to the ACM certificate, for aws-cdk-lib L2s that take `ICertificateRef`. */
  public get certificateRef(): acm.CertificateReference {
    return { certificateId: this.certificateArn };
  }

  /**
   * Read access to the certificate secret (and its KMS key), and to the SSM parameters when there are any.
   *
   * @param grantee the principal that reads the certificate and its private key
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const grant = this.certificateSecret.grantRead(grantee);
    [this.certificateParameter, this.chainParameter, this.fullchainParameter].forEach(p => p?.grantRead(grantee));
    return grant;
  }

  /**
   * Days until the current certificate expires, as published by the renewal function (minimum over a day).
   *
   * @param props overrides for the metric, such as `period`, `statistic` or `label`
   */
  public metricDaysToExpiry(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(this.certificateId, 'daysToExpiry', props);
  }

  /**
   * Failed renewal runs (sum over a day).
   *
   * @param props overrides for the metric, such as `period`, `statistic` or `label`
   */
  public metricIssuanceFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(this.certificateId, 'failed', props);
  }

  /**
   * New certificates issued (sum over a day).
   *
   * @param props overrides for the metric, such as `period`, `statistic` or `label`
   */
  public metricIssuanceSucceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(this.certificateId, 'issued', props);
  }

  private createFunction(issuanceTimeout: Duration, props: AcmeCertificateProps): RenewerFunction {
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    // Our own role: only the log group, not the AWSLambdaBasicExecutionRole managed policy on every log group.
    const role = new iam.Role(this, 'RenewalRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    const fn = new RenewerFunction(this, 'RenewalFunction', {
      description: 'cdk-certkit: issues and renews an ACME certificate',
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: issuanceTimeout.plus(Duration.minutes(2)),
      // Failed runs are not retried at once: the CA's rate limits would suffer; the next scheduled run retries.
      retryAttempts: 0,
      role,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
    });
    acknowledgeFinding(fn, 'AwsSolutions-L1', 'Pinned to nodejs22.x, the runtime the bundled handler is built and tested for.');
    if (props.vpc) {
      acknowledgeFinding(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        'Lambda needs the ENI permissions of this AWS managed policy to run in a VPC.');
    }
    return fn;
  }

  private createSchedule(expression: scheduler.ScheduleExpression, fn: lambda.Function, domainNames: string[]): scheduler.Schedule {
    // Our own role (the default one is shared stack-wide), assumable by EventBridge Scheduler of this account only.
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
    });
    const schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: expression,
      description: `Renews the ACME certificate for ${Token.isUnresolved(domainNames[0]) ? 'its names' : domainNames.join(', ')} when due`,
      target: new targets.LambdaInvoke(fn, { input: scheduler.ScheduleTargetInput.fromObject({}), retryAttempts: 0, role }),
    });
    const functionId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement);
    acknowledgeFinding(role, `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      'LambdaInvoke grants the renewal function and its versions (Arn:*); nothing else can be invoked.');
    return schedule;
  }

  /** Lambda caps a function's environment at 4 KiB; deployed values (ARNs) are counted at 100 characters. */
  private checkEnvironmentSize(config: HandlerConfig): void {
    const bytes = JSON.stringify(config, (_key, value) => (typeof value === 'string' && Token.isUnresolved(value) ? 'x'.repeat(100) : value)).length;
    if (bytes > MAX_CONFIG_BYTES) {
      report(this, 'domainNames', `with the other settings need about ${bytes} bytes of the renewal function's 4 KiB environment`,
        'split the names into several certificates (or shorten caBundlePem)');
    }
  }

  /** With an environment-agnostic stack, CloudFormation checks the region at deployment instead. */
  private requireUsEast1AtDeployment(): void {
    new CfnRule(this, 'CloudFrontRegion', {
      assertions: [{
        assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
        assertDescription: `${this.node.path}: cloudFront is true, and CloudFront only uses certificates from us-east-1. Deploy this stack to us-east-1.`,
      }],
    });
  }
}

// ---- construct-time checks of the props: each problem is one line naming the prop and the fix ----

/** Let's Encrypt's limit of names per certificate. */
const MAX_NAMES = 100;

/** The names, lower-cased and without a final dot; an empty list stops here (nothing could be built). */
function checkDomainNames(scope: Construct, domainNames: string[]): string[] {
  if (domainNames.length === 0) invalid(scope, 'domainNames', 'is empty', 'give at least one name, e.g. [\'example.com\', \'*.example.com\']');
  if (domainNames.length > MAX_NAMES) report(scope, 'domainNames', `has ${domainNames.length} names`, `split them into certificates of at most ${MAX_NAMES} names`);
  const seen = new Set<string>();
  return domainNames.map((name, i) => {
    if (Token.isUnresolved(name)) return name;
    const lower = name.toLowerCase().replace(/\.$/, '');
    if (!isDnsName(lower)) report(scope, `domainNames[${i}]`, `'${name}' is not a DNS name`, 'use lower-case letters, digits, \'-\' and \'.\', optionally with a leading \'*.\'');
    if (seen.has(lower)) report(scope, `domainNames[${i}]`, `'${name}' is listed twice`, 'list each name once');
    seen.add(lower);
    return lower;
  });
}

function checkEmail(scope: Construct, email: string | undefined): void {
  const problem = email === undefined || Token.isUnresolved(email) ? undefined : emailProblem(email);
  if (problem) {
    report(scope, 'email', `'${email}' is not an e-mail address: it ${problem}`, 'use a bare address such as ops@example.com, or leave email unset');
  }
}

function checkIssuanceTimeout(scope: Construct, given: Duration | undefined): Duration {
  const fallback = Duration.minutes(10);
  const timeout = durationProp(scope, 'issuanceTimeout', given, fallback);
  if (timeout.toSeconds() < 60 || timeout.toMinutes({ integral: false }) > MAX_ISSUANCE_MINUTES) {
    report(scope, 'issuanceTimeout', `${timeout.toHumanString()} is out of range`, `use 1 to ${MAX_ISSUANCE_MINUTES} minutes`);
    return fallback;
  }
  return timeout;
}

/** SSM allows at most 15 levels; the prefix gets one more (`/certificate`). */
const MAX_PARAMETER_PREFIX_LEVELS = 14;

/** Whether SSM takes `prefix`; reports why not. */
function checkParameterPrefix(scope: Construct, prefix: string): boolean {
  if (Token.isUnresolved(prefix)) return true;
  if (!/^\/[a-zA-Z0-9_.\-/]*[^/]$/.test(prefix) || prefix.includes('//')) {
    report(scope, 'parameterPrefix', `'${prefix}' is not an SSM parameter path`, 'use a path such as /certificates/example.com (leading \'/\', no trailing \'/\')');
  } else if (/^\/(aws|ssm)/i.test(prefix)) {
    report(scope, 'parameterPrefix', `'${prefix}' starts with '${prefix.slice(1, 4)}', which SSM reserves for AWS`, 'use a path such as /certificates/example.com');
  } else if (prefix.split('/').length - 1 > MAX_PARAMETER_PREFIX_LEVELS) {
    report(scope, 'parameterPrefix', `'${prefix}' has more than ${MAX_PARAMETER_PREFIX_LEVELS} levels (SSM allows 15 with the parameter's own name)`, 'use a shorter path');
  } else {
    return true;
  }
  return false;
}

/**
 * The shortest interval a schedule expression can fire at, in minutes; undefined for one-time `at()` schedules.
 * @internal
 */
export function shortestIntervalMinutes(expression: string): number | undefined {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) return Number(rate[1]) * (rate[2].startsWith('minute') ? 1 : rate[2].startsWith('hour') ? 60 : 1440);
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) return /^\d{1,2}$/.test(cron[1].trim().split(/\s+/)[0]) ? 60 : 1; // more than one minute value: more than hourly
  return undefined;
}

function checkSchedule(scope: Construct, schedule: scheduler.ScheduleExpression): void {
  const expression = schedule.expressionString;
  if (Token.isUnresolved(expression)) return;
  const minutes = shortestIntervalMinutes(expression);
  if (minutes === undefined) {
    report(scope, 'renewalSchedule', `'${expression}' runs at most once`, 'use a repeating schedule, e.g. ScheduleExpression.rate(Duration.days(1))');
  } else if (minutes < 60) {
    report(scope, 'renewalSchedule', `'${expression}' runs more often than hourly`,
      'run at most hourly (daily is plenty: certificates are renewed weeks before they expire)');
  }
}

/** CloudFront takes ACM certificates from us-east-1 only, and no P-384 keys; false when the region is checked at deployment. */
function checkCloudFront(scope: Construct, keyType: AcmeKeyType): boolean {
  if (keyType === AcmeKeyType.EC_P384) {
    report(scope, 'keyType', 'EC_P384 is not accepted by CloudFront (cloudFront: true)', 'use EC_P256 or an RSA key type');
  }
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) return false; // checked at deployment instead (see requireUsEast1AtDeployment)
  if (region !== 'us-east-1') {
    report(scope, 'cloudFront', `is true but the stack deploys to ${region}, and CloudFront only uses certificates from us-east-1`,
      'put this certificate in a stack with env: { region: \'us-east-1\' } (crossRegionReferences lets other stacks use it)');
  }
  return true;
}
