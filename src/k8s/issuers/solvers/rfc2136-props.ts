import { Dns01SolverOptions } from './solver-options';
import { SecretKeyRef } from '../secret-key-ref';

/** TSIG algorithms accepted for RFC 2136 updates (the weaker MD5 and SHA-1 ones are left out on purpose). */
export enum TsigAlgorithm {
  HMAC_SHA256 = 'HMACSHA256',
  HMAC_SHA512 = 'HMACSHA512',
}

/** Transport for dynamic DNS updates. */
export enum Rfc2136Protocol {
  UDP = 'UDP',
  TCP = 'TCP',
}

/** The TSIG key that signs dynamic updates. */
export interface Rfc2136TsigKey {
  /** Key name as configured on the DNS server. */
  readonly keyName: string;
  /** Secret holding the base64 key material. */
  readonly secretRef: SecretKeyRef;
  /** @default TsigAlgorithm.HMAC_SHA256 */
  readonly algorithm?: TsigAlgorithm;
}

/** DNS-01 through RFC 2136 dynamic updates (BIND, Knot, PowerDNS, Windows DNS...). */
export interface Rfc2136SolverProps extends Dns01SolverOptions {
  /** Authoritative server as `host:port`; IPv6 hosts in brackets, e.g. `[2001:db8::1]:53`. */
  readonly nameserver: string;
  /** @default - unsigned updates (only safe behind a server-side IP allow-list) */
  readonly tsig?: Rfc2136TsigKey;
  /** @default Rfc2136Protocol.UDP */
  readonly protocol?: Rfc2136Protocol;
}
