// Let's Encrypt rate limits as a synth-time budget: what a fresh install of the app (or of several clusters sharing
// an ACME account) orders from each ACME CA, against the CA's published limits, read from the rendered objects
// (Certificates, ACME Issuers/ClusterIssuers, annotated Ingresses and Gateways, CertificateBackup restores).
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AccountRateLimits, AcmeRateLimits, CaRateLimits } from './lets-encrypt-limits';
import { Evaluation, evaluate, renderReport } from './private/evaluate';
import { ClusterManifests, ManifestInput, readManifests, resolveOrders } from './private/orders';
import { CertkitError, formatProblem, invalid } from '../../private/errors';
import { exactJson } from '../private/rendered-validation';

/** How a budget counts and when it warns, shared by every app of a `SharedRateLimitBudget`. */
export interface RateLimitBudgetOptions {
  /**
   * Limits of other ACME CAs, or raised Let's Encrypt limits (per registered domain, per exact set), by directory URL.
   * @default - Let's Encrypt's published figures (`LetsEncryptRateLimits`) for its two directories; other CAs are
   * counted and reported without limits
   */
  readonly limits?: CaRateLimits[];
  /**
   * Raised limits of single ACME accounts (orders per 3 hours), by the Secret holding the account key.
   * @default - each account has its CA's limits
   */
  readonly accountLimits?: AccountRateLimits[];
  /**
   * Share of a limit (0 to 1) from which the budget warns.
   * @default 0.8
   */
  readonly warnAt?: number;
  /**
   * How many times a week the clusters may be rebuilt from scratch. Every rebuild orders each certificate it does not
   * restore again with the same names, so this multiplies the count against the exact-set limit (Let's Encrypt
   * treats those orders as renewals, exempt from the per-domain and per-account limits).
   * @default 1
   */
  readonly rebuildsPerWeek?: number;
  /**
   * Whether the Secrets a `CertificateBackup` restores exist in the backup, so a rebuild adopts them instead of
   * ordering. Set it to false to budget the very first install, before any backup was pushed.
   * @default true
   */
  readonly assumeBackupsExist?: boolean;
  /**
   * Print the budget table (`report()`) to the console at synth.
   * @default false
   */
  readonly printReport?: boolean;
}

/** A budget for one cdk8s App. */
export interface RateLimitBudgetProps extends RateLimitBudgetOptions {
  /**
   * Whether exceeding a limit fails the synth and coming close to one warns. `false` is the explicit opt-out for this
   * app: its certificates are still counted (and in a shared budget still use the other apps' limits), but its synth
   * neither fails nor warns.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * A budget several apps (clusters) share because they use the same ACME accounts and registered domains.
   *
   * Its options apply, and this app's options must be left out.
   * @default - this app alone
   */
  readonly shared?: SharedRateLimitBudget;
  /**
   * Name of this app's cluster in the report and messages of a shared budget.
   * @default - `cluster-<n>`, in the order the apps join the shared budget
   */
  readonly clusterName?: string;
}

/**
 * What a source gives at synth: its manifests as the budget reads them, and their JSON text when that stands for them
 * exactly (so an unchanged source is not read, nor the budget counted, again).
 */
interface SourceRead {
  readonly manifests: () => ClusterManifests;
  readonly text?: string;
}

/** Where a budget's orders come from: an app's construct tree (read at synth) or synthesized manifests. */
interface Source {
  readonly cluster: string;
  readonly budget?: RateLimitBudget;
  readonly read: () => SourceRead;
}

/**
 * One budget over several cdk8s apps (one per cluster) that share ACME accounts, or over manifests synthesized elsewhere.
 *
 * Let's Encrypt's limits are per account and per registered domain, not per cluster, so a platform repo
 * synthesizing several clusters sums them. Each app joins with `new RateLimitBudget(app, 'RateLimitBudget', { shared })`;
 * each app's synth checks the sum of every app that joined so far (build all apps, then synthesize them).
 *
 * Accounts are told apart by CA and account-key Secret name: clusters whose issuers keep the key in a Secret of the
 * same name (restored from one CertificateBackup, or copied) count as one account.
 */
export class SharedRateLimitBudget {
  /** @internal */
  public readonly _options: RateLimitBudgetOptions;
  private readonly sources: Source[] = [];
  private readonly warned = new Set<string>();
  private readonly printed = new Set<string>();
  // cdk8s validates the whole app again for every Chart.toJson(), so an app of n charts asks n + 1 times per synth:
  // the counting runs again only when what the sources rendered (or the options) changed.
  private last?: { readonly key: string; readonly evaluation: Evaluation };

  /**
   * @param options how the shared budget counts and when it warns, for every app that joins it
   */
  constructor(options: RateLimitBudgetOptions = {}) {
    this._options = options;
  }

