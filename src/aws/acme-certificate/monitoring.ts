// Alarms on the handler's metrics: a failed run (or a crashed/timed-out invocation) and a certificate close to expiry.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DIMENSION, METRIC } from '../../runtime/handler/metric-names';
import { acknowledgeFinding } from '../private/acknowledge';

export const METRICS_NAMESPACE = 'CdkCertkit';

export function handlerMetric(certificateId: string, name: keyof typeof METRIC, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: METRIC[name],
    dimensionsMap: { [DIMENSION]: certificateId },
    period: Duration.days(1),
    statistic: name === 'daysToExpiry' ? cloudwatch.Stats.MINIMUM : cloudwatch.Stats.SUM,
    ...props,
  });
}

export interface CertificateAlarmsProps {
  readonly certificateId: string;
  readonly renewalFunction: lambda.IFunction;
  readonly topic?: sns.ITopic;
  readonly encryptionKey?: kms.IKey;
  readonly expiryDays: number;
}

export class CertificateAlarms extends Construct {
  public readonly topic: sns.ITopic;
  public readonly failureAlarm: cloudwatch.Alarm;
  public readonly expiryAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CertificateAlarmsProps) {
    super(scope, id);
    this.topic = props.topic ?? this.createTopic(props.encryptionKey);
    const period = Duration.hours(1);
    this.failureAlarm = new cloudwatch.Alarm(this, 'FailureAlarm', {
      alarmDescription: 'ACME certificate renewal failed (see the renewal function\'s logs for the step and reason)',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(errors, 0)',
        usingMetrics: {
          failed: handlerMetric(props.certificateId, 'failed', { period }),
          errors: props.renewalFunction.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
        },
        period,
        label: 'failed runs',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.expiryAlarm = new cloudwatch.Alarm(this, 'ExpiryAlarm', {
      alarmDescription: `ACME certificate expires in less than ${props.expiryDays} days: renewal has not succeeded for a while`,
      metric: handlerMetric(props.certificateId, 'daysToExpiry'),
      threshold: props.expiryDays,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.failureAlarm, this.expiryAlarm]) alarm.addAlarmAction(new actions.SnsAction(this.topic));
  }

  private createTopic(encryptionKey: kms.IKey | undefined): sns.Topic {
    const topic = new sns.Topic(this, 'Topic', { displayName: 'ACME certificate alarms', enforceSSL: true, masterKey: encryptionKey });
    if (encryptionKey) {
      // CloudWatch must be able to use the key to publish alarms to the encrypted topic.
      encryptionKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    } else {
      acknowledgeFinding(topic, 'AwsSolutions-SNS2',
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed SNS key; pass encryptionKey (a customer managed key) to encrypt it.');
    }
    return topic;
  }
}
