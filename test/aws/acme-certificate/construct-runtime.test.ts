// The DNS settings AcmeCertificate synthesizes into its renewal function, run through the runtime's own config
// reader and DNS-provider factory: a construct/runtime mismatch (issue 9: the enum's 'HMACSHA256' against the
// runtime's 'hmac-sha256', an "Invalid digest" during deployment) fails here, at test time.
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { certificateStack } from './support';
import { AcmeDnsProvider, TsigAlgorithm } from '../../../src';
import { TSIG_WIRE_NAMES } from '../../../src/common/tsig';
import { encodeMessage, OPCODE, RR_CLASS, RR_TYPE } from '../../../src/runtime/dns/dns-wire';
import { specFromConfig } from '../../../src/runtime/dns/provider-factory';
import { signMessage } from '../../../src/runtime/dns/tsig';
import { dnsProvider } from '../../../src/runtime/handler/acme-core';
import { CONFIG_ENV, readConfig } from '../../../src/runtime/handler/config';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';
import { synthErrors } from '../../support/synth';

const TSIG_SECRET = 'qLYYV2Jgx/mBCjxlpReIitAmbIpNWoVXvhRVj7Utdr4=';

/** CERTKIT_CONFIG as the function will see it: deploy-time values (ARNs) become placeholders inside their strings. */
function deployedEnvironment(template: Template): NodeJS.ProcessEnv {
  const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as any;
  const value = fn.Properties.Environment.Variables[CONFIG_ENV];
  const text = typeof value === 'string' ? value
    : (value['Fn::Join'][1] as unknown[]).map(part => (typeof part === 'string' ? part : 'deploy-time-value')).join('');
  return { [CONFIG_ENV]: text };
}

function rfc2136Certificate(tsigAlgorithm: unknown) {
  return certificateStack(stack => ({
    dnsProvider: AcmeDnsProvider.rfc2136({
      nameServer: 'ns1.example.com',
      port: 5353,
      tsigKeyName: 'certkit-key',
      zones: ['example.com'],
      tsigSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Tsig', 'tsig'),
      tsigAlgorithm: tsigAlgorithm as TsigAlgorithm,
    }),
  }));
}

