// The base of every chart install construct: one chart, its validated values, delivered through a ChartDelivery.
import { ApiObject } from 'cdk8s';
import { Namespace } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ChartDelivery } from './chart-delivery';
import { HelmChartRelease } from './helm-chart-release';
import { FluxReleaseRef } from './private/chart-context';
import { report } from '../../private/errors';

/** A Helm chart pinned by cdk-certkit, and how its installs are ordered. */
export interface HelmChartSpec {
  /** Chart name in its repository, e.g. `cert-manager`. */
  readonly chart: string;
  /** Chart repository URL, e.g. `https://charts.jetstack.io`. */
  readonly repository: string;
  /** Pinned chart version, e.g. `v1.21.1`. */
  readonly version: string;
  /** Name of the Flux `HelmRepository` object for `repository`, e.g. `jetstack` (charts of one repository share it). */
  readonly repositoryName: string;
  /** Argo CD sync wave of the install unless `ChartDelivery.argoCd({ syncWave })` sets one, e.g. `ArgoCdSyncWaves.ADDONS`. */
  readonly syncWave: number;
  /**
   * Whether the chart keeps its CRDs in `crds/` (so `helm template` needs `--include-crds`).
   * @default false
   */
  readonly crdsInCrdsDir?: boolean;
}

/** Props every chart install construct takes. */
export interface HelmChartInstallOptions {
  /** How the chart reaches the cluster: `ChartDelivery.argoCd()`, `.flux()`, `.helm()` or `.valuesOnly()`. */
  readonly delivery: ChartDelivery;
  /**
   * Create the Namespace object.
   * @default - true, except with `ChartDelivery.valuesOnly()`
   */
  readonly createNamespace?: boolean;
}

/**
 * One installed Helm chart: the release (pinned chart and validated values) and the objects of its delivery mode.
 * Subclasses (`CertManager`, `AwsPrivateCaIssuerAddon`, ...) render their typed props to a `HelmChartRelease`
 * with themselves as scope, then call `install` once from their constructor.
 */
export abstract class HelmChartInstall extends Construct {
  private installed?: {
    readonly release: HelmChartRelease;
    readonly delivery: ChartDelivery;
    readonly syncWave: number;
    readonly apiObjects: ApiObject[];
  };

  /**
   * @param scope the scope in which to define this construct
   * @param id the scoped construct ID
   */
  protected constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The release: chart, repository, version, namespace and the rendered values. */
  public get release(): HelmChartRelease {
    return this.done().release;
  }

  /** The rendered chart values (the same as `release.values`). */
  public get values(): { [key: string]: any } {
    return this.done().release.values;
  }

  /** Namespace the chart is installed into. */
  public get namespace(): string {
    return this.done().release.namespace;
  }

  /** Helm release name. */
  public get releaseName(): string {
    return this.done().release.releaseName;
  }

  /** Service account of the chart's main workload. */
  public get serviceAccountName(): string {
    return this.done().release.serviceAccountName;
  }

  /** How the chart is delivered. */
  public get delivery(): ChartDelivery {
    return this.done().delivery;
  }

  /** Argo CD sync wave of the install (also with other delivery modes, for `ArgoCdSyncWaves.apply`). */
  public get syncWave(): number {
    return this.done().syncWave;
  }

  /** The objects this construct added to the chart (Namespace, Application, HelmRelease, rendered manifests...). */
  public get apiObjects(): ApiObject[] {
    return this.done().apiObjects;
  }

  /**
   * Delivers `release` with `options.delivery`: the Namespace (unless told not to) and the delivery mode's objects.
   *
   * `dependsOn` are installs that must be ready first. With Flux on both, the HelmRelease depends on theirs. With
   * Argo CD, this install's sync wave must come after theirs.
   *
   * @param spec the pinned chart and the default sync wave of its installs
   * @param release the chart and its checked values, as the subclass's `render` made them
   * @param options how the chart is delivered, and whether the Namespace object is created
   * @param dependsOn installs that must be ready before this one
   */
  protected install(spec: HelmChartSpec, release: HelmChartRelease, options: HelmChartInstallOptions, dependsOn: HelmChartInstall[] = []): void {
    const delivery = options.delivery;
    let syncWave = delivery._syncWave(spec.syncWave);
    if (!Number.isInteger(syncWave)) {
      report(this, 'delivery.syncWave', `is ${syncWave} but must be a whole number`, 'use an integer such as ArgoCdSyncWaves.CERT_MANAGER');
      syncWave = spec.syncWave;
    }
    for (const other of dependsOn) {
      if (other.syncWave >= syncWave) {
        report(this, 'delivery.syncWave', `(${syncWave}) must be greater than the wave of ${other.node.path} (${other.syncWave}), which it needs`,
          `give ${this.node.id} a later wave, e.g. ${other.syncWave + 1}`);
      }
    }
    const namespace = options.createNamespace ?? delivery._createsNamespace()
      ? ApiObject.of(new Namespace(this, 'Namespace', { metadata: { name: release.namespace } }))
      : undefined;
    const fluxDependsOn = delivery._fluxReleaseRef(release.releaseName) === undefined ? [] : dependsOn
      .map(other => other.delivery._fluxReleaseRef(other.releaseName))
      .filter((ref): ref is FluxReleaseRef => ref !== undefined);
    const rendered = delivery._render({
      scope: this,
      release,
      label: `${spec.chart} ${spec.version}`,
      repositoryName: spec.repositoryName,
      crdsInCrdsDir: spec.crdsInCrdsDir ?? false,
      syncWave,
      namespace,
      fluxDependsOn,
    });
    this.installed = { release, delivery, syncWave, apiObjects: [...(namespace ? [namespace] : []), ...rendered] };
  }

  private done(): NonNullable<HelmChartInstall['installed']> {
    if (!this.installed) throw new Error(`${this.node.path}: ${this.constructor.name} did not call install() in its constructor`);
    return this.installed;
  }
}
