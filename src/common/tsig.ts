// TSIG algorithms (RFC 8945) for RFC 2136 dynamic updates: the one list shared by the cluster's RFC 2136 solver,
// AcmeCertificate's RFC 2136 provider and the runtime that signs the updates.

/**
 * TSIG algorithm that signs RFC 2136 dynamic DNS updates.
 *
 * Only HMAC-SHA256 and HMAC-SHA512 are offered. cert-manager's webhook also accepts HMACMD5 and HMACSHA1, but
 * RFC 8945 (section 6) deprecates HMAC-MD5 and does not recommend HMAC-SHA1, so cdk-certkit refuses them at synth:
 * configure the key on the name server with `hmac-sha256` (what `tsig-keygen` creates by default) or `hmac-sha512`.
 */
export enum TsigAlgorithm {
  /** HMAC-SHA256: `hmac-sha256` on the wire and in BIND; cert-manager's `HMACSHA256`. */
  HMAC_SHA256 = 'HMACSHA256',
  /** HMAC-SHA512: `hmac-sha512` on the wire and in BIND; cert-manager's `HMACSHA512`. */
  HMAC_SHA512 = 'HMACSHA512',
}

/** The algorithm names TSIG records carry (RFC 8945 section 6) and BIND's `key` statements use. */
export type TsigWireName = 'hmac-sha256' | 'hmac-sha512';

const WIRE: Readonly<Record<TsigAlgorithm, TsigWireName>> = {
  [TsigAlgorithm.HMAC_SHA256]: 'hmac-sha256',
  [TsigAlgorithm.HMAC_SHA512]: 'hmac-sha512',
};

/** The wire names, in the enum's order. */
export const TSIG_WIRE_NAMES: readonly TsigWireName[] = Object.values(WIRE);

/** The default, for the cluster solver (cert-manager would otherwise default to HMAC-MD5) and AcmeCertificate. */
export const DEFAULT_TSIG_ALGORITHM = TsigAlgorithm.HMAC_SHA256;

/** `hmac-sha256` for `TsigAlgorithm.HMAC_SHA256`. */
export function tsigWireName(algorithm: TsigAlgorithm): TsigWireName {
  return WIRE[algorithm];
}

/** The Node.js digest of `createHmac`: `sha256` for `hmac-sha256`. */
export function tsigDigest(wireName: TsigWireName): 'sha256' | 'sha512' {
  return wireName === 'hmac-sha512' ? 'sha512' : 'sha256';
}

/**
 * The algorithm `value` names, in either spelling, any case, with or without `-` and a final `.`:
 * `HMACSHA256`, `hmac-sha256`, `HMAC-SHA256.`; undefined for anything else (including MD5 and SHA-1, see
 * `tsigAlgorithmProblem`).
 */
export function parseTsigAlgorithm(value: string): TsigAlgorithm | undefined {
  if (typeof value !== 'string') return undefined;
  const key = value.trim().toLowerCase().replace(/\.$/, '').replace(/-/g, '');
  return (Object.values(TsigAlgorithm) as string[]).find(a => a.toLowerCase() === key) as TsigAlgorithm | undefined;
}

/** Why `value` is not accepted as a TSIG algorithm, undefined when it is. */
export function tsigAlgorithmProblem(value: string): string | undefined {
  if (parseTsigAlgorithm(value) !== undefined) return undefined;
  const shown = `'${value}'`;
  if (typeof value === 'string' && /md5|sha-?1(?![0-9])/i.test(value)) {
    return `${shown} is deprecated by RFC 8945 and not accepted by cdk-certkit (cert-manager would accept it)`;
  }
  return `${shown} is not a TSIG algorithm cdk-certkit supports`;
}

export const TSIG_ALGORITHM_FIX = 'use TsigAlgorithm.HMAC_SHA256 or TsigAlgorithm.HMAC_SHA512 (hmac-sha256 / hmac-sha512 on the name server)';
