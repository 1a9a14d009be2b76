// cert-manager csi-driver: its typed chart values, the release as plain data, and the install construct.
import { Construct, IConstruct } from 'constructs';
import { ArgoCdSyncWaves } from './argo-cd-sync-waves';
import { CertManager } from './cert-manager';
import { HelmChartInstall, HelmChartInstallOptions, HelmChartSpec } from './helm-chart-install';
import { HelmChartRelease } from './helm-chart-release';
import { chartRelease } from './private/chart-release';
import { compact, deepMerge } from './private/plain-values';
import { renderResources, renderTolerations, stringMap } from './private/render-workload';
import { WorkloadResources, WorkloadToleration } from './workload-options';
import { isDns1123Subdomain } from '../../common/names';
import { invalid } from '../../private/errors';
import { CSI_DRIVER_VERSION } from '../../upstream';

/** The CSI driver name pods reference, unless the install renames it. */
const DEFAULT_DRIVER_NAME = 'csi.cert-manager.io';

/** Values of the cert-manager-csi-driver chart that operators set, typed. Anything else goes through `extraValues`. */
export interface CsiDriverValuesProps {
  /**
   * Name of the CSI driver (the `CSIDriver` object), which pods' CSI volumes reference.
   * @default 'csi.cert-manager.io'
   */
  readonly driverName?: string;
  /**
   * CPU and memory of the driver container (one pod per node).
   * @default - none (the chart's default)
   */
  readonly resources?: WorkloadResources;
  /**
   * Node labels the driver's pods must match (pods mounting certificates can only run there).
   * @default - the chart's `kubernetes.io/os: linux`
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the driver's pods.
   *
   * Give those of every node that runs workloads with CSI certificates: a pod can mount one only where the driver
   * runs.
   * @default - no tolerations (the chart's default)
   */
  readonly tolerations?: WorkloadToleration[];
  /**
   * Kubelet's root directory, for distributions that move it (k0s, MicroK8s...).
   * @default '/var/lib/kubelet'
   */
  readonly kubeletRootDir?: string;
  /**
   * Creates a Prometheus Operator PodMonitor (needs its CRD in the cluster).
   * @default false
   */
  readonly podMonitor?: boolean;
  /**
   * Further chart values, deep-merged over the rendered ones.
   *
   * Objects merge, arrays and scalars replace, and `null` removes a chart default. The result is checked against the
   * chart's values.schema.json.
   * @default - only the typed values
   */
  readonly extraValues?: { [key: string]: any };
}

/** Where csi-driver is released, besides its values. */
export interface CsiDriverReleaseOptions extends CsiDriverValuesProps {
  /**
   * Namespace to install into.
   * @default 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * Helm release name.
   * @default 'cert-manager-csi-driver'
   */
  readonly releaseName?: string;
}

const CHART = 'cert-manager-csi-driver';
const VALUES_SCHEMA = `csi-driver-${CSI_DRIVER_VERSION}/values.schema.json`;
const VALUES_YAML = `csi-driver-${CSI_DRIVER_VERSION}/values.yaml`;

function renderValues(scope: IConstruct, props: CsiDriverValuesProps): { [key: string]: any } {
  if (props.driverName !== undefined && !isDns1123Subdomain(props.driverName)) {
    invalid(scope, 'driverName', `'${props.driverName}' is not a valid CSI driver name`, "use a DNS name such as 'csi.cert-manager.io'");
  }
  if (props.kubeletRootDir !== undefined && !props.kubeletRootDir.startsWith('/')) {
    invalid(scope, 'kubeletRootDir', `'${props.kubeletRootDir}' is not an absolute path`, "give the kubelet's --root-dir, e.g. '/var/lib/k0s/kubelet'");
  }
  const typed = compact({
    app: { driver: { name: props.driverName }, kubeletRootDir: props.kubeletRootDir },
    resources: renderResources(props.resources),
    nodeSelector: stringMap(scope, 'nodeSelector', props.nodeSelector),
    tolerations: renderTolerations(scope, 'tolerations', props.tolerations),
    metrics: { podmonitor: { enabled: props.podMonitor } },
  });
  return deepMerge(typed, props.extraValues);
}

/**
 * The cert-manager csi-driver Helm release as plain data: the pinned chart and checked values.
 *
 * `CsiDriver` delivers it with cdk8s. Without cdk8s (e.g. `eks.HelmChart`), call `CsiDriverRelease.render`.
 */
export class CsiDriverRelease {
  /** Chart name. */
  public static readonly CHART = CHART;
  /** Chart repository. */
  public static readonly REPOSITORY = 'https://charts.jetstack.io';
  /** The pinned chart version. */
  public static readonly VERSION = CSI_DRIVER_VERSION;
  /** The pinned chart (no CRDs: the driver reads `csi.cert-manager.io/*` volume attributes) and its default sync wave. */
  public static readonly SPEC: HelmChartSpec = {
    chart: CHART,
    repository: CsiDriverRelease.REPOSITORY,
    version: CSI_DRIVER_VERSION,
    repositoryName: 'jetstack',
    syncWave: ArgoCdSyncWaves.ADDONS,
    crdsInCrdsDir: false,
  };

  /**
   * Renders the typed props to the chart's values and checks them.
   *
   * `extraValues` is merged over the typed values, and the result is checked against the chart's
   * values.schema.json. A rejection throws one line naming `scope`, the value path and the fix.
   * @param scope the construct errors are reported on
   * @param options typed values and release settings
   */
  public static render(scope: IConstruct, options: CsiDriverReleaseOptions = {}): HelmChartRelease {
    return chartRelease(scope, CsiDriverRelease.SPEC, {
      namespace: options.namespace ?? 'cert-manager',
      releaseName: options.releaseName ?? 'cert-manager-csi-driver',
      values: renderValues(scope, options),
      valuesSchema: VALUES_SCHEMA,
      valuesYaml: VALUES_YAML,
      resources: ['resources'],
    });
  }

  private constructor() {}
}

/** Props of `CsiDriver`. */
export interface CsiDriverProps extends CsiDriverReleaseOptions, HelmChartInstallOptions {
  /**
   * The cert-manager install the driver requests certificates from, which this install is ordered after.
   *
   * With Flux on both, the HelmRelease depends on cert-manager's. With Argo CD, this install's wave must come after
   * cert-manager's. When both share a namespace, it is created once, by cert-manager.
   * @default - not ordered against cert-manager
   */
  readonly certManager?: CertManager;
}

/**
 * Installs cert-manager csi-driver, a node DaemonSet that mounts certificates straight into pods.
 *
 * The key never leaves the node. The chart is pinned (v0.16.0). `CsiCertificate.addTo` gives a cdk8s-plus workload
 * such a volume.
 */
export class CsiDriver extends HelmChartInstall {
  /** The CSI driver name pods reference. */
  public readonly driverName: string;

  /**
   * @param scope the construct this one is added to
   * @param id the construct id
   * @param props values, release settings and delivery
   */
  constructor(scope: Construct, id: string, props: CsiDriverProps) {
    super(scope, id);
    const certManager = props.certManager;
    const release = CsiDriverRelease.render(this, props);
    this.driverName = release.values.app?.driver?.name ?? DEFAULT_DRIVER_NAME;
    const sharesNamespace = certManager !== undefined && certManager.namespace === release.namespace && certManager.apiObjects.some(o => o.kind === 'Namespace');
    this.install(CsiDriverRelease.SPEC, release, { ...props, createNamespace: props.createNamespace ?? (sharesNamespace ? false : undefined) },
      certManager ? [certManager] : []);
  }
}
