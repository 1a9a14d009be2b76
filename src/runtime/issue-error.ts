// The one-line failure of an issuance: which names, and the ACME problem type when the CA gave one.
import { AcmeError, oneLine } from './acme/problem';

export class IssueError extends Error {
  constructor(
    message: string,
    /** The names the failure concerns. */
    readonly names: readonly string[],
    /** The ACME problem type (`urn:ietf:params:acme:error:...`), when the failure came from the CA. */
    readonly problemType?: string,
  ) {
    super(oneLine(message));
    this.name = 'IssueError';
  }
}

/** `error` as an IssueError prefixed with `names`, unless it already is one. */
export function asIssueError(error: unknown, names: readonly string[]): IssueError {
  if (error instanceof IssueError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IssueError(`${names.join(', ')}: ${message}`, names, error instanceof AcmeError ? error.type : undefined);
}
