import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { parseHostPort } from '../../common/host-port';
import { isDnsName, isInZone } from '../../common/names';
import { DEFAULT_TSIG_ALGORITHM, parseTsigAlgorithm, TSIG_ALGORITHM_FIX, TsigAlgorithm, tsigAlgorithmProblem, tsigWireName } from '../../common/tsig';
import { invalid, report } from '../../private/errors';
import type { DnsConfig } from '../../runtime/handler/config';
import { grantDns01 } from '../private/route53-dns01';

export { TsigAlgorithm } from '../../common/tsig';

/** Options for the Cloudflare DNS provider. */
export interface AcmeCloudflareOptions {
  /**
   * Secret holding a Cloudflare API token with `Zone:DNS:Edit` on the zones of the names: the plain string,
   * or JSON with the token in field `apiToken`.
   */
  readonly apiToken: secretsmanager.ISecret;
}

/** Options for the RFC 2136 (dynamic DNS update) provider. */
export interface AcmeRfc2136Options {
  /**
   * Host name or IP address of the primary name server that accepts updates.
   *
   * The function must reach it. Give the port in `port`, not here.
   */
  readonly nameServer: string;
  /**
   * Port of the name server.
   * @default 53
   */
  readonly port?: number;
  /** Name of the TSIG key, as configured on the name server. */
  readonly tsigKeyName: string;
  /**
   * TSIG algorithm of the key, the same type the cluster's RFC 2136 solver takes. Only HMAC-SHA256 and HMAC-SHA512:
   * MD5 and SHA-1 (which cert-manager would accept) are refused at synth, being deprecated by RFC 8945. From
   * JavaScript, the strings `hmac-sha256` / `HMACSHA256` (and the SHA-512 ones) are read as the enum members.
   * @default TsigAlgorithm.HMAC_SHA256
   */
  readonly tsigAlgorithm?: TsigAlgorithm;
  /** Secret holding the base64 TSIG key: the plain string, or JSON with the key in field `secret`. */
  readonly tsigSecret: secretsmanager.ISecret;
  /**
   * Zones the name server is primary for.
   *
   * When given, every name must lie in one of them.
   * @default - not checked
   */
  readonly zones?: string[];
}

/** How the DNS-01 challenge records get published. */
export abstract class AcmeDnsProvider {
  /**
   * Route53 public hosted zones that hold the names. The function may change only TXT `_acme-challenge` records
   * of the certificate's names in these zones.
   *
   * @param hostedZones the public hosted zones, each name in one of them (the CA cannot query a private zone)
   */
  public static route53(hostedZones: route53.IHostedZone[]): AcmeDnsProvider {
    return new Route53Provider(hostedZones);
  }

  /**
   * Cloudflare, with an API token kept in Secrets Manager.
   *
   * @param options the secret with the Cloudflare API token
   */
  public static cloudflare(options: AcmeCloudflareOptions): AcmeDnsProvider {
    return new CloudflareProvider(options);
  }

  /**
   * Any name server accepting RFC 2136 dynamic updates signed with a TSIG key kept in Secrets Manager.
   *
   * @param options the name server, the TSIG key and, optionally, the zones it is primary for
   */
  public static rfc2136(options: AcmeRfc2136Options): AcmeDnsProvider {
    return new Rfc2136Provider(options);
  }

  /** Short name for messages, e.g. `route53`. */
  public abstract readonly name: string;

  /**
   * Checks the names against the provider, grants `grantee` what publishing challenge records needs, and
   * returns the handler's settings.
   * @internal
   */
  public abstract _bind(scope: Construct, grantee: iam.IGrantable, domainNames: string[]): DnsConfig;
}

class Route53Provider extends AcmeDnsProvider {
  public readonly name = 'route53';

  constructor(private readonly zones: route53.IHostedZone[]) {
    super();
  }

