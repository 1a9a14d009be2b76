// The subcommands' options: one table per command drives parsing and --help, so every option is documented.
import { parseArgs } from 'node:util';
import { DIRECTORY_RETRY } from '../acme/acme-session';
import { DEFAULT_RETRY } from '../acme/retry';
import { MANUAL_WAIT_MS } from '../challenges/manual-dns';
import { DEFAULT_CLEANUP_TIMEOUT_MS } from '../dns01';
import { DEFAULT_RUN_TIMEOUT_MS } from '../issue';

interface OptionSpec {
  readonly name: string;
  /** Placeholder for the value; absent for flags. */
  readonly value?: string;
  readonly multiple?: boolean;
  readonly help: string;
}

/** Seconds the whole run may take unless --timeout says otherwise. */
export const DEFAULT_TIMEOUT_S = DEFAULT_RUN_TIMEOUT_MS / 1000;

/** RFC 5280 CRLReason codes the CAs accept in an ACME revocation (RFC 8555 section 7.6). */
export const REVOCATION_REASONS: Readonly<Record<string, number>> = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
};

/** The file in --out where `issue` records how to renew (no secrets: files and environment variables by name). */
export const RENEWAL_RECORD = 'renewal.json';

type Groups = ReadonlyArray<[string, OptionSpec[]]>;

const ISSUE_GROUPS: Groups = [
  ['ACME', [
    { name: 'directory', value: 'URL', help: 'ACME directory URL, or letsencrypt / letsencrypt-staging (required)' },
    { name: 'ca-bundle', value: 'PEM', help: 'PEM file of CAs to trust for the ACME server\'s TLS (private or test CAs)' },
    { name: 'email', value: 'E', help: 'contact e-mail for the ACME account' },
    { name: 'account-key-file', value: 'F', help: 'PEM account key; created (mode 0600) when missing. Without it a new account is made each run' },
    { name: 'eab-kid', value: 'KID', help: 'External Account Binding key ID' },
    { name: 'eab-hmac-key-file', value: 'F', help: 'file holding the EAB HMAC key (base64url); or set CERTKIT_EAB_HMAC_KEY' },
    { name: 'profile', value: 'NAME', help: 'ACME profile to request, when the CA offers profiles' },
  ]],
  ['Certificate', [
    { name: 'domain', value: 'NAME', multiple: true, help: 'a name for the certificate, repeatable; the first is the common name; *.NAME for a wildcard (DNS-01 only)' },
    { name: 'key-type', value: 'T', help: 'ec256 (default), ec384, rsa2048, rsa3072 or rsa4096' },
    { name: 'out', value: 'DIR', help: `where to write cert.pem, chain.pem, fullchain.pem and privkey.pem (mode 0600), links into DIR/live, and ${RENEWAL_RECORD}; default .` },
  ]],
  ['Challenge (exactly one of --dns, --http/--http-port, --webroot, --tls-alpn/--tls-alpn-port)', [
    { name: 'dns', value: 'P', help: 'DNS-01 through route53, cloudflare, rfc2136, or manual (you create the TXT records; see below)' },
    { name: 'http', help: 'HTTP-01, answered by a server of its own on port 80, listening only while a challenge is pending' },
    { name: 'http-port', value: 'PORT', help: 'the same on PORT (behind a proxy or NAT that forwards port 80 there)' },
    { name: 'webroot', value: 'DIR', help: 'HTTP-01 through the web server serving DIR: writes DIR/.well-known/acme-challenge/TOKEN, removed afterwards' },
    { name: 'tls-alpn', help: 'TLS-ALPN-01 (RFC 8737), answered by a TLS server of its own on port 443 (acme-tls/1), only while pending' },
    { name: 'tls-alpn-port', value: 'PORT', help: 'the same on PORT' },
  ]],
  ['DNS-01', [
    { name: 'propagation-timeout', value: 'S', help: `seconds to wait for the TXT records on the authoritative servers; default 120 (manual: ${MANUAL_WAIT_MS / 1000})` },
    { name: 'route53-hosted-zone-id', value: 'ID', help: 'Route53 zone to use instead of the longest matching public zone (credentials: AWS default chain)' },
    { name: 'cloudflare-token-file', value: 'F', help: 'file holding the Cloudflare API token (Zone:Read, DNS:Edit); or set CLOUDFLARE_API_TOKEN' },
    { name: 'cloudflare-zone-id', value: 'ID', help: 'Cloudflare zone to use instead of the longest matching zone' },
    { name: 'rfc2136-server', value: 'HOST:PORT', help: 'primary server accepting dynamic updates (port 53 when omitted)' },
    { name: 'rfc2136-zone', value: 'ZONE', help: 'zone to update; default: the zone whose SOA the server returns' },
    { name: 'tsig-key-name', value: 'N', help: 'TSIG key name (default: from the key file)' },
    { name: 'tsig-algorithm', value: 'A', help: 'hmac-sha256 or hmac-sha512 (default: from the key file, else hmac-sha256)' },
    { name: 'tsig-secret-file', value: 'F', help: 'file holding the base64 TSIG secret, or a BIND key file (tsig-keygen output)' },
    { name: 'manual-nameserver', value: 'HOST:PORT', multiple: true, help: '--dns manual: server to ask whether the records are served, repeatable; default the zone\'s NS records' },
  ]],
  ['Limits', [
    { name: 'timeout', value: 'S', help: `stop the whole run after S seconds (default ${DEFAULT_TIMEOUT_S}; --dns manual: ${MANUAL_WAIT_MS / 1000 + 300}); see "Time limits" below` },
  ]],
  ['Other', [
    { name: 'quiet', help: 'print errors and warnings only (warnings, such as TXT records left behind, still go to stderr; so do --dns manual\'s instructions, on stdout)' },
    { name: 'version', help: 'print the version and exit' },
    { name: 'help', help: 'show this help' },
  ]],
];

