// Minimal HTTP(S) client on node:http(s): per-request CA bundles and keep-alive, which global fetch lacks in Node 20.
import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpRequest {
  readonly method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** PEM trust anchors for HTTPS instead of Node's defaults. */
  readonly caBundlePem?: string;
  /** The whole exchange (connect, send, response) is given this long. Default 15 s. */
  readonly timeoutMs?: number;
  /** Aborting it ends the exchange at once, failing with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A connection-level failure (reset, timeout, refused, an untrusted TLS certificate), with the Node error code. */
export class TransportError extends Error {
  constructor(readonly url: string, readonly code: string, message: string) {
    super(`${url}: ${code}${message && message !== code ? ` (${message})` : ''}`);
    this.name = 'TransportError';
  }

  /** The server's TLS certificate is not trusted here (a private or test CA, or a wrong host name). */
  get untrustedTls(): boolean {
    return UNTRUSTED_TLS_CODES.has(this.code);
  }
}

const UNTRUSTED_TLS_CODES = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE']);

export const DEFAULT_HTTP_TIMEOUT_MS = 15_000;

// One keep-alive agent per trust store: an issuance makes ~20 requests to the same host.
const agents = new Map<string, https.Agent>();
const plainAgent = new http.Agent({ keepAlive: true });

function agentFor(url: URL, caBundlePem?: string): http.Agent {
  if (url.protocol === 'http:') return plainAgent;
  const key = caBundlePem ?? '';
  let agent = agents.get(key);
  if (!agent) {
    agent = new https.Agent({ keepAlive: true, ...(caBundlePem ? { ca: caBundlePem } : {}) });
    agents.set(key, agent);
  }
  return agent;
}

export function httpRequest(url: string, request: HttpRequest = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'http:' ? http : https;
  const headers: Record<string, string> = { 'user-agent': 'cdk-certkit', ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  const timeoutMs = request.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const signal = request.signal;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => req.destroy(signal!.reason as Error);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (e: Error & { code?: string }) => {
      done();
      reject(signal?.aborted ? signal.reason : asTransportError(url, e));
    };
    const req = transport.request(target, { method: request.method ?? 'GET', headers, agent: agentFor(target, request.caBundlePem) },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          done();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
    // A bound on the whole exchange, not on idle time: a server trickling bytes cannot hold a request open.
    timer = setTimeout(() => req.destroy(Object.assign(new Error(`no complete response within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })),
      timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.end(request.body);
  });
}

function asTransportError(url: string, e: Error & { code?: string }): TransportError {
  return new TransportError(url, e.code ?? 'ERR_NETWORK', e.message);
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds from now. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
