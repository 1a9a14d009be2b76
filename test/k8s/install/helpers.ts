// Test helpers for chart installs; reusable by other cluster-side tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { Chart, Testing } from 'cdk8s';
import { crdSchemas, formatViolations, readUpstream } from '../../../src/upstream';

/** Synthesizes `chart` and fails when any custom resource violates its pinned CRD schema. */
export function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  const violations = crdSchemas().validateAll(manifests);
  if (violations.length > 0) throw new Error(`CRD violations:\n${formatViolations(violations)}`);
  return manifests;
}

/** The manifests of one kind (and name, when given). */
export function ofKind(manifests: readonly any[], kind: string, name?: string): any[] {
  return manifests.filter(m => m.kind === kind && (name === undefined || m.metadata?.name === name));
}

let schemaValidator: ReturnType<Ajv['compile']> | undefined;

/** Errors of cert-manager chart values against the chart's values.schema.json, checked independently of the library. */
export function certManagerSchemaErrors(values: object): string[] {
  schemaValidator ??= new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readUpstream('cert-manager-v1.21.1/values.schema.json')));
  return schemaValidator(values) ? [] : (schemaValidator.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

/** Runs `fn` with PATH set to `dirs` only, restoring it afterwards. */
export function withPath<T>(dirs: string[], fn: () => T): T {
  const saved = process.env.PATH;
  process.env.PATH = dirs.join(path.delimiter);
  try {
    return fn();
  } finally {
    process.env.PATH = saved;
  }
}

/** A fake `helm` in a temp dir: records its arguments and the values file it was given, prints `manifest`. */
export interface HelmStub {
  /** The directory to put on PATH. */
  readonly dir: string;
  /** Arguments of the last call. */
  args(): string[];
  /** Text of the `-f` values file of the last call. */
  valuesFile(): string;
}

export function stubHelm(manifest: string): HelmStub {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-stub-'));
  fs.writeFileSync(path.join(dir, 'manifest.yaml'), manifest);
  // Shell builtins only, so the stub also runs with a PATH that holds nothing but its own directory.
  const script = [
    '#!/bin/sh',
    'copy() { while IFS= read -r l || [ -n "$l" ]; do printf \'%s\\n\' "$l"; done < "$1"; }',
    `printf '%s\\n' "$@" > '${dir}/args'`,
    'prev=""',
    `for a in "$@"; do if [ "$prev" = "-f" ]; then copy "$a" > '${dir}/values.yaml'; fi; prev="$a"; done`,
    `copy '${dir}/manifest.yaml'`,
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'helm'), script, { mode: 0o755 });
  return {
    dir,
    args: () => fs.readFileSync(path.join(dir, 'args'), 'utf8').trim().split('\n'),
    valuesFile: () => fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8'),
  };
}

/** A chart inside a fresh test app. */
export function newChart(id = 'test'): Chart {
  return new Chart(Testing.app(), id);
}
