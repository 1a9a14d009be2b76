// The last step of every chart's `render`: names checked, values validated, the release as plain data (internal).
import { IConstruct } from 'constructs';
import { chartServiceAccountName, checkReleaseNames } from './helm-names';
import { assertValuesMatchSchema } from './values-schema';
import { HelmChartSpec } from '../helm-chart-install';
import { HelmChartRelease } from '../helm-chart-release';

export interface ChartReleaseInput {
  readonly namespace: string;
  readonly releaseName: string;
  /** Typed props rendered to the chart's keys, `extraValues` merged in. */
  readonly values: { [key: string]: any };
  /** Pinned upstream path of the chart's values.schema.json, checked as `helm install` would. @default - none */
  readonly valuesSchema?: string;
}

/** Checks the names (and the values against the chart's schema, when it has one) and returns the release. */
export function chartRelease(scope: IConstruct, spec: HelmChartSpec, input: ChartReleaseInput): HelmChartRelease {
  checkReleaseNames(scope, input.namespace, input.releaseName);
  if (input.valuesSchema) assertValuesMatchSchema(scope, `${spec.chart} ${spec.version}`, input.valuesSchema, input.values);
  return {
    chart: spec.chart,
    repository: spec.repository,
    version: spec.version,
    releaseName: input.releaseName,
    namespace: input.namespace,
    values: input.values,
    serviceAccountName: chartServiceAccountName(input.values, input.releaseName, spec.chart),
  };
}
