// `cdk-certkit issue`: options to an IssueRequest, the issuance, and the files it writes (the certificate set and
// the renewal record `renew` reads).
import * as path from 'node:path';
import { challengeFrom } from './challenge-options';
import { readSecret } from './dns-options';
import { DEFAULT_TIMEOUT_S, IssueArgs, UsageError } from './options';
import { liveVersion, loadOrCreateAccountKey, OutputError, prepareOutputDir, VERSIONS_DIR, writeCertificateFiles } from './output-files';
import { recordFor, writeRecord } from './renewal-record';
import { LETS_ENCRYPT_PRODUCTION_DIRECTORY, LETS_ENCRYPT_STAGING_DIRECTORY } from '../../common/acme-directories';
import { MANUAL_WAIT_MS } from '../challenges/manual-dns';
import { issueCertificate } from '../issue';
import { IssueError } from '../issue-error';
import { isKeyType, KEY_TYPES } from '../keys';
import { ExternalAccountBinding, IssuedCertificate } from '../types';

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM (reason: an InterruptedError): the run stops and removes what it published. */
  readonly signal?: AbortSignal;
  /** Read by `--dns manual` for Enter ("the records are there"); the process's stdin. */
  readonly input?: NodeJS.ReadableStream;
  /** The clock `renew` decides by; default the system's. */
  now?(): Date;
  out(line: string): void;
  err(line: string): void;
}

/** What an issuance wrote. */
export interface WrittenSet {
  readonly out: string;
  /** DIR/cert.pem, DIR/chain.pem, DIR/fullchain.pem, DIR/privkey.pem. */
  readonly files: readonly string[];
  /** DIR/.versions/<version>, where DIR/live now points. */
  readonly versionDir: string;
  readonly issued: IssuedCertificate;
}

/** Seconds a --dns manual run is given by default: the wait for a person, and time for the rest. */
const MANUAL_TIMEOUT_S = MANUAL_WAIT_MS / 1000 + 300;

/** A failure the command has already put into words, with the exit status it calls for. */
export class CommandError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Exit statuses of a run stopped by a signal: 128 + the signal's number, as shells report it. */
export const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

const DIRECTORY_ALIASES: Record<string, string> = {
  'letsencrypt': LETS_ENCRYPT_PRODUCTION_DIRECTORY,
  'letsencrypt-staging': LETS_ENCRYPT_STAGING_DIRECTORY,
};

/** The directory URL for `--directory` (a URL, or one of the aliases). */
export function directoryUrlOf(directory: string): string {
  return DIRECTORY_ALIASES[directory] ?? directory;
}

export async function issueCommand(args: IssueArgs, io: CliIo): Promise<void> {
  await issueInto(args, io);
}

/**
 * The issuance `args` ask for, written to --out with its renewal record (of `record`, default `args`). `replaces`
 * is the ARI identifier of the certificate a renewal replaces.
 */
