import { createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { AcmeSession } from '../../../src/runtime/acme/acme-session';
import { AcmeError } from '../../../src/runtime/acme/problem';
import { SeenRequest, useNockStrictly } from '../support/http-mock';

const accountKeyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const problem = (type: string, detail: string) => ({ type: `urn:ietf:params:acme:error:${type}`, detail });
const CA = 'https://acme.test';

const http = useNockStrictly();
const { requests } = http;
let waits: number[];
let nonces: number;
const nonce = (extra: Record<string, string> = {}) => ({ 'replay-nonce': `nonce-${++nonces}`, ...extra });

beforeEach(() => {
  waits = [];
  nonces = 0;
});

/** Interceptors for the CA, recording each request they answer. */
const ca = () => http.scope(CA);

function open(extra: Partial<Parameters<typeof AcmeSession.open>[0]> = {}) {
  ca().get('/dir').reply(200, { newNonce: `${CA}/nonce`, newAccount: `${CA}/acct`, newOrder: `${CA}/order` });
  return AcmeSession.open({ directoryUrl: `${CA}/dir`, accountKeyPem, sleep: async ms => { waits.push(ms); }, ...extra });
}

/** A session with a registered account (account URL `/acct/1`). */
async function registered() {
  const session = await open();
  ca().head('/nonce').reply(200, '', nonce())
    .post('/acct').reply(201, { status: 'valid' }, nonce({ location: `${CA}/acct/1` }));
  await session.registerAccount();
  return session;
}

function jws(request: SeenRequest) {
  const body = JSON.parse(request.body) as { protected: string; payload: string; signature: string };
  const decode = (part: string) => (part ? JSON.parse(Buffer.from(part, 'base64url').toString()) : '');
  return { header: decode(body.protected), payload: decode(body.payload), signature: body.signature, signed: `${body.protected}.${body.payload}` };
}

const posts = () => requests.filter(r => r.method === 'POST');

describe('requests', () => {
  test('registers with the JWK, then signs with the account URL, reusing the nonce of each response', async () => {
    const session = await open();
    ca().head('/nonce').reply(200, '', nonce())
      .post('/acct').reply(201, { status: 'valid' }, nonce({ location: `${CA}/acct/1` }))
      .post('/order').reply(201, { status: 'pending' }, nonce({ location: `${CA}/order/1` }));
    expect(await session.registerAccount('ops@example.com')).toEqual({ url: `${CA}/acct/1`, created: true });
    const order = await session.post(`${CA}/order`, { identifiers: [] });
    expect(order).toMatchObject({ body: { status: 'pending' }, location: `${CA}/order/1` });

    expect(requests.map(r => `${r.method} ${r.path}`)).toEqual(['GET /dir', 'HEAD /nonce', 'POST /acct', 'POST /order']);
    const [account, newOrder] = posts().map(jws);
    expect(account.header).toEqual({ alg: 'ES256', jwk: expect.objectContaining({ kty: 'EC', crv: 'P-256' }), nonce: 'nonce-1', url: `${CA}/acct` });
    expect(account.payload).toEqual({ termsOfServiceAgreed: true, contact: ['mailto:ops@example.com'] });
    expect(newOrder.header).toEqual({ alg: 'ES256', kid: `${CA}/acct/1`, nonce: 'nonce-2', url: `${CA}/order` });
    for (const signed of [account, newOrder]) {
      expect(verify('sha256', Buffer.from(signed.signed), { key: createPublicKey(accountKeyPem), dsaEncoding: 'ieee-p1363' },
        Buffer.from(signed.signature, 'base64url'))).toBe(true);
    }
    expect(posts()[0].headers['content-type']).toBe('application/jose+json');
  });

  test('an existing account is found, not created', async () => {
    const session = await open();
    ca().head('/nonce').reply(200, '', nonce())
      .post('/acct').reply(200, { status: 'valid' }, nonce({ location: `${CA}/acct/7` }));
    expect(await session.registerAccount()).toEqual({ url: `${CA}/acct/7`, created: false });
  });

  test('External Account Binding: an HS256 JWS over the account key, signed with the HMAC key', async () => {
    const hmacKey = Buffer.alloc(32, 7).toString('base64url');
    const session = await open({ externalAccountBinding: { kid: 'kid-1', hmacKey } });
    ca().head('/nonce').reply(200, '', nonce())
      .post('/acct').reply(201, {}, nonce({ location: `${CA}/acct/1` }));
    await session.registerAccount();
    const { payload, header } = jws(posts()[0]);
    const eab = payload.externalAccountBinding as { protected: string; payload: string; signature: string };
    expect(JSON.parse(Buffer.from(eab.protected, 'base64url').toString())).toEqual({ alg: 'HS256', kid: 'kid-1', url: `${CA}/acct` });
    expect(JSON.parse(Buffer.from(eab.payload, 'base64url').toString())).toEqual(header.jwk);
    const mac = createHmac('sha256', Buffer.from(hmacKey, 'base64url')).update(`${eab.protected}.${eab.payload}`).digest('base64url');
    expect(eab.signature).toBe(mac);
  });

  test('POST-as-GET sends an empty payload; the certificate is asked for as a PEM chain', async () => {
    const session = await registered();
    ca().post('/cert/1').reply(200, 'PEM', nonce({ 'content-type': 'application/pem-certificate-chain' }));
    expect(await session.certificateChain(`${CA}/cert/1`)).toBe('PEM');
    const request = posts()[1];
    expect(jws(request).payload).toBe('');
    expect(request.headers.accept).toBe('application/pem-certificate-chain');
  });
});

describe('retries', () => {
  test('badNonce is retried at once with the nonce the rejection carries', async () => {
    const session = await registered();
    ca().post('/order').reply(400, problem('badNonce', 'stale'), nonce())
      .post('/order').reply(201, {}, nonce({ location: `${CA}/order/1` }));
    await session.post(`${CA}/order`, {});
    expect(posts().slice(1).map(r => jws(r).header.nonce)).toEqual(['nonce-2', 'nonce-3']);
    expect(waits).toEqual([]);
  });

  test('a server error is retried after a backoff', async () => {
    const session = await registered();
    ca().post('/order').reply(503, problem('serverInternal', 'busy'), nonce())
      .post('/order').reply(201, {}, nonce({ location: `${CA}/order/1` }));
    await session.post(`${CA}/order`, {});
    expect(waits).toEqual([250]);
  });

  test('a connection reset is retried with a fresh nonce', async () => {
    const session = await registered();
    // An Error, as Node gives for a reset: nock 14 drops a plain-object error and the request never settles.
    ca().post('/order').replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .head('/nonce').reply(200, '', nonce())
      .post('/order').reply(201, {}, nonce({ location: `${CA}/order/1` }));
    await session.post(`${CA}/order`, {});
    expect(waits).toEqual([250]);
  });

  test('rateLimited is waited out for as long as Retry-After says, within the bound', async () => {
    const session = await registered();
    ca().post('/order').reply(429, problem('rateLimited', 'slow down'), nonce({ 'retry-after': '2' }))
      .post('/order').reply(201, {}, nonce({ location: `${CA}/order/1` }));
    await session.post(`${CA}/order`, {});
    expect(waits).toEqual([2000]);
  });

  test('rateLimited beyond the bound fails at once, saying when to retry', async () => {
    const session = await registered();
    ca().post('/order').reply(429, problem('rateLimited', 'too many certificates'), nonce({ 'retry-after': '3600' }));
    const error = await session.post(`${CA}/order`, {}).catch(e => e);
    expect(error).toBeInstanceOf(AcmeError);
    expect(error.message).toBe('urn:ietf:params:acme:error:rateLimited: too many certificates (retry after 3600 s)');
    expect(waits).toEqual([]);
  });

  test('other problems fail at once with their type', async () => {
    const session = await registered();
    ca().post('/order').reply(400, {
      ...problem('rejectedIdentifier', 'policy forbids'),
      subproblems: [{ ...problem('rejectedIdentifier', 'blocked'), identifier: { type: 'dns', value: 'bad.example' } }],
    }, nonce());
    await expect(session.post(`${CA}/order`, {})).rejects.toThrow(
      'urn:ietf:params:acme:error:rejectedIdentifier: policy forbids; bad.example: urn:ietf:params:acme:error:rejectedIdentifier: blocked');
    expect(posts()).toHaveLength(2);
  });

  test('server errors are given up after 5 attempts with growing waits', async () => {
    const session = await registered();
    const scope = ca();
    for (let i = 0; i < 5; i++) scope.post('/order').reply(500, 'oops', nonce());
    await expect(session.post(`${CA}/order`, {})).rejects.toThrow('about:blank (HTTP 500): oops');
    expect(waits).toEqual([250, 500, 1000, 2000]);
  });

  test('the directory fetch is retried too', async () => {
    ca().get('/dir').reply(502, 'bad gateway');
    await open();
    expect(waits).toEqual([250]);
  });
});

describe('polling', () => {
  test('starts quickly, backs off, and never polls sooner than Retry-After', async () => {
    const session = await registered();
    ca().post('/authz/1').reply(200, { status: 'pending' }, nonce({ 'retry-after': '3' }))
      .post('/authz/1').reply(200, { status: 'pending' }, nonce())
      .post('/authz/1').reply(200, { status: 'pending' }, nonce())
      .post('/authz/1').reply(200, { status: 'valid' }, nonce());
    expect(await session.poll(`${CA}/authz/1`, s => s !== 'pending')).toEqual({ status: 'valid' });
    expect(waits).toEqual([3000, 100, 200]);
  });

  test('gives up after the poll timeout', async () => {
    const session = await open({ pollTimeoutMs: 0 });
    ca().head('/nonce').reply(200, '', nonce())
      .post('/acct').reply(201, {}, nonce({ location: `${CA}/acct/1` }))
      .post('/order/1').reply(200, { status: 'processing' }, nonce());
    await session.registerAccount();
    await expect(session.poll(`${CA}/order/1`, s => s === 'valid')).rejects.toThrow(`${CA}/order/1: still processing after 0 s`);
  });
});