const RENEW_GROUPS: Groups = [
  ['Renew', [
    { name: 'out', value: 'DIR', help: `the directory \`issue --out\` wrote (it holds ${RENEWAL_RECORD}); default .` },
    { name: 'force', help: 'renew even though the certificate is not due' },
    { name: 'deploy-hook', value: 'CMD', help: 'shell command run after a successful renewal, with the new paths in its environment (see above)' },
    { name: 'timeout', value: 'S', help: 'stop the renewal after S seconds (default: what issue recorded, else the issue default)' },
    { name: 'quiet', help: 'print errors, warnings and the hook\'s output only' },
    { name: 'help', help: 'show this help' },
  ]],
];

const REVOKE_GROUPS: Groups = [
  ['Revoke', [
    { name: 'out', value: 'DIR', help: 'the directory `issue --out` wrote; its live cert.pem is revoked; default .' },
    { name: 'reason', value: 'R', help: `${Object.keys(REVOCATION_REASONS).join(', ')}; default: none given (unspecified)` },
    { name: 'key', value: 'K', help: 'sign with the account key (account: default when issue recorded --account-key-file) or the certificate\'s own key (certificate)' },
    { name: 'account-key-file', value: 'F', help: 'the account key to sign with, instead of the one issue recorded' },
    { name: 'directory', value: 'URL', help: 'ACME directory, instead of the one issue recorded' },
    { name: 'ca-bundle', value: 'PEM', help: 'PEM file of CAs to trust for the ACME server\'s TLS, instead of the one issue recorded' },
    { name: 'quiet', help: 'print errors only' },
    { name: 'help', help: 'show this help' },
  ]],
];

const specsOf = (groups: Groups) => groups.flatMap(([, specs]) => specs);

const TIME_LIMITS = [
  'Time limits:',
  `  The run stops after --timeout (default ${DEFAULT_TIMEOUT_S} s) wherever it is, and removes the TXT records it published.`,
  `  Each request to the ACME server: at most ${DEFAULT_RETRY.attemptTimeoutMs / 1000} s per attempt and ${DEFAULT_RETRY.requestTimeoutMs / 1000} s`
    + ` with its retries (${DEFAULT_RETRY.attempts} attempts, ${DEFAULT_RETRY.nonceAttempts} when nonces are rejected).`,
  `  The first request, for the directory: ${DIRECTORY_RETRY.requestTimeoutMs / 1000} s; an address that is not an ACME server fails then.`,
  `  Removing the TXT records afterwards: at most ${DEFAULT_CLEANUP_TIMEOUT_MS / 1000} s more; a rejected key or signature is not retried.`,
];

const EXIT_STATUS = [
  'Exit status:',
  '  0 issued and written, 1 failed, 2 usage error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).',
  '  On SIGINT or SIGTERM the TXT records already published are removed first; a second signal exits at once.',
];

const MANUAL_DNS = [
  'Manual DNS-01 (--dns manual):',
  '  Prints each TXT record to create ("dns manual: create NAME. TXT "VALUE""), waits until the authoritative servers',
  '  serve them all (or Enter is pressed), has the CA validate, then prints the records to delete ("dns manual: delete ...").',
];

const RENEW_TEXT = [
  'Renews the certificate in --out with the options `issue` recorded there, when it is due: inside the CA\'s ARI',
  'window (RFC 9773) when the CA offers one, else once less than 1/3 of its lifetime is left. Not due: nothing happens.',
  'The new set is written like `issue` writes it (a new DIR/.versions/<time>/, DIR/live switched in one step); the',
  'previous sets stay in DIR/.versions. Secrets are read again from the files and environment variables recorded.',
  'DIR/.renew.lock is held while a renewal runs: an overlapping run (cron, timer) stops with exit status 1.',
  '',
  'Deploy hook environment: CERTKIT_OUT (DIR), CERTKIT_CERT, CERTKIT_CHAIN, CERTKIT_FULLCHAIN, CERTKIT_PRIVKEY',
  '(DIR/cert.pem ... through DIR/live), CERTKIT_VERSION_DIR (the new DIR/.versions/<time>), CERTKIT_DOMAINS',
  '(space-separated), CERTKIT_NOT_AFTER (ISO 8601); certbot\'s RENEWED_LINEAGE (DIR) and RENEWED_DOMAINS as well.',
  '',
  'Exit status:',
  '  0 renewed (and the hook succeeded), or not due yet; 1 renewal failed or another one is running (the previous set is still live);',
  '  2 usage error or no renewal record in DIR; 3 renewed and written, but the deploy hook failed;',
  '  130 interrupted (SIGINT), 143 terminated (SIGTERM).',
];

