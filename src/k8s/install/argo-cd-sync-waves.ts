import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { HelmChartInstall } from './helm-chart-install';
import { addSyncOption, setSyncWave } from './private/argo-cd-annotations';
import { invalid } from '../../private/errors';

/** Options for `ArgoCdSyncWaves.apply`. */
export interface ArgoCdSyncWavesOptions {
  /**
   * Wave of issuers (`Issuer`, `ClusterIssuer`, `AWSPCAIssuer`, `AWSPCAClusterIssuer`).
   *
   * It must come after every install.
   * @default ArgoCdSyncWaves.ISSUERS
   */
  readonly issuerWave?: number;
  /**
   * Wave of `Certificate`s.
   *
   * It must come after the issuers.
   * @default ArgoCdSyncWaves.CERTIFICATES
   */
  readonly certificateWave?: number;
}

const ISSUER_KINDS = new Set(['cert-manager.io/Issuer', 'cert-manager.io/ClusterIssuer', 'awspca.cert-manager.io/AWSPCAIssuer', 'awspca.cert-manager.io/AWSPCAClusterIssuer']);
const CERTIFICATE_KINDS = new Set(['cert-manager.io/Certificate']);

/** The wave of the nearest chart install that contains `obj`, if any. */
function installWaveOf(obj: IConstruct): number | undefined {
  const install = [...obj.node.scopes].reverse().find((s): s is HelmChartInstall => s instanceof HelmChartInstall);
  return install?.syncWave;
}

function groupKind(obj: ApiObject): string {
  return `${obj.apiGroup}/${obj.kind}`;
}

/**
 * Orders a cert-manager setup for Argo CD with `argocd.argoproj.io/sync-wave` annotations.
 *
 * Installs come first (cert-manager, then add-ons such as aws-privateca-issuer), then issuers, then certificates.
 * Unannotated resources sync in wave 0, after all of them.
 *
 * Waves only order resources of one Application. When the installs are child Applications (app of apps),
 * Argo CD waits for a child to be healthy before the next wave only if argocd-cm has a health check for
 * `argoproj.io/Application` (Argo CD no longer ships one).
 */
export class ArgoCdSyncWaves {
  /** Wave of the cert-manager install (its CRDs, controller and webhook). */
  public static readonly CERT_MANAGER = -30;
  /** Wave of add-ons that need cert-manager, such as aws-privateca-issuer. */
  public static readonly ADDONS = -20;
  /** Default wave of issuers. */
  public static readonly ISSUERS = -10;
  /** Default wave of certificates. */
  public static readonly CERTIFICATES = -5;

  /**
   * Annotates the ApiObjects below `scope` with sync waves by apiVersion and kind.
   *
   * Issuers and certificates get their waves and `SkipDryRunOnMissingResource=true` (their CRDs do not exist
   * before the install's wave has synced), and objects rendered by a chart install (e.g. `ChartDelivery.helm()`) get the install's wave. A wave already set
   * on an object is kept. Call it after all resources are added. It returns how many objects it annotated.
   *
   * @param scope the chart or app whose ApiObjects are annotated
   * @param options the waves of issuers and certificates
   */
  public static apply(scope: IConstruct, options: ArgoCdSyncWavesOptions = {}): number {
    const issuerWave = options.issuerWave ?? ArgoCdSyncWaves.ISSUERS;
    const certificateWave = options.certificateWave ?? ArgoCdSyncWaves.CERTIFICATES;
    if (!Number.isInteger(issuerWave) || !Number.isInteger(certificateWave)) {
      invalid(scope, 'issuerWave/certificateWave', `(${issuerWave}/${certificateWave}) must be whole numbers`, 'use integers such as -10 and -5');
    }
    if (certificateWave <= issuerWave) {
      invalid(scope, 'certificateWave', `(${certificateWave}) must be greater than issuerWave (${issuerWave})`, 'give certificates a later wave than issuers');
    }
    const objects = scope.node.findAll().filter(ApiObject.isApiObject);
    const lastInstall = Math.max(ArgoCdSyncWaves.CERT_MANAGER, ...objects.map(o => installWaveOf(o) ?? -Infinity));
    if (issuerWave <= lastInstall) {
      invalid(scope, 'issuerWave', `(${issuerWave}) must be greater than the last install wave (${lastInstall})`, 'give issuers a later wave than the chart installs');
    }
    let annotated = 0;
    for (const obj of objects) {
      const kind = groupKind(obj);
      const wave = ISSUER_KINDS.has(kind) ? issuerWave : CERTIFICATE_KINDS.has(kind) ? certificateWave : installWaveOf(obj);
      if (wave === undefined) continue;
      setSyncWave(obj, wave);
      if (ISSUER_KINDS.has(kind) || CERTIFICATE_KINDS.has(kind)) addSyncOption(obj, 'SkipDryRunOnMissingResource=true');
      annotated++;
    }
    return annotated;
  }
}
