/** How a chart reaches the cluster. */
export enum ChartDeliveryMode {
  /** An Argo CD `Application` that installs the chart from its repository. */
  ARGO_CD = 'ArgoCD',
  /** A Flux `HelmRepository` and `HelmRelease`. */
  FLUX = 'Flux',
  /** The chart rendered into the cdk8s output by `helm template` (needs the `helm` CLI at synth). */
  HELM = 'Helm',
  /** Nothing but the values, for a pipeline of your own (read them from the construct's `values`). */
  VALUES_ONLY = 'ValuesOnly',
}

/** Options for delivering a chart through an Argo CD `Application`. */
export interface ArgoCdDeliveryOptions {
  /** Namespace of the `Application` object (where Argo CD watches for applications). @default 'argocd' */
  readonly applicationNamespace?: string;
  /** Name of the `Application`. @default - the release name */
  readonly applicationName?: string;
  /** Argo CD project. @default 'default' */
  readonly project?: string;
  /** API server URL of the destination cluster. Mutually exclusive with `destinationName`. @default 'https://kubernetes.default.svc' (unless `destinationName` is set) */
  readonly destinationServer?: string;
  /** Name of the destination cluster as registered in Argo CD. @default - use `destinationServer` */
  readonly destinationName?: string;
  /**
   * `argocd.argoproj.io/sync-wave` of the `Application` (and the Namespace), so the install syncs before
   * issuers and certificates (see `ArgoCdSyncWaves`).
   * @default - ArgoCdSyncWaves.CERT_MANAGER for cert-manager, ArgoCdSyncWaves.ADDONS for add-ons
   */
  readonly syncWave?: number;
  /** Sync automatically when the desired state changes. @default true */
  readonly automated?: boolean;
  /** With automated sync: delete resources that are no longer rendered. @default true */
  readonly prune?: boolean;
  /** With automated sync: revert changes made in the cluster. @default true */
  readonly selfHeal?: boolean;
  /** Sync option `CreateNamespace=true`. @default true */
  readonly createNamespace?: boolean;
  /** Sync option `ServerSideApply=true` (the CRDs are too large for client-side apply's annotation). @default true */
  readonly serverSideApply?: boolean;
  /** Further sync options, e.g. `RespectIgnoreDifferences=true`. @default - none */
  readonly extraSyncOptions?: string[];
  /** How often a failed sync is retried (with backoff from 5s up to 3m); 0 turns retries off. @default 5 */
  readonly retryLimit?: number;
}

/** Options for delivering a chart through Flux. */
export interface FluxDeliveryOptions {
  /** Namespace of the `HelmRepository` and `HelmRelease` objects. @default 'flux-system' */
  readonly namespace?: string;
  /** How often the `HelmRelease` is reconciled. @default '30m' */
  readonly interval?: string;
  /** How often the `HelmRepository` index is fetched. @default '12h' */
  readonly repositoryInterval?: string;
  /** Retries of a failed install or upgrade before Flux gives up (upgrades roll back). @default 3 */
  readonly remediationRetries?: number;
}

/** Options for rendering a chart with `helm template` at synth time. */
export interface HelmDeliveryOptions {
  /** The helm executable, a name looked up on PATH or a path. @default 'helm' */
  readonly helmExecutable?: string;
  /** Further flags for `helm template`, e.g. `--kube-version 1.33`. @default - none */
  readonly helmFlags?: string[];
}

/** Chooses how a chart reaches the cluster; every mode installs the same rendered values. */
export class ChartDelivery {
  /** Through an Argo CD `Application` (argoproj.io/v1alpha1). */
  public static argoCd(options: ArgoCdDeliveryOptions = {}): ChartDelivery {
    return new ChartDelivery(ChartDeliveryMode.ARGO_CD, { argoCd: options });
  }

  /** Through a Flux `HelmRepository` (source.toolkit.fluxcd.io/v1) and `HelmRelease` (helm.toolkit.fluxcd.io/v2). */
  public static flux(options: FluxDeliveryOptions = {}): ChartDelivery {
    return new ChartDelivery(ChartDeliveryMode.FLUX, { flux: options });
  }

  /** Rendered into the cdk8s output with `helm template`; the `helm` CLI must be on PATH at synth. */
  public static helm(options: HelmDeliveryOptions = {}): ChartDelivery {
    return new ChartDelivery(ChartDeliveryMode.HELM, { helm: options });
  }

  /** Renders and validates the values only; deliver them with your own pipeline. */
  public static valuesOnly(): ChartDelivery {
    return new ChartDelivery(ChartDeliveryMode.VALUES_ONLY, {});
  }

  /** The delivery mode. */
  public readonly mode: ChartDeliveryMode;
  /** Options of `ARGO_CD` delivery; undefined for other modes. */
  public readonly argoCdOptions?: ArgoCdDeliveryOptions;
  /** Options of `FLUX` delivery; undefined for other modes. */
  public readonly fluxOptions?: FluxDeliveryOptions;
  /** Options of `HELM` delivery; undefined for other modes. */
  public readonly helmOptions?: HelmDeliveryOptions;

  private constructor(mode: ChartDeliveryMode, options: { argoCd?: ArgoCdDeliveryOptions; flux?: FluxDeliveryOptions; helm?: HelmDeliveryOptions }) {
    this.mode = mode;
    this.argoCdOptions = options.argoCd;
    this.fluxOptions = options.flux;
    this.helmOptions = options.helm;
  }
}
