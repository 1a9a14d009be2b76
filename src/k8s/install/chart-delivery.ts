// How a chart reaches the cluster: ChartDelivery, its options and the objects of each mode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, Helm } from 'cdk8s';
import { Construct } from 'constructs';
import { setSyncWave, SYNC_WAVE } from './private/argo-cd-annotations';
import { ChartContext, FluxReleaseRef } from './private/chart-context';
import { Application } from '../../imports/argoproj.io';
import {
  HelmRelease, HelmReleaseSpecChartSpecSourceRefKind, HelmReleaseSpecInstallCrds, HelmReleaseSpecUpgradeCrds,
} from '../../imports/helm.toolkit.fluxcd.io';
import { invalid, report } from '../../private/errors';
import { validateRendered } from '../private/rendered-validation';

/** Options for delivering a chart through an Argo CD `Application`. */
export interface ArgoCdDeliveryOptions {
  /**
   * Namespace of the `Application` object (where Argo CD watches for applications).
   * @default 'argocd'
   */
  readonly applicationNamespace?: string;
  /**
   * Name of the `Application`.
   * @default - the release name
   */
  readonly applicationName?: string;
  /**
   * Argo CD project.
   * @default 'default'
   */
  readonly project?: string;
  /**
   * API server URL of the destination cluster. Mutually exclusive with `destinationName`.
   * @default 'https://kubernetes.default.svc' (unless `destinationName` is set)
   */
  readonly destinationServer?: string;
  /**
   * Name of the destination cluster as registered in Argo CD.
   * @default - use `destinationServer`
   */
  readonly destinationName?: string;
  /**
   * `argocd.argoproj.io/sync-wave` of the `Application` (and the Namespace), so the install syncs before
   * issuers and certificates (see `ArgoCdSyncWaves`).
   * @default - the chart's wave: ArgoCdSyncWaves.CERT_MANAGER for cert-manager, ArgoCdSyncWaves.ADDONS for add-ons
   */
  readonly syncWave?: number;
  /**
   * Sync automatically when the desired state changes.
   * @default true
   */
  readonly automated?: boolean;
  /**
   * With automated sync: delete resources that are no longer rendered.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * With automated sync: revert changes made in the cluster.
   * @default true
   */
  readonly selfHeal?: boolean;
  /**
   * Sync option `CreateNamespace=true`.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Sync option `ServerSideApply=true` (the CRDs are too large for client-side apply's annotation).
   * @default true
   */
  readonly serverSideApply?: boolean;
  /**
   * Further sync options, e.g. `RespectIgnoreDifferences=true`.
   * @default - none
   */
  readonly extraSyncOptions?: string[];
  /**
   * How often a failed sync is retried, with backoff from 5s up to 3m.
   *
   * 0 turns retries off.
   * @default 5
   */
  readonly retryLimit?: number;
}

/** Options for delivering a chart through Flux. */
export interface FluxDeliveryOptions {
  /**
   * Namespace of the `HelmRepository` and `HelmRelease` objects.
   * @default 'flux-system'
   */
  readonly namespace?: string;
  /**
   * How often the `HelmRelease` is reconciled.
   * @default '30m'
   */
  readonly interval?: string;
  /**
   * How often the `HelmRepository` index is fetched.
   * @default '12h'
   */
  readonly repositoryInterval?: string;
  /**
   * Retries of a failed install or upgrade before Flux gives up (upgrades roll back).
   * @default 3
   */
  readonly remediationRetries?: number;
}

/** Options for rendering a chart with `helm template` at synth time. */
export interface HelmDeliveryOptions {
  /**
   * The helm executable, a name looked up on PATH or a path.
   * @default 'helm'
   */
  readonly helmExecutable?: string;
  /**
   * Further flags for `helm template`, e.g. `--kube-version 1.33`.
   * @default - none
   */
  readonly helmFlags?: string[];
}

/**
 * Chooses how a chart reaches the cluster.
 *
 * Every mode installs the same rendered, validated values. Pass one to `CertManager`, `AwsPrivateCaIssuerAddon` or any other `HelmChartInstall` as `delivery`.
 */
