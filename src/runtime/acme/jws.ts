// The account key and the JWS bodies signed with it (RFC 8555 section 6.2, RFC 7515 flattened JSON).
import { createHash, createHmac, createPrivateKey, KeyObject, sign } from 'node:crypto';
import { crypto as acmeCrypto } from 'acme-client';
import { ExternalAccountBinding } from '../types';

export interface AccountKey {
  readonly pem: string;
  readonly key: KeyObject;
  readonly jwk: Readonly<Record<string, string>>;
  readonly alg: 'ES256' | 'ES384' | 'RS256';
  /** RFC 7638 thumbprint, base64url. */
  readonly thumbprint: string;
}

export interface Jws {
  readonly protected: string;
  readonly payload: string;
  readonly signature: string;
}

const EC_ALGS: Record<string, AccountKey['alg']> = { 'P-256': 'ES256', 'P-384': 'ES384' };

export function accountKeyFromPem(pem: string): AccountKey {
  const key = createPrivateKey(pem);
  // acme-client returns the required members sorted, which is also the RFC 7638 thumbprint input.
  const jwk = acmeCrypto.getJwk(pem) as unknown as Record<string, string>;
  const alg = jwk.kty === 'RSA' ? 'RS256' : EC_ALGS[jwk.crv];
  if (!alg) throw new Error(`account key: unsupported key (${jwk.kty} ${jwk.crv ?? ''}); use EC P-256, P-384 or RSA`);
  const thumbprint = createHash('sha256').update(JSON.stringify(jwk)).digest('base64url');
  return { pem, key, jwk, alg, thumbprint };
}

export async function newAccountKeyPem(): Promise<string> {
  return (await acmeCrypto.createPrivateEcdsaKey('P-256')).toString();
}

const b64u = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `payload` for `url`; an undefined payload makes a POST-as-GET (empty payload). */
export function signJws(account: AccountKey, header: { url: string; nonce: string; kid?: string }, payload?: unknown): Jws {
  const protectedHeader = b64u({
    alg: account.alg,
    ...(header.kid ? { kid: header.kid } : { jwk: account.jwk }),
    nonce: header.nonce,
    url: header.url,
  });
  const encodedPayload = payload === undefined ? '' : b64u(payload);
  const hash = account.alg === 'ES384' ? 'sha384' : 'sha256';
  const signature = sign(hash, Buffer.from(`${protectedHeader}.${encodedPayload}`), { key: account.key, dsaEncoding: 'ieee-p1363' });
  return { protected: protectedHeader, payload: encodedPayload, signature: signature.toString('base64url') };
}

/** The `externalAccountBinding` member of a newAccount request (RFC 8555 section 7.3.4). */
export function eabJws(eab: ExternalAccountBinding, account: AccountKey, url: string): Jws {
  const protectedHeader = b64u({ alg: 'HS256', kid: eab.kid, url });
  const payload = b64u(account.jwk);
  const signature = createHmac('sha256', Buffer.from(eab.hmacKey, 'base64url')).update(`${protectedHeader}.${payload}`).digest('base64url');
  return { protected: protectedHeader, payload, signature };
}

/** The TXT value for a dns-01 challenge: base64url(SHA-256(token.thumbprint)). */
export function dns01Value(account: AccountKey, token: string): string {
  return createHash('sha256').update(keyAuthorization(account, token)).digest('base64url');
}

/** The key authorization of a challenge (RFC 8555 section 8.1): `token.thumbprint`, what HTTP-01 serves. */
export function keyAuthorization(account: AccountKey, token: string): string {
  return `${token}.${account.thumbprint}`;
}
