// The one-line failure of an issuance: which names, and the ACME problem type when the CA gave one.
import { TransportError } from './acme/http-transport';
import { AcmeError, oneLine } from './acme/problem';

export interface IssueErrorDetails {
  /** The connection-level error code (`ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`...), when the failure was one. */
  readonly code?: string;
  /** The server's TLS certificate was not trusted: a private or test CA needs its bundle (`--ca-bundle`). */
  readonly untrustedTls?: boolean;
  /** Problems met while cleaning up after the failure, e.g. TXT records that may remain. */
  readonly warnings?: readonly string[];
  /** What stopped the run before it finished: the time limit, or a signal (SIGINT, SIGTERM). */
  readonly stoppedBy?: 'deadline' | string;
}

export class IssueError extends Error {
  readonly code?: string;
  readonly untrustedTls: boolean;
  readonly warnings: readonly string[];
  readonly stoppedBy?: string;

  constructor(
    message: string,
    /** The names the failure concerns. */
    readonly names: readonly string[],
    /** The ACME problem type (`urn:ietf:params:acme:error:...`), when the failure came from the CA. */
    readonly problemType?: string,
    details: IssueErrorDetails = {},
  ) {
    super(oneLine(message));
    this.name = 'IssueError';
    this.code = details.code;
    this.untrustedTls = details.untrustedTls ?? false;
    this.warnings = details.warnings ?? [];
    this.stoppedBy = details.stoppedBy;
  }

  /** The same failure with cleanup warnings added. */
  withWarnings(warnings: readonly string[]): IssueError {
    if (warnings.length === 0) return this;
    return new IssueError(this.message, this.names, this.problemType,
      { code: this.code, untrustedTls: this.untrustedTls, stoppedBy: this.stoppedBy, warnings: [...this.warnings, ...warnings] });
  }
}

/** `error` as an IssueError prefixed with `names`, unless it already is one. */
export function asIssueError(error: unknown, names: readonly string[], stoppedBy?: string): IssueError {
  if (error instanceof IssueError) {
    if (!stoppedBy || error.stoppedBy) return error;
    return new IssueError(error.message, error.names, error.problemType,
      { code: error.code, untrustedTls: error.untrustedTls, warnings: error.warnings, stoppedBy });
  }
  const message = error instanceof Error ? error.message : String(error);
  const transport = error instanceof TransportError ? error : undefined;
  return new IssueError(`${names.join(', ')}: ${message}`, names, error instanceof AcmeError ? error.type : undefined,
    { code: transport?.code, untrustedTls: transport?.untrustedTls, stoppedBy });
}
