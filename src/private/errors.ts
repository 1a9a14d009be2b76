import { IConstruct } from 'constructs';

/**
 * The one error type of cdk-certkit: where (the construct path), what (the field and its problem) and how to fix it,
 * on one line: `Platform/web-cert: dnsNames[0] 'Bad_Name' is not a valid DNS name. Fix: use lower-case letters, digits, '-' and '.'.`
 *
 * Its `stack` is the message alone: the frames would point into `src/*.ts` files the package does not ship, and a
 * user's fix is in their own code, which the construct path already names.
 */
export class CertkitError extends Error {
  /** Path of the construct whose input is wrong. */
  readonly constructPath: string;
  /** The prop (or rendered field) that is wrong, e.g. `dnsNames[0]`. */
  readonly field: string;
  /** What is wrong with it, without a trailing full stop. */
  readonly problem: string;
  /** What the user should do instead, without a trailing full stop. */
  readonly fix: string;

  constructor(constructPath: string, field: string, problem: string, fix: string) {
    super(`${constructPath}: ${formatProblem(field, problem, fix)}`);
    Object.setPrototypeOf(this, CertkitError.prototype);
    this.name = 'CertkitError';
    this.constructPath = constructPath;
    this.field = field;
    this.problem = problem;
    this.fix = fix;
    this.stack = this.message;
  }
}

/** `${field} ${problem}. Fix: ${fix}.`: a CertkitError's message without its construct path. */
export function formatProblem(field: string, problem: string, fix: string): string {
  return `${field} ${problem}. Fix: ${fix}.`;
}

/**
 * Stops synthesis now with one line that names where, what and how to fix it. Use it only where nothing later could
 * continue (the construct cannot be built without a valid value); otherwise use `report`.
 */
export function invalid(scope: IConstruct, field: string, problem: string, fix: string): never {
  throw new CertkitError(scope.node.path, field, problem, fix);
}

/** The problems reported per construct, so each construct registers one validation however many it reports. */
const reported = new WeakMap<IConstruct, CertkitError[]>();

/**
 * Records a mistake without stopping: the construct goes on being built (keep using the value so rendering goes on),
 * and the mistake is returned by the construct's validation, which cdk8s `App.synth()`/`synthYaml()` and
 * aws-cdk-lib `app.synth()` run over the whole tree, so one synth reports every mistake, one line each:
 * `[<construct path>] <field> <problem>. Fix: <fix>.` Reporting the same line twice on a construct records it once.
 *
 * Note: cdk8s `Testing.synth(chart)` runs no validation; tests use `synthErrors` from test/support/synth.ts.
 */
export function report(scope: IConstruct, field: string, problem: string, fix: string): void {
  let errors = reported.get(scope);
  if (!errors) {
    const list: CertkitError[] = [];
    errors = list;
    reported.set(scope, list);
    scope.node.addValidation({ validate: () => list.map(e => formatProblem(e.field, e.problem, e.fix)) });
  }
  const error = new CertkitError(scope.node.path, field, problem, fix);
  if (!errors.some(e => e.message === error.message)) errors.push(error);
}

/** The mistakes reported on `scope` so far (for code that wants to stop rendering a construct already known bad). */
export function reportedOn(scope: IConstruct): readonly CertkitError[] {
  return reported.get(scope) ?? [];
}
