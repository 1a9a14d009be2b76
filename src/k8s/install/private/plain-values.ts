// Plain-object helpers for Helm values (internal).

type Values = { [key: string]: any };

export function isPlainObject(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops `undefined` entries and the objects left empty by that, so rendered values hold only what was set. */
export function compact(value: any): any {
  if (!isPlainObject(value)) return value;
  const out: Values = {};
  for (const [key, child] of Object.entries(value)) {
    const kept = compact(child);
    if (kept !== undefined && !(isPlainObject(kept) && Object.keys(kept).length === 0)) out[key] = kept;
  }
  return out;
}

/**
 * Merges `override` into `base` the way Helm merges values files: objects merge key by key, everything else
 * (arrays included) replaces. A `null` is kept, because Helm reads it as "remove the chart's default".
 */
export function deepMerge(base: Values, override: Values | undefined): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override ?? {})) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}

/** A copy without `null` entries: what Helm validates after it has applied the removals. */
export function withoutNulls(value: any): any {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}
