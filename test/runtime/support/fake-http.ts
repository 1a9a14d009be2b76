// A scripted HTTP server on loopback, for testing HTTP clients against exact responses. (nock 15 is ESM-only,
// which jest cannot load under Node 20, so tests talk to a real local server instead.)
import * as http from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A response, or `reset` to drop the connection without one. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'reset';

export interface FakeHttpServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests no expectation matched (answered with HTTP 599). */
  readonly unexpected: string[];
  /** Queues a one-shot reply for the next request matching method and path (a path with query matches exactly). */
  on(method: string, path: string | RegExp, reply: Reply | ((request: RecordedRequest) => Reply)): FakeHttpServer;
  /** Expectations not consumed yet. */
  pending(): string[];
  close(): Promise<void>;
}

interface Expectation {
  readonly method: string;
  readonly path: string | RegExp;
  readonly reply: Reply | ((request: RecordedRequest) => Reply);
}

export async function startFakeHttp(): Promise<FakeHttpServer> {
  const expectations: Expectation[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', c => { body += c; }).on('end', () => {
      const request = { method: req.method!, path: req.url!, headers: req.headers, body };
      requests.push(request);
      const index = expectations.findIndex(e => e.method === request.method
        && (typeof e.path === 'string' ? e.path === request.path : e.path.test(request.path)));
      if (index < 0) {
        unexpected.push(`${request.method} ${request.path}`);
        res.writeHead(599).end(`no expectation for ${request.method} ${request.path}`);
        return;
      }
      const [expectation] = expectations.splice(index, 1);
      const reply = typeof expectation.reply === 'function' ? expectation.reply(request) : expectation.reply;
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(text);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeHttpServer = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    unexpected,
    on(method, path, reply) {
      expectations.push({ method, path, reply });
      return fake;
    },
    pending: () => expectations.map(e => `${e.method} ${e.path}`),
    close: () => new Promise(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return fake;
}
