// The `issue` subcommand's options: one table drives parsing and --help, so every option is documented.
import { parseArgs } from 'node:util';
import { DIRECTORY_RETRY } from '../acme/acme-session';
import { DEFAULT_RETRY } from '../acme/retry';
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

const GROUPS: ReadonlyArray<[string, OptionSpec[]]> = [
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
    { name: 'domain', value: 'NAME', multiple: true, help: 'a name for the certificate, repeatable; the first is the common name; *.NAME for a wildcard' },
    { name: 'key-type', value: 'T', help: 'ec256 (default), ec384, rsa2048, rsa3072 or rsa4096' },
    { name: 'out', value: 'DIR', help: 'where to write cert.pem, chain.pem, fullchain.pem and privkey.pem (mode 0600), links into DIR/live; default .' },
  ]],
  ['DNS-01', [
    { name: 'dns', value: 'P', help: 'route53, cloudflare or rfc2136 (required)' },
    { name: 'propagation-timeout', value: 'S', help: 'seconds to wait for the TXT records on the authoritative servers; default 120' },
    { name: 'route53-hosted-zone-id', value: 'ID', help: 'Route53 zone to use instead of the longest matching public zone (credentials: AWS default chain)' },
    { name: 'cloudflare-token-file', value: 'F', help: 'file holding the Cloudflare API token (Zone:Read, DNS:Edit); or set CLOUDFLARE_API_TOKEN' },
    { name: 'cloudflare-zone-id', value: 'ID', help: 'Cloudflare zone to use instead of the longest matching zone' },
    { name: 'rfc2136-server', value: 'HOST:PORT', help: 'primary server accepting dynamic updates (port 53 when omitted)' },
    { name: 'rfc2136-zone', value: 'ZONE', help: 'zone to update; default: the zone whose SOA the server returns' },
    { name: 'tsig-key-name', value: 'N', help: 'TSIG key name (default: from the key file)' },
    { name: 'tsig-algorithm', value: 'A', help: 'hmac-sha256 or hmac-sha512 (default: from the key file, else hmac-sha256)' },
    { name: 'tsig-secret-file', value: 'F', help: 'file holding the base64 TSIG secret, or a BIND key file (tsig-keygen output)' },
  ]],
  ['Limits', [
    { name: 'timeout', value: 'S', help: `stop the whole run after S seconds (default ${DEFAULT_TIMEOUT_S}); see "Time limits" below` },
  ]],
  ['Other', [
    { name: 'quiet', help: 'print errors and warnings only (warnings, such as TXT records left behind, still go to stderr)' },
    { name: 'version', help: 'print the version and exit' },
    { name: 'help', help: 'show this help' },
  ]],
];

const SPECS = GROUPS.flatMap(([, specs]) => specs);

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


export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type IssueArgs = Partial<Record<string, string>> & { domain?: string[]; quiet?: boolean; help?: boolean; version?: boolean };

export function parseIssueArgs(argv: string[]): IssueArgs {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(SPECS.map(s => [s.name, { type: s.value ? 'string' : 'boolean', multiple: s.multiple === true }])) as
        Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>,
    });
    return values as IssueArgs;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function usage(): string {
  const width = Math.max(...SPECS.map(s => flag(s).length));
  return [
    'Usage: cdk-certkit issue --directory URL --domain NAME [--domain NAME ...] --dns P [options]',
    '       cdk-certkit --version | --help',
    '',
    'Issues a certificate over ACME with DNS-01 and writes it to --out: each set into DIR/.versions/<time>/, then',
    'DIR/live is switched to it in one step (DIR/cert.pem and the others resolve through it); previous sets are kept.',
    ...GROUPS.flatMap(([group, specs]) => ['', `${group}:`, ...specs.map(s => `  ${flag(s).padEnd(width)}  ${s.help}`)]),
    '',
    ...TIME_LIMITS,
    '',
    ...EXIT_STATUS,
    '',
  ].join('\n');
}

function flag(spec: OptionSpec): string {
  return `--${spec.name}${spec.value ? ` ${spec.value}` : ''}`;
}