const REVOKE_TEXT = [
  'Revokes the live certificate of --out (RFC 8555 section 7.6), signed with the account key or the certificate\'s',
  'own key (privkey.pem). The files stay in place; `cdk-certkit renew --force --out DIR` replaces them.',
  '',
  'Exit status:',
  '  0 revoked, 1 failed (the CA refused, e.g. already revoked), 2 usage error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).',
];


export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type IssueArgs = Partial<Record<string, string>> & {
  'domain'?: string[];
  'manual-nameserver'?: string[];
  'quiet'?: boolean;
  'help'?: boolean;
  'version'?: boolean;
  'http'?: boolean;
  'tls-alpn'?: boolean;
};
export type RenewArgs = Partial<Record<string, string>> & { force?: boolean; quiet?: boolean; help?: boolean };
export type RevokeArgs = Partial<Record<string, string>> & { quiet?: boolean; help?: boolean };

function parseWith<T>(groups: Groups, argv: string[]): T {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(specsOf(groups).map(s => [s.name, { type: s.value ? 'string' : 'boolean', multiple: s.multiple === true }])) as
        Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>,
    });
    return values as T;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export const parseIssueArgs = (argv: string[]): IssueArgs => parseWith<IssueArgs>(ISSUE_GROUPS, argv);
export const parseRenewArgs = (argv: string[]): RenewArgs => parseWith<RenewArgs>(RENEW_GROUPS, argv);
export const parseRevokeArgs = (argv: string[]): RevokeArgs => parseWith<RevokeArgs>(REVOKE_GROUPS, argv);

const COMMANDS_TEXT = [
  'Commands:',
  '  issue   order a certificate and write it to --out (DNS-01, HTTP-01 or TLS-ALPN-01)',
  '  renew   renew what issue wrote to --out, when it is due (or --force); --deploy-hook CMD afterwards',
  '  revoke  revoke the certificate in --out',
  '  cdk-certkit COMMAND --help shows a command\'s options.',
];

/** The help of `command` (default: issue's, with the list of commands, as `cdk-certkit --help` prints it). */
export function usage(command: 'issue' | 'renew' | 'revoke' = 'issue'): string {
  if (command === 'renew') {
    return helpText('Usage: cdk-certkit renew [--out DIR] [--force] [--deploy-hook CMD]', RENEW_GROUPS, RENEW_TEXT);
  }
  if (command === 'revoke') {
    return helpText(`Usage: cdk-certkit revoke [--out DIR] [--reason ${Object.keys(REVOCATION_REASONS).join('|')}] [--key account|certificate]`,
      REVOKE_GROUPS, REVOKE_TEXT);
  }
  return [
    'Usage: cdk-certkit issue --directory URL --domain NAME [--domain NAME ...] (--dns P | --http[-port PORT] | --webroot DIR | --tls-alpn[-port PORT]) [options]',
    '       cdk-certkit renew [--out DIR] [--force] [--deploy-hook CMD]',
    '       cdk-certkit revoke [--out DIR] [--reason R]',
    '       cdk-certkit --version | --help',
    '',
    'Issues a certificate over ACME and writes it to --out: each set into DIR/.versions/<time>/, then',
    'DIR/live is switched to it in one step (DIR/cert.pem and the others resolve through it); previous sets are kept.',
    `DIR/${RENEWAL_RECORD} records the options for \`renew\` (file names and environment variable names, never secrets).`,
    '',
    ...COMMANDS_TEXT,
    ...groupLines(ISSUE_GROUPS),
    '',
    ...MANUAL_DNS,
    '',
    ...TIME_LIMITS,
    '',
    ...EXIT_STATUS,
    '',
  ].join('\n');
}

function helpText(first: string, groups: Groups, text: string[]): string {
  return [first, '', ...text, ...groupLines(groups), ''].join('\n');
}

function groupLines(groups: Groups): string[] {
  const width = Math.max(...specsOf(groups).map(s => flag(s).length));
  return groups.flatMap(([group, specs]) => ['', `${group}:`, ...specs.map(s => `  ${flag(s).padEnd(width)}  ${s.help}`)]);
}

function flag(spec: OptionSpec): string {
  return `--${spec.name}${spec.value ? ` ${spec.value}` : ''}`;
}
