// Argo CD ordering of monitoring objects (internal).
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { report } from '../../../private/errors';
import { ArgoCdSyncWaves } from '../../install/argo-cd-sync-waves';
import { CertManagerMonitoringOptions } from '../monitoring-options';

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';

/** Whether the install is delivered by an Argo CD Application. */
function byArgoCd(options: CertManagerMonitoringOptions): boolean {
  return options.certManager?.apiObjects.some(o => o.apiGroup === 'argoproj.io' && o.kind === 'Application') ?? false;
}

/**
 * With an Argo CD-delivered cert-manager: a sync wave after it (unless the object has one) and
 * SkipDryRunOnMissingResource, because the object's CRD (prometheus-operator's) may not exist at dry-run time.
 */
export function argoCdOrdering(scope: IConstruct, obj: ApiObject, options: CertManagerMonitoringOptions): void {
  if (options.argoCdSyncWave !== undefined && !byArgoCd(options)) {
    report(scope, 'argoCdSyncWave', 'is set, but no certManager delivered by Argo CD is given', 'pass certManager (delivered with ChartDelivery.argoCd()), or drop argoCdSyncWave');
  }
  if (!byArgoCd(options)) return;
  const installWave = options.certManager!.syncWave;
  const wave = options.argoCdSyncWave ?? Math.max(ArgoCdSyncWaves.ADDONS, installWave + 1);
  if (!Number.isInteger(wave)) {report(scope, 'argoCdSyncWave', `is ${wave} but must be a whole number`, 'use an integer such as ArgoCdSyncWaves.ADDONS');} else if (wave <= installWave) {
    report(scope, 'argoCdSyncWave', `(${wave}) must be greater than the wave of ${options.certManager!.node.path} (${installWave})`, `use ${installWave + 1} or later`);
  }
  const annotations = obj.metadata.toJson().annotations ?? {};
  if (annotations[SYNC_WAVE] === undefined) obj.metadata.addAnnotation(SYNC_WAVE, String(wave));
  const current = (annotations[SYNC_OPTIONS] ?? '').split(',').map((o: string) => o.trim()).filter((o: string) => o);
  if (!current.includes(SKIP_DRY_RUN)) obj.metadata.addAnnotation(SYNC_OPTIONS, [...current, SKIP_DRY_RUN].join(','));
}
