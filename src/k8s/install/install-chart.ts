// The one implementation of the delivery modes, shared by every chart install construct (internal).
import { ApiObject } from 'cdk8s';
import { Namespace } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { markInstallWave, setSyncWave } from './argo-cd-annotations';
import { addArgoCdApplication } from './argo-cd-application';
import { ChartDelivery, ChartDeliveryMode } from './chart-delivery';
import { ChartSpec } from './chart-spec';
import { addFluxHelmRelease } from './flux-helm-release';
import { addHelmTemplate } from './helm-template';
import { invalid } from '../../common/errors';

/**
 * Creates the namespace (unless told not to) and the objects of the chosen delivery mode under `scope`,
 * and returns all ApiObjects it created.
 */
export function installChart(scope: Construct, spec: ChartSpec, delivery: ChartDelivery, createNamespace: boolean | undefined): ApiObject[] {
  const wave = delivery.argoCdOptions?.syncWave ?? spec.defaultSyncWave;
  if (!Number.isInteger(wave)) invalid(scope, 'delivery.syncWave', `is ${wave} but must be a whole number`, 'use an integer such as ArgoCdSyncWaves.CERT_MANAGER');
  markInstallWave(scope, wave);
  const objects: ApiObject[] = [];
  // Values-only users run their own pipeline, so by default they get no objects at all.
  if (createNamespace ?? delivery.mode !== ChartDeliveryMode.VALUES_ONLY) {
    objects.push(ApiObject.of(new Namespace(scope, 'Namespace', { metadata: { name: spec.release.namespace } })));
  }
  switch (delivery.mode) {
    case ChartDeliveryMode.ARGO_CD:
      objects.push(addArgoCdApplication(scope, spec, delivery.argoCdOptions ?? {}, wave));
      objects.forEach(o => setSyncWave(o, wave));
      break;
    case ChartDeliveryMode.FLUX:
      objects.push(...addFluxHelmRelease(scope, spec, delivery.fluxOptions ?? {}));
      break;
    case ChartDeliveryMode.HELM:
      objects.push(...addHelmTemplate(scope, spec, delivery.helmOptions ?? {}).apiObjects);
      break;
    case ChartDeliveryMode.VALUES_ONLY:
      break;
  }
  return objects;
}
