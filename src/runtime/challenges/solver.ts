// HTTP-01 and TLS-ALPN-01 answered by a solver: the counterpart of a DnsProvider for the challenges a host answers
// itself. Like lego's providers, two steps: present the answers, then clean them up.

/** The challenge types a solver can answer (DNS-01 goes through a DnsProvider). */
export type SolverChallengeType = 'http-01' | 'tls-alpn-01';

/** One pending challenge, with everything a solver needs to answer it. */
export interface SolverChallenge {
  /** The identifier (a DNS name, never a wildcard: HTTP-01 and TLS-ALPN-01 cannot prove those). */
  readonly name: string;
  readonly token: string;
  /** `token.thumbprint` (RFC 8555 section 8.1). */
  readonly keyAuthorization: string;
}

export interface ChallengeSolver {
  readonly type: SolverChallengeType;
  /** For progress lines, e.g. `HTTP server on port 80`. */
  readonly name: string;
  /** Makes every challenge answerable; resolves once the CA may ask (a server listening, files written). */
  present(challenges: readonly SolverChallenge[]): Promise<void>;
  /** Stops answering (closes the server, removes the files); never throws, returns a warning per leftover. */
  cleanUp(challenges: readonly SolverChallenge[]): Promise<string[]>;
}

/** A port given on the command line or in a config: 1..65535. */
export function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** What to do when a port cannot be bound: the common causes in words. `alternative` starts with a verb ("use ..."). */
export function listenProblem(port: number, e: unknown, alternative: string): Error {
  const code = (e as NodeJS.ErrnoException).code ?? String(e);
  const hint = code === 'EACCES'
    ? `ports below 1024 need root or CAP_NET_BIND_SERVICE, or ${alternative}`
    : code === 'EADDRINUSE' ? `another server holds it; stop it for the issuance, or ${alternative}` : alternative;
  return new Error(`cannot listen on port ${port} (${code}): ${hint}`);
}
