// DNS-01 through RFC 2136 dynamic updates, optionally signed with TSIG.
import { isIPv4, isIPv6 } from 'node:net';
import { IConstruct } from 'constructs';
import { Dns01ProviderSpec, Dns01SolverOptions } from './solver-options';
import { isDns1123Subdomain } from '../../../common/names';
import { DEFAULT_TSIG_ALGORITHM, parseTsigAlgorithm, TSIG_ALGORITHM_FIX, TsigAlgorithm, tsigAlgorithmProblem } from '../../../common/tsig';
import * as cm from '../../../imports/cert-manager.io';
import { report } from '../../../private/errors';
import { isDeployTime } from '../private/aws';
import { checkEnum, required } from '../private/checks';
import { renderSecretKeyRef, SecretKeyRef } from '../secret-key-ref';

/** Transport for dynamic DNS updates. */
export enum Rfc2136Protocol {
  /** Updates over UDP, the usual transport for DNS. */
  UDP = 'UDP',
  /** Updates over TCP, for servers or networks that refuse or truncate UDP updates. */
  TCP = 'TCP',
}

/** The TSIG key that signs dynamic updates. */
export interface Rfc2136TsigKey {
  /** Key name as configured on the DNS server. */
  readonly keyName: string;
  /** Secret holding the base64 key material. */
  readonly secretRef: SecretKeyRef;
  /** The algorithm the key is configured with on the server. @default TsigAlgorithm.HMAC_SHA256 */
  readonly algorithm?: TsigAlgorithm;
}

/** DNS-01 through RFC 2136 dynamic updates (BIND, Knot, PowerDNS, Windows DNS...). */
export interface Rfc2136SolverProps extends Dns01SolverOptions {
  /**
   * Authoritative server as `host` or `host:port`: an IPv4 address, an IPv6 address in brackets
   * (`[2001:db8::53]`, `[2001:db8::53]:5353`) or a host name. Without a port cert-manager uses 53.
   * Stricter than cert-manager on purpose: the host must be a valid address or DNS name (cert-manager's webhook only
   * asks for a non-empty one, and a bad host fails at the first challenge), and a bare IPv6 address needs its
   * brackets, as cert-manager also insists.
   */
  readonly nameserver: string;
  /**
   * TSIG key that signs the updates, its secret in a Secret.
   * @default - unsigned updates (only safe behind a server-side IP allow-list)
   */
  readonly tsig?: Rfc2136TsigKey;
  /**
   * Transport for the updates.
   * @default Rfc2136Protocol.UDP
   */
  readonly protocol?: Rfc2136Protocol;
}

const PROTOCOL: Record<Rfc2136Protocol, cm.ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol> = {
  [Rfc2136Protocol.UDP]: cm.ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol.UDP,
  [Rfc2136Protocol.TCP]: cm.ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol.TCP,
};

/**
 * `host[:port]` as cert-manager's `ValidNameserver` (internal/apis/certmanager/validation/util/nameserver.go, also
 * used by the RFC 2136 provider) reads it: no port, or an empty one, means 53. The host is checked too: an IPv4
 * address, a bracketed IPv6 address or a DNS name; a port, when given, from 1 to 65535.
 */
function isNameserver(value: string): boolean {
  const match = /^(\[[^\]]+\]|[^\s:[\]]+)(?::(\d{0,5}))?$/.exec(typeof value === 'string' ? value : '');
  if (!match) return false;
  const port = match[2];
  if (port !== undefined && port !== '' && (Number(port) < 1 || Number(port) > 65535)) return false;
  const host = match[1];
  if (host.startsWith('[')) return isIPv6(host.slice(1, -1));
  return /^[\d.]+$/.test(host) ? isIPv4(host) : isDns1123Subdomain(host.toLowerCase());
}

/**
 * cert-manager's spelling of the algorithm. Any spelling `parseTsigAlgorithm` knows is accepted (a JavaScript caller
 * may pass `'hmac-sha256'`, as AcmeCertificate's RFC 2136 provider takes it); unset means HMAC-SHA256, written out
 * because cert-manager would otherwise default to HMAC-MD5.
 */
function renderTsigAlgorithm(scope: IConstruct, field: string, value: TsigAlgorithm | undefined): TsigAlgorithm {
  if (value === undefined) return DEFAULT_TSIG_ALGORITHM;
  const algorithm = parseTsigAlgorithm(value);
  if (algorithm === undefined) {
    report(scope, field, tsigAlgorithmProblem(value)!, `${TSIG_ALGORITHM_FIX}; cert-manager spells them ${Object.values(TsigAlgorithm).join(', ')}`);
  }
  return algorithm ?? DEFAULT_TSIG_ALGORITHM;
}

export function renderRfc2136Solver(scope: IConstruct, field: string, props: Rfc2136SolverProps): Dns01ProviderSpec {
  if (!isDeployTime(props.nameserver) && !isNameserver(props.nameserver)) {
    report(scope, `${field}.nameserver`, `'${props.nameserver}' is not host or host:port`,
      "use e.g. 'ns1.example.com', '192.0.2.53:53' or '[2001:db8::53]' (an IPv6 address in brackets; port 53 when left out)");
  }
  const tsig = props.tsig;
  const protocol = checkEnum(scope, `${field}.protocol`, props.protocol, Rfc2136Protocol);
  if (tsig) required(scope, `${field}.tsig.keyName`, tsig.keyName, 'set the TSIG key name configured on the DNS server');
  return {
    rfc2136: {
      nameserver: props.nameserver,
      protocol: protocol && PROTOCOL[protocol],
      tsigKeyName: tsig?.keyName,
      tsigAlgorithm: tsig && renderTsigAlgorithm(scope, `${field}.tsig.algorithm`, tsig.algorithm),
      tsigSecretSecretRef: tsig && renderSecretKeyRef(scope, `${field}.tsig.secretRef`, tsig.secretRef, 'the TSIG key'),
    },
  };
}
