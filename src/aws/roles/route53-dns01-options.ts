import * as route53 from 'aws-cdk-lib/aws-route53';

/** Which Route53 records a DNS-01 solver may change. */
export interface Route53Dns01Options {
  /**
   * Hosted zones the solver may change records in.
   * @default - none; give `hostedZones` or `hostedZoneIds` (or both)
   */
  readonly hostedZones?: route53.IHostedZone[];
  /**
   * IDs of hosted zones the solver may change records in, e.g. `Z0123456789ABCDEFGHIJ` (`/hostedzone/Z...` is accepted).
   * @default - none; give `hostedZones` or `hostedZoneIds` (or both)
   */
  readonly hostedZoneIds?: string[];
  /**
   * Limits changes to the challenge records of these names (`*.example.com` and `example.com` both need
   * `_acme-challenge.example.com`). Leave unset when cert-manager follows CNAMEs to delegated challenge records.
   * @default - any `_acme-challenge.*` TXT record in the zones
   */
  readonly challengeDomains?: string[];
}
