// Delivery through an Argo CD Application (internal).
import { Construct } from 'constructs';
import { SYNC_WAVE } from './argo-cd-annotations';
import { ArgoCdDeliveryOptions } from './chart-delivery';
import { ChartSpec } from './chart-spec';
import { invalid } from '../../common/errors';
import { Application } from '../../imports/argoproj.io';

const IN_CLUSTER = 'https://kubernetes.default.svc';

function syncOptions(options: ArgoCdDeliveryOptions): string[] {
  return [
    ...(options.createNamespace ?? true ? ['CreateNamespace=true'] : []),
    ...(options.serverSideApply ?? true ? ['ServerSideApply=true'] : []),
    ...(options.extraSyncOptions ?? []),
  ];
}

function retry(scope: Construct, limit: number) {
  if (!Number.isInteger(limit) || limit < 0) invalid(scope, 'delivery.retryLimit', `is ${limit} but must be a whole number`, 'set 0 (no retries) or more');
  return limit === 0 ? undefined : { limit, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } };
}

export function addArgoCdApplication(scope: Construct, spec: ChartSpec, options: ArgoCdDeliveryOptions, wave: number): Application {
  if (options.destinationServer !== undefined && options.destinationName !== undefined) {
    invalid(scope, 'delivery.destinationName', 'is set together with destinationServer', 'set only one of them');
  }
  const { release } = spec;
  const automated = options.automated ?? true;
  return new Application(scope, 'Application', {
    metadata: {
      name: options.applicationName ?? release.releaseName,
      namespace: options.applicationNamespace ?? 'argocd',
      annotations: { [SYNC_WAVE]: String(wave) },
    },
    spec: {
      project: options.project ?? 'default',
      destination: {
        server: options.destinationName === undefined ? options.destinationServer ?? IN_CLUSTER : undefined,
        name: options.destinationName,
        namespace: release.namespace,
      },
      source: {
        repoUrl: release.repository,
        chart: release.chart,
        targetRevision: release.version,
        helm: { releaseName: release.releaseName, valuesObject: release.values },
      },
      syncPolicy: {
        automated: automated ? { prune: options.prune ?? true, selfHeal: options.selfHeal ?? true } : undefined,
        syncOptions: syncOptions(options),
        retry: retry(scope, options.retryLimit ?? 5),
      },
    },
  });
}
