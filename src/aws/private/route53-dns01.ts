// The grant that lets a DNS-01 solver change exactly its challenge records in Route53; used by
// CertManagerRoute53Role, CertManagerRoute53CrossAccountRole and AcmeCertificate's Route53 provider.
import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { acknowledgeFinding } from './acknowledge';
import { isDnsName } from '../../common/names';
import { bareHostedZoneId, HOSTED_ZONE_ID_FIX, isHostedZoneId } from '../../common/route53';
import { invalid, report } from '../../private/errors';

/** The records a grant covers: `Route53Dns01Options` (public, in cert-manager-route53-role.ts) has this shape. */
export interface Dns01Records {
  readonly hostedZones?: route53.IHostedZone[];
  readonly hostedZoneIds?: string[];
  /** Unset: any `_acme-challenge.*` record; empty: reported, nothing granted. */
  readonly challengeDomains?: string[];
}

const CHALLENGE_LABEL = '_acme-challenge';

/** Turns `/hostedzone/Z...` into `Z...` and rejects what cannot be a hosted-zone ID. */
export function normalizeHostedZoneId(scope: Construct, field: string, id: string): string {
  if (Token.isUnresolved(id)) return id;
  const bare = bareHostedZoneId(id);
  if (!isHostedZoneId(bare)) invalid(scope, field, `'${id}' is not a Route53 hosted-zone ID`, HOSTED_ZONE_ID_FIX);
  return bare;
}

/** The validated zone IDs of `options`, in order, without duplicates. */
export function hostedZoneIdsOf(scope: Construct, options: Dns01Records): string[] {
  const ids = [
    ...(options.hostedZones ?? []).map((z, i) => normalizeHostedZoneId(scope, `hostedZones[${i}]`, z.hostedZoneId)),
    ...(options.hostedZoneIds ?? []).map((z, i) => normalizeHostedZoneId(scope, `hostedZoneIds[${i}]`, z)),
  ];
  return [...new Set(ids)];
}

/**
 * Grants what cert-manager's Route53 DNS-01 solver needs (https://cert-manager.io/docs/configuration/acme/dns01/route53/):
 * TXT `_acme-challenge` changes in the given zones only, reading those zones' records, `GetChange`, and
 * `ListHostedZonesByName`, which AWS only offers on `*`. Acknowledges the two wildcards AWS requires for cdk-nag.
 * Returns the zone IDs.
 */
export function grantDns01(scope: Construct, grantee: iam.IGrantable, options: Dns01Records): string[] {
  const zoneIds = hostedZoneIdsOf(scope, options);
  if (zoneIds.length === 0) {
    invalid(scope, 'hostedZones', 'is empty', 'give the hosted zones that hold the names to certify, in hostedZones or hostedZoneIds');
  }
  const stack = Stack.of(scope);
  const zoneArns = zoneIds.map(id => stack.formatArn({ service: 'route53', region: '', account: '', resource: 'hostedzone', resourceName: id }));
  const changeArn = stack.formatArn({ service: 'route53', region: '', account: '', resource: 'change', resourceName: '*' });
  const recordNames = challengeRecordNames(scope, options.challengeDomains);
  const statements = [
    // Without record names (an empty challengeDomains, reported above) no change is granted at all.
    ...(recordNames.length === 0 ? [] : [new iam.PolicyStatement({
      actions: ['route53:ChangeResourceRecordSets'],
      resources: zoneArns,
      conditions: {
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] },
        'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': recordNames },
      },
    })]),
    new iam.PolicyStatement({ actions: ['route53:ListResourceRecordSets'], resources: zoneArns }),
    new iam.PolicyStatement({ actions: ['route53:GetChange'], resources: [changeArn] }),
    new iam.PolicyStatement({ actions: ['route53:ListHostedZonesByName'], resources: ['*'] }),
  ];
  statements.forEach(s => grantee.grantPrincipal.addToPrincipalPolicy(s));

  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  acknowledgeFinding(scope, `AwsSolutions-IAM5[Resource::arn:${partition}:route53:::change/*]`,
    'route53:GetChange takes change IDs that Route53 assigns only when a change is submitted; it reveals nothing but a change\'s status.');
  acknowledgeFinding(scope, 'AwsSolutions-IAM5[Resource::*]',
    'route53:ListHostedZonesByName has no resource-level permissions, so AWS requires Resource "*"; it lists zone names and IDs only.');
  return zoneIds;
}

/** The `_acme-challenge` names changes are limited to; `[]` (nothing) after reporting an empty list. */
function challengeRecordNames(scope: Construct, domains: string[] | undefined): string[] {
  if (domains === undefined) return [`${CHALLENGE_LABEL}.*`];
  if (Token.isUnresolved(domains)) {
    // A list token (a CommaDelimitedList parameter, an import): prefixed at deployment; its names must already be
    // lower-case and without `*.`, which cannot be checked here.
    return Fn.split('|', Fn.join('', [`${CHALLENGE_LABEL}.`, Fn.join(`|${CHALLENGE_LABEL}.`, domains)]));
  }
  if (domains.length === 0) {
    report(scope, 'challengeDomains', 'is empty, which would allow changes to every _acme-challenge record in the zones',
      'list the names to certify, or leave challengeDomains unset to allow any _acme-challenge.* TXT record on purpose');
    return [];
  }
  const names = domains.map((d, i) => {
    // A token is used as it resolves: lower-casing its placeholder would break it. It must not be a wildcard name.
    if (Token.isUnresolved(d)) return `${CHALLENGE_LABEL}.${d}`;
    if (!isDnsName(d.toLowerCase())) {
      invalid(scope, `challengeDomains[${i}]`, `'${d}' is not a DNS name`, 'use names such as example.com or *.example.com');
    }
    const bare = d.startsWith('*.') ? d.slice(2) : d;
    return `${CHALLENGE_LABEL}.${bare.toLowerCase().replace(/\.$/, '')}`;
  });
  return [...new Set(names)];
}
