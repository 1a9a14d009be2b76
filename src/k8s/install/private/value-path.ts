// How value paths and key suggestions read in error messages (internal).

/** `['serviceAccount', 'annotations', 'eks.amazonaws.com/role-arn']` -> `values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]`. */
export function formatValuePath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((path, s) => {
    if (typeof s === 'number' || /^[0-9]+$/.test(s)) return `${path}[${s}]`;
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) ? `${path}.${s}` : `${path}[${JSON.stringify(s)}]`;
  }, 'values');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** How far `key` is from a known key; small for typos, case slips and truncations such as `replicas`/`replicaCount`. */
function distance(key: string, known: string): number {
  const [a, b] = [key.toLowerCase(), known.toLowerCase()];
  const prefix = commonPrefix(a, b);
  if (prefix >= 4 && prefix >= Math.min(a.length, b.length) - 1) return 1;
  return editDistance(a, b);
}

/** The fix for an unknown key: the closest known key when one is near, else the known keys (when few). */
export function unknownKeyFix(key: string, known: readonly string[]): string {
  const near = known.map(k => ({ k, d: distance(key, k) }))
    .filter(c => c.d <= Math.max(2, Math.floor(key.length / 3)))
    .sort((x, y) => x.d - y.d);
  if (near.length > 0) return `use '${near[0].k}' instead (the chart has no key '${key}')`;
  if (known.length <= 15) return `remove it; keys allowed here: ${[...known].sort().join(', ')}`;
  return 'remove it, or use a key from the chart\'s values.yaml';
}

/** The JSON type of a value: `array`, `null`, `object`, `string`, `number` or `boolean`. */
export function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** A value as it reads in a message: short JSON and its type, e.g. `"two" (string)`. */
export function describeValue(value: unknown): string {
  const shown = JSON.stringify(value) ?? String(value);
  return `${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown} (${kindOf(value)})`;
}
