// The handler end to end: the real ACME core against Pebble, challenges through RFC 2136 to BIND9, stores mocked.
import { X509Certificate } from 'node:crypto';
import * as path from 'node:path';
import { FakeAws } from './support/fake-aws';
import { ACCOUNT_SECRET, baseConfig, SECRET } from './support/handler-harness';
import { lazyAcmeCore } from '../../../src/runtime/handler/acme-core';
import { awsClients } from '../../../src/runtime/handler/aws-clients';
import { CONFIG_ENV } from '../../../src/runtime/handler/config';
import { createHandler } from '../../../src/runtime/handler/handler';
import { jsonLogger } from '../../../src/runtime/handler/log';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';

const TSIG_SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:tsig';

describeWithAcmeServers('renewal handler against Pebble and BIND9 (RFC 2136)', () => {
  let servers: AcmeServers;
  let aws: FakeAws;
  beforeAll(async () => {
    servers = await startAcmeServers();
  }, 30_000);
  afterAll(() => servers?.stop());
  beforeEach(() => {
    aws = new FakeAws();
    aws.seedSecret(SECRET, '{}');
    aws.seedSecret(ACCOUNT_SECRET, '{}');
    aws.seedSecret(TSIG_SECRET, JSON.stringify({ secret: servers.tsig.secret }));
  });
  afterEach(() => aws.restore());

  const config = () => ({
    ...baseConfig,
    domains: [`www.${servers.zone}`, `*.app.${servers.zone}`],
    directoryUrl: servers.directoryUrl,
    caBundlePem: servers.caBundlePem,
    dns: { type: 'rfc2136' as const, server: servers.dnsServer.host, port: servers.dnsServer.port, keyName: servers.tsig.name, algorithm: servers.tsig.algorithm, keySecretArn: TSIG_SECRET },
  });

  function handler() {
    const logs: string[] = [];
    const run = createHandler({
      config: config(),
      clients: awsClients(),
      core: lazyAcmeCore(),
      log: jsonLogger({}, line => logs.push(line)),
      respond: async () => {},
    });
    return { run, logs };
  }

  test('issues into every store, then finds the certificate fresh', async () => {
    const { run, logs } = handler();
    const first = await run({}) as any;

    expect(first.outcome).toBe('issued');
    const secret = aws.secretJson(SECRET);
    const leaf = new X509Certificate(secret.certificate);
    expect(leaf.subjectAltName).toBe(`DNS:www.${servers.zone}, DNS:*.app.${servers.zone}`);
    expect(leaf.verify(new X509Certificate(secret.chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)[0]).publicKey)).toBe(true);
    expect(aws.certificates.get(first.acmCertificateArn)!.certificate).toBe(secret.certificate);
    expect(aws.parameters.get('/certs/example/fullchain')).toBe(secret.fullchain);
    expect(await servers.txtRecords(`_acme-challenge.app.${servers.zone}`)).toEqual([]);
    expect(logs.join('\n')).not.toMatch(/PRIVATE KEY/);

    const second = await run({}) as any;
    expect(second.outcome).toBe('fresh');
    expect(second.serial).toBe(first.serial);
    expect(second.reason).toMatch(/^(more than 1\/3 of lifetime left|ARI window opens)/);
  }, 120_000);

  test('a forced renewal orders again and re-imports into the same ACM ARN', async () => {
    const { run } = handler();
    const first = await run({}) as any;
    const renewed = await run({ forceRenewal: true }) as any;

    expect(renewed).toMatchObject({ outcome: 'issued', acmCertificateArn: first.acmCertificateArn });
    expect(renewed.serial).not.toBe(first.serial);
    expect(aws.certificates.size).toBe(1);
    expect(aws.secretJson(SECRET).certkit.serial).toBe(renewed.serial);
  }, 120_000);

  test('the bundled Lambda asset (esbuild, SDK external, acme-client crypto only) does the same', async () => {
    process.env[CONFIG_ENV] = JSON.stringify(config());
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // The asset is plain JavaScript built by `projen bundle`, outside the TypeScript sources.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bundle = require(path.join(__dirname, '../../../assets/aws/acme-certificate/renewer.lambda/index.js'));
      const result = await bundle.handler({});
      expect(result.outcome).toBe('issued');
      expect(new X509Certificate(aws.secretJson(SECRET).certificate).subjectAltName).toContain(`DNS:www.${servers.zone}`);
      expect(stdout.mock.calls.map(c => String(c[0])).join('')).toContain('"message":"run finished"');
    } finally {
      stdout.mockRestore();
      delete process.env[CONFIG_ENV];
    }
  }, 120_000);
});