describe('AcmeCertificate RFC 2136 settings run through the runtime provider factory', () => {
  test.each([
    ['unset (the default)', undefined, 'hmac-sha256'],
    ['TsigAlgorithm.HMAC_SHA256', TsigAlgorithm.HMAC_SHA256, 'hmac-sha256'],
    ['TsigAlgorithm.HMAC_SHA512', TsigAlgorithm.HMAC_SHA512, 'hmac-sha512'],
    ["'hmac-sha512' from JavaScript", 'hmac-sha512', 'hmac-sha512'],
    ["'HMACSHA256' from JavaScript", 'HMACSHA256', 'hmac-sha256'],
  ])('%s', async (_, given, wire) => {
    const { app, stack } = rfc2136Certificate(given);
    expect(synthErrors(app)).toEqual([]);
    const config = readConfig(deployedEnvironment(Template.fromStack(stack)));
    const secret = async () => TSIG_SECRET;

    const provider = await dnsProvider(config.dns, secret);
    expect(provider.name).toBe('rfc2136 (ns1.example.com:5353)');

    const spec = await specFromConfig(config.dns, secret);
    if (spec.type !== 'rfc2136') throw new Error(`expected rfc2136, got ${spec.type}`);
    expect(spec.tsig).toEqual({ name: 'certkit-key', algorithm: wire, secret: TSIG_SECRET });
    // What failed in deployment before: signing with the configured algorithm.
    const query = encodeMessage({ id: 1, opcode: OPCODE.UPDATE, questions: [{ name: 'example.com', type: RR_TYPE.SOA, class: RR_CLASS.IN }] });
    expect(signMessage(query, spec.tsig).mac.length).toBe(wire === 'hmac-sha512' ? 64 : 32);
  });

  test('every algorithm the enum offers is one the runtime signs with', () => {
    expect(Object.values(TsigAlgorithm).length).toBe(TSIG_WIRE_NAMES.length);
  });

  test("a JavaScript caller's 'hmac-md5', an empty nameServer and tsigKeyName: one synth reports all three", () => {
    const { app } = certificateStack(stack => ({
      dnsProvider: AcmeDnsProvider.rfc2136({
        nameServer: '',
        tsigKeyName: '',
        tsigAlgorithm: 'hmac-md5' as TsigAlgorithm,
        tsigSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Tsig', 'tsig'),
      }),
    }));
    expect(synthErrors(app)).toEqual([
      'S/Cert: dnsProvider.nameServer is empty. Fix: give the host name or IP address of the primary name server that accepts updates.',
      'S/Cert: dnsProvider.tsigKeyName is empty. Fix: give the name of the TSIG key as configured on the name server.',
      "S/Cert: dnsProvider.tsigAlgorithm 'hmac-md5' is deprecated by RFC 8945 and not accepted by cdk-certkit (cert-manager would accept it). "
        + 'Fix: use TsigAlgorithm.HMAC_SHA256 or TsigAlgorithm.HMAC_SHA512 (hmac-sha256 / hmac-sha512 on the name server).',
    ]);
  });

  test('a port inside nameServer is reported', () => {
    const { app } = certificateStack(stack => ({
      dnsProvider: AcmeDnsProvider.rfc2136({ nameServer: 'ns1.example.com:5353', tsigKeyName: 'k', tsigSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Tsig', 'tsig') }),
    }));
    expect(synthErrors(app)).toEqual([
      "S/Cert: dnsProvider.nameServer 'ns1.example.com:5353' includes a port. Fix: give the host alone and the port in port (e.g. nameServer: 'ns1.example.com', port: 5353).",
    ]);
  });

  test('the runtime refuses an algorithm it cannot sign with, naming it, before createHmac', async () => {
    const config = { type: 'rfc2136' as const, server: 'ns1', port: 53, keyName: 'k', algorithm: 'hmac-md5' as any, keySecretArn: 'arn' };
    await expect(dnsProvider(config, async () => TSIG_SECRET)).rejects.toThrow("TSIG algorithm 'hmac-md5' is not hmac-sha256 or hmac-sha512");
  });
});

describeWithAcmeServers('the synthesized settings update a real BIND9 server', () => {
  let servers: AcmeServers;
  beforeAll(async () => {
    servers = await startAcmeServers();
  }, 30_000);
  afterAll(() => servers?.stop());

  test.each([
    ['tsig', TsigAlgorithm.HMAC_SHA256],
    ['tsig512', TsigAlgorithm.HMAC_SHA512],
  ] as const)('key %s (%s): the function would publish and remove the challenge record', async (key, tsigAlgorithm) => {
    const tsig = servers[key];
    const { app, stack } = certificateStack(s => ({
      domainNames: [`*.${servers.zone}`],
      dnsProvider: AcmeDnsProvider.rfc2136({
        nameServer: servers.dnsServer.host,
        port: servers.dnsServer.port,
        tsigKeyName: tsig.name,
        tsigAlgorithm,
        zones: [servers.zone],
        tsigSecret: secretsmanager.Secret.fromSecretNameV2(s, 'Tsig', 'tsig'),
      }),
    }));
    expect(synthErrors(app)).toEqual([]);
    const config = readConfig(deployedEnvironment(Template.fromStack(stack)));
    const provider = await dnsProvider(config.dns, async () => tsig.secret);
    const fqdn = `_acme-challenge.${key}-construct.${servers.zone}`;
    await provider.publish([{ fqdn, value: 'from-the-construct' }]);
    expect(await servers.txtRecords(fqdn)).toEqual(['from-the-construct']);
    await provider.remove([{ fqdn, value: 'from-the-construct' }]);
    expect(await servers.txtRecords(fqdn)).toEqual([]);
  });
});

describe('nameServer is a host the runtime can reach', () => {
  test.each([
    ['ns1.example.com', []], ['192.0.2.53', []], ['2001:db8::53', []],
    ['bad_host', ["S/Cert: dnsProvider.nameServer 'bad_host' is not HOST or HOST:PORT: 'bad_host' is not a host name or IP address. Fix: give the host name or IP address alone, and the port in port."]],
    ['[2001:db8::53]:5353', ["S/Cert: dnsProvider.nameServer '[2001:db8::53]:5353' includes a port. Fix: give the host alone and the port in port (e.g. nameServer: '2001:db8::53', port: 5353)."]],
  ])('%p', (nameServer, lines) => {
    const { app } = certificateStack(stack => ({
      dnsProvider: AcmeDnsProvider.rfc2136({ nameServer, tsigKeyName: 'k', tsigSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Tsig', 'tsig') }),
    }));
    expect(synthErrors(app)).toEqual(lines);
  });

  test.each([
    ['2001:db8::53', '[2001:db8::53]:53'], ['[2001:db8::53]', '[2001:db8::53]:53'], ['ns1.example.com:', 'ns1.example.com:53'], ['192.0.2.53', '192.0.2.53:53'],
  ])('%p reaches the runtime as %p', async (nameServer, server) => {
    const { stack } = certificateStack(s => ({
      dnsProvider: AcmeDnsProvider.rfc2136({ nameServer, tsigKeyName: 'k', tsigSecret: secretsmanager.Secret.fromSecretNameV2(s, 'Tsig', 'tsig') }),
    }));
    const spec = await specFromConfig(readConfig(deployedEnvironment(Template.fromStack(stack))).dns, async () => TSIG_SECRET);
    expect(spec).toMatchObject({ type: 'rfc2136', server });
    expect((await dnsProvider(readConfig(deployedEnvironment(Template.fromStack(stack))).dns, async () => TSIG_SECRET)).name).toBe(`rfc2136 (${server})`);
  });
});
