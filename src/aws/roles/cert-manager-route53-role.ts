import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ServiceAccountRole, ServiceAccountRoleOptions } from './service-account-role';
import { IAM_ROLE_ARN_FIX, isIamRoleArn } from '../../common/arns';
import { Route53SolverProps } from '../../k8s/issuers';
import { invalid } from '../../private/errors';
import { grantDns01, normalizeHostedZoneId } from '../private/route53-dns01';

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
   * Limits changes to the challenge records of these names.
   *
   * `*.example.com` and `example.com` both need `_acme-challenge.example.com`. Leave unset when cert-manager follows CNAMEs to delegated challenge records.
   * An empty list is an error (it would otherwise silently mean "every name"). A token list passes unchecked.
   * @default - any `_acme-challenge.*` TXT record in the zones
   */
  readonly challengeDomains?: string[];
}

/** What cert-manager's controller may do in Route53, and through which account. */
export interface CertManagerRoute53Options extends Route53Dns01Options {
  /**
   * A role in the account that owns the hosted zones, for the solver's `role` field: the controller may assume
   * it (see `CertManagerRoute53CrossAccountRole`). Without zones, the controller's role then only holds `sts:AssumeRole`.
   * @default - no cross-account role; the zones must be given
   */
  readonly dnsAccountRoleArn?: string;
}

/** Properties of the cert-manager controller's Route53 role. */
export interface CertManagerRoute53RoleProps extends ServiceAccountRoleOptions, CertManagerRoute53Options {
  /**
   * Namespace cert-manager runs in.
   * @default 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * The controller's service account.
   * @default 'cert-manager' (the chart's name for release `cert-manager`)
   */
  readonly serviceAccountName?: string;
}

/**
 * The role cert-manager's controller uses to solve ACME DNS-01 challenges in Route53.
 *
 * It may change TXT `_acme-challenge` records in the given zones only, and is assumed by the controller's service
 * account through IRSA or Pod Identity.
 */
export class CertManagerRoute53Role extends ServiceAccountRole {
  /** IDs of the zones this role may change (without `/hostedzone/`). */
  public readonly hostedZoneIds: string[];
  /**
   * Region for the solver's `region` field.
   *
   * Route53 is global, but cert-manager needs a region for STS.
   */
  public readonly region: string;
  /**
   * The DNS account's role, for the solver's `role` field.
   * @default - none
   */
  public readonly dnsAccountRoleArn?: string;

  /**
   * @param scope the scope in which to define this construct
   * @param id the scoped construct ID
   * @param props the zones and names the controller may change, and the cluster and service account that assume the role
   */
  constructor(scope: Construct, id: string, props: CertManagerRoute53RoleProps) {
    super(scope, id, {
      ...props,
      namespace: props.namespace ?? 'cert-manager',
      serviceAccountName: props.serviceAccountName ?? 'cert-manager',
    });
    this.region = Stack.of(this).region;
    this.dnsAccountRoleArn = props.dnsAccountRoleArn;
    const hasZones = (props.hostedZones?.length ?? 0) + (props.hostedZoneIds?.length ?? 0) > 0;
    this.hostedZoneIds = hasZones || !props.dnsAccountRoleArn ? grantDns01(this, this, props) : [];
    if (props.dnsAccountRoleArn) {
      if (!Token.isUnresolved(props.dnsAccountRoleArn) && !isIamRoleArn(props.dnsAccountRoleArn)) {
        invalid(this, 'dnsAccountRoleArn', `'${props.dnsAccountRoleArn}' is not an IAM role ARN`, IAM_ROLE_ARN_FIX);
      }
      this.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [props.dnsAccountRoleArn] }));
    }
  }

  /**
   * Settings for `AcmeSolver.dns01Route53`: `region`, `role` (the DNS account's role, if any) and `hostedZoneId`
   * (when this role has exactly one zone), over `options` (e.g. a selector, or the zone of a multi-zone role).
   *
   * @param options solver settings that win over this role's, e.g. a selector or `hostedZoneId`
   */
  public solverProps(options: Route53SolverProps = {}): Route53SolverProps {
    const zone = options.hostedZoneId !== undefined
      ? normalizeHostedZoneId(this, 'solverProps.hostedZoneId', options.hostedZoneId)
      : (this.hostedZoneIds.length === 1 ? this.hostedZoneIds[0] : undefined);
    if (zone && this.hostedZoneIds.length > 0 && !Token.isUnresolved(zone) && !this.hostedZoneIds.includes(zone)) {
      invalid(this, 'solverProps.hostedZoneId', `'${zone}' is not one of this role's zones (${this.hostedZoneIds.join(', ')})`, 'add the zone to the role, or pick one of its zones');
    }
    return { ...options, region: options.region ?? this.region, role: options.role ?? this.dnsAccountRoleArn, hostedZoneId: zone };
  }
}
