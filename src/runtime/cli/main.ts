// Entry point of the `cdk-certkit` command (bin/cdk-certkit runs `run()` from the compiled lib/).
import { CliIo, issueCommand } from './issue-command';
import { parseIssueArgs, usage, UsageError } from './options';
import { oneLine } from '../acme/problem';

/** Runs the command line `argv` (without node and script); resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(usage());
    return 0;
  }
  try {
    if (command !== 'issue') throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
    const args = parseIssueArgs(rest);
    if (args.help) {
      io.out(usage());
      return 0;
    }
    await issueCommand(args, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk-certkit: ${e.message} (see cdk-certkit --help)`);
      return 2;
    }
    io.err(`cdk-certkit: ${oneLine(e instanceof Error ? e.message : String(e))}`);
    return 1;
  }
}

export function run(): void {
  void main(process.argv.slice(2)).then(code => { process.exitCode = code; });
}

function processIo(): CliIo {
  return {
    out: line => process.stdout.write(`${line}\n`),
    err: line => process.stderr.write(`${line}\n`),
    env: process.env,
  };
}
