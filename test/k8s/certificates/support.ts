import { Chart, Testing } from 'cdk8s';
import { crdSchemas, formatViolations } from '../../../src/upstream';
import { errorLines, synthErrors } from '../../support/synth';

/** Synthesizes a chart and fails unless every custom resource matches its pinned CRD. */
export function synthValid(scope: Chart): any[] {
  const manifests = Testing.synth(scope);
  const violations = crdSchemas().validateAll(manifests);
  expect(formatViolations(violations)).toBe('');
  expect(violations).toEqual([]);
  return manifests;
}

export function certificates(manifests: any[]): any[] {
  return manifests.filter(m => m.kind === 'Certificate' && m.apiVersion === 'cert-manager.io/v1');
}

let lastChart: Chart | undefined;

export function chart(namespace = 'apps'): Chart {
  lastChart = new Chart(Testing.app(), 'Platform', { namespace, disableResourceNameHashes: true });
  return lastChart;
}

/**
 * Runs `build` and checks that it fails with exactly one line naming the construct path, the field and a fix:
 * thrown while building (`invalid`), or, when building succeeds, reported when the app of the last `chart()` is
 * synthesized (`report`, collected through validations).
 */
export function expectInvalid(build: () => unknown, path: string, field: string, fix: string | RegExp): string {
  let lines: string[] | undefined;
  try {
    build();
  } catch (e) {
    lines = errorLines(e);
  }
  lines ??= lastChart ? synthErrors(lastChart) : [];
  expect(lines).toHaveLength(1);
  const message = lines[0];
  expect(message).not.toContain('\n');
  const prefix = `${path}: ${field} `;
  expect(message.slice(0, prefix.length)).toBe(prefix);
  const fixText = message.split('. Fix: ')[1];
  expect(fixText).toBeDefined();
  expect(fixText).toMatch(fix);
  return message;
}
