// What an install construct hands to its ChartDelivery when it renders (internal).
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HelmChartRelease } from '../helm-chart-release';

/** Where another chart's Flux `HelmRelease` lives, for `dependsOn`. */
export interface FluxReleaseRef {
  readonly name: string;
  readonly namespace: string;
}

export interface ChartContext {
  /** The install construct; delivery objects are created under it. */
  readonly scope: Construct;
  readonly release: HelmChartRelease;
  /** Names the chart in messages, e.g. `cert-manager v1.21.1`. */
  readonly label: string;
  /** Name of the Flux `HelmRepository` for the chart's repository, e.g. `jetstack`. */
  readonly repositoryName: string;
  /** Whether the chart keeps CRDs in `crds/`, which `helm template` leaves out unless told. */
  readonly crdsInCrdsDir: boolean;
  /** The Argo CD sync wave of the install. */
  readonly syncWave: number;
  /** The Namespace object of the install, when it creates one. */
  readonly namespace?: ApiObject;
  /** Flux `HelmRelease`s that must be ready first. */
  readonly fluxDependsOn: readonly FluxReleaseRef[];
}

