import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { crypto as acmeCrypto } from 'acme-client';
import { createCsr, generatePrivateKey, isKeyType, KEY_TYPES, keyTypeOf } from '../../src/runtime/keys';

jest.setTimeout(30_000);

test.each(KEY_TYPES.map(k => [k]))('%s keys are PKCS#8 and of that type', async keyType => {
  const pem = await generatePrivateKey(keyType);
  expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  expect(keyTypeOf(createPrivateKey(pem))).toBe(keyType);
});

test('key types are recognised, other keys are not', () => {
  expect(isKeyType('ec384')).toBe(true);
  expect(isKeyType('ec521')).toBe(false);
  expect(keyTypeOf(generateKeyPairSync('ed25519').privateKey)).toBeUndefined();
  expect(keyTypeOf(generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey)).toBeUndefined();
});

test('the CSR carries every name, the first as common name', async () => {
  const csr = await createCsr(await generatePrivateKey('ec256'), ['example.com', '*.example.com', 'www.example.com']);
  expect(acmeCrypto.readCsrDomains(csr)).toEqual({ commonName: 'example.com', altNames: ['example.com', '*.example.com', 'www.example.com'] });
});

test('a first name longer than 64 characters goes in the SAN only', async () => {
  const long = `${'a'.repeat(60)}.example.com`;
  const csr = await createCsr(await generatePrivateKey('ec256'), [long, 'b.example.com']);
  expect(acmeCrypto.readCsrDomains(csr)).toEqual({ commonName: null, altNames: [long, 'b.example.com'] });
});
