// One account's conversation with an ACME server: directory, nonces, signed requests with retries, polling.
import { httpRequest, HttpResponse, retryAfterMs, TransportError } from './http-transport';
import { accountKeyFromPem, AccountKey, eabJws, signJws } from './jws';
import { AcmeError, problemFromBody } from './problem';
import { backoffMs, DEFAULT_RETRY, RetryPolicy, sleep, Sleep, untilAborted, withRetry } from './retry';
import { ExternalAccountBinding } from '../types';

export interface AcmeDirectory {
  readonly newNonce: string;
  readonly newAccount: string;
  readonly newOrder: string;
  /** Certificate revocation (RFC 8555 section 7.6). */
  readonly revokeCert?: string;
  /** RFC 9773 ACME Renewal Information, when the CA offers it. */
  readonly renewalInfo?: string;
  readonly meta?: {
    readonly termsOfService?: string;
    readonly externalAccountRequired?: boolean;
    /** ACME profiles the CA offers: name to description. */
    readonly profiles?: Readonly<Record<string, string>>;
  };
}

export interface AcmeConnection {
  readonly directoryUrl: string;
  readonly caBundlePem?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Replaceable for tests; every wait goes through it. */
  readonly sleep?: Sleep;
  /** Ends every request and wait at once when aborted (the run's deadline, SIGINT), failing with its reason. */
  readonly signal?: AbortSignal;
}

export interface AcmeSessionOptions extends AcmeConnection {
  readonly accountKeyPem: string;
  readonly externalAccountBinding?: ExternalAccountBinding;
  /** Polling gives up after this long (default 5 minutes). */
  readonly pollTimeoutMs?: number;
}

export interface AcmeResponse<T> {
  readonly body: T;
  readonly location?: string;
  readonly retryAfterMs?: number;
}

/** GETs a JSON resource (the directory, ARI), retrying transient failures. */
export async function getAcmeJson<T>(url: string, connection: Omit<AcmeConnection, 'directoryUrl'>): Promise<AcmeResponse<T>> {
  const policy = { ...DEFAULT_RETRY, ...connection.retry };
  const res = await withRetry(timeoutMs => httpRequest(url, { caBundlePem: connection.caBundlePem, timeoutMs, signal: connection.signal })
    .then(failOnProblem), policy, connection.sleep, connection.signal);
  let body: T;
  try {
    body = JSON.parse(res.body) as T;
  } catch {
    throw new Error(`${url}: the response is not JSON (${String(res.headers['content-type'] ?? 'no content type')})`);
  }
  return { body, retryAfterMs: retryAfterMs(res.headers['retry-after']) };
}

/**
 * The first contact with a CA is given less time than other requests: an address that is not an ACME server
 * (a web page, a port that never answers) fails within this bound instead of being retried for minutes.
 */
export const DIRECTORY_RETRY: Pick<RetryPolicy, 'attemptTimeoutMs' | 'requestTimeoutMs'> = { attemptTimeoutMs: 10_000, requestTimeoutMs: 10_000 };

/** Reads the directory, failing with "is not an ACME directory" when the answer is not one. */
export async function fetchDirectory(connection: AcmeConnection): Promise<AcmeDirectory> {
  const url = connection.directoryUrl;
  let body: Partial<AcmeDirectory> | undefined;
  try {
    body = (await getAcmeJson<Partial<AcmeDirectory>>(url, { ...connection, retry: { ...DIRECTORY_RETRY, ...connection.retry } })).body;
  } catch (e) {
    if (connection.signal?.aborted) throw e;
    if (e instanceof TransportError && e.untrustedTls) throw e;
    throw new DirectoryError(url, e instanceof AcmeError ? `HTTP ${e.status}: ${e.message}` : (e as Error).message.replace(`${url}: `, ''));
  }
  const missing = (['newNonce', 'newAccount', 'newOrder'] as const).filter(k => typeof body?.[k] !== 'string');
  if (missing.length > 0) throw new DirectoryError(url, `the response has no ${missing.join(', ')}`);
  return body as AcmeDirectory;
}

/** The directory URL does not lead to an ACME server. */
export class DirectoryError extends Error {
  constructor(readonly url: string, reason: string) {
    super(`${url} is not an ACME directory (${reason})`);
    this.name = 'DirectoryError';
  }
}

function failOnProblem(res: HttpResponse): HttpResponse {
  if (res.status >= 400) throw new AcmeError(problemFromBody(res.status, res.body), res.status, retryAfterMs(res.headers['retry-after']));
  return res;
}

export class AcmeSession {
  static async open(options: AcmeSessionOptions): Promise<AcmeSession> {
    return new AcmeSession(options, await fetchDirectory(options));
  }

  readonly account: AccountKey;
  private accountUrl?: string;
  private readonly nonces: string[] = [];
  private readonly policy: RetryPolicy;
  private readonly sleep: Sleep;

