// Stateful stand-ins for the AWS APIs the ACM sync uses, on aws-sdk-client-mock: ACM certificates by ARN (import,
// re-import into an ARN, describe, delete), one Secrets Manager secret holding what the PushSecret pushed, and the
// metrics published.
import { randomUUID, X509Certificate } from 'node:crypto';
import { ACMClient, DeleteCertificateCommand, DescribeCertificateCommand, ImportCertificateCommand } from '@aws-sdk/client-acm';
import { CloudWatchClient, MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { acmKeyAlgorithm } from '../../../src/runtime/acm-sync/cluster-secret';

export interface AcmEntry {
  certificate: string;
  chain?: string;
  subject: string;
  serial: string;
  notAfter: Date;
  keyAlgorithm?: string;
  /** Extended key usage OIDs; undefined without the extension. */
  extendedKeyUsages?: string[];
  tags: unknown;
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const validation = (message: string) => Object.assign(new Error(message), { name: 'ValidationException' });

/** Stateful stand-ins: ACM certificates by ARN, and the secret's current value. */
export class Aws {
  readonly acm = mockClient(ACMClient);
  readonly secrets = mockClient(SecretsManagerClient);
  readonly cloudwatch = mockClient(CloudWatchClient);
  readonly certificates = new Map<string, AcmEntry>();
  secret: string | undefined;
  readonly metrics: MetricDatum[][] = [];

  constructor(private readonly secretName: string) {
    this.secrets.on(GetSecretValueCommand).callsFake(input => {
      if (input.SecretId !== this.secretName || this.secret === undefined) throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
      return { SecretString: this.secret };
    });
    this.acm.on(ImportCertificateCommand).callsFake(input => {
      const pem = Buffer.from(input.Certificate).toString();
      const x = new X509Certificate(pem);
      const arn = input.CertificateArn ?? `arn:aws:acm:eu-west-1:111111111111:certificate/${randomUUID()}`;
      if (input.CertificateArn && !this.certificates.has(arn)) throw Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' });
      const keyAlgorithm = acmKeyAlgorithm(x.publicKey);
      const extendedKeyUsages = x.keyUsage; // node names the extended key usages so
      const previous = input.CertificateArn ? this.certificates.get(arn) : undefined;
      // ACM's re-import rules (Reimport a certificate): the same key type; extended key usages may be added, not
      // dropped (except clientAuth), and no extension the first import did not have.
      if (previous) {
        if (previous.keyAlgorithm !== keyAlgorithm) throw validation(`The certificate's key type (${keyAlgorithm}) differs from ${previous.keyAlgorithm}`);
        if (!previous.extendedKeyUsages && extendedKeyUsages) throw validation('Cannot add the Extended Key Usage extension');
        const dropped = (previous.extendedKeyUsages ?? []).filter(o => o !== CLIENT_AUTH && !(extendedKeyUsages ?? []).includes(o));
        if (dropped.length > 0) throw validation(`Cannot remove Extended Key Usage values ${dropped.join(', ')}`);
      }
      this.certificates.set(arn, {
        keyAlgorithm,
        extendedKeyUsages,
        certificate: pem,
        chain: input.CertificateChain ? Buffer.from(input.CertificateChain).toString() : undefined,
        // ACM shows the subject as `CN=...,O=...`, with the serial in colon-separated hex.
        subject: (x.subject ?? '').split('\n').join(','),
        serial: x.serialNumber.toLowerCase().match(/.{1,2}/g)!.join(':'),
        notAfter: new Date(x.validTo),
        tags: input.Tags ?? this.certificates.get(arn)?.tags,
      });
      return { CertificateArn: arn };
    });
    this.acm.on(DescribeCertificateCommand).callsFake(input => {
      const c = this.certificates.get(input.CertificateArn!);
      if (!c) throw Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' });
      return {
        Certificate: {
          CertificateArn: input.CertificateArn, Serial: c.serial, Subject: c.subject, NotAfter: c.notAfter, KeyAlgorithm: c.keyAlgorithm as any,
        },
      };
    });
    this.acm.on(DeleteCertificateCommand).callsFake(input => {
      this.certificates.delete(input.CertificateArn!);
      return {};
    });
    this.cloudwatch.on(PutMetricDataCommand).callsFake(input => {
      this.metrics.push(input.MetricData);
      return {};
    });
  }

  /** The last published value of a metric. */
  metric(name: string): number | undefined {
    return this.metrics.flat().filter(d => d.MetricName === name).pop()?.Value;
  }

  restore() {
    this.acm.restore();
    this.secrets.restore();
    this.cloudwatch.restore();
  }
}

