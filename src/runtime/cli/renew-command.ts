// `cdk-certkit renew`: the certificate `issue` wrote into --out, renewed with the options it recorded there once
// it is due (ARI when the CA offers it, else 1/3 of the lifetime left) or when forced; then the deploy hook.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSecret } from './dns-options';
import { CliIo, CommandError, directoryUrlOf, issueInto, WrittenSet } from './issue-command';
import { IssueArgs, RenewArgs } from './options';
import { readRecord, RenewalRecord } from './renewal-record';
import { decideRenewal } from '../renewal';

/** Exit status of a renewal written in place whose deploy hook failed. */
export const HOOK_FAILED_EXIT_CODE = 3;

/** Held in --out while a renewal runs there: overlapping cron or timer runs must not both order. */
export const RENEW_LOCK = '.renew.lock';

export async function renewCommand(args: RenewArgs, io: CliIo): Promise<void> {
  const out = args.out ?? '.';
  const record = readRecord(out);
  const unlock = lock(out);
  try {
    await renew(args, io, out, record);
  } finally {
    unlock();
  }
}

async function renew(args: RenewArgs, io: CliIo, out: string, record: RenewalRecord): Promise<void> {
  const certFile = path.join(out, 'cert.pem');
  let certificatePem: string;
  try {
    certificatePem = fs.readFileSync(certFile, 'utf8');
  } catch (e) {
    throw new CommandError(`cannot read ${certFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); `
      + `\`cdk-certkit issue --out ${out}\` writes it`, 1);
  }
  const options = record.options;
  const say = (line: string) => { if (!args.quiet) io.out(line); };
  const directoryUrl = options.directory ? directoryUrlOf(options.directory) : undefined;
  const decision = await decideRenewal(certificatePem, {
    directoryUrl,
    caBundlePem: options['ca-bundle'] ? readSecret(options['ca-bundle']) : undefined,
    now: io.now?.(),
    signal: io.signal,
  }).catch(e => {
    throw new CommandError(`${certFile}: ${(e as Error).message}`, 1);
  });
  if (!decision.renew && !args.force) {
    say(`${out}: not due: ${decision.reason}`);
    return;
  }
  say(`${out}: renewing${decision.renew ? '' : ' (--force)'}: ${decision.reason}`);
  const written = await issueInto({
    ...options,
    out,
    ...(args.timeout !== undefined ? { timeout: args.timeout } : {}),
    ...(args.quiet ? { quiet: true } : {}),
  } as unknown as IssueArgs, io, {
    // ARI's `replaces` names a certificate of the same account: only when the account key is the recorded one.
    replaces: options['account-key-file'] ? decision.certificateId : undefined,
    // What issue recorded stays recorded: a one-off --timeout of this run is not kept.
    record: { ...options, out } as unknown as IssueArgs,
  });
  if (args['deploy-hook']) await runDeployHook(args['deploy-hook'], written, io);
}

/** Runs `command` through the shell with the new set's paths in its environment; its output goes to ours. */
async function runDeployHook(command: string, written: WrittenSet, io: CliIo): Promise<void> {
  const [cert, chain, fullchain, privkey] = written.files.map(f => path.resolve(f));
  const out = path.resolve(written.out);
  const domains = written.issued.names.join(' ');
  const env = {
    ...io.env,
    CERTKIT_OUT: out,
    CERTKIT_CERT: cert,
    CERTKIT_CHAIN: chain,
    CERTKIT_FULLCHAIN: fullchain,
    CERTKIT_PRIVKEY: privkey,
    CERTKIT_VERSION_DIR: path.resolve(written.versionDir),
    CERTKIT_DOMAINS: domains,
    CERTKIT_NOT_AFTER: written.issued.notAfter.toISOString(),
    RENEWED_LINEAGE: out,
    RENEWED_DOMAINS: domains,
  };
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(resolve => {
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
    lines(child.stdout, io.out);
    lines(child.stderr, io.err);
    child.once('error', error => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  if (result.code === 0) return;
  const why = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit status ${result.code}`;
  throw new CommandError(`renewed and wrote ${written.versionDir}, but --deploy-hook failed (${why}): ${command}`, HOOK_FAILED_EXIT_CODE);
}

function lines(stream: NodeJS.ReadableStream, to: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    parts.forEach(to);
  });
  stream.on('end', () => { if (rest) to(rest); });
}

/** Takes DIR/.renew.lock (holding our pid); a lock whose process is gone is taken over. Returns the release. */
function lock(dir: string): () => void {
  const file = path.join(dir, RENEW_LOCK);
  for (let attempt = 1; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' || attempt > 2) throw new CommandError(`cannot take ${file} (${code ?? (e as Error).message})`, 1);
    }
    const holder = Number.parseInt(readOr(file, ''), 10);
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      throw new CommandError(`another renewal (pid ${holder}) is running in ${dir}; nothing done (remove ${file} if that process is not cdk-certkit)`, 1);
    }
    fs.rmSync(file, { force: true }); // left by a run that died
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}
