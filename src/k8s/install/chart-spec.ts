// What an install construct hands to the shared delivery code (internal).
import { HelmChartRelease } from './helm-chart-release';

export interface ChartSpec {
  readonly release: HelmChartRelease;
  /** Names the chart in messages, e.g. `cert-manager v1.21.1`. */
  readonly label: string;
  /** Name of the Flux `HelmRepository` for the chart's repository, e.g. `jetstack`. */
  readonly repositoryName: string;
  /** Argo CD sync wave unless the delivery options set one. */
  readonly defaultSyncWave: number;
  /** Whether the chart keeps CRDs in `crds/`, which `helm template` leaves out unless told. */
  readonly crdsInCrdsDir: boolean;
  /** Flux `HelmRelease`s that must be ready first. */
  readonly fluxDependsOn?: { readonly name: string; readonly namespace: string }[];
}
