// `cdk-certkit revoke`: the live certificate of --out revoked (RFC 8555 section 7.6), signed with the account key
// or with the certificate's own key.
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSecret } from './dns-options';
import { CliIo, CommandError, directoryUrlOf, SIGNAL_EXIT_CODES } from './issue-command';
import { RENEWAL_RECORD, REVOCATION_REASONS, RevokeArgs, UsageError } from './options';
import { readRecord } from './renewal-record';
import { AcmeSession } from '../acme/acme-session';
import { DeadlineError, InterruptedError } from '../acme/retry';
import { dnsNames } from '../certificate';
import { DEFAULT_RUN_TIMEOUT_MS } from '../issue';

export async function revokeCommand(args: RevokeArgs, io: CliIo): Promise<void> {
  const out = args.out ?? '.';
  const reason = args.reason === undefined ? undefined : REVOCATION_REASONS[args.reason];
  if (args.reason !== undefined && reason === undefined) {
    throw new UsageError(`--reason '${args.reason}' is not one of ${Object.keys(REVOCATION_REASONS).join(', ')}`);
  }
  if (args.key !== undefined && args.key !== 'account' && args.key !== 'certificate') {
    throw new UsageError(`--key '${args.key}' is not account or certificate`);
  }
  const record = fs.existsSync(path.join(out, RENEWAL_RECORD)) ? readRecord(out) : undefined;
  const directory = args.directory ?? record?.options.directory;
  if (!directory) throw new UsageError(`--directory is required: ${out} has no ${RENEWAL_RECORD} naming the CA`);
  const caBundle = args['ca-bundle'] ?? record?.options['ca-bundle'];
  const accountKeyFile = args['account-key-file'] ?? record?.options['account-key-file'];
  const useAccount = args.key === 'account' || (args.key === undefined && accountKeyFile !== undefined);
  if (useAccount && !accountKeyFile) {
    throw new UsageError(`--key account needs --account-key-file F (${out}'s issue run used none); or sign with --key certificate`);
  }
  const certFile = path.join(out, 'cert.pem');
  const certificate = readCertificate(certFile);
  const signingKeyPem = readSecret(useAccount ? accountKeyFile! : path.join(out, 'privkey.pem'));

  const run = new AbortController();
  const timer = setTimeout(() => run.abort(new DeadlineError(DEFAULT_RUN_TIMEOUT_MS)), DEFAULT_RUN_TIMEOUT_MS);
  const onAbort = () => run.abort(io.signal?.reason);
  io.signal?.addEventListener('abort', onAbort, { once: true });
  const names = dnsNames(certificate).join(', ');
  try {
    const acme = await AcmeSession.open({
      directoryUrl: directoryUrlOf(directory),
      caBundlePem: caBundle ? readSecret(caBundle) : undefined,
      accountKeyPem: signingKeyPem,
      signal: run.signal,
    });
    if (useAccount) await acme.findAccount();
    await acme.revokeCertificate(certificate.raw, reason);
  } catch (e) {
    const stopped = run.signal.reason instanceof InterruptedError ? SIGNAL_EXIT_CODES[run.signal.reason.signalName] : undefined;
    throw new CommandError(`revoking ${certFile} (${names}, serial ${certificate.serialNumber}): ${(e as Error).message}`, stopped ?? 1);
  } finally {
    clearTimeout(timer);
    io.signal?.removeEventListener('abort', onAbort);
  }
  if (!args.quiet) {
    io.out(`revoked ${certFile} (${names}, serial ${certificate.serialNumber})${args.reason ? `, reason ${args.reason}` : ''}, `
      + `signed with the ${useAccount ? 'account key' : 'certificate\'s key'}`);
    io.out(`the files stay in ${out}; \`cdk-certkit renew --force --out ${out}\` replaces them`);
  }
}

function readCertificate(file: string): X509Certificate {
  try {
    return new X509Certificate(fs.readFileSync(file));
  } catch (e) {
    throw new CommandError(`cannot read the certificate ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1);
  }
}