export abstract class ChartDelivery {
  /**
   * Through an Argo CD `Application` (argoproj.io/v1alpha1).
   *
   * @param options the Application's project, namespace, destination and sync policy
   */
  public static argoCd(options: ArgoCdDeliveryOptions = {}): ChartDelivery {
    return new ArgoCdDelivery(options);
  }

  /**
   * Through a Flux `HelmRepository` (source.toolkit.fluxcd.io/v1) and `HelmRelease` (helm.toolkit.fluxcd.io/v2).
   *
   * @param options the objects' namespace, the reconcile intervals and the remediation retries
   */
  public static flux(options: FluxDeliveryOptions = {}): ChartDelivery {
    return new FluxDelivery(options);
  }

  /**
   * Rendered into the cdk8s output with `helm template`.
   *
   * The `helm` CLI must be on PATH at synth (or given as `helmExecutable`).
   *
   * @param options the helm executable and further `helm template` flags
   */
  public static helm(options: HelmDeliveryOptions = {}): ChartDelivery {
    return new HelmTemplateDelivery(options);
  }

  /**
   * Renders and validates the values only.
   *
   * Deliver them with your own pipeline (read the install's `values`).
   */
  public static valuesOnly(): ChartDelivery {
    return new ValuesOnlyDelivery();
  }

  /** Whether an install creates its Namespace object unless told otherwise. @internal */
  public _createsNamespace(): boolean {
    return true;
  }

  /** The Argo CD sync wave of an install whose chart defaults to `chartWave`. @internal */
  public _syncWave(chartWave: number): number {
    return chartWave;
  }

  /** Where the release's Flux `HelmRelease` lives, when delivered through Flux. @internal */
  public _fluxReleaseRef(_releaseName: string): FluxReleaseRef | undefined {
    return undefined;
  }

  /** Creates this mode's objects under `chart.scope` and returns them. @internal */
  public abstract _render(chart: ChartContext): ApiObject[];
}

const IN_CLUSTER = 'https://kubernetes.default.svc';
const FLUX_NAMESPACE = 'flux-system';

class ArgoCdDelivery extends ChartDelivery {
  constructor(private readonly options: ArgoCdDeliveryOptions) {
    super();
  }

  public _syncWave(chartWave: number): number {
    return this.options.syncWave ?? chartWave;
  }

  public _render(chart: ChartContext): ApiObject[] {
    const { scope, release } = chart;
    const options = this.options;
    if (options.destinationServer !== undefined && options.destinationName !== undefined) {
      report(scope, 'delivery.destinationName', 'is set together with destinationServer', 'set only one of them');
    }
    const automated = options.automated ?? true;
    const application = new Application(scope, 'Application', {
      metadata: {
        name: options.applicationName ?? release.releaseName,
        namespace: options.applicationNamespace ?? 'argocd',
        annotations: { [SYNC_WAVE]: String(chart.syncWave) },
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
          syncOptions: this.syncOptions(),
          retry: this.retry(scope),
        },
      },
    });
    validateRendered(application);
    if (chart.namespace) setSyncWave(chart.namespace, chart.syncWave);
    return [application];
  }

  private syncOptions(): string[] {
    const options = this.options;
    return [
      ...(options.createNamespace ?? true ? ['CreateNamespace=true'] : []),
      ...(options.serverSideApply ?? true ? ['ServerSideApply=true'] : []),
      ...(options.extraSyncOptions ?? []),
    ];
  }

  private retry(scope: Construct) {
    const limit = this.options.retryLimit ?? 5;
    if (!Number.isInteger(limit) || limit < 0) {
      report(scope, 'delivery.retryLimit', `is ${limit} but must be a whole number`, 'set 0 (no retries) or more');
      return undefined;
    }
    return limit === 0 ? undefined : { limit, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } };
  }
}

class FluxDelivery extends ChartDelivery {
  constructor(private readonly options: FluxDeliveryOptions) {
    super();
  }

