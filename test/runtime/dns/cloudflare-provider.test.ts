import { CloudflareDnsProvider } from '../../../src/runtime/dns/cloudflare-provider';
import { useNockStrictly } from '../support/http-mock';

const http = useNockStrictly();
const { requests } = http;

/** The Cloudflare API at its real address (the provider's default base URL), recording what it is asked. */
const api = () => http.scope('https://api.cloudflare.com');

const ok = (result: unknown, page?: { page: number; total_pages: number }) =>
  ({ success: true, errors: [], result, ...(page ? { result_info: page } : {}) });
const failure = (code: number, message: string) => ({ success: false, errors: [{ code, message }], result: null });
const provider = () => new CloudflareDnsProvider({ apiToken: 'token-123' });

/** Zones over two pages: the parent and a delegated subzone. */
function zones() {
  return api()
    .get('/client/v4/zones?page=1&per_page=50')
    .reply(200, ok([{ id: 'zparent', name: 'example.com', name_servers: ['ada.ns.cloudflare.com'] }], { page: 1, total_pages: 2 }))
    .get('/client/v4/zones?page=2&per_page=50')
    .reply(200, ok([{ id: 'zsub', name: 'sub.example.com', name_servers: ['bob.ns.cloudflare.com'] }], { page: 2, total_pages: 2 }));
}

test('publishes one record per value into the longest matching zone, with the token', async () => {
  zones()
    .post('/client/v4/zones/zparent/dns_records').reply(200, ok({ id: 'r1' }))
    .post('/client/v4/zones/zparent/dns_records').reply(200, ok({ id: 'r2' }))
    .post('/client/v4/zones/zsub/dns_records').reply(200, ok({ id: 'r3' }));
  await provider().publish([
    { fqdn: '_acme-challenge.example.com', value: 'apex' },
    { fqdn: '_acme-challenge.example.com', value: 'wildcard' },
    { fqdn: '_acme-challenge.www.sub.example.com', value: 'www' },
  ]);
  const posts = requests.filter(r => r.method === 'POST');
  expect(posts.map(r => [r.path, JSON.parse(r.body)])).toEqual(expect.arrayContaining([
    ['/client/v4/zones/zparent/dns_records', { type: 'TXT', name: '_acme-challenge.example.com', content: 'apex', ttl: 60 }],
    ['/client/v4/zones/zparent/dns_records', { type: 'TXT', name: '_acme-challenge.example.com', content: 'wildcard', ttl: 60 }],
    ['/client/v4/zones/zsub/dns_records', { type: 'TXT', name: '_acme-challenge.www.sub.example.com', content: 'www', ttl: 60 }],
  ]));
  expect(requests.every(r => r.headers.authorization === 'Bearer token-123')).toBe(true);
});

test('a record that already exists is fine', async () => {
  zones().post('/client/v4/zones/zparent/dns_records').reply(400, failure(81058, 'An identical record already exists.'));
  await provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'apex' }]);
});

test('API errors name the call, the status and the Cloudflare error', async () => {
  zones().post('/client/v4/zones/zparent/dns_records').reply(403, failure(10000, 'Authentication error'));
  await expect(provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'apex' }]))
    .rejects.toThrow('Cloudflare POST /zones/zparent/dns_records: HTTP 403 [10000] Authentication error');
});

test('a bad token fails at the zone listing', async () => {
  api().get('/client/v4/zones?page=1&per_page=50').reply(400, failure(6003, 'Invalid request headers'));
  await expect(provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'apex' }]))
    .rejects.toThrow('Cloudflare GET /zones: HTTP 400 [6003] Invalid request headers');
});

test('a name in none of the zones fails to publish, naming it', async () => {
  zones();
  await expect(provider().publish([{ fqdn: '_acme-challenge.example.org', value: 'x' }]))
    .rejects.toThrow('_acme-challenge.example.org: not in any zone Cloudflare manages');
});

test('removal deletes exactly our values, over every page of records, quoted or not', async () => {
  const list = '/client/v4/zones/zparent/dns_records?type=TXT&name=_acme-challenge.example.com';
  zones()
    .get(`${list}&page=1&per_page=50`).reply(200, ok([{ id: 'r1', content: '"apex"' }, { id: 'r9', content: 'theirs' }], { page: 1, total_pages: 2 }))
    .get(`${list}&page=2&per_page=50`).reply(200, ok([{ id: 'r2', content: 'wildcard' }], { page: 2, total_pages: 2 }))
    .delete('/client/v4/zones/zparent/dns_records/r1').reply(200, ok({ id: 'r1' }))
    // Gone meanwhile: still fine.
    .delete('/client/v4/zones/zparent/dns_records/r2').reply(404, failure(81044, 'Record does not exist.'));
  await provider().remove([
    { fqdn: '_acme-challenge.example.com', value: 'apex' },
    { fqdn: '_acme-challenge.example.com', value: 'wildcard' },
    { fqdn: '_acme-challenge.example.org', value: 'never published' },
  ]);
  expect(requests.filter(r => r.method === 'DELETE').map(r => r.path).sort())
    .toEqual(['/client/v4/zones/zparent/dns_records/r1', '/client/v4/zones/zparent/dns_records/r2']);
});

test('authoritative servers are the zone name servers; a given zone ID skips the listing', async () => {
  api().get('/client/v4/zones/zgiven')
    .reply(200, ok({ id: 'zgiven', name: 'example.com', name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'] }));
  const dns = new CloudflareDnsProvider({ apiToken: 't', zoneId: 'zgiven' });
  expect(await dns.authoritativeServers('_acme-challenge.www.example.com')).toEqual(['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com']);
});

test('a response that is not JSON is reported with its start', async () => {
  api().get('/client/v4/zones?page=1&per_page=50').reply(502, '<html>Bad gateway</html>');
  await expect(provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'x' }]))
    .rejects.toThrow('Cloudflare GET /zones: HTTP 502 <html>Bad gateway</html>');
});

test('a given zone ID is not used for names outside that zone', async () => {
  api().get('/client/v4/zones/zgiven').reply(200, ok({ id: 'zgiven', name: 'example.com', name_servers: ['ada.ns.cloudflare.com'] }));
  const dns = new CloudflareDnsProvider({ apiToken: 't', zoneId: 'zgiven' });
  await expect(dns.publish([{ fqdn: '_acme-challenge.example.org', value: 'x' }]))
    .rejects.toThrow('_acme-challenge.example.org: not in any zone Cloudflare manages');
  expect(await dns.authoritativeServers('_acme-challenge.example.org')).toEqual([]);
  expect(requests.filter(r => r.method === 'POST')).toEqual([]);
});
