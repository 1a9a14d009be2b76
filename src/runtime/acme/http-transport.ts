// Minimal HTTP(S) client on node:http(s): per-request CA bundles and keep-alive, which global fetch lacks in Node 20.
import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpRequest {
  readonly method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** PEM trust anchors for HTTPS instead of Node's defaults. */
  readonly caBundlePem?: string;
  readonly timeoutMs?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A connection-level failure (reset, timeout, refused), with the Node error code. */
export class TransportError extends Error {
  constructor(readonly url: string, readonly code: string, message: string) {
    super(`${url}: ${code}${message && message !== code ? ` (${message})` : ''}`);
    this.name = 'TransportError';
  }
}

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
  return new Promise((resolve, reject) => {
    const req = transport.request(target, { method: request.method ?? 'GET', headers, agent: agentFor(target, request.caBundlePem) },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', e => reject(asTransportError(url, e)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
    req.setTimeout(request.timeoutMs ?? 30_000, () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', e => reject(asTransportError(url, e)));
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
