import { isIPv4, isIPv6 } from 'node:net';
import { IConstruct } from 'constructs';
import { checkEnum, required } from './checks';
import { secretKeyRef } from './secret-ref';
import { invalid } from '../../../common/errors';
import { isDns1123Subdomain } from '../../../common/names';
import * as cm from '../../../imports/cert-manager.io';
import { Rfc2136Protocol, Rfc2136SolverProps, TsigAlgorithm } from '../solvers/rfc2136-props';

const PROTOCOL: Record<Rfc2136Protocol, cm.ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol> = {
  [Rfc2136Protocol.UDP]: cm.ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol.UDP,
  [Rfc2136Protocol.TCP]: cm.ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol.TCP,
};

/** `host:port` with an IPv4 address, a bracketed IPv6 address or a hostname, and a port from 1 to 65535. */
export function isHostPort(value: string): boolean {
  const match = /^(\[[^\]]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(value ?? '');
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) return false;
  const host = match[1];
  if (host.startsWith('[')) return isIPv6(host.slice(1, -1));
  return /^[\d.]+$/.test(host) ? isIPv4(host) : isDns1123Subdomain(host.toLowerCase());
}

export function rfc2136Solver(scope: IConstruct, field: string, props: Rfc2136SolverProps): cm.ClusterIssuerSpecAcmeSolversDns01Rfc2136 {
  if (!isHostPort(props.nameserver)) {
    invalid(scope, `${field}.nameserver`, `'${props.nameserver}' is not host:port`,
      "use e.g. 'ns1.example.com:53', '192.0.2.53:53' or '[2001:db8::53]:53'");
  }
  const tsig = props.tsig;
  const protocol = checkEnum(scope, `${field}.protocol`, props.protocol, Rfc2136Protocol);
  if (tsig) required(scope, `${field}.tsig.keyName`, tsig.keyName, 'set the TSIG key name configured on the DNS server');
  return {
    nameserver: props.nameserver,
    protocol: protocol && PROTOCOL[protocol],
    tsigKeyName: tsig?.keyName,
    // Always written out: cert-manager would otherwise default to HMAC-MD5.
    tsigAlgorithm: tsig && (checkEnum(scope, `${field}.tsig.algorithm`, tsig.algorithm, TsigAlgorithm) ?? TsigAlgorithm.HMAC_SHA256),
    tsigSecretSecretRef: tsig && secretKeyRef(scope, `${field}.tsig.secretRef`, tsig.secretRef, 'the TSIG key'),
  };
}
