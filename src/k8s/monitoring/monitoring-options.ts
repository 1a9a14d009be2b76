// What every monitoring object takes about the cert-manager install it watches.
import { CertManager } from '../install/cert-manager';

/** The cert-manager install a monitoring object belongs to, and how it is ordered with Argo CD. */
export interface CertManagerMonitoringOptions {
  /**
   * The cert-manager install. Delivered by Argo CD (`ChartDelivery.argoCd()`), the object gets a sync wave after
   * the install's and `argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true`, so a sync does not fail
   * its dry run while the Prometheus Operator CRDs are not installed yet.
   * @default - no Argo CD annotations
   */
  readonly certManager?: CertManager;
  /**
   * The Argo CD sync wave, with an Argo CD-delivered `certManager`.
   * @default - one after the cert-manager install's wave, at least ArgoCdSyncWaves.ADDONS
   */
  readonly argoCdSyncWave?: number;
}
