import { Chart, Testing } from 'cdk8s';
import { crdSchemas, formatViolations } from '../../../src/upstream';

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

export function chart(namespace = 'apps'): Chart {
  return new Chart(Testing.app(), 'Platform', { namespace, disableResourceNameHashes: true });
}

/**
 * Runs `build` and checks that it fails with exactly one `invalid(...)` line naming the construct path,
 * the field and a fix.
 */
export function expectInvalid(build: () => unknown, path: string, field: string, fix: string | RegExp): string {
  let message: string | undefined;
  try {
    build();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toBeDefined();
  expect(message).not.toContain('\n');
  const prefix = `${path}: ${field} `;
  expect(message!.slice(0, prefix.length)).toBe(prefix);
  const fixText = message!.split('. Fix: ')[1];
  expect(fixText).toBeDefined();
  expect(fixText).toMatch(fix);
  return message!;
}