export async function issueInto(args: IssueArgs, io: CliIo,
  extras: { readonly replaces?: string; readonly record?: IssueArgs } = {}): Promise<WrittenSet> {
  if (!args.directory) throw new UsageError('--directory is required (a URL, letsencrypt or letsencrypt-staging)');
  const directoryUrl = directoryUrlOf(args.directory);
  if (!/^https?:\/\//.test(directoryUrl)) throw new UsageError(`--directory '${args.directory}' is not a URL`);
  if (!args.domain?.length) throw new UsageError('--domain is required');
  const keyType = args['key-type'] ?? 'ec256';
  if (!isKeyType(keyType)) throw new UsageError(`--key-type '${keyType}' is not one of ${KEY_TYPES.join(', ')}`);
  const propagation = wholeSeconds(args, 'propagation-timeout');
  const given = wholeSeconds(args, 'timeout');
  if (given !== undefined && given <= 0) throw new UsageError('--timeout must be at least 1 second');
  const challenge = challengeFrom(args, io, args.dns === 'manual' && propagation !== undefined ? propagation * 1000 : undefined);
  const timeout = given ?? (challenge.manual ? MANUAL_TIMEOUT_S : DEFAULT_TIMEOUT_S);
  const caBundlePem = args['ca-bundle'] ? readSecret(args['ca-bundle']) : undefined;
  const externalAccountBinding = eabFrom(args, io.env);
  const accountKeyPem = args['account-key-file'] ? await loadOrCreateAccountKey(args['account-key-file']) : undefined;
  const out = args.out ?? '.';
  // Found before ordering: a certificate issued into a directory that cannot take it would spend a rate limit.
  const discardOutputDir = prepareOutputDir(out);
  const warn = (line: string) => io.err(`warning: ${line}`); // on stderr, and not hidden by --quiet

  let issued;
  try {
    issued = await issueCertificate({
      directoryUrl,
      caBundlePem,
      email: args.email,
      domains: args.domain,
      keyType,
      accountKeyPem,
      externalAccountBinding,
      profile: args.profile,
      dns: challenge.dns,
      solver: challenge.solver,
      replaces: extras.replaces,
      propagationTimeoutMs: propagation === undefined ? undefined : propagation * 1000,
      onProgress: args.quiet ? undefined : line => io.out(line),
    }, { timeoutMs: timeout * 1000, signal: io.signal, cleanup: { warn } });
  } catch (e) {
    discardOutputDir();
    throw explain(e, args, timeout);
  }
  let files: string[];
  try {
    files = writeCertificateFiles(out, issued);
  } catch (e) {
    if (e instanceof OutputError) throw new CommandError(e.message, 1);
    throw e;
  }
  if (!args.quiet) io.out(`wrote ${files.join(', ')}`);
  try {
    writeRecord(out, recordFor(extras.record ?? args, io.env, io.now?.() ?? new Date()));
  } catch (e) {
    warn(`could not write the renewal record in ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); `
      + '`cdk-certkit renew` cannot renew this directory until an issue run writes it');
  }
  return { out, files, versionDir: path.join(out, VERSIONS_DIR, liveVersion(out) ?? ''), issued };
}

/** The core's failure with what a command-line user can do about it, and the exit status. */
function explain(e: unknown, args: IssueArgs, timeoutS: number): unknown {
  if (!(e instanceof IssueError)) return e;
  const hints: string[] = [];
  if (e.untrustedTls) {
    hints.push(args['ca-bundle']
      ? `the server's TLS certificate is not signed by a CA in --ca-bundle ${args['ca-bundle']}`
      : 'the server\'s TLS certificate is not trusted; for a private or test CA, pass its CA certificate with --ca-bundle FILE');
  }
  if (e.stoppedBy === 'deadline') hints.push(`raise --timeout (now ${timeoutS} s) if the CA or DNS is just slow`);
  const code = e.stoppedBy ? SIGNAL_EXIT_CODES[e.stoppedBy] ?? 1 : 1;
  return new CommandError(`${e.message}${hints.map(h => ` (${h})`).join('')}`, code);
}

function wholeSeconds(args: IssueArgs, option: string): number | undefined {
  const value = args[option];
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${option} must be whole seconds`);
  return Number(value);
}

function eabFrom(args: IssueArgs, env: NodeJS.ProcessEnv): ExternalAccountBinding | undefined {
  const hmacKey = args['eab-hmac-key-file'] ? readSecret(args['eab-hmac-key-file']) : env.CERTKIT_EAB_HMAC_KEY;
  if (!args['eab-kid']) {
    if (args['eab-hmac-key-file']) throw new UsageError('--eab-hmac-key-file needs --eab-kid');
    return undefined;
  }
  if (!hmacKey) throw new UsageError('--eab-kid needs --eab-hmac-key-file or CERTKIT_EAB_HMAC_KEY');
  return { kid: args['eab-kid'], hmacKey };
}
