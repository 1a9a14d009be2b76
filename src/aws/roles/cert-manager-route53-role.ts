import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantDns01, Route53Dns01Options } from './route53-dns01';
import { ServiceAccountRole, ServiceAccountRoleOptions } from './service-account-role';
import { invalid } from '../../common/errors';

const IAM_ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Properties of the cert-manager controller's Route53 role. */
export interface CertManagerRoute53RoleProps extends ServiceAccountRoleOptions, Route53Dns01Options {
  /** Namespace cert-manager runs in. @default 'cert-manager' */
  readonly namespace?: string;
  /** The controller's service account. @default 'cert-manager' (the chart's name for release `cert-manager`) */
  readonly serviceAccountName?: string;
  /**
   * A role in the account that owns the hosted zones, for the solver's `role` field: the controller may assume
   * it (see `CertManagerRoute53CrossAccountRole`). Without zones, this role then only holds `sts:AssumeRole`.
   * @default - no cross-account role; the zones must be given
   */
  readonly dnsAccountRoleArn?: string;
}

/**
 * The role cert-manager's controller uses to solve ACME DNS-01 challenges in Route53: TXT `_acme-challenge`
 * records in the given zones only, assumed by the controller's service account through IRSA or Pod Identity.
 */
export class CertManagerRoute53Role extends ServiceAccountRole {
  /** IDs of the zones this role may change (without `/hostedzone/`), for the solver's `hostedZoneID`. */
  public readonly hostedZoneIds: string[];
  /** Region for the solver's `region` field (Route53 is global; cert-manager needs a region for STS). */
  public readonly region: string;
  /** The DNS account's role, for the solver's `role` field. @default - none */
  public readonly dnsAccountRoleArn?: string;

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
      if (!Token.isUnresolved(props.dnsAccountRoleArn) && !IAM_ROLE_ARN.test(props.dnsAccountRoleArn)) {
        invalid(this, 'dnsAccountRoleArn', `'${props.dnsAccountRoleArn}' is not an IAM role ARN`, 'use arn:<partition>:iam::<account>:role/<name>');
      }
      this.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [props.dnsAccountRoleArn] }));
    }
  }
}
