// DIR/renewal.json: what `issue` was asked, so that `renew` can ask it again. No secrets: only the options, whose
// secret-bearing ones are file names (made absolute), and the names of the environment variables the run read.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IssueArgs, RENEWAL_RECORD, UsageError } from './options';

/** Options whose value is a file: recorded as absolute paths, so that `renew` works from any directory. */
const FILE_OPTIONS = ['ca-bundle', 'account-key-file', 'eab-hmac-key-file', 'cloudflare-token-file', 'tsig-secret-file', 'webroot'];
/** Options that describe one run, not the certificate: never recorded. */
const RUN_ONLY = ['out', 'quiet', 'help', 'version'];

export interface RenewalRecord {
  readonly version: 1;
  /** The `issue` options, without the run-only ones. */
  readonly options: IssueArgs;
  /** Environment variables the issuance read secrets or credentials from; `renew` reads them again. */
  readonly environment: readonly string[];
  /** When `issue` or the last `renew` wrote this record. */
  readonly writtenAt: string;
}

/** The record for `args`; `env` tells which environment variables the run really read. */
export function recordFor(args: IssueArgs, env: NodeJS.ProcessEnv, now: Date): RenewalRecord {
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined || RUN_ONLY.includes(name)) continue;
    options[name] = FILE_OPTIONS.includes(name) && typeof value === 'string' ? path.resolve(value) : value;
  }
  const environment: string[] = [];
  if (args.dns === 'cloudflare' && !args['cloudflare-token-file']) environment.push('CLOUDFLARE_API_TOKEN');
  if (args['eab-kid'] && !args['eab-hmac-key-file']) environment.push('CERTKIT_EAB_HMAC_KEY');
  if (args.dns === 'route53') {
    environment.push(...['AWS_PROFILE', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']
      .filter(name => env[name] !== undefined));
  }
  return { version: 1, options: options as IssueArgs, environment, writtenAt: now.toISOString() };
}

/** Writes the record into `dir` whole (temporary file, then rename). */
export function writeRecord(dir: string, record: RenewalRecord): string {
  const file = path.join(dir, RENEWAL_RECORD);
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, `${JSON.stringify(record, undefined, 2)}\n`, { mode: 0o644, flag: 'wx' });
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return file;
}

/** The record in `dir`; a usage error (exit 2) when there is none or it cannot be read. */
export function readRecord(dir: string): RenewalRecord {
  const file = path.join(dir, RENEWAL_RECORD);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT'
      ? `${file} not found: renew and revoke work on a directory \`cdk-certkit issue --out ${dir}\` wrote`
      : `cannot read ${file}: ${code ?? (e as Error).message}`);
  }
  let record: Partial<RenewalRecord>;
  try {
    record = JSON.parse(text) as Partial<RenewalRecord>;
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
  if (record.version !== 1 || typeof record.options !== 'object' || record.options === null) {
    throw new UsageError(`${file} is not a renewal record of this version of cdk-certkit (version ${String(record.version)})`);
  }
  return { version: 1, options: record.options, environment: record.environment ?? [], writtenAt: record.writtenAt ?? '' };
}
