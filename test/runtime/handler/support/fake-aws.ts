// Stateful stand-ins for the AWS APIs the handler uses, on aws-sdk-client-mock: enough behaviour (version stages,
// conditional writes, re-import into an ARN) for tests to check what ends up where, not only which calls were made.
import { X509Certificate } from 'node:crypto';
import { ACMClient, DeleteCertificateCommand, DescribeCertificateCommand, ImportCertificateCommand } from '@aws-sdk/client-acm';
import { CloudWatchClient, MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';

/** An error shaped like the SDK's: its name, and the HTTP status in `$metadata`. */
export const awsError = (name: string, message = name, httpStatusCode = 400) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
export const throttling = () => awsError('ThrottlingException', 'Rate exceeded', 400);
export const serverError = () => awsError('InternalFailure', 'We encountered an internal error. Please try again.', 500);
/** Not worth another try: the run fails at this step. */
export const denied = () => awsError('AccessDeniedException', 'injected: not authorized', 400);

interface SecretVersion { id: string; value: string; stages: Set<string> }

/** A failure the next matching calls get instead of an answer. */
interface Fault {
  /** Index in `calls` (0-based) of the one call to fail; or every call to `command` (and `match`). */
  readonly at?: number;
  readonly command?: string;
  readonly match?: (input: any) => boolean;
  readonly error: () => Error;
  times: number;
}

export class FakeAws {
  readonly acm = mockClient(ACMClient);
  readonly secrets = mockClient(SecretsManagerClient);
  readonly s3 = mockClient(S3Client);
  readonly ssm = mockClient(SSMClient);
  readonly cloudwatch = mockClient(CloudWatchClient);
  readonly dynamodb = mockClient(DynamoDBClient);

  readonly secretVersions = new Map<string, SecretVersion[]>();
  readonly certificates = new Map<string, { certificate: string; chain?: string; tags: Record<string, string> }>();
  readonly objects = new Map<string, string[]>();
  readonly parameters = new Map<string, string>();
  readonly lockItems = new Map<string, { owner: string; expiresAt: number }>();
  readonly metrics: MetricDatum[] = [];
  /** The other DynamoDB items (the note of published TXT records), by key. */
  readonly tableItems = new Map<string, Record<string, any>>();
  /** Every call, in order, as `Service.Command` (e.g. `ACM.ImportCertificate`). */
  readonly calls: string[] = [];
  /** Set to make the next ACM imports fail with this error name. */
  acmImportFailure?: string;
  /** While set, ACM imports wait for it before taking effect (an import in flight). */
  acmImportGate?: Promise<void>;
  private readonly faults: Fault[] = [];
  private arnCounter = 0;

  constructor() {
    // Every fake below goes through `check` first: the call is logged, and an injected fault answers instead.
    const services: [any, string][] = [[this.acm, 'ACM'], [this.secrets, 'SecretsManager'], [this.s3, 'S3'], [this.ssm, 'SSM'], [this.cloudwatch, 'CloudWatch'], [this.dynamodb, 'DynamoDB']];
    for (const [mock, service] of services) {
      const on = mock.on.bind(mock);
      mock.on = (command: any, ...rest: any[]) => {
        const behaviour = on(command, ...rest);
        const callsFake = behaviour.callsFake.bind(behaviour);
        behaviour.callsFake = (fn: (input: any) => any) => callsFake((input: any) => {
          this.check(`${service}.${command.name.replace(/Command$/, '')}`, input);
          return fn(input);
        });
        return behaviour;
      };
    }

    this.secrets.on(GetSecretValueCommand).callsFake(input => {
      const version = this.versions(input.SecretId).find(v => v.stages.has(input.VersionStage ?? 'AWSCURRENT'));
      if (!version) throw awsError('ResourceNotFoundException', `no version with stage ${input.VersionStage}`);
      return { ARN: input.SecretId, SecretString: version.value, VersionId: version.id, VersionStages: [...version.stages] };
    });
    this.secrets.on(PutSecretValueCommand).callsFake(input => {
      const versions = this.versions(input.SecretId);
      const id = input.ClientRequestToken ?? `v${versions.length + 1}`;
      const existing = versions.find(v => v.id === id);
      if (existing) {
        if (existing.value !== input.SecretString) throw awsError('ResourceExistsException');
        return { VersionId: id };
      }
      const stages: string[] = input.VersionStages ?? ['AWSCURRENT'];
      for (const v of versions) stages.forEach(s => v.stages.delete(s));
      versions.push({ id, value: input.SecretString, stages: new Set(stages) });
      return { VersionId: id, VersionStages: stages };
    });
    this.secrets.on(DescribeSecretCommand).callsFake(input => ({
      VersionIdsToStages: Object.fromEntries(this.versions(input.SecretId).map(v => [v.id, [...v.stages]])),
    }));
    this.secrets.on(UpdateSecretVersionStageCommand).callsFake(input => {
      const versions = this.versions(input.SecretId);
      if (input.RemoveFromVersionId && !versions.find(v => v.id === input.RemoveFromVersionId)?.stages.delete(input.VersionStage)) {
        throw awsError('InvalidParameterException', `${input.VersionStage} is not attached to version ${input.RemoveFromVersionId}`);
      }
      if (input.MoveToVersionId) {
        for (const v of versions) v.stages.delete(input.VersionStage);
        versions.find(v => v.id === input.MoveToVersionId)!.stages.add(input.VersionStage);
      }
      return {};
    });

    this.acm.on(ImportCertificateCommand).callsFake(async input => {
      await this.acmImportGate;
      if (this.acmImportFailure) throw awsError(this.acmImportFailure, 'ACM refused the import');
      const certificate = Buffer.from(input.Certificate).toString();
      const chain = input.CertificateChain && Buffer.from(input.CertificateChain).toString();
      if (input.CertificateArn) {
        const existing = this.certificates.get(input.CertificateArn);
        if (!existing) throw awsError('ResourceNotFoundException');
        if (input.Tags) throw awsError('InvalidParameterException', 'tags on re-import');
        this.certificates.set(input.CertificateArn, { ...existing, certificate, chain });
        return { CertificateArn: input.CertificateArn };
      }
      const arn = `arn:aws:acm:eu-west-1:111111111111:certificate/cert-${++this.arnCounter}`;
      this.certificates.set(arn, { certificate, chain, tags: Object.fromEntries((input.Tags ?? []).map((t: any) => [t.Key, t.Value])) });
      return { CertificateArn: arn };
    });
    this.acm.on(DescribeCertificateCommand).callsFake(input => {
      const cert = this.certificates.get(input.CertificateArn);
      if (!cert) throw awsError('ResourceNotFoundException');
      const serial = new X509Certificate(cert.certificate).serialNumber.toLowerCase().match(/.{2}/g)!.join(':');
      return { Certificate: { CertificateArn: input.CertificateArn, Serial: serial } };
    });
    this.acm.on(DeleteCertificateCommand).callsFake(input => {
      if (!this.certificates.delete(input.CertificateArn)) throw awsError('ResourceNotFoundException');
      return {};
    });

    this.s3.on(GetObjectCommand).callsFake(input => {
      const versions = this.objects.get(`${input.Bucket}/${input.Key}`);
      if (!versions) throw awsError('NoSuchKey');
      const body = versions[versions.length - 1];
      return { Body: { transformToString: async () => body } };
    });
    this.s3.on(PutObjectCommand).callsFake(input => {
      const key = `${input.Bucket}/${input.Key}`;
      this.objects.set(key, [...this.objects.get(key) ?? [], String(input.Body)]);
      return {};
    });

    this.ssm.on(GetParameterCommand).callsFake(input => {
      if (!this.parameters.has(input.Name)) throw awsError('ParameterNotFound');
      return { Parameter: { Name: input.Name, Value: this.parameters.get(input.Name) } };
    });
    this.ssm.on(PutParameterCommand).callsFake(input => {
      this.parameters.set(input.Name, input.Value);
      return { Version: 1 };
    });

    this.cloudwatch.on(PutMetricDataCommand).callsFake(input => {
      this.metrics.push(...input.MetricData);
      return {};
    });

    // DynamoDB with the conditions the lock and the note of TXT records use, evaluated on the stored item.
    this.dynamodb.on(PutItemCommand).callsFake(input => {
      const key = input.Item.lockId.S;
      if (!input.Item.owner) {
        const existing = this.tableItems.get(key);
        if (input.ConditionExpression === 'attribute_not_exists(lockId)' && existing) {
          throw Object.assign(awsError('ConditionalCheckFailedException'), input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? { Item: existing } : {});
        }
        this.tableItems.set(key, input.Item);
        return {};
      }
      const held = this.lockItems.get(key);
      const now = Number(input.ExpressionAttributeValues[':now'].N);
      if (held && held.expiresAt >= now) throw awsError('ConditionalCheckFailedException');
      this.lockItems.set(key, { owner: input.Item.owner.S, expiresAt: Number(input.Item.expiresAt.N) });
      return {};
    });
    this.dynamodb.on(DeleteItemCommand).callsFake(input => {
      const key = input.Key.lockId.S;
      if (!input.ExpressionAttributeValues) {
        this.tableItems.delete(key);
        return {};
      }
      if (this.lockItems.get(key)?.owner !== input.ExpressionAttributeValues[':me'].S) throw awsError('ConditionalCheckFailedException');
      this.lockItems.delete(key);
      return {};
    });
  }

  /** Fails the call with index `at` in `calls`, once. */
  failAt(at: number, error: () => Error): void {
    this.faults.push({ at, error, times: 1 });
  }

  /** Fails the next `times` calls of `command` (`Service.Command`) whose input matches. */
  failOn(command: string, error: () => Error, times = 1, match?: (input: any) => boolean): void {
    this.faults.push({ command, match, error, times });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The TXT records noted as published and not yet removed. */
  notedRecords(certificateId = 'StackCert1234'): { fqdn: string; value: string }[] {
    return JSON.parse(this.tableItems.get(`${certificateId}#challenges`)?.records?.S ?? '[]');
  }

  private check(call: string, input: any): void {
    const index = this.calls.push(call) - 1;
    const fault = this.faults.find(f => f.times > 0 && (f.at === undefined ? f.command === call && (!f.match || f.match(input)) : f.at === index));
    if (!fault) return;
    fault.times--;
    throw fault.error();
  }

  /** The JSON in the secret's version with `stage`, parsed, or undefined. */
  secretJson(secretId: string, stage = 'AWSCURRENT'): any {
    const version = this.versions(secretId).find(v => v.stages.has(stage));
    return version && JSON.parse(version.value);
  }

  /** Stores a secret value as AWSCURRENT (what CloudFormation creates). */
  seedSecret(secretId: string, value: string): void {
    this.versions(secretId).push({ id: `initial-${secretId}`, value, stages: new Set(['AWSCURRENT']) });
  }

  metricValues(name: string): number[] {
    return this.metrics.filter(m => m.MetricName === name).map(m => m.Value!);
  }

  restore(): void {
    for (const mock of [this.acm, this.secrets, this.s3, this.ssm, this.cloudwatch, this.dynamodb]) mock.restore();
  }

  private versions(secretId: string): SecretVersion[] {
    if (!this.secretVersions.has(secretId)) this.secretVersions.set(secretId, []);
    return this.secretVersions.get(secretId)!;
  }
}
