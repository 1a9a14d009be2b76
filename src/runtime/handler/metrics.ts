// CloudWatch metrics per certificate; the construct's alarms watch these names.
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { AwsClients, sdk } from './aws-clients';
import type { Logger } from './log';
import { DIMENSION, METRIC } from './metric-names';


export interface RunMetrics {
  readonly notAfter?: Date;
  readonly issued: boolean;
  readonly failed: boolean;
}

/** Publishes one data point per metric; a metrics outage is logged, never fails the run. */
export async function publishMetrics(clients: AwsClients, namespace: string, certificateId: string, run: RunMetrics, now: Date, log: Logger) {
  const { PutMetricDataCommand } = sdk.cloudwatch();
  const dims = [{ Name: DIMENSION, Value: certificateId }];
  const data: MetricDatum[] = [
    { MetricName: METRIC.issued, Value: run.issued ? 1 : 0, Unit: 'Count', Dimensions: dims, Timestamp: now },
    { MetricName: METRIC.failed, Value: run.failed ? 1 : 0, Unit: 'Count', Dimensions: dims, Timestamp: now },
  ];
  if (run.notAfter) {
    const days = (run.notAfter.getTime() - now.getTime()) / 86_400_000;
    data.push({ MetricName: METRIC.daysToExpiry, Value: Math.round(days * 100) / 100, Unit: 'None', Dimensions: dims, Timestamp: now });
  }
  try {
    await clients.cloudwatch().send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
  } catch (e) {
    log.warn('could not publish metrics', { error: e });
  }
}
