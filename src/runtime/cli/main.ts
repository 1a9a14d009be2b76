// Entry point of the `cdk-certkit` command (bin/cdk-certkit runs `run()` from the compiled lib/).
import { CliIo, CommandError, issueCommand, SIGNAL_EXIT_CODES } from './issue-command';
import { parseIssueArgs, parseRenewArgs, parseRevokeArgs, usage, UsageError } from './options';
import { renewCommand } from './renew-command';
import { revokeCommand } from './revoke-command';
import { oneLine } from '../acme/problem';
import { InterruptedError } from '../acme/retry';

/** A subcommand: its parser and its run. */
interface Command {
  run(argv: string[], io: CliIo): Promise<void>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  issue: {
    async run(argv, io) {
      const args = parseIssueArgs(argv);
      if (args.help) return io.out(usage());
      if (args.version) return io.out(versionLine());
      return issueCommand(args, io);
    },
  },
  renew: {
    async run(argv, io) {
      const args = parseRenewArgs(argv);
      if (args.help) return io.out(usage('renew'));
      return renewCommand(args, io);
    },
  },
  revoke: {
    async run(argv, io) {
      const args = parseRevokeArgs(argv);
      if (args.help) return io.out(usage('revoke'));
      return revokeCommand(args, io);
    },
  },
};

/** Runs the command line `argv` (without node and script); resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(usage());
    return 0;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    io.out(versionLine());
    return 0;
  }
  try {
    const found = command ? COMMANDS[command] : undefined;
    if (!found) throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
    await found.run(rest, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk-certkit: ${e.message} (see cdk-certkit --help)`);
      return 2;
    }
    io.err(`cdk-certkit: ${oneLine(e instanceof Error ? e.message : String(e))}`);
    if (e instanceof CommandError) return e.exitCode;
    return 1;
  }
}

/** `cdk-certkit VERSION (node VERSION)`: the version of the package this file was built from. */
export function versionLine(): string {
  let version = '0.0.0';
  try {
    // A static require, so that a bundler inlines it; the source tree and the package both have it three levels up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    version = (require('../../../package.json') as { version?: string }).version ?? version;
  } catch {
    // not found: an unusual layout
  }
  return `cdk-certkit ${version} (node ${process.versions.node})`;
}

export function run(): void {
  const io = processIo();
  void main(process.argv.slice(2), io).then(code => {
    // After a signal nothing more may run (an in-flight DNS change, say): exit now, with the signal's status.
    if (io.signal?.aborted) process.exit(code);
    process.exitCode = code;
  });
}

/**
 * stdout for progress, stderr for errors and warnings. The first SIGINT or SIGTERM stops the run, which then
 * removes the TXT records it published (and challenge files, and closes its challenge servers); a second one exits at once.
 */
function processIo(): CliIo & { readonly signal: AbortSignal } {
  const interrupt = new AbortController();
  const err = (line: string) => process.stderr.write(`${line}\n`);
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => {
      if (interrupt.signal.aborted) {
        err(`cdk-certkit: ${name} again: exiting without cleaning up; TXT records may remain`);
        process.exit(SIGNAL_EXIT_CODES[name]);
      }
      err(`cdk-certkit: ${name} received: stopping and removing the TXT records published so far, challenge files and servers too (${name} again to exit at once)`);
      interrupt.abort(new InterruptedError(name));
    });
  }
  return {
    out: line => process.stdout.write(`${line}\n`),
    err,
    env: process.env,
    signal: interrupt.signal,
    // Only --dns manual reads it (for Enter); a getter, so other runs never open stdin.
    get input() {
      return process.stdin;
    },
  };
}
