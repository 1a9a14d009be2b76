// Certificate keys and the CSR, via acme-client's crypto helpers.
import { KeyObject } from 'node:crypto';
import { crypto as acmeCrypto } from 'acme-client';
import { KeyType } from './types';

export const KEY_TYPES: readonly KeyType[] = ['ec256', 'ec384', 'rsa2048', 'rsa3072', 'rsa4096'];

export function isKeyType(value: string): value is KeyType {
  return (KEY_TYPES as readonly string[]).includes(value);
}

/** A new private key of `keyType`, PKCS#8 PEM. */
export async function generatePrivateKey(keyType: KeyType): Promise<string> {
  const key = keyType.startsWith('ec')
    ? await acmeCrypto.createPrivateEcdsaKey(keyType === 'ec384' ? 'P-384' : 'P-256')
    : await acmeCrypto.createPrivateRsaKey(Number(keyType.slice(3)));
  return key.toString();
}

/** The KeyType of a key or certificate public key, or undefined for anything else. */
export function keyTypeOf(key: KeyObject): KeyType | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    return ({ prime256v1: 'ec256', secp384r1: 'ec384' } as Record<string, KeyType>)[details.namedCurve ?? ''];
  }
  if (key.asymmetricKeyType === 'rsa') {
    const type = `rsa${details.modulusLength}`;
    return isKeyType(type) ? type : undefined;
  }
  return undefined;
}

// X.520 limits the common name to 64 characters; longer names go in the SAN only.
const MAX_COMMON_NAME = 64;

/** A CSR (PEM) for `domains`, the first one as common name when it fits. */
export async function createCsr(privateKeyPem: string, domains: readonly string[]): Promise<string> {
  const commonName = domains[0].length <= MAX_COMMON_NAME ? domains[0] : undefined;
  const [, csr] = await acmeCrypto.createCsr({ commonName, altNames: [...domains] }, privateKeyPem);
  return csr.toString();
}
