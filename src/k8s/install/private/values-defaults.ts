// Checks chart values against the keys and types of the chart's default values.yaml, for charts without a JSON schema (internal).
import { IConstruct } from 'constructs';
// A dev dependency vendored into lib/vendor at compile time (build-tools/vendor-deps.ts).
// eslint-disable-next-line import/no-extraneous-dependencies
import { parse } from 'yaml';
import { deepMerge, isPlainObject } from './plain-values';
import { describeValue, formatValuePath, kindOf, unknownKeyFix } from './value-path';
import { invalid } from '../../../private/errors';
import { readUpstream } from '../../../upstream';

const defaultsCache = new Map<string, any>();

/** The chart's default values, parsed from its values.yaml. */
export function defaultsOf(valuesPath: string): any {
  if (!defaultsCache.has(valuesPath)) defaultsCache.set(valuesPath, parse(readUpstream(valuesPath)));
  return defaultsCache.get(valuesPath);
}

/**
 * Throws one line for the first value whose key the chart's values.yaml does not have, or whose type differs
 * from the default's. Below a key whose default is empty (`{}`, `[]`, null) or that is listed in `freeForm`
 * (Kubernetes objects the chart passes through, such as `resources`), any key goes. `null` always passes:
 * Helm reads it as "remove the default". `documented` adds keys the chart documents only in comments.
 */
export function assertValuesMatchDefaults(scope: IConstruct, chartLabel: string, valuesPath: string, values: object,
  freeForm: readonly string[], documented: object = {}): void {
  const walk = (value: any, defaults: any, path: string[]): void => {
    for (const [key, child] of Object.entries(value)) {
      const at = [...path, key];
      if (!(key in defaults)) invalid(scope, formatValuePath(at), `is not a value of the ${chartLabel} chart`, unknownKeyFix(key, Object.keys(defaults)));
      const fallback = defaults[key];
      if (child === null || fallback === null) continue;
      if (kindOf(child) !== kindOf(fallback)) {
        invalid(scope, formatValuePath(at), `is ${describeValue(child)} but the ${chartLabel} chart expects ${kindOf(fallback)}`,
          `set ${formatValuePath(at)} to a ${kindOf(fallback)} like its default ${describeValue(fallback)}`);
      }
      if (isPlainObject(child) && Object.keys(fallback).length > 0 && !freeForm.includes(at.join('.'))) walk(child, fallback, at);
    }
  };
  walk(values, deepMerge(defaultsOf(valuesPath), documented), []);
}
