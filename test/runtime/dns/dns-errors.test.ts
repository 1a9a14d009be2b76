// Which DNS failures are worth retrying, and which records a failed publish may have left on the servers.
import { CloudflareApiError } from '../../../src/runtime/dns/cloudflare-provider';
import { DnsError, isPermanentDnsError, maybePublished, publishedNothing } from '../../../src/runtime/dns/dns-errors';
import { outsideZonesError } from '../../../src/runtime/dns/zones';

const aws = (name: string, fault: 'client' | 'server') => Object.assign(new Error(name), { name, $fault: fault });

test.each<[string, unknown, boolean]>([
  ['a rejected TSIG signature', new DnsError('BADSIG', { permanent: true }), true],
  ['a refused connection', new DnsError('ECONNREFUSED'), false],
  ['a name in no zone', outsideZonesError('Route53', [{ fqdn: '_acme-challenge.x.org', value: 'v' }]), true],
  ['Route53 AccessDenied', aws('AccessDenied', 'client'), true],
  ['Route53 NoSuchHostedZone', aws('NoSuchHostedZone', 'client'), true],
  ['Route53 InvalidChangeBatch (a concurrent change)', aws('InvalidChangeBatch', 'client'), false],
  ['Route53 Throttling', aws('Throttling', 'client'), false],
  ['Route53 ServiceUnavailable', aws('ServiceUnavailable', 'server'), false],
  ['Cloudflare 403', new CloudflareApiError(403, [10000], 'Authentication error'), true],
  ['Cloudflare 429', new CloudflareApiError(429, [], 'rate limited'), false],
  ['Cloudflare 502', new CloudflareApiError(502, [], 'bad gateway'), false],
  ['anything else', new Error('?'), false],
])('%s: permanent %s', (_, error, permanent) => {
  expect(isPermanentDnsError(error)).toBe(permanent);
});

test('maybePublished: none after a failure before sending, all after an unknown one, the rest after a partial refusal', () => {
  const records = [{ fqdn: 'a', value: '1' }, { fqdn: 'b', value: '2' }];
  expect(maybePublished(publishedNothing(new Error('SOA lookup: ETIMEDOUT')), records)).toEqual([]);
  expect(maybePublished(new Error('ETIMEDOUT'), records)).toEqual(records);
  expect(maybePublished(new DnsError('refused', { notPublished: [{ fqdn: 'b', value: '2' }] }), records)).toEqual([records[0]]);
  expect(publishedNothing(new DnsError('BADSIG', { permanent: true }))).toMatchObject({ permanent: true, nothingPublished: true, message: 'BADSIG' });
});
