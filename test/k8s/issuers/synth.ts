import { Chart, Testing } from 'cdk8s';
import { crdSchemas } from '../../../src/upstream';

/** A chart for one test, optionally with a default namespace. */
export function chart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** Synthesizes `c`, insists every custom resource matches its pinned CRD, and returns the manifests. */
export function synthValid(c: Chart): any[] {
  const manifests = Testing.synth(c);
  expect(manifests.length).toBeGreaterThan(0);
  expect(crdSchemas().validateAll(manifests)).toEqual([]);
  return manifests;
}

/** The single manifest of `kind`. */
export function only(manifests: any[], kind: string): any {
  const found = manifests.filter(m => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}
