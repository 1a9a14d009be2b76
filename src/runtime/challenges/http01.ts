// HTTP-01 (RFC 8555 section 8.3): the CA fetches http://NAME/.well-known/acme-challenge/TOKEN and expects the key
// authorization. Standalone: a server of our own, listening only while challenges are pending. Webroot: files in
// the document root of a web server already running.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { ChallengeSolver, listenProblem, SolverChallenge } from './solver';

export const CHALLENGE_PATH = '/.well-known/acme-challenge/';

export interface StandaloneHttpOptions {
  /** Default 80, the port the CA connects to. */
  readonly port?: number;
  /** Address to bind; default every interface. */
  readonly host?: string;
}

/** Serves the key authorizations from its own HTTP server, bound in `present` and closed in `cleanUp`. */
export class StandaloneHttpSolver implements ChallengeSolver {
  readonly type = 'http-01';
  readonly name: string;
  private readonly port: number;
  private server?: http.Server;
  private readonly answers = new Map<string, string>();

  constructor(private readonly options: StandaloneHttpOptions = {}) {
    this.port = options.port ?? 80;
    this.name = `HTTP server on port ${this.port}`;
  }

  async present(challenges: readonly SolverChallenge[]): Promise<void> {
    for (const c of challenges) this.answers.set(c.token, c.keyAuthorization);
    if (this.server) return;
    const server = http.createServer((req, res) => {
      const url = req.url ?? '';
      const answer = (req.method === 'GET' || req.method === 'HEAD') && url.startsWith(CHALLENGE_PATH)
        ? this.answers.get(url.slice(CHALLENGE_PATH.length).split('?')[0]) : undefined;
      if (answer === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(answer) });
      res.end(req.method === 'HEAD' ? undefined : answer);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', e => reject(listenProblem(this.port, e, 'use --webroot DIR of the web server on that port')));
      server.listen({ port: this.port, host: this.options.host }, () => resolve());
    });
    this.server = server;
  }

  async cleanUp(challenges: readonly SolverChallenge[]): Promise<string[]> {
    for (const c of challenges) this.answers.delete(c.token);
    const server = this.server;
    if (!server || this.answers.size > 0) return [];
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
    return [];
  }
}

/** Writes DIR/.well-known/acme-challenge/TOKEN for the web server serving DIR, and removes what it wrote. */
export class WebrootSolver implements ChallengeSolver {
  readonly type = 'http-01';
  readonly name: string;
  /** Directories this solver made, deepest first, removed again when empty. */
  private created: string[] = [];

  constructor(private readonly root: string) {
    this.name = `files in ${root}${CHALLENGE_PATH}`;
  }

  async present(challenges: readonly SolverChallenge[]): Promise<void> {
    const dir = this.challengeDir();
    if (!fs.existsSync(this.root)) throw new Error(`--webroot ${this.root} does not exist`);
    const first = fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    if (first) {
      for (let d = dir; d.length >= first.length; d = path.dirname(d)) {
        this.created.push(d);
        fs.chmodSync(d, 0o755); // the umask may have narrowed it, and the web server runs as another user
      }
    }
    for (const c of challenges) {
      // World-readable: the web server usually runs as another user. Written whole, then renamed into place.
      const file = path.join(dir, c.token);
      fs.writeFileSync(`${file}.tmp`, c.keyAuthorization, { mode: 0o644 });
      fs.chmodSync(`${file}.tmp`, 0o644);
      fs.renameSync(`${file}.tmp`, file);
    }
  }

  async cleanUp(challenges: readonly SolverChallenge[]): Promise<string[]> {
    const warnings: string[] = [];
    for (const c of challenges) {
      const file = path.join(this.challengeDir(), c.token);
      try {
        fs.rmSync(file, { force: true });
        fs.rmSync(`${file}.tmp`, { force: true });
      } catch (e) {
        warnings.push(`challenge file ${file} may remain: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    for (const d of this.created) {
      try {
        fs.rmdirSync(d);
      } catch {
        break; // not empty (someone else's files): keep it and its parents
      }
    }
    this.created = [];
    return warnings;
  }

  private challengeDir(): string {
    return path.join(this.root, ...CHALLENGE_PATH.split('/').filter(Boolean));
  }
}
