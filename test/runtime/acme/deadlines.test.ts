// Every request is bounded in time as well as count, against real (local) servers that misbehave.
import { generateKeyPairSync } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import { AcmeSession, DIRECTORY_RETRY, fetchDirectory } from '../../../src/runtime/acme/acme-session';
import { httpRequest } from '../../../src/runtime/acme/http-transport';
import { DEFAULT_RETRY, InterruptedError, withRetry } from '../../../src/runtime/acme/retry';

const accountKeyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A TCP server that accepts connections and never answers. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(s => { sockets.add(s); s.on('error', () => undefined); });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise<void>(resolve => { sockets.forEach(s => s.destroy()); server.close(() => resolve()); }),
  };
}

/** An HTTP server answering with `handler`; `hangAfter` requests, it stops answering. */
async function httpServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return { url, close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

const elapsed = async (work: Promise<unknown>) => {
  const started = Date.now();
  const error = await work.then(() => undefined, e => e as Error);
  return { error, ms: Date.now() - started };
};

test('the stated bounds: 15 s per attempt, 60 s per request with its retries, 10 s for the directory', () => {
  expect(DEFAULT_RETRY).toMatchObject({ attemptTimeoutMs: 15_000, requestTimeoutMs: 60_000, attempts: 5, nonceAttempts: 20 });
  expect(DIRECTORY_RETRY).toEqual({ attemptTimeoutMs: 10_000, requestTimeoutMs: 10_000 });
});

test('an exchange is bounded as a whole, even when the server trickles bytes', async () => {
  const server = await httpServer((_, res) => {
    res.writeHead(200);
    const tick = setInterval(() => res.write(' '), 50);
    res.on('close', () => clearInterval(tick));
  });
  try {
    const { error, ms } = await elapsed(httpRequest(server.url, { timeoutMs: 400 }));
    expect(error?.message).toBe(`${server.url}: ETIMEDOUT (no complete response within 0.4 s)`);
    expect(ms).toBeLessThan(1_500);
  } finally {
    await server.close();
  }
});

test('a request that never gets an answer gives up at the request bound, not after attempts x timeout', async () => {
  const server = await silentServer();
  try {
    let attempts = 0;
    const { error, ms } = await elapsed(withRetry(timeoutMs => { attempts++; return httpRequest(server.url, { timeoutMs }); },
      { ...DEFAULT_RETRY, attemptTimeoutMs: 300, requestTimeoutMs: 800, baseDelayMs: 10 }));
    expect(error?.message).toMatch(/ETIMEDOUT/);
    expect(ms).toBeGreaterThanOrEqual(750);
    expect(ms).toBeLessThan(1_600);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThan(5);
  } finally {
    await server.close();
  }
});

test('badNonce retries stop at the request bound too', async () => {
  let posts = 0;
  const server = await httpServer((req, res) => {
    if (req.url === '/dir') {
      res.end(JSON.stringify({ newNonce: `${base}/nonce`, newAccount: `${base}/acct`, newOrder: `${base}/order` }));
      return;
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'replay-nonce': 'n' }).end();
      return;
    }
    posts++;
    // Each rejection takes 100 ms: without a time bound, 20 attempts would take 2 s.
    setTimeout(() => res.writeHead(400, { 'replay-nonce': 'n', 'content-type': 'application/problem+json' })
      .end(JSON.stringify({ type: 'urn:ietf:params:acme:error:badNonce', detail: 'no' })), 100);
  });
  const base = server.url;
  try {
    const session = await AcmeSession.open({ directoryUrl: `${base}/dir`, accountKeyPem, retry: { requestTimeoutMs: 500 } });
    const { error, ms } = await elapsed(session.registerAccount());
    expect(error?.message).toBe('urn:ietf:params:acme:error:badNonce: no');
    expect(ms).toBeLessThan(1_000);
    expect(posts).toBeLessThan(8);
  } finally {
    await server.close();
  }
});

describe('a directory URL that is not an ACME server fails fast and says so', () => {
  test('a web page', async () => {
    const server = await httpServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    try {
      const { error, ms } = await elapsed(fetchDirectory({ directoryUrl: `${server.url}/` }));
      expect(error?.message).toBe(`${server.url}/ is not an ACME directory (the response is not JSON (text/html))`);
      expect(ms).toBeLessThan(1_000);
    } finally {
      await server.close();
    }
  });

  test('JSON without the ACME resources; a 404', async () => {
    const server = await httpServer((req, res) => (req.url === '/json' ? res.end('{"hello":1}') : res.writeHead(404).end('not found')));
    try {
      await expect(fetchDirectory({ directoryUrl: `${server.url}/json` }))
        .rejects.toThrow(`${server.url}/json is not an ACME directory (the response has no newNonce, newAccount, newOrder)`);
      await expect(fetchDirectory({ directoryUrl: `${server.url}/x` }))
        .rejects.toThrow(`${server.url}/x is not an ACME directory (HTTP 404: about:blank (HTTP 404): not found)`);
    } finally {
      await server.close();
    }
  });

  test('a port that accepts connections and never answers: 10 s, not 5 x 30 s', async () => {
    const server = await silentServer();
    try {
      const { error, ms } = await elapsed(fetchDirectory({ directoryUrl: `${server.url}/dir` }));
      expect(error?.message).toBe(`${server.url}/dir is not an ACME directory (ETIMEDOUT (no complete response within 10 s))`);
      expect(ms).toBeGreaterThanOrEqual(9_900);
      expect(ms).toBeLessThan(12_000);
    } finally {
      await server.close();
    }
  }, 20_000);
});

test('an abort ends a pending request at once with its reason', async () => {
  const server = await silentServer();
  try {
    const stop = new AbortController();
    setTimeout(() => stop.abort(new InterruptedError('SIGINT')), 100);
    const { error, ms } = await elapsed(fetchDirectory({ directoryUrl: `${server.url}/dir`, signal: stop.signal }));
    expect(error).toBeInstanceOf(InterruptedError);
    expect(ms).toBeLessThan(1_000);
  } finally {
    await server.close();
  }
});
