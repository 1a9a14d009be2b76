// The pending authorizations of an order as challenges for a ChallengeSolver (HTTP-01, TLS-ALPN-01), and the
// run that presents them, has the CA validate them, and cleans them up.
import { ChallengeSolver, SolverChallenge } from './solver';
import { AcmeSession } from '../acme/acme-session';
import { AccountKey, keyAuthorization } from '../acme/jws';
import { AcmeAuthorization, authorizationName, authorizationProblem } from '../acme/resources';
import { untilAborted } from '../acme/retry';
import { answerChallenges, ChallengeTask } from '../dns01';
import { IssueError } from '../issue-error';

export interface SolverTask extends ChallengeTask {
  readonly challenge: SolverChallenge;
}

type Progress = (line: string) => void;

/** The message for a wildcard asked of a solver: only DNS-01 can prove one. */
export function wildcardProblem(name: string, type: string): string {
  return `${name}: a wildcard can only be validated with DNS-01 (${type} cannot prove it); use --dns`;
}

/** One task per pending authorization; valid (reused) ones need none; wildcards and other states fail. */
export function solverTasks(account: AccountKey, authorizations: ReadonlyArray<{ url: string; authz: AcmeAuthorization }>,
  solver: ChallengeSolver, progress: Progress): SolverTask[] {
  return authorizations.flatMap(({ url, authz }) => {
    const name = authorizationName(authz);
    if (authz.status === 'valid') {
      progress(`${name}: authorization already valid`);
      return [];
    }
    if (authz.wildcard) throw new IssueError(wildcardProblem(name, solver.type), [name]);
    const challenge = authz.challenges.find(c => c.type === solver.type);
    if (authz.status !== 'pending' || !challenge) {
      const why = authz.status !== 'pending' ? `authorization is ${authz.status}` : `the CA offers no ${solver.type} challenge`;
      throw new IssueError(`${name}: ${why}`, [name], authz.status === 'invalid' ? authorizationProblem(authz).type : undefined);
    }
    progress(`${name}: ${solver.type} via ${solver.name}`);
    return [{
      name,
      authorizationUrl: url,
      challengeUrl: challenge.url,
      challenge: { name: authz.identifier.value, token: challenge.token, keyAuthorization: keyAuthorization(account, challenge.token) },
    }];
  });
}

/** Presents every challenge, then has the CA validate them all at once. `presented` learns what to clean up. */
export async function presentAndValidate(acme: AcmeSession, tasks: readonly SolverTask[], solver: ChallengeSolver,
  progress: Progress, signal: AbortSignal | undefined, presented: SolverChallenge[]): Promise<void> {
  if (tasks.length === 0) return;
  const challenges = tasks.map(t => t.challenge);
  presented.push(...challenges);
  await untilAborted(solver.present(challenges), signal);
  progress(`${solver.type}: answering ${challenges.length} challenge(s) with ${solver.name}`);
  await answerChallenges(acme, tasks, progress);
}

/** Cleans up what was presented; never throws (a failure becomes a warning). */
export async function cleanUpPresented(solver: ChallengeSolver, presented: readonly SolverChallenge[], progress: Progress,
  warn: Progress = progress): Promise<string[]> {
  if (presented.length === 0) return [];
  let warnings: string[];
  try {
    warnings = await solver.cleanUp(presented);
  } catch (e) {
    warnings = [`${solver.name}: cleaning up failed: ${(e as Error).message}`];
  }
  for (const w of warnings) warn(`${solver.type}: ${w}`);
  if (warnings.length === 0) progress(`${solver.type}: cleaned up ${presented.length} challenge(s)`);
  return warnings;
}
