// Synth-time net under the construct-time checks: the object as it will be written (after every escape-hatch JSON
// patch) is checked against cert-manager v1.21.1's admission webhook rules (Certificate, Issuer, ClusterIssuer) and
// against the pinned CRD schema of its group. Constructs that create a custom resource call `validateRendered` once on
// their ApiObject; problems come out of `app.synth()` with every other validation error, one line each:
// `[<construct path>] <field> <problem>. Fix: <fix>.`
//
// README (the coordinator moves this there):
//   Opting out. Setting the context key `cdk-certkit:skipSchemaValidation` to `true` (or `'true'`) on the App or on a
//   Chart, before adding constructs to it (`app.node.setContext('cdk-certkit:skipSchemaValidation', true)`), turns off
//   both rendered-object checks, the cert-manager webhook rules and the CRD schema, for every object under that
//   scope; use it when the cluster runs a cert-manager or CRD version other than the pinned one. The construct-time
//   checks stay on.
//   Webhook feature gates. cert-manager v1.21.1 turns every webhook gate on; when your webhook runs with some off,
//   say so with the context key `cdk-certkit:webhookFeatureGates` in the webhook's flag syntax
//   (`'NameConstraints=false,OtherNames=false'`), and Certificates using those fields fail at synth. The CertManager
//   construct does this itself for the gates it turns off.
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { WebhookProblem, webhookProblems } from './webhook';
import { formatProblem } from '../../private/errors';
import { crdSchemas, CrdViolation } from '../../upstream/crd-schema';

/** Context key that turns the rendered-object checks off for everything under the App or Chart that sets it. */
export const SKIP_SCHEMA_VALIDATION_CONTEXT = 'cdk-certkit:skipSchemaValidation';
/** Context key naming the cert-manager webhook feature gates that are off, as `Gate=false,Other=false`. */
export const WEBHOOK_FEATURE_GATES_CONTEXT = 'cdk-certkit:webhookFeatureGates';

const registered = new WeakSet<ApiObject>();
const gatesOff = new WeakMap<IConstruct, Set<string>>();

/**
 * Records that the cert-manager webhook of the app holding `scope` runs with `gates` off (called by the CertManager
 * construct from its feature-gate settings), so Certificates anywhere in that app are checked against them.
 */
export function disableWebhookFeatureGates(scope: IConstruct, gates: Iterable<string>): void {
  const root = scope.node.root;
  const set = gatesOff.get(root) ?? new Set<string>();
  for (const g of gates) set.add(g);
  gatesOff.set(root, set);
}

/** Parses cert-manager's `--feature-gates` syntax (`A=true,B=false`) into the gates that are off. */
export function parseFeatureGates(value: unknown): Set<string> {
  const off = new Set<string>();
  if (typeof value !== 'string') return off;
  for (const item of value.split(',')) {
    const [name, setting] = item.split('=').map(s => s.trim());
    if (name && setting?.toLowerCase() === 'false') off.add(name);
  }
  return off;
}

function disabledGates(scope: IConstruct): Set<string> {
  const off = new Set(gatesOff.get(scope.node.root) ?? []);
  for (const g of parseFeatureGates(scope.node.tryGetContext(WEBHOOK_FEATURE_GATES_CONTEXT))) off.add(g);
  return off;
}

function skipped(scope: IConstruct): boolean {
  const value = scope.node.tryGetContext(SKIP_SCHEMA_VALIDATION_CONTEXT);
  return value === true || value === 'true';
}

