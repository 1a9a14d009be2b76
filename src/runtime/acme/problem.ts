// ACME problem documents (RFC 8555 section 6.7) as errors that keep their type, status and Retry-After.

export const ACME_ERROR = 'urn:ietf:params:acme:error:';

export interface AcmeIdentifier {
  readonly type: string;
  readonly value: string;
}

export interface AcmeProblem {
  readonly type: string;
  readonly detail?: string;
  readonly status?: number;
  readonly identifier?: AcmeIdentifier;
  readonly subproblems?: readonly AcmeProblem[];
}

export class AcmeError extends Error {
  constructor(
    readonly problem: AcmeProblem,
    /** HTTP status of the response that carried the problem. */
    readonly status: number,
    /** Parsed Retry-After, when the CA sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(describeProblem(problem) + (retryAfterMs !== undefined ? ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)` : ''));
    this.name = 'AcmeError';
  }

  get type(): string {
    return this.problem.type;
  }

  is(shortType: string): boolean {
    return this.problem.type === ACME_ERROR + shortType;
  }
}

/** `type: detail` on one line, subproblems appended with their identifiers. */
export function describeProblem(problem: AcmeProblem): string {
  const detail = oneLine(problem.detail ?? '');
  const subs = (problem.subproblems ?? []).map(s => `${s.identifier?.value ?? '?'}: ${s.type}${s.detail ? `: ${oneLine(s.detail)}` : ''}`);
  return [`${problem.type}${detail ? `: ${detail}` : ''}`, ...subs].join('; ');
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Reads a problem document from an error response, or a stand-in when the body is not one. */
export function problemFromBody(status: number, body: string): AcmeProblem {
  try {
    const parsed = JSON.parse(body) as Partial<AcmeProblem>;
    if (parsed && typeof parsed.type === 'string') return parsed as AcmeProblem;
  } catch {
    // not JSON: fall through
  }
  return { type: `about:blank (HTTP ${status})`, detail: body.slice(0, 200), status };
}
