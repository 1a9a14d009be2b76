// Strict nock for a test suite: no request leaves the process, and a test fails on any request no interceptor
// matched and on any interceptor it set up but never used.
import type { ClientRequest } from 'node:http';
import nock from 'nock';

/** A request an interceptor answered (a reset one too), as the code under test sent it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

export interface StrictNock {
  /** What the scopes from `scope()` answered in the current test, in order; emptied before each test. */
  readonly requests: readonly SeenRequest[];
  /** `nock(origin)`, recording into `requests` each request it answers. */
  scope(origin: string): nock.Scope;
}

/**
 * Installs strict nock for the enclosing suite (call it at the top of a test file or `describe`): registers the
 * `beforeAll`, `beforeEach`, `afterEach` and `afterAll` hooks it needs.
 */
export function useNockStrictly(): StrictNock {
  const requests: SeenRequest[] = [];
  const unmatched: string[] = [];
  const noMatch = (req: { method?: string; href?: string; path?: string }) => unmatched.push(`${req.method} ${req.href ?? req.path}`);

  beforeAll(() => {
    // An earlier suite in this file may have restored nock (see afterAll).
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    nock.emitter.on('no match', noMatch);
  });
  afterAll(() => {
    nock.emitter.removeListener('no match', noMatch);
    // Not tidiness: the test files of a jest worker share `node:http`, and nock's patch on it outlives this file's
    // module registry. Left as it is, it refuses the real connections of later files in the worker (the Pebble and
    // BIND suites). `restore()` takes the patch off; `enableNetConnect()` alone would only make it pass them on.
    nock.enableNetConnect();
    nock.restore();
  });
  beforeEach(() => {
    requests.length = 0;
    unmatched.length = 0;
  });
  afterEach(() => {
    // Clear first, so that a failing test does not leave its interceptors to the next one.
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
    expect(unmatched).toEqual([]);
  });

  return {
    requests,
    scope(origin) {
      const scope = nock(origin);
      scope.on('request', (req: ClientRequest & { headers: Record<string, unknown> }, _interceptor: unknown, body: string) => {
        requests.push({ method: req.method, path: req.path, headers: req.headers, body });
      });
      return scope;
    },
  };
}