  /**
   * Adds a cluster's synthesized manifests (plain Kubernetes objects, e.g. parsed from `dist/*.k8s.yaml`).
   *
   * @param clusterName the cluster's name in the report and messages
   * @param manifests the cluster's Kubernetes objects, as parsed JSON or YAML documents
   */
  public addManifests(clusterName: string, manifests: any[]): void {
    const read = readManifests(manifests.map(manifest => ({ manifest })));
    const text = `manifests#${this.sources.length}`;
    this.sources.push({ cluster: clusterName, read: () => ({ manifests: () => read, text }) });
  }

  /** The budget table: per CA and registered domain, certificates, names and the share of each limit used. */
  public report(): string {
    return renderReport(this.evaluate(), this._options, this.sources.length > 1);
  }

  /** Error lines (`<field> <problem>. Fix: <fix>.`) for every limit a fresh install exceeds. */
  public errors(): string[] {
    return this.evaluate().findings.filter(f => f.severity === 'error').map(f => formatProblem(f.field, f.problem, f.fix));
  }

  /** Warning lines for every limit a fresh install uses at least `warnAt` of. */
  public warnings(): string[] {
    return this.evaluate().findings.filter(f => f.severity === 'warning').map(f => formatProblem(f.field, f.problem, f.fix));
  }

  /** @internal */
  public _join(budget: RateLimitBudget, clusterName: string | undefined): string {
    const cluster = clusterName ?? `cluster-${this.sources.length + 1}`;
    if (this.sources.some(s => s.cluster === cluster)) {
      invalid(budget, 'clusterName', `'${cluster}' is already a cluster of this shared budget`, 'give each app its own clusterName');
    }
    this.sources.push({ cluster, budget, read: () => readTree(budget.node.root) });
    return cluster;
  }

  /** @internal */
  public _evaluate(): Evaluation {
    return this.evaluate();
  }

  /** @internal Warns once per line per shared budget (a warning repeats in every app's synth otherwise). */
  public _warnOnce(line: string): void {
    if (this.warned.has(line)) return;
    this.warned.add(line);
    console.warn(`warning: ${line}`);
  }

  /** @internal */
  public _printOnce(report: string): void {
    if (this.printed.has(report)) return;
    this.printed.add(report);
    console.log(report);
  }

  /** @internal */
  public get _multiCluster(): boolean {
    return this.sources.length > 1;
  }

  private evaluate(): Evaluation {
    const read = this.sources.map(s => ({ cluster: s.cluster, ...s.read() }));
    const options = exactJson(this._options);
    const key = options !== undefined && read.every(r => r.text !== undefined)
      ? JSON.stringify([options, read.map(r => [r.cluster, r.text])])
      : undefined;
    if (key !== undefined && this.last?.key === key) return this.last.evaluation;
    const manifests = read.map(r => r.manifests());
    const clusters = read.map((r, i) => ({
      cluster: r.cluster,
      ...resolveOrders(r.cluster, manifests[i], manifests.filter((_, j) => j !== i)),
    }));
    const evaluation = evaluate(clusters, this._options, this.sources.length > 1);
    this.last = key === undefined ? undefined : { key, evaluation };
    return evaluation;
  }
}

const BUDGET_ID = 'RateLimitBudget';
/** Budgets made by `RateLimitBudget.of` with the defaults, which an explicit one replaces. */
const implicit = new WeakSet<RateLimitBudget>();

/**
 * The Let's Encrypt rate-limit budget of a cdk8s app.
 *
 * At synth it counts what a fresh install orders from each ACME
 * CA (per registered domain, per account, per exact set of names, names per certificate), fails the synth when a
 * limit would be exceeded, naming the registered domain, the count, the limit and the ways out, and warns (once, on
 * the console) from `warnAt` of a limit. Certificates a `CertificateBackup` restores are not ordered on a rebuild.
 *
 * An app has one budget: `RateLimitBudget.of(scope)` finds it or adds one with the defaults; an explicit
 * `new RateLimitBudget(app, id, props)` replaces such a default one (`enabled: false` is the app's opt-out). Close to a
 * limit, the warning goes to `console.warn` once per line (cdk8s has no warning channel at synth), and `warnings()`
 * returns the lines.
 *
 * The per-domain and per-account counts are what the install costs when its name sets are new to Let's Encrypt (the
 * first install, a changed set of names): an order for a set Let's Encrypt issued before counts as a renewal, which
 * only the exact-set limit sees. The budget does not rely on that.
 *
 * @see https://letsencrypt.org/docs/rate-limits/
 */
export class RateLimitBudget extends Construct {
  /**
   * A new budget several apps share (see `SharedRateLimitBudget`).
   *
   * @param options how the shared budget counts and when it warns
   */
  public static shared(options: RateLimitBudgetOptions = {}): SharedRateLimitBudget {
    return new SharedRateLimitBudget(options);
  }

  /**
   * The budget of the app holding `scope`: the one the app has, or a new one with the defaults.
   *
   * @param scope any construct of the app
   */
  public static of(scope: IConstruct): RateLimitBudget {
    const root = scope.node.root;
    const existing = root.node.children.find(RateLimitBudget.isRateLimitBudget);
    if (existing) return existing;
    const budget = new RateLimitBudget(root as Construct, BUDGET_ID);
    implicit.add(budget);
    return budget;
  }

