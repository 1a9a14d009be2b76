import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dnsProviderFrom, tsigKeyFrom } from '../../../src/runtime/cli/dns-options';
import { UsageError } from '../../../src/runtime/cli/options';

const SECRET = 'qLYYV2Jgx/mBCjxlpReIitAmbIpNWoVXvhRVj7Utdr4=';
const BIND_KEY = `key "certkit-key" {\n\talgorithm hmac-sha512;\n\tsecret "${SECRET}";\n};\n`;

test('a BIND key file gives name, algorithm and secret', () => {
  expect(tsigKeyFrom({}, BIND_KEY)).toEqual({ name: 'certkit-key', algorithm: 'hmac-sha512', secret: SECRET });
});

test('options override the key file', () => {
  expect(tsigKeyFrom({ 'tsig-key-name': 'other', 'tsig-algorithm': 'hmac-sha256' }, BIND_KEY))
    .toEqual({ name: 'other', algorithm: 'hmac-sha256', secret: SECRET });
});

test('a bare secret needs the key name and defaults to hmac-sha256', () => {
  expect(tsigKeyFrom({ 'tsig-key-name': 'k' }, SECRET)).toEqual({ name: 'k', algorithm: 'hmac-sha256', secret: SECRET });
  expect(() => tsigKeyFrom({}, SECRET)).toThrow('--tsig-key-name is required when the secret file is not a BIND key file');
});

test('bad secrets and algorithms are usage errors', () => {
  expect(() => tsigKeyFrom({ 'tsig-key-name': 'k' }, 'not base64!')).toThrow(UsageError);
  expect(() => tsigKeyFrom({ 'tsig-algorithm': 'hmac-md5' }, BIND_KEY)).toThrow("TSIG algorithm 'hmac-md5' is not hmac-sha256 or hmac-sha512");
});

test('providers are built from options, secrets from files or the environment', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-cli-'));
  try {
    fs.writeFileSync(path.join(dir, 'key'), BIND_KEY);
    expect(dnsProviderFrom({ 'dns': 'rfc2136', 'rfc2136-server': '127.0.0.1:5353', 'tsig-secret-file': path.join(dir, 'key') }, {}).name)
      .toBe('rfc2136 (127.0.0.1:5353)');
    expect(dnsProviderFrom({ dns: 'cloudflare' }, { CLOUDFLARE_API_TOKEN: 't' }).name).toBe('cloudflare');
    expect(dnsProviderFrom({ dns: 'route53' }, {}).name).toBe('route53');
    expect(() => dnsProviderFrom({ 'dns': 'rfc2136', 'rfc2136-server': 'h', 'tsig-secret-file': path.join(dir, 'missing') }, {}))
      .toThrow(`cannot read ${path.join(dir, 'missing')}: ENOENT`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a malformed --rfc2136-server is a usage error naming the option', () => {
  for (const server of ['a:b:c', 'ns.example.com:70000', 'ns.example.com:0', '[::1]:99999']) {
    const build = () => dnsProviderFrom({ 'dns': 'rfc2136', 'rfc2136-server': server, 'tsig-secret-file': '/nonexistent' }, {});
    expect(build).toThrow(UsageError);
    expect(build).toThrow(`--rfc2136-server '${server}'`);
  }
});