/** `/spec/dnsNames/0` → `spec.dnsNames[0]`. */
export function pointerToField(pointer: string): string {
  return pointer.split('/').slice(1).map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^[0-9]+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

function crdProblem(v: CrdViolation): WebhookProblem {
  const field = pointerToField(v.path) || '(object)';
  const params: any = v.params ?? {};
  switch (v.keyword) {
    case 'additionalProperties':
      return { field, problem: `has the field '${params.additionalProperty}', which its CRD does not define (the API server would drop it)`, fix: 'remove it, or correct its spelling to a field of the CRD' };
    case 'required':
      return { field, problem: `is missing the required field '${params.missingProperty}'`, fix: `set ${field === '(object)' ? '' : `${field}.`}${params.missingProperty}` };
    case 'enum':
      return { field, problem: 'is not one of the values its CRD allows', fix: `use one of ${(params.allowedValues ?? []).join(', ')}` };
    case 'pattern':
      return { field, problem: `does not match the CRD's pattern ${params.pattern}`, fix: 'give a value that matches the pattern' };
    case 'type':
      return { field, problem: `is not of type ${params.type}`, fix: `give a ${params.type}` };
    default:
      return { field, problem: `does not match its CRD: ${v.message}`, fix: 'change it to what the pinned CRD allows' };
  }
}

// Fields whose value holds an unresolved (aws-cdk-lib) token, as a string or an encoded list: their problems are
// not problems yet. (cdk8s resolves its own lazy values in toJson; encoded numbers are left to the webhook rules.)
const TOKEN = /[$#]\{Token\[/;
function tokenFields(value: unknown, path = '', out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (TOKEN.test(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => tokenFields(v, `${path}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (TOKEN.test(k)) out.push(path);
      tokenFields(v, path ? `${path}.${k}` : k, out);
    }
  }
  return out;
}

/** The problems of one rendered custom resource: webhook rules, then its pinned CRD's schema. */
export function renderedProblems(obj: any, options: { disabledFeatureGates?: ReadonlySet<string> } = {}): WebhookProblem[] {
  const problems = [...webhookProblems(obj, options)];
  const schemas = crdSchemas();
  if (typeof obj?.apiVersion === 'string' && schemas.coversGroup(obj.apiVersion)) {
    // A field the webhook rules already reported is not reported again by the schema (one line per mistake).
    const said = new Set(problems.map(p => p.field));
    for (const v of schemas.validate(obj)) {
      const field = pointerToField(v.path);
      const missing = v.keyword === 'required' ? (v.params as any)?.missingProperty : undefined;
      const target = missing ? (field ? `${field}.${missing}` : missing) : field;
      if (!said.has(target)) problems.push(crdProblem(v));
    }
  }
  const tokens = tokenFields(obj);
  if (tokens.length === 0) return problems;
  const touches = (field: string, t: string) => field === t || field.startsWith(`${t}.`) || field.startsWith(`${t}[`) || t.startsWith(`${field}.`) || t.startsWith(`${field}[`);
  return problems.filter(p => !tokens.some(t => touches(p.field, t)));
}

// cdk8s validates the whole app again for every Chart.toJson() (synthYaml renders every object twice for its
// checks), and tests and watch loops synthesize equal apps over and over: the problems of an object whose rendered
// JSON and disabled gates were seen before are the ones found then (`renderedProblems` is a function of those two
// alone). Only plain JSON is remembered: a value JSON text does not render exactly (undefined, NaN, a Date, an
// object with toJSON, a non-enumerable field) is checked afresh every time.
const MEMO_LIMIT = 20_000;
const memo = new Map<string, WebhookProblem[]>();

/** Whether JSON text stands for `value` exactly: only null, booleans, finite numbers, strings, plain objects, arrays. */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (typeof (value as any).toJSON === 'function') return false;
  let keys = 0;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key) || !isPlainJson((value as any)[key], depth + 1)) return false;
    keys++;
  }
  // A non-enumerable field is invisible in JSON text but not to every check.
  return keys === Object.getOwnPropertyNames(value).length;
}

/** The object as JSON text, or undefined when the text would not stand for it exactly. */
export function exactJson(obj: unknown): string | undefined {
  return isPlainJson(obj) ? JSON.stringify(obj) : undefined;
}

function memoizedProblems(obj: any, gates: ReadonlySet<string>): WebhookProblem[] {
  const text = exactJson(obj);
  if (text === undefined) return renderedProblems(obj, { disabledFeatureGates: gates });
  const key = `${[...gates].sort().join(',')}\n${text}`;
  let problems = memo.get(key);
  if (!problems) {
    problems = renderedProblems(obj, { disabledFeatureGates: gates });
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, problems);
  }
  return problems;
}

// The construct a user knows: the one that made the ApiObject, unless the ApiObject sits right in a Chart.
function reportingScope(apiObject: ApiObject): IConstruct {
  const parent = apiObject.node.scope;
  return parent && !(parent instanceof Chart) && !Chart.isChart(parent) ? parent : apiObject;
}

/**
 * Registers (once per ApiObject) a synth-time check of `apiObject.toJson()`, the object after every JSON patch.
 * Reported on the construct that owns the ApiObject (or on the ApiObject itself when it sits directly in a Chart).
 */
export function validateRendered(apiObject: ApiObject): void {
  if (registered.has(apiObject)) return;
  registered.add(apiObject);
  const host = reportingScope(apiObject);
  host.node.addValidation({
    validate: () => {
      if (skipped(apiObject)) return [];
      const obj = apiObject.toJson();
      const problems = memoizedProblems(obj, disabledGates(apiObject));
      // Several custom resources under one construct: say which one each line is about.
      const siblings = host === apiObject ? 1 : host.node.children.filter(c => c instanceof ApiObject && registered.has(c)).length;
      const prefix = siblings > 1 ? `${obj.kind}/${obj.metadata?.name ?? apiObject.name} ` : '';
      return problems.map(p => formatProblem(`${prefix}${p.field}`, p.problem, p.fix));
    },
  });
}
