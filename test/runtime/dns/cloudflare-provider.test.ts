import { CloudflareDnsProvider } from '../../../src/runtime/dns/cloudflare-provider';
import { FakeHttpServer, startFakeHttp } from '../support/fake-http';

let api: FakeHttpServer;
beforeEach(async () => { api = await startFakeHttp(); });
afterEach(async () => {
  expect(api.pending()).toEqual([]);
  expect(api.unexpected).toEqual([]);
  await api.close();
});

const ok = (result: unknown, page?: { page: number; total_pages: number }) =>
  ({ status: 200, body: { success: true, errors: [], result, ...(page ? { result_info: page } : {}) } });
const failure = (status: number, code: number, message: string) =>
  ({ status, body: { success: false, errors: [{ code, message }], result: null } });
const provider = () => new CloudflareDnsProvider({ apiToken: 'token-123', baseUrl: `${api.url}/client/v4` });

/** Zones over two pages: the parent and a delegated subzone. */
function zones() {
  api.on('GET', '/client/v4/zones?page=1&per_page=50', ok([{ id: 'zparent', name: 'example.com', name_servers: ['ada.ns.cloudflare.com'] }], { page: 1, total_pages: 2 }))
    .on('GET', '/client/v4/zones?page=2&per_page=50', ok([{ id: 'zsub', name: 'sub.example.com', name_servers: ['bob.ns.cloudflare.com'] }], { page: 2, total_pages: 2 }));
}

test('publishes one record per value into the longest matching zone, with the token', async () => {
  zones();
  api.on('POST', '/client/v4/zones/zparent/dns_records', ok({ id: 'r1' }))
    .on('POST', '/client/v4/zones/zparent/dns_records', ok({ id: 'r2' }))
    .on('POST', '/client/v4/zones/zsub/dns_records', ok({ id: 'r3' }));
  await provider().publish([
    { fqdn: '_acme-challenge.example.com', value: 'apex' },
    { fqdn: '_acme-challenge.example.com', value: 'wildcard' },
    { fqdn: '_acme-challenge.www.sub.example.com', value: 'www' },
  ]);
  const posts = api.requests.filter(r => r.method === 'POST');
  expect(posts.map(r => [r.path, JSON.parse(r.body)])).toEqual(expect.arrayContaining([
    ['/client/v4/zones/zparent/dns_records', { type: 'TXT', name: '_acme-challenge.example.com', content: 'apex', ttl: 60 }],
    ['/client/v4/zones/zparent/dns_records', { type: 'TXT', name: '_acme-challenge.example.com', content: 'wildcard', ttl: 60 }],
    ['/client/v4/zones/zsub/dns_records', { type: 'TXT', name: '_acme-challenge.www.sub.example.com', content: 'www', ttl: 60 }],
  ]));
  expect(api.requests.every(r => r.headers.authorization === 'Bearer token-123')).toBe(true);
});

test('a record that already exists is fine', async () => {
  zones();
  api.on('POST', '/client/v4/zones/zparent/dns_records', failure(400, 81058, 'An identical record already exists.'));
  await provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'apex' }]);
});

test('API errors name the call, the status and the Cloudflare error', async () => {
  zones();
  api.on('POST', '/client/v4/zones/zparent/dns_records', failure(403, 10000, 'Authentication error'));
  await expect(provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'apex' }]))
    .rejects.toThrow('Cloudflare POST /zones/zparent/dns_records: HTTP 403 [10000] Authentication error');
});

test('a bad token fails at the zone listing', async () => {
  api.on('GET', '/client/v4/zones?page=1&per_page=50', failure(400, 6003, 'Invalid request headers'));
  await expect(provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'apex' }]))
    .rejects.toThrow('Cloudflare GET /zones: HTTP 400 [6003] Invalid request headers');
});

test('a name in none of the zones fails to publish, naming it', async () => {
  zones();
  await expect(provider().publish([{ fqdn: '_acme-challenge.example.org', value: 'x' }]))
    .rejects.toThrow('_acme-challenge.example.org: not in any zone Cloudflare manages');
});

test('removal deletes exactly our values, over every page of records, quoted or not', async () => {
  zones();
  const list = '/client/v4/zones/zparent/dns_records?type=TXT&name=_acme-challenge.example.com';
  api.on('GET', `${list}&page=1&per_page=50`, ok([{ id: 'r1', content: '"apex"' }, { id: 'r9', content: 'theirs' }], { page: 1, total_pages: 2 }))
    .on('GET', `${list}&page=2&per_page=50`, ok([{ id: 'r2', content: 'wildcard' }], { page: 2, total_pages: 2 }))
    .on('DELETE', '/client/v4/zones/zparent/dns_records/r1', ok({ id: 'r1' }))
    // Gone meanwhile: still fine.
    .on('DELETE', '/client/v4/zones/zparent/dns_records/r2', failure(404, 81044, 'Record does not exist.'));
  await provider().remove([
    { fqdn: '_acme-challenge.example.com', value: 'apex' },
    { fqdn: '_acme-challenge.example.com', value: 'wildcard' },
    { fqdn: '_acme-challenge.example.org', value: 'never published' },
  ]);
  expect(api.requests.filter(r => r.method === 'DELETE').map(r => r.path).sort())
    .toEqual(['/client/v4/zones/zparent/dns_records/r1', '/client/v4/zones/zparent/dns_records/r2']);
});

test('authoritative servers are the zone name servers; a given zone ID skips the listing', async () => {
  api.on('GET', '/client/v4/zones/zgiven', ok({ id: 'zgiven', name: 'example.com', name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'] }));
  const dns = new CloudflareDnsProvider({ apiToken: 't', zoneId: 'zgiven', baseUrl: `${api.url}/client/v4` });
  expect(await dns.authoritativeServers('_acme-challenge.www.example.com')).toEqual(['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com']);
});

test('a response that is not JSON is reported with its start', async () => {
  api.on('GET', '/client/v4/zones?page=1&per_page=50', { status: 502, body: '<html>Bad gateway</html>' });
  await expect(provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'x' }]))
    .rejects.toThrow('Cloudflare GET /zones: HTTP 502 <html>Bad gateway</html>');
});
