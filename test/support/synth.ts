// Synthesizes an app the way a user's `cdk8s synth` / `cdk synth` would (validations included) and returns the
// error lines, each as `<construct path>: <field> <problem>. Fix: <fix>.` (the form a thrown CertkitError has), so a
// test can assert collected and thrown mistakes with the same pattern.
import { IConstruct } from 'constructs';
import { CertkitError } from '../../src/private/errors';

/** Both frameworks list validation errors as `  [<path>] <message>` under one "Validation failed" line. */
const LISTED = /^\s*\[([^\]]*)\] (.*)$/;

/**
 * Synthesizes the app that holds `scope` (a cdk8s App or Chart, an aws-cdk-lib App or Stack, or any construct in
 * them) and returns the error lines in report order; `[]` when synth succeeds. An error that is not a validation
 * failure or a CertkitError (a bug) is rethrown.
 */
export function synthErrors(scope: IConstruct): string[] {
  const root = scope.node.root as any;
  try {
    if (typeof root.synthYaml === 'function') root.synthYaml(); // cdk8s App (writes nothing)
    else if (typeof root.synth === 'function') root.synth(); // aws-cdk-lib App or Stage
    else throw new Error(`synthErrors: ${root.constructor?.name ?? 'root'} is neither a cdk8s nor an aws-cdk-lib App`);
    return [];
  } catch (e) {
    return errorLines(e);
  }
}

/** The error lines of an error thrown by a synth (exported for tests that synthesize differently). */
export function errorLines(e: unknown): string[] {
  if (e instanceof CertkitError) return [e.message];
  const message = e instanceof Error ? e.message : String(e);
  if (!/Validation failed with the following errors/.test(message)) throw e;
  return message.split('\n').slice(1)
    .map(line => LISTED.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(m => `${m[1]}: ${m[2]}`);
}
