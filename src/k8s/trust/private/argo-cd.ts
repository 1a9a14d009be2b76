// Argo CD ordering of Bundles (internal).
import { ApiObject } from 'cdk8s';
import { ArgoCdSyncWaves } from '../../install/argo-cd-sync-waves';
import { TrustManager } from '../../install/trust-manager';

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';

/**
 * With trust-manager delivered by Argo CD, a Bundle syncs after it (and with the certificates whose CAs it reads), and
 * skips the dry run that would fail while the Bundle CRD is not installed yet. A wave already set is kept.
 */
export function orderAfterTrustManager(obj: ApiObject, trustManager: TrustManager | undefined): void {
  if (!trustManager?.apiObjects.some(o => o.apiGroup === 'argoproj.io' && o.kind === 'Application')) return;
  const annotations = obj.metadata.toJson().annotations ?? {};
  if (annotations[SYNC_WAVE] === undefined) {
    obj.metadata.addAnnotation(SYNC_WAVE, String(Math.max(ArgoCdSyncWaves.CERTIFICATES, trustManager.syncWave + 1)));
  }
  const current = (annotations[SYNC_OPTIONS] ?? '').split(',').map((o: string) => o.trim()).filter((o: string) => o);
  if (!current.includes(SKIP_DRY_RUN)) obj.metadata.addAnnotation(SYNC_OPTIONS, [...current, SKIP_DRY_RUN].join(','));
}
