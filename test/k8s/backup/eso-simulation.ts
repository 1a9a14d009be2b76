// What External Secrets Operator v2.9.0 does with the objects CertificateBackup renders, for the round-trip tests:
// a Go text/template subset (the functions the templates use: index, dict, set, toJson), the PushSecret path
// (pkg/controllers/pushsecret: template over the source Secret, then the matched key pushed as one value) and the
// ExternalSecret path (pkg/controllers/externalsecret: dataFrom.find by name, rewrite merge, deletionPolicy Retain,
// creationPolicy Orphan clearing the data, template mergePolicy Merge, metadata templates).

type Value = string | Record<string, unknown> | undefined;

interface Scope {
  dot: Value;
  vars: Map<string, Value>;
}

const FUNCS: Record<string, (...args: Value[]) => Value> = {
  // Go's index yields the zero value for a missing map key (missingkey=error does not apply to index).
  index: (m, k) => ((m as Record<string, unknown>)?.[k as string] as Value) ?? '',
  dict: (...kv) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < kv.length; i += 2) out[kv[i] as string] = kv[i + 1] ?? '';
    return out;
  },
  set: (m, k, v) => {
    (m as Record<string, unknown>)[k as string] = v;
    return m;
  },
  toJson: v => JSON.stringify(v),
};

function tokenize(action: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|:=|\||\(|\)|\$?[A-Za-z_.][\w.]*|\.|\$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < action.length && (m = re.exec(action))) tokens.push(m[1]);
  if (action.slice(re.lastIndex).trim() !== '') throw new Error(`cannot parse '${action}'`);
  return tokens;
}

function evalPipeline(tokens: string[], scope: Scope): Value {
  let pos = 0;
  const operand = (): Value => {
    const t = tokens[pos++];
    if (t === '(') {
      const start = pos;
      let depth = 1;
      while (depth > 0) {
        if (tokens[pos] === '(') depth++;
        if (tokens[pos] === ')') depth--;
        pos++;
      }
      return evalPipeline(tokens.slice(start, pos - 1), scope);
    }
    if (t === '.') return scope.dot;
    if (t.startsWith('"')) return JSON.parse(t);
    if (t.startsWith('$')) return scope.vars.get(t);
    throw new Error(`unexpected '${t}'`);
  };
  const command = (piped?: Value[]): Value => {
    const t = tokens[pos];
    if (FUNCS[t]) {
      pos++;
      const args: Value[] = [];
      while (pos < tokens.length && tokens[pos] !== '|' && tokens[pos] !== ')') args.push(operand());
      return FUNCS[t](...args, ...piped ?? []);
    }
    return operand();
  };
  let value = command();
  while (tokens[pos] === '|') {
    pos++;
    value = command([value]);
  }
  return value;
}

/** Renders a Go template (the subset the backup templates use) with `data` as the dot. */
export function renderGoTemplate(template: string, data: Record<string, string>): string {
  // Trim markers remove the whitespace next to them, as Go does.
  const text = template.replace(/\s*\{\{-\s*/g, '{{').replace(/\s*-\}\}\s*/g, '}}');
  const parts = text.split(/(\{\{[\s\S]*?\}\})/);
  const scope: Scope = { dot: data, vars: new Map() };
  const stack: { active: boolean; saved: Value }[] = [];
  let out = '';
  const active = () => stack.every(s => s.active);
  for (const part of parts) {
    if (!part.startsWith('{{')) {
      if (active()) out += part;
      continue;
    }
    const tokens = tokenize(part.slice(2, -2).trim());
    if (tokens[0] === 'end') {
      scope.dot = stack.pop()!.saved;
    } else if (tokens[0] === 'with') {
      const value = active() ? evalPipeline(tokens.slice(1), scope) : undefined;
      stack.push({ active: !!value, saved: scope.dot });
      if (value) scope.dot = value;
    } else if (!active()) {
      continue;
    } else if (tokens[1] === ':=') {
      scope.vars.set(tokens[0], evalPipeline(tokens.slice(2), scope));
    } else {
      const value = evalPipeline(tokens, scope);
      out += typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return out;
}

const decode = (data: Record<string, string> = {}) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

/** Secrets Manager, as name → SecretString. */
export type RemoteSecrets = Map<string, string>;

/** A PushSecret run once over `secret` (as the API server returns it): what lands in Secrets Manager. */
export function runPushSecret(push: any, secret: any, remote: RemoteSecrets): void {
  const data = decode(secret.data);
  const templated: Record<string, string> = { ...data };
  for (const [key, tpl] of Object.entries<string>(push.spec.template?.data ?? {})) templated[key] = renderGoTemplate(tpl, data);
  for (const item of push.spec.data) {
    const value = item.match.secretKey ? templated[item.match.secretKey] : JSON.stringify(data);
    if (value === undefined) throw new Error(`PushSecret: no key ${item.match.secretKey}`);
    remote.set(item.match.remoteRef.remoteKey, value);
  }
}

/** A restoring ExternalSecret run once on a fresh cluster: the Secret it creates, or undefined. */
export function runExternalSecret(es: any, remote: RemoteSecrets): any | undefined {
  let dataMap: Record<string, string> = {};
  for (const from of es.spec.dataFrom ?? []) {
    const find = from.find;
    const matcher = new RegExp(find.name.regexp);
    let found: Record<string, string> = {};
    for (const [name, value] of remote) if (name.startsWith(find.path ?? '') && matcher.test(name)) found[name] = value;
    for (const op of from.rewrite ?? []) {
      if (op.merge) found = Object.assign({}, ...Object.values(found).map(v => JSON.parse(v)));
    }
    dataMap = { ...dataMap, ...found };
  }
  const target = es.spec.target;
  if (Object.keys(dataMap).length === 0 && target.deletionPolicy === 'Retain') return undefined;
  const tpl = target.template ?? {};
  const data: Record<string, string> = {};
  if (tpl.mergePolicy === 'Merge' || (!tpl.data && !tpl.templateFrom)) Object.assign(data, dataMap);
  for (const [k, v] of Object.entries<string>(tpl.data ?? {})) data[k] = renderGoTemplate(v, dataMap);
  const render = (m: Record<string, string> = {}) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, renderGoTemplate(v, dataMap)]));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: tpl.type ?? 'Opaque',
    metadata: {
      name: target.name ?? es.metadata.name,
      namespace: es.metadata.namespace,
      labels: { ...render(tpl.metadata?.labels), 'reconcile.external-secrets.io/managed': 'true' },
      annotations: { ...render(tpl.metadata?.annotations), 'reconcile.external-secrets.io/data-hash': 'hash' },
      ownerReferences: target.creationPolicy === 'Owner' ? [{ kind: 'ExternalSecret', name: es.metadata.name }] : undefined,
    },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')])),
  };
}