  public _fluxReleaseRef(releaseName: string): FluxReleaseRef {
    return { name: releaseName, namespace: this.options.namespace ?? FLUX_NAMESPACE };
  }

  public _render(chart: ChartContext): ApiObject[] {
    const { scope, release } = chart;
    const retries = this.options.remediationRetries ?? 3;
    if (!Number.isInteger(retries) || retries < 0) report(scope, 'delivery.remediationRetries', `is ${retries} but must be a whole number`, 'set 0 or more');
    const ref = this._fluxReleaseRef(release.releaseName);
    // No CRD of source.toolkit.fluxcd.io is pinned, so the repository is a plain ApiObject.
    const repository = new ApiObject(scope, 'HelmRepository', {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: chart.repositoryName, namespace: ref.namespace },
      spec: { interval: this.options.repositoryInterval ?? '12h', url: release.repository },
    });
    const helmRelease = new HelmRelease(scope, 'HelmRelease', {
      metadata: { name: ref.name, namespace: ref.namespace },
      spec: {
        interval: this.options.interval ?? '30m',
        releaseName: release.releaseName,
        targetNamespace: release.namespace,
        // Keep Helm's release record next to the workload, where `helm ls -n <namespace>` finds it.
        storageNamespace: release.namespace,
        chart: {
          spec: {
            chart: release.chart,
            version: release.version,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: chart.repositoryName, namespace: ref.namespace },
          },
        },
        dependsOn: chart.fluxDependsOn.length ? chart.fluxDependsOn.map(d => ({ name: d.name, namespace: d.namespace })) : undefined,
        install: { crds: HelmReleaseSpecInstallCrds.CREATE_REPLACE, createNamespace: true, remediation: { retries } },
        upgrade: { crds: HelmReleaseSpecUpgradeCrds.CREATE_REPLACE, remediation: { retries, remediateLastFailure: true } },
        values: release.values,
      },
    });
    validateRendered(helmRelease);
    return [repository, helmRelease];
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The path of `executable` (a name looked up on PATH, or a path), or undefined when it cannot be run. */
function resolveExecutable(executable: string): string | undefined {
  if (executable.includes('/') || executable.includes(path.sep)) return isExecutable(executable) ? executable : undefined;
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  const candidates = (process.env.PATH ?? '').split(path.delimiter).filter(d => d)
    .flatMap(dir => extensions.map(ext => path.join(dir, executable + ext)));
  return candidates.find(isExecutable);
}

class HelmTemplateDelivery extends ChartDelivery {
  constructor(private readonly options: HelmDeliveryOptions) {
    super();
  }

  public _render(chart: ChartContext): ApiObject[] {
    const executable = this.options.helmExecutable ?? 'helm';
    const resolved = resolveExecutable(executable);
    if (resolved === undefined) {
      // Checked here because cdk8s would otherwise fail with a message that names neither the chart nor the alternatives.
      invalid(chart.scope, 'delivery', `ChartDelivery.helm() needs the '${executable}' CLI to render ${chart.label}, and it is not on PATH`,
        'install helm (https://helm.sh/docs/intro/install/) or choose ChartDelivery.argoCd(), ChartDelivery.flux() or ChartDelivery.valuesOnly()');
    }
    const { release } = chart;
    return new Helm(chart.scope, 'Helm', {
      chart: release.chart,
      repo: release.repository,
      version: release.version,
      namespace: release.namespace,
      releaseName: release.releaseName,
      values: release.values,
      // The path found above, so what runs is what was checked.
      helmExecutable: resolved,
      helmFlags: [...(chart.crdsInCrdsDir ? ['--include-crds'] : []), ...(this.options.helmFlags ?? [])],
    }).apiObjects;
  }
}

class ValuesOnlyDelivery extends ChartDelivery {
  // Values-only users run their own pipeline, so by default they get no objects at all.
  public _createsNamespace(): boolean {
    return false;
  }

  public _render(): ApiObject[] {
    return [];
  }
}
