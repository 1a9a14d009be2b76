// The last step of every chart's `render`: names checked, values validated, the release as plain data (internal).
import { IConstruct } from 'constructs';
import { chartServiceAccountName, checkReleaseNames } from './helm-names';
import { deepMerge, withoutNulls } from './plain-values';
import { assertRequestsWithinLimits } from './render-workload';
import { assertValuesMatchDefaults, defaultsOf } from './values-defaults';
import { assertValuesMatchSchema } from './values-schema';
import { HelmChartSpec } from '../helm-chart-install';
import { HelmChartRelease } from '../helm-chart-release';

export interface ChartReleaseInput {
  readonly namespace: string;
  readonly releaseName: string;
  /** Typed props rendered to the chart's keys, `extraValues` merged in. */
  readonly values: { [key: string]: any };
  /** Pinned upstream path of the chart's values.schema.json (draft-07 or 2020-12), checked as `helm install` would. @default - none */
  readonly valuesSchema?: string;
  /** Pinned upstream path of the chart's values.yaml: the defaults Helm merges the values over. @default - none (empty defaults) */
  readonly valuesYaml?: string;
  /**
   * Check every key and type against `valuesYaml` (for charts without a schema, or whose schema is loose): below
   * `freeForm` paths (Kubernetes objects the chart passes through) any key goes; `documented` adds keys the chart
   * documents only in comments. @default - not checked
   */
  readonly checkKeys?: { readonly freeForm: readonly string[]; readonly documented?: object };
  /** Value paths of container resources (e.g. `resources`, `webhook.resources`) whose requests must not exceed their limits. @default - none */
  readonly resources?: readonly string[];
}

function at(values: any, path: string): any {
  return path.split('.').reduce((v, key) => v?.[key], values);
}

/** Checks the names and the values (schema, keys, resources as the pods get them) and returns the release. */
export function chartRelease(scope: IConstruct, spec: HelmChartSpec, input: ChartReleaseInput): HelmChartRelease {
  const label = `${spec.chart} ${spec.version}`;
  const values = input.values;
  checkReleaseNames(scope, input.namespace, input.releaseName);
  if (input.valuesSchema) assertValuesMatchSchema(scope, label, input.valuesSchema, values);
  if (input.valuesYaml && input.checkKeys) {
    assertValuesMatchDefaults(scope, label, input.valuesYaml, values, input.checkKeys.freeForm, input.checkKeys.documented);
  }
  const defaults = input.valuesYaml ? defaultsOf(input.valuesYaml) : {};
  for (const path of input.resources ?? []) {
    // Helm merges the values over the chart's defaults (null removes one), so that is what the pod gets.
    const given = at(values, path);
    const fromChart = at(defaults, path);
    const effective = given === null ? {} : withoutNulls(deepMerge(fromChart ?? {}, given ?? {}));
    assertRequestsWithinLimits(scope, `values.${path}`, effective, fromChart);
  }
  return {
    chart: spec.chart,
    repository: spec.repository,
    version: spec.version,
    releaseName: input.releaseName,
    namespace: input.namespace,
    values,
    serviceAccountName: chartServiceAccountName(values, input.releaseName, spec.chart),
  };
}
