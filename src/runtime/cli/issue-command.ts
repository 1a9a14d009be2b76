// `cdk-certkit issue`: options to an IssueRequest, the issuance, and the files it writes.
import { dnsProviderFrom, readSecret } from './dns-options';
import { IssueArgs, UsageError } from './options';
import { loadOrCreateAccountKey, writeCertificateFiles } from './output-files';
import { issueCertificate } from '../issue';
import { isKeyType, KEY_TYPES } from '../keys';
import { ExternalAccountBinding } from '../types';

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  out(line: string): void;
  err(line: string): void;
}

const DIRECTORY_ALIASES: Record<string, string> = {
  'letsencrypt': 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
};

export async function issueCommand(args: IssueArgs, io: CliIo): Promise<void> {
  if (!args.directory) throw new UsageError('--directory is required (a URL, letsencrypt or letsencrypt-staging)');
  const directoryUrl = DIRECTORY_ALIASES[args.directory] ?? args.directory;
  if (!/^https?:\/\//.test(directoryUrl)) throw new UsageError(`--directory '${args.directory}' is not a URL`);
  if (!args.domain?.length) throw new UsageError('--domain is required');
  const keyType = args['key-type'] ?? 'ec256';
  if (!isKeyType(keyType)) throw new UsageError(`--key-type '${keyType}' is not one of ${KEY_TYPES.join(', ')}`);
  const propagation = args['propagation-timeout'];
  if (propagation !== undefined && !/^\d+$/.test(propagation)) throw new UsageError('--propagation-timeout must be whole seconds');
  const dns = dnsProviderFrom(args, io.env);
  const caBundlePem = args['ca-bundle'] ? readSecret(args['ca-bundle']) : undefined;
  const externalAccountBinding = eabFrom(args, io.env);
  const accountKeyPem = args['account-key-file'] ? await loadOrCreateAccountKey(args['account-key-file']) : undefined;

  const issued = await issueCertificate({
    directoryUrl,
    caBundlePem,
    email: args.email,
    domains: args.domain,
    keyType,
    accountKeyPem,
    externalAccountBinding,
    profile: args.profile,
    dns,
    propagationTimeoutMs: propagation === undefined ? undefined : Number(propagation) * 1000,
    onProgress: args.quiet ? undefined : line => io.out(line),
  });
  const files = writeCertificateFiles(args.out ?? '.', issued);
  issued.warnings?.forEach(w => io.err(`warning: ${w}`));
  if (!args.quiet) io.out(`wrote ${files.join(', ')}`);
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
