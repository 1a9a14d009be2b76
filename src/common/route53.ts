// Route 53 hosted-zone IDs, as IAM policies, the AWS SDK and cert-manager's Route53 solver take them.

const PREFIX = '/hostedzone/';

/**
 * A hosted-zone ID as Route 53 assigns it: `Z` and upper-case letters and digits, at most 32 characters in all.
 *
 * The length is the documented one (Route 53 API Reference, `HostedZone.Id`: "Maximum length of 32"). The leading
 * `Z` is not promised by that page, but Route 53 gives each kind of ID its own first letter and every hosted zone's
 * ID begins with `Z` (public and private zones, and the alias-target zones of CloudFront, ELB, S3 and API Gateway),
 * while change IDs begin with `C` and reusable delegation sets with `N`: requiring it refuses a pasted change or
 * delegation-set ID, which a bare "32 upper-case characters" would let through to fail at deployment.
 */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/** `Z...` for `/hostedzone/Z...` (as CloudFormation's and the SDK's responses write it); other values unchanged. */
export function bareHostedZoneId(id: string): string {
  return id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id;
}

/** Whether `id` is a bare hosted-zone ID (no `/hostedzone/` prefix). */
export function isHostedZoneId(id: string): boolean {
  return typeof id === 'string' && HOSTED_ZONE_ID.test(id);
}

/** Whether `id` has the `/hostedzone/` prefix, which cert-manager's solver does not strip. */
export function hasHostedZonePrefix(id: string): boolean {
  return typeof id === 'string' && id.startsWith(PREFIX);
}

export const HOSTED_ZONE_ID_FIX = "use the zone's ID as shown by `aws route53 list-hosted-zones`: 'Z' followed by upper-case letters and digits, at most 32 characters";
