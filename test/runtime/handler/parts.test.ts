import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { cfnEvent } from './support/handler-harness';
import { dnsProvider } from '../../../src/runtime/handler/acme-core';
import { awsClients } from '../../../src/runtime/handler/aws-clients';
import { responseBody } from '../../../src/runtime/handler/cfn-response';
import { jsonLogger, redact } from '../../../src/runtime/handler/log';
import { secretReader } from '../../../src/runtime/handler/secret-values';
import { ZoneRouter } from '../../../src/runtime/handler/zone-router';
import type { DnsProvider, TxtRecord } from '../../../src/runtime/types';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';

describe('log redaction', () => {
  test('PEM blocks are replaced in messages, nested fields and errors', () => {
    expect(redact({ a: [`key: ${PEM} end`], e: new Error(`bad ${PEM}`) })).toEqual({
      a: ['key: [redacted PEM] end'], e: { name: 'Error', message: 'bad [redacted PEM]' },
    });
  });

  test('secret-named fields are replaced whatever they hold; others stay', () => {
    expect(redact({ privateKey: 'abc', apiToken: 't', keyType: 'ec256', names: ['a'] }))
      .toEqual({ privateKey: '[redacted]', apiToken: '[redacted]', keyType: 'ec256', names: ['a'] });
  });

  test('one JSON object per line with level, message and base fields', () => {
    const lines: string[] = [];
    jsonLogger({ certificate: 'c' }, l => lines.push(l)).warn(`oops ${PEM}`, { step: 's' });
    expect(lines.map(l => JSON.parse(l))).toEqual([{ level: 'warn', message: 'oops [redacted PEM]', certificate: 'c', step: 's' }]);
  });
});

describe('secretReader', () => {
  const sm = mockClient(SecretsManagerClient);
  afterAll(() => sm.restore());
  const read = secretReader(awsClients());

  test('a plain secret is used as it is (trimmed)', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'plain' }).resolves({ SecretString: ' token-value\n' });
    await expect(read('plain', 'apiToken')).resolves.toBe('token-value');
  });

  test('a JSON secret gives the named field, and says which one is missing', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'json' }).resolves({ SecretString: JSON.stringify({ apiToken: 'from-json', other: 'x' }) });
    await expect(read('json', 'apiToken')).resolves.toBe('from-json');
    await expect(read('json', 'secret')).rejects.toThrow("secret json is JSON without a string field 'secret'");
  });
});

describe('CloudFormation response body', () => {
  test('carries the request ids and keeps the reason to one short line', () => {
    const body = JSON.parse(responseBody(cfnEvent('Create'), { Status: 'FAILED', PhysicalResourceId: 'p', Reason: `line one\n  line two ${'x'.repeat(2000)}` }));
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'p', RequestId: 'request-1', LogicalResourceId: 'CertIssuance' });
    expect(body.Reason.startsWith('line one line two x')).toBe(true);
    expect(body.Reason).toHaveLength(1000);
  });
});

describe('ZoneRouter', () => {
  function recorder(name: string, seen: string[]): DnsProvider {
    return { name, publish: async rs => void seen.push(...rs.map(r => `${name}+${r.fqdn}`)), remove: async rs => void seen.push(...rs.map(r => `${name}-${r.fqdn}`)) };
  }

  test('sends each record to its most specific zone', async () => {
    const seen: string[] = [];
    const router = new ZoneRouter('Route53', [
      { zoneName: 'example.com', provider: recorder('outer', seen) }, { zoneName: 'dev.example.com', provider: recorder('inner', seen) },
    ]);
    const records: TxtRecord[] = [{ fqdn: '_acme-challenge.example.com', value: 'a' }, { fqdn: '_acme-challenge.api.dev.example.com', value: 'b' }];
    await router.publish(records);
    await router.remove(records);
    expect(seen.sort()).toEqual(['inner+_acme-challenge.api.dev.example.com', 'inner-_acme-challenge.api.dev.example.com',
      'outer+_acme-challenge.example.com', 'outer-_acme-challenge.example.com']);
  });

  test('refuses records outside its zones', async () => {
    const router = new ZoneRouter('Route53', [{ zoneName: 'example.com', provider: recorder('outer', []) }]);
    await expect(router.publish([{ fqdn: '_acme-challenge.example.org', value: 'v' }])).rejects.toThrow('_acme-challenge.example.org: not in any zone Route53 manages');
  });
});

describe('DNS providers from the construct settings', () => {
  const secret = async (arn: string, field: string) => `${field}-of-${arn}`;

  test('Route53: one zone is its provider; several go through the router', async () => {
    expect((await dnsProvider({ type: 'route53', zones: [{ id: 'Z1', name: 'example.com' }] }, secret)).name).toBe('route53');
    expect(await dnsProvider({ type: 'route53', zones: [{ id: 'Z1', name: 'example.com' }, { id: 'Z2', name: 'example.org' }] }, secret))
      .toBeInstanceOf(ZoneRouter);
  });

  test('Cloudflare and RFC 2136 read their credentials from the named fields', async () => {
    const reads: string[] = [];
    const spy = async (arn: string, field: string) => (reads.push(`${arn}:${field}`), secret(arn, field));
    await dnsProvider({ type: 'cloudflare', apiTokenSecretArn: 'cf' }, spy);
    const rfc = await dnsProvider({ type: 'rfc2136', server: '192.0.2.53', port: 5353, keyName: 'k', algorithm: 'hmac-sha256', keySecretArn: 'tsig' }, spy);
    expect(reads).toEqual(['cf:apiToken', 'tsig:secret']);
    expect(rfc.name).toBe('rfc2136 (192.0.2.53:5353)');
  });
});
