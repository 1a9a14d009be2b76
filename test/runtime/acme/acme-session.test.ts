import { createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { AcmeSession } from '../../../src/runtime/acme/acme-session';
import { AcmeError } from '../../../src/runtime/acme/problem';
import { FakeHttpServer, RecordedRequest, startFakeHttp } from '../support/fake-http';

const accountKeyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const problem = (type: string, detail: string) => ({ type: `urn:ietf:params:acme:error:${type}`, detail });

let ca: FakeHttpServer;
let waits: number[];
let nonces: number;
const nonce = (extra: Record<string, string> = {}) => ({ 'replay-nonce': `nonce-${++nonces}`, ...extra });

beforeEach(async () => {
  ca = await startFakeHttp();
  waits = [];
  nonces = 0;
});
afterEach(async () => {
  expect(ca.pending()).toEqual([]);
  expect(ca.unexpected).toEqual([]);
  await ca.close();
});

function open(extra: Partial<Parameters<typeof AcmeSession.open>[0]> = {}) {
  ca.on('GET', '/dir', { status: 200, body: { newNonce: `${ca.url}/nonce`, newAccount: `${ca.url}/acct`, newOrder: `${ca.url}/order` } });
  return AcmeSession.open({ directoryUrl: `${ca.url}/dir`, accountKeyPem, sleep: async ms => { waits.push(ms); }, ...extra });
}

/** A session with a registered account (account URL `/acct/1`). */
async function registered() {
  const session = await open();
  ca.on('HEAD', '/nonce', { status: 200, headers: nonce() })
    .on('POST', '/acct', { status: 201, headers: nonce({ location: `${ca.url}/acct/1` }), body: { status: 'valid' } });
  await session.registerAccount();
  return session;
}

function jws(request: RecordedRequest) {
  const body = JSON.parse(request.body) as { protected: string; payload: string; signature: string };
  const decode = (part: string) => (part ? JSON.parse(Buffer.from(part, 'base64url').toString()) : '');
  return { header: decode(body.protected), payload: decode(body.payload), signature: body.signature, signed: `${body.protected}.${body.payload}` };
}

const posts = () => ca.requests.filter(r => r.method === 'POST');

describe('requests', () => {
  test('registers with the JWK, then signs with the account URL, reusing the nonce of each response', async () => {
    const session = await open();
    ca.on('HEAD', '/nonce', { status: 200, headers: nonce() })
      .on('POST', '/acct', { status: 201, headers: nonce({ location: `${ca.url}/acct/1` }), body: { status: 'valid' } })
      .on('POST', '/order', { status: 201, headers: nonce({ location: `${ca.url}/order/1` }), body: { status: 'pending' } });
    expect(await session.registerAccount('ops@example.com')).toEqual({ url: `${ca.url}/acct/1`, created: true });
    const order = await session.post(`${ca.url}/order`, { identifiers: [] });
    expect(order).toMatchObject({ body: { status: 'pending' }, location: `${ca.url}/order/1` });

    expect(ca.requests.map(r => `${r.method} ${r.path}`)).toEqual(['GET /dir', 'HEAD /nonce', 'POST /acct', 'POST /order']);
    const [account, newOrder] = posts().map(jws);
    expect(account.header).toEqual({ alg: 'ES256', jwk: expect.objectContaining({ kty: 'EC', crv: 'P-256' }), nonce: 'nonce-1', url: `${ca.url}/acct` });
    expect(account.payload).toEqual({ termsOfServiceAgreed: true, contact: ['mailto:ops@example.com'] });
    expect(newOrder.header).toEqual({ alg: 'ES256', kid: `${ca.url}/acct/1`, nonce: 'nonce-2', url: `${ca.url}/order` });
    for (const signed of [account, newOrder]) {
      expect(verify('sha256', Buffer.from(signed.signed), { key: createPublicKey(accountKeyPem), dsaEncoding: 'ieee-p1363' },
        Buffer.from(signed.signature, 'base64url'))).toBe(true);
    }
    expect(posts()[0].headers['content-type']).toBe('application/jose+json');
  });

  test('an existing account is found, not created', async () => {
    const session = await open();
    ca.on('HEAD', '/nonce', { status: 200, headers: nonce() })
      .on('POST', '/acct', { status: 200, headers: nonce({ location: `${ca.url}/acct/7` }), body: { status: 'valid' } });
    expect(await session.registerAccount()).toEqual({ url: `${ca.url}/acct/7`, created: false });
  });

  test('External Account Binding: an HS256 JWS over the account key, signed with the HMAC key', async () => {
    const hmacKey = Buffer.alloc(32, 7).toString('base64url');
    const session = await open({ externalAccountBinding: { kid: 'kid-1', hmacKey } });
    ca.on('HEAD', '/nonce', { status: 200, headers: nonce() })
      .on('POST', '/acct', { status: 201, headers: nonce({ location: `${ca.url}/acct/1` }), body: {} });
    await session.registerAccount();
    const { payload, header } = jws(posts()[0]);
    const eab = payload.externalAccountBinding as { protected: string; payload: string; signature: string };
    expect(JSON.parse(Buffer.from(eab.protected, 'base64url').toString())).toEqual({ alg: 'HS256', kid: 'kid-1', url: `${ca.url}/acct` });
    expect(JSON.parse(Buffer.from(eab.payload, 'base64url').toString())).toEqual(header.jwk);
    const mac = createHmac('sha256', Buffer.from(hmacKey, 'base64url')).update(`${eab.protected}.${eab.payload}`).digest('base64url');
    expect(eab.signature).toBe(mac);
  });

  test('POST-as-GET sends an empty payload; the certificate is asked for as a PEM chain', async () => {
    const session = await registered();
    ca.on('POST', '/cert/1', { status: 200, headers: nonce({ 'content-type': 'application/pem-certificate-chain' }), body: 'PEM' });
    expect(await session.certificateChain(`${ca.url}/cert/1`)).toBe('PEM');
    const request = posts()[1];
    expect(jws(request).payload).toBe('');
    expect(request.headers.accept).toBe('application/pem-certificate-chain');
  });
});

describe('retries', () => {
  test('badNonce is retried at once with the nonce the rejection carries', async () => {
    const session = await registered();
    ca.on('POST', '/order', { status: 400, headers: nonce(), body: problem('badNonce', 'stale') })
      .on('POST', '/order', { status: 201, headers: nonce({ location: `${ca.url}/order/1` }), body: {} });
    await session.post(`${ca.url}/order`, {});
    expect(posts().slice(1).map(r => jws(r).header.nonce)).toEqual(['nonce-2', 'nonce-3']);
    expect(waits).toEqual([]);
  });

  test('a server error is retried after a backoff', async () => {
    const session = await registered();
    ca.on('POST', '/order', { status: 503, headers: nonce(), body: problem('serverInternal', 'busy') })
      .on('POST', '/order', { status: 201, headers: nonce({ location: `${ca.url}/order/1` }), body: {} });
    await session.post(`${ca.url}/order`, {});
    expect(waits).toEqual([250]);
  });

  test('a connection reset is retried with a fresh nonce', async () => {
    const session = await registered();
    ca.on('POST', '/order', 'reset')
      .on('HEAD', '/nonce', { status: 200, headers: nonce() })
      .on('POST', '/order', { status: 201, headers: nonce({ location: `${ca.url}/order/1` }), body: {} });
    await session.post(`${ca.url}/order`, {});
    expect(waits).toEqual([250]);
  });

  test('rateLimited is waited out for as long as Retry-After says, within the bound', async () => {
    const session = await registered();
    ca.on('POST', '/order', { status: 429, headers: nonce({ 'retry-after': '2' }), body: problem('rateLimited', 'slow down') })
      .on('POST', '/order', { status: 201, headers: nonce({ location: `${ca.url}/order/1` }), body: {} });
    await session.post(`${ca.url}/order`, {});
    expect(waits).toEqual([2000]);
  });

  test('rateLimited beyond the bound fails at once, saying when to retry', async () => {
    const session = await registered();
    ca.on('POST', '/order', { status: 429, headers: nonce({ 'retry-after': '3600' }), body: problem('rateLimited', 'too many certificates') });
    const error = await session.post(`${ca.url}/order`, {}).catch(e => e);
    expect(error).toBeInstanceOf(AcmeError);
    expect(error.message).toBe('urn:ietf:params:acme:error:rateLimited: too many certificates (retry after 3600 s)');
    expect(waits).toEqual([]);
  });

  test('other problems fail at once with their type', async () => {
    const session = await registered();
    ca.on('POST', '/order', {
      status: 400,
      headers: nonce(),
      body: {
        ...problem('rejectedIdentifier', 'policy forbids'),
        subproblems: [{ ...problem('rejectedIdentifier', 'blocked'), identifier: { type: 'dns', value: 'bad.example' } }],
      },
    });
    await expect(session.post(`${ca.url}/order`, {})).rejects.toThrow(
      'urn:ietf:params:acme:error:rejectedIdentifier: policy forbids; bad.example: urn:ietf:params:acme:error:rejectedIdentifier: blocked');
    expect(posts()).toHaveLength(2);
  });

  test('server errors are given up after 5 attempts with growing waits', async () => {
    const session = await registered();
    for (let i = 0; i < 5; i++) ca.on('POST', '/order', { status: 500, headers: nonce(), body: 'oops' });
    await expect(session.post(`${ca.url}/order`, {})).rejects.toThrow('about:blank (HTTP 500): oops');
    expect(waits).toEqual([250, 500, 1000, 2000]);
  });

  test('the directory fetch is retried too', async () => {
    ca.on('GET', '/dir', { status: 502, body: 'bad gateway' });
    await open();
    expect(waits).toEqual([250]);
  });
});

describe('polling', () => {
  test('starts quickly, backs off, and never polls sooner than Retry-After', async () => {
    const session = await registered();
    ca.on('POST', '/authz/1', { status: 200, headers: nonce({ 'retry-after': '3' }), body: { status: 'pending' } })
      .on('POST', '/authz/1', { status: 200, headers: nonce(), body: { status: 'pending' } })
      .on('POST', '/authz/1', { status: 200, headers: nonce(), body: { status: 'pending' } })
      .on('POST', '/authz/1', { status: 200, headers: nonce(), body: { status: 'valid' } });
    expect(await session.poll(`${ca.url}/authz/1`, s => s !== 'pending')).toEqual({ status: 'valid' });
    expect(waits).toEqual([3000, 100, 200]);
  });

  test('gives up after the poll timeout', async () => {
    const session = await open({ pollTimeoutMs: 0 });
    ca.on('HEAD', '/nonce', { status: 200, headers: nonce() })
      .on('POST', '/acct', { status: 201, headers: nonce({ location: `${ca.url}/acct/1` }), body: {} })
      .on('POST', '/order/1', { status: 200, headers: nonce(), body: { status: 'processing' } });
    await session.registerAccount();
    await expect(session.poll(`${ca.url}/order/1`, s => s === 'valid')).rejects.toThrow(`${ca.url}/order/1: still processing after 0 s`);
  });
});