  /**
   * Whether `x` is a RateLimitBudget.
   *
   * @param x any value
   */
  public static isRateLimitBudget(x: any): x is RateLimitBudget {
    return x instanceof RateLimitBudget;
  }

  /** Whether this app's synth fails over a limit and warns close to one. */
  public readonly enabled: boolean;
  /** This app's cluster name in the (shared) budget. */
  public readonly clusterName: string;
  private readonly budget: SharedRateLimitBudget;

  /**
   * @param scope the cdk8s App (a budget is per app, so a scope inside one means its app)
   * @param id the scoped construct ID
   * @param props how the budget counts and warns, or the shared budget it joins
   */
  constructor(scope: Construct, id: string, props: RateLimitBudgetProps = {}) {
    const root = scope.node.root as Construct;
    const previous = root.node.children.find(RateLimitBudget.isRateLimitBudget);
    if (previous && implicit.has(previous)) root.node.tryRemoveChild(previous.node.id);
    else if (previous) throw new CertkitError(id, 'RateLimitBudget', `the app already has one (${previous.node.path})`, 'configure that one: an app has one rate-limit budget');
    super(root, id);
    const { enabled, shared, clusterName, ...options } = props;
    if (shared && Object.values(options).some(v => v !== undefined)) {
      invalid(this, Object.keys(options).filter(k => (options as any)[k] !== undefined)[0],
        'is set on an app that joins a shared budget, whose options apply', 'give the options to RateLimitBudget.shared(...) instead');
    }
    this.enabled = enabled ?? true;
    this.budget = shared ?? new SharedRateLimitBudget(options);
    checkOptions(this, this.budget._options);
    this.clusterName = this.budget._join(this, clusterName);
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** The budget table (for this app, or every app of its shared budget). */
  public report(): string {
    return this.budget.report();
  }

  /** Error lines for every limit exceeded (for this app, or every app of its shared budget). */
  public errors(): string[] {
    return this.budget.errors();
  }

  /** Warning lines for every limit used at least `warnAt` of. */
  public warnings(): string[] {
    return this.budget.warnings();
  }

  private validate(): string[] {
    const evaluation = this.budget._evaluate();
    const options = this.budget._options;
    // cdk8s validates the whole app again for every Chart.toJson(), so print and warn once per distinct text.
    if (options.printReport) this.budget._printOnce(renderReport(evaluation, options, this.budget._multiCluster));
    if (!this.enabled) return [];
    const mine = evaluation.findings.filter(f => f.clusters.has(this.clusterName));
    for (const w of mine.filter(f => f.severity === 'warning')) this.budget._warnOnce(`[${this.node.path}] ${formatProblem(w.field, w.problem, w.fix)}`);
    return mine.filter(f => f.severity === 'error').map(f => formatProblem(f.field, f.problem, f.fix));
  }
}

function checkOptions(scope: IConstruct, options: RateLimitBudgetOptions): void {
  const warnAt = options.warnAt ?? 0.8;
  if (!(warnAt > 0 && warnAt <= 1)) invalid(scope, 'warnAt', `is ${warnAt} but must be a share above 0 and at most 1`, 'use e.g. 0.8 for 80%');
  const rebuilds = options.rebuildsPerWeek ?? 1;
  if (!(Number.isInteger(rebuilds) && rebuilds >= 1)) invalid(scope, 'rebuildsPerWeek', `is ${rebuilds} but must be a whole number of at least 1`, 'use e.g. 1');
  const limitsOf = (field: string, limits: AcmeRateLimits) => {
    for (const [key, value] of Object.entries(limits)) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 1)) invalid(scope, `${field}.${key}`, `is ${value} but must be a whole number of at least 1`, 'give the limit the CA published or granted');
    }
  };
  (options.limits ?? []).forEach((l, i) => limitsOf(`limits[${i}].limits`, l.limits));
  (options.accountLimits ?? []).forEach((l, i) => limitsOf(`accountLimits[${i}].limits`, l.limits));
}

/** The app's rendered objects the budget reads. */
function readTree(root: IConstruct): SourceRead {
  const kinds = ['Certificate', 'Issuer', 'ClusterIssuer', 'ExternalSecret', 'Ingress', 'Gateway'];
  const inputs: ManifestInput[] = [];
  for (const obj of root.node.findAll().filter(ApiObject.isApiObject)) {
    if (!kinds.includes(obj.kind)) continue;
    let manifest: any;
    try {
      manifest = obj.toJson();
    } catch {
      continue; // its own validation reports why it cannot render
    }
    const owner = obj.node.id === 'Resource' && obj.node.scope ? obj.node.scope : obj;
    inputs.push({ manifest, path: owner.node.path });
  }
  return { manifests: () => readManifests(inputs), text: exactJson(inputs) };
}