  public _bind(scope: Construct, grantee: iam.IGrantable, domainNames: string[]): DnsConfig {
    if (this.zones.length === 0) invalid(scope, 'dnsProvider', 'has no hosted zones', 'pass the hosted zones that hold the names to AcmeDnsProvider.route53([...])');
    const known = this.zones.map(zone => ({ zone, name: zoneNameOf(zone) }));
    const checkable = known.every(k => k.name !== undefined);
    if (!checkable && known.length > 1) {
      report(scope, 'dnsProvider', 'has several hosted zones, and not every zone name is known at synthesis',
        'import zones with HostedZone.fromHostedZoneAttributes({ hostedZoneId, zoneName }) so each name finds its zone');
    }
    domainNames.forEach((domain, i) => {
      if (Token.isUnresolved(domain) || !checkable) return;
      const matching = known.filter(k => isInZone(domain, k.name!));
      if (matching.length === 0) {
        report(scope, `domainNames[${i}]`, `'${domain}' is in none of the hosted zones (${known.map(k => k.name).join(', ')})`,
          'add the zone that holds it to AcmeDnsProvider.route53([...]) or remove the name');
      } else if (matching.every(k => k.zone instanceof route53.PrivateHostedZone)) {
        report(scope, 'dnsProvider', `can only publish '${domain}' in a private hosted zone, which the CA cannot query, so DNS-01 cannot validate it${domain.startsWith('*.') ? ' (and wildcard names can only be validated with DNS-01)' : ''}`,
          'use the public hosted zone of the name');
      }
    });
    // Names already reported as not DNS names are left out, so each mistake is reported once.
    const valid = domainNames.filter(d => Token.isUnresolved(d) || isDnsName(d));
    grantDns01(scope, grantee, { hostedZones: this.zones, challengeDomains: valid.length > 0 ? valid : domainNames });
    return { type: 'route53', zones: known.map(k => ({ id: k.zone.hostedZoneId, name: k.name ?? '' })) };
  }
}

class CloudflareProvider extends AcmeDnsProvider {
  public readonly name = 'cloudflare';

  constructor(private readonly options: AcmeCloudflareOptions) {
    super();
  }

  public _bind(_scope: Construct, grantee: iam.IGrantable): DnsConfig {
    this.options.apiToken.grantRead(grantee);
    return { type: 'cloudflare', apiTokenSecretArn: this.options.apiToken.secretArn };
  }
}

class Rfc2136Provider extends AcmeDnsProvider {
  public readonly name = 'rfc2136';

  constructor(private readonly options: AcmeRfc2136Options) {
    super();
  }

  public _bind(scope: Construct, grantee: iam.IGrantable, domainNames: string[]): DnsConfig {
    const { zones, port = 53, nameServer, tsigKeyName } = this.options;
    if (!Number.isInteger(port) || port < 1 || port > 65535) invalid(scope, 'dnsProvider.port', `${port} is not a port`, 'use 1-65535 (53 by default)');
    let server = nameServer;
    if (!Token.isUnresolved(nameServer)) {
      const parsed = parseHostPort(nameServer, port);
      if (!('problem' in parsed)) server = parsed.host; // `[v6]` and `host:` as the bare host the runtime joins the port to
      if (typeof nameServer !== 'string' || nameServer.trim() === '') {
        report(scope, 'dnsProvider.nameServer', 'is empty', 'give the host name or IP address of the primary name server that accepts updates');
      } else if ('problem' in parsed) {
        report(scope, 'dnsProvider.nameServer', parsed.problem.replace(/; use .*$/, ''), 'give the host name or IP address alone, and the port in port');
      } else if (parsed.portGiven) {
        report(scope, 'dnsProvider.nameServer', `'${nameServer}' includes a port`, `give the host alone and the port in port (e.g. nameServer: '${parsed.host}', port: ${parsed.port})`);
      }
    }
    if (!Token.isUnresolved(tsigKeyName) && (typeof tsigKeyName !== 'string' || tsigKeyName.trim() === '')) {
      report(scope, 'dnsProvider.tsigKeyName', 'is empty', 'give the name of the TSIG key as configured on the name server');
    }
    domainNames.forEach((domain, i) => {
      if (zones && !Token.isUnresolved(domain) && !zones.some(z => isInZone(domain, z))) {
        report(scope, `domainNames[${i}]`, `'${domain}' is in none of the RFC 2136 zones (${zones.join(', ')})`, 'add its zone to zones or remove the name');
      }
    });
    this.options.tsigSecret.grantRead(grantee);
    return {
      type: 'rfc2136',
      server,
      port,
      keyName: tsigKeyName,
      algorithm: tsigWireName(this.algorithm(scope)),
      keySecretArn: this.options.tsigSecret.secretArn,
    };
  }

  /** The enum member; JavaScript callers may pass either spelling as a string, anything else is reported. */
  private algorithm(scope: Construct): TsigAlgorithm {
    const given = this.options.tsigAlgorithm;
    if (given === undefined) return DEFAULT_TSIG_ALGORITHM;
    const parsed = parseTsigAlgorithm(given);
    if (parsed === undefined) {
      report(scope, 'dnsProvider.tsigAlgorithm', tsigAlgorithmProblem(given)!, TSIG_ALGORITHM_FIX);
      return DEFAULT_TSIG_ALGORITHM;
    }
    return parsed;
  }
}

/** The zone's name, or undefined when it is not known at synthesis (an imported zone given by ID only). */
function zoneNameOf(zone: route53.IHostedZone): string | undefined {
  try {
    return Token.isUnresolved(zone.zoneName) ? undefined : zone.zoneName.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}
