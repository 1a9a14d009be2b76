import { IConstruct } from 'constructs';

/**
 * Stops synthesis with one line that names where, what and how to fix it, e.g.
 * `Platform/web-cert: dnsNames[0] 'Bad_Name' is not a valid DNS name. Fix: use lower-case letters, digits, '-' and '.'.`
 */
export function invalid(scope: IConstruct, field: string, problem: string, fix: string): never {
  throw new Error(`${scope.node.path}: ${field} ${problem}. Fix: ${fix}.`);
}