  private constructor(private readonly options: AcmeSessionOptions, readonly directory: AcmeDirectory) {
    this.account = accountKeyFromPem(options.accountKeyPem);
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? sleep;
  }

  /** Registers the account, or finds the existing one for this key (HTTP 200). */
  async registerAccount(email?: string): Promise<{ url: string; created: boolean }> {
    const eab = this.options.externalAccountBinding;
    const payload = {
      termsOfServiceAgreed: true,
      ...(email ? { contact: [`mailto:${email}`] } : {}),
      ...(eab ? { externalAccountBinding: eabJws(eab, this.account, this.directory.newAccount) } : {}),
    };
    const res = await this.send(this.directory.newAccount, payload, false);
    if (!res.headers.location) throw new Error(`${this.directory.newAccount}: no account URL in the response`);
    this.accountUrl = res.headers.location;
    return { url: this.accountUrl, created: res.status === 201 };
  }

  /** The URL of the existing account for this key, without creating one (`onlyReturnExisting`). */
  async findAccount(): Promise<string> {
    const res = await this.send(this.directory.newAccount, { onlyReturnExisting: true }, false);
    if (!res.headers.location) throw new Error(`${this.directory.newAccount}: no account URL in the response`);
    this.accountUrl = res.headers.location;
    return this.accountUrl;
  }

  /**
   * Revokes a certificate (RFC 8555 section 7.6). Signed as the account once it is registered or found; otherwise
   * with this session's key itself as JWK, which is how the certificate's own key proves the right to revoke.
   */
  async revokeCertificate(certificateDer: Uint8Array, reason?: number): Promise<void> {
    const url = this.directory.revokeCert;
    if (!url) throw new Error(`${this.options.directoryUrl}: the CA offers no revokeCert`);
    await this.send(url, { certificate: Buffer.from(certificateDer).toString('base64url'), ...(reason === undefined ? {} : { reason }) },
      this.accountUrl !== undefined);
  }

  /** A signed request with the account URL as key ID; an undefined payload is a POST-as-GET. */
  async post<T>(url: string, payload?: unknown): Promise<AcmeResponse<T>> {
    const res = await this.send(url, payload, true);
    return {
      body: JSON.parse(res.body) as T,
      location: res.headers.location,
      retryAfterMs: retryAfterMs(res.headers['retry-after']),
    };
  }

  /** Downloads the certificate chain (PEM). */
  async certificateChain(url: string): Promise<string> {
    return (await this.send(url, undefined, true, 'application/pem-certificate-chain')).body;
  }

  /**
   * POST-as-GETs `url` until its status satisfies `settled`: quickly at first (50 ms, doubling to 1 s),
   * never sooner than the server's Retry-After.
   */
  async poll<T extends { status: string }>(url: string, settled: (status: string) => boolean): Promise<T> {
    const timeoutMs = this.options.pollTimeoutMs ?? 300_000;
    const deadline = Date.now() + timeoutMs;
    for (let n = 1; ; n++) {
      const res = await this.post<T>(url);
      if (settled(res.body.status)) return res.body;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${url}: still ${res.body.status} after ${timeoutMs / 1000} s`);
      await untilAborted(this.sleep(Math.min(left, Math.max(backoffMs(n, 50, 1_000), res.retryAfterMs ?? 0))), this.options.signal);
    }
  }

  private async send(url: string, payload: unknown, withKid: boolean, accept?: string): Promise<HttpResponse> {
    const kid = withKid ? this.requireAccountUrl() : undefined;
    const signal = this.options.signal;
    return withRetry(async timeoutMs => {
      const started = Date.now();
      const jws = signJws(this.account, { url, nonce: await this.nonce(timeoutMs), kid }, payload);
      const res = await httpRequest(url, {
        method: 'POST',
        headers: { 'content-type': 'application/jose+json', ...(accept ? { accept } : {}) },
        body: JSON.stringify(jws),
        caBundlePem: this.options.caBundlePem,
        timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)),
        signal,
      });
      this.keepNonce(res);
      return failOnProblem(res);
    }, this.policy, this.sleep, signal);
  }

  private requireAccountUrl(): string {
    if (!this.accountUrl) throw new Error('ACME account is not registered yet');
    return this.accountUrl;
  }

  // Every response carries a fresh nonce; keeping them saves a HEAD request per POST.
  private keepNonce(res: HttpResponse): void {
    const nonce = res.headers['replay-nonce'];
    if (typeof nonce === 'string') this.nonces.push(nonce);
  }

  private async nonce(timeoutMs: number): Promise<string> {
    const kept = this.nonces.pop();
    if (kept) return kept;
    const res = failOnProblem(await httpRequest(this.directory.newNonce,
      { method: 'HEAD', caBundlePem: this.options.caBundlePem, timeoutMs, signal: this.options.signal }));
    const nonce = res.headers['replay-nonce'];
    if (typeof nonce !== 'string') throw new Error(`${this.directory.newNonce}: no Replay-Nonce header`);
    return nonce;
  }
}
