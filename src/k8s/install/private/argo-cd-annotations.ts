// Argo CD sync annotations (internal).
import { ApiObject } from 'cdk8s';

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

export function annotationOf(obj: ApiObject, key: string): string | undefined {
  return obj.metadata.toJson().annotations?.[key];
}

/** Sets the sync wave unless one is set already: an explicit wave on an object wins. */
export function setSyncWave(obj: ApiObject, wave: number): void {
  if (annotationOf(obj, SYNC_WAVE) === undefined) obj.metadata.addAnnotation(SYNC_WAVE, String(wave));
}

/** Adds one option to the comma-separated `sync-options` annotation, once. */
export function addSyncOption(obj: ApiObject, option: string): void {
  const current = (annotationOf(obj, SYNC_OPTIONS) ?? '').split(',').map(o => o.trim()).filter(o => o);
  if (!current.includes(option)) obj.metadata.addAnnotation(SYNC_OPTIONS, [...current, option].join(','));
}
