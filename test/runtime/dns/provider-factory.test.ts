import { createDnsProvider, dnsProviderFromConfig, specFromConfig, tsigKey } from '../../../src/runtime/dns/provider-factory';

const SECRET = Buffer.alloc(32, 1).toString('base64');

describe('the one DNS-provider factory', () => {
  test('builds each provider from its spec', () => {
    expect(createDnsProvider({ type: 'route53', zones: [] }).name).toBe('route53');
    expect(createDnsProvider({ type: 'route53', zones: [{ id: 'Z1', name: 'example.com' }] }).name).toBe('route53');
    expect(createDnsProvider({ type: 'route53', zones: [{ id: 'Z1', name: 'example.com' }, { id: 'Z2', name: 'example.org' }] }).name).toBe('Route53');
    expect(createDnsProvider({ type: 'cloudflare', apiToken: 't' }).name).toBe('cloudflare');
    expect(createDnsProvider({ type: 'rfc2136', server: '192.0.2.53:5353', tsig: tsigKey('k', 'hmac-sha256', SECRET) }).name).toBe('rfc2136 (192.0.2.53:5353)');
  });

  test.each([
    ['hmac-sha256', 'hmac-sha256'], ['HMACSHA256', 'hmac-sha256'], ['hmac-sha512.', 'hmac-sha512'], ['HMACSHA512', 'hmac-sha512'],
  ])('TSIG algorithm %p is read as %p', (given, wire) => expect(tsigKey('k', given, SECRET).algorithm).toBe(wire));

  test.each(['hmac-md5', 'HMACSHA1', 'hmac-sha384'])('TSIG algorithm %p is refused, naming it', given => {
    expect(() => tsigKey('k', given, SECRET)).toThrow(`TSIG algorithm '${given}' is not hmac-sha256 or hmac-sha512`);
  });

  test("AcmeCertificate's settings: secrets read through the reader, the port joined to the server", async () => {
    const reads: string[] = [];
    const secret = async (arn: string, field: string) => { reads.push(`${arn}#${field}`); return SECRET; };
    const config = { type: 'rfc2136' as const, server: 'ns1.example.com', port: 5353, keyName: 'k', algorithm: 'hmac-sha512' as const, keySecretArn: 'tsig-arn' };
    expect(await specFromConfig(config, secret)).toEqual({
      type: 'rfc2136', server: 'ns1.example.com:5353', tsig: { name: 'k', algorithm: 'hmac-sha512', secret: SECRET },
    });
    expect((await dnsProviderFromConfig({ type: 'cloudflare', apiTokenSecretArn: 'cf-arn' }, secret)).name).toBe('cloudflare');
    expect(reads).toEqual(['tsig-arn#secret', 'cf-arn#apiToken']);
  });
});
