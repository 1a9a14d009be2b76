import { Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { Construct } from 'constructs';
import { ServiceAccountRole, ServiceAccountRoleOptions } from './service-account-role';
import { AwsPrivateCaIssuerProps } from '../../k8s/issuers';
import { invalid } from '../../private/errors';
import { grantPrivateCaIssuer, parseCaArn, parseTemplateArn, requireSamePartition } from '../private/private-ca';

/** Which CA aws-privateca-issuer may sign with, and how. */
export interface AwsPrivateCaIssuerOptions {
  /**
   * The CA the issuer signs with, e.g. a `PrivateCertificateAuthority` or
   * `acmpca.CertificateAuthority.fromCertificateAuthorityArn(...)` (a CA shared through AWS RAM works too).
   */
  readonly certificateAuthority: acmpca.ICertificateAuthority;
  /**
   * Limits `acm-pca:IssueCertificate` to this certificate template, e.g.
   * `arn:aws:acm-pca:::template/EndEntityCertificate/V1`, so the issuer cannot mint CA certificates.
   * @default - any template the CA allows
   */
  readonly templateArn?: string;
}

/** Properties of aws-privateca-issuer's role. */
export interface AwsPrivateCaIssuerRoleProps extends ServiceAccountRoleOptions, AwsPrivateCaIssuerOptions {
  /** Namespace aws-privateca-issuer runs in. @default 'aws-privateca-issuer' */
  readonly namespace?: string;
  /** The issuer's service account. @default 'aws-privateca-issuer' (the chart's name for release `aws-privateca-issuer`) */
  readonly serviceAccountName?: string;
}

/**
 * The role aws-privateca-issuer uses to sign certificates with AWS Private CA: describe, get and issue on one CA,
 * assumed by the issuer's service account through IRSA or Pod Identity.
 */
export class AwsPrivateCaIssuerRole extends ServiceAccountRole {
  /** ARN of the CA this role may issue from, for the `AWSPCAClusterIssuer`'s `arn`. */
  public readonly certificateAuthorityArn: string;
  /**
   * The CA's region, for the `AWSPCAClusterIssuer`'s `region` (the issuer defaults to its own region otherwise).
   * @default - undefined when neither the CA ARN nor the CA's stack region is known at synth time
   */
  public readonly certificateAuthorityRegion?: string;
  /** The template `IssueCertificate` is limited to. @default - none */
  public readonly templateArn?: string;

  constructor(scope: Construct, id: string, props: AwsPrivateCaIssuerRoleProps) {
    super(scope, id, {
      ...props,
      namespace: props.namespace ?? 'aws-privateca-issuer',
      serviceAccountName: props.serviceAccountName ?? 'aws-privateca-issuer',
    });
    const arn = props.certificateAuthority.certificateAuthorityArn;
    const ca = parseCaArn(this, 'certificateAuthority', arn);
    requireSamePartition(this, 'certificateAuthority', ca.partition);
    if (props.templateArn) {
      const templatePartition = parseTemplateArn(this, 'templateArn', props.templateArn);
      if (ca.partition && templatePartition && templatePartition !== ca.partition) {
        invalid(this, 'templateArn', `is in partition '${templatePartition}' but the CA is in '${ca.partition}'`, `use arn:${ca.partition}:acm-pca:::template/...`);
      }
    }
    this.certificateAuthorityArn = arn;
    // A CA created in this app has a token ARN; its stack's region is the CA's region.
    const envRegion = props.certificateAuthority.env.region;
    this.certificateAuthorityRegion = ca.region ?? (Token.isUnresolved(envRegion) ? undefined : envRegion);
    this.templateArn = props.templateArn;
    grantPrivateCaIssuer(this, arn, props.templateArn);
  }

  /**
   * Settings for `IssuerType.awsPrivateCa`: the CA's `arn` and `region`, and with `templateArn` the matching
   * default `template` (spread and override for more).
   */
  public issuerProps(): AwsPrivateCaIssuerProps {
    return { arn: this.certificateAuthorityArn, region: this.certificateAuthorityRegion, template: this.templateArn?.split(':template/')[1] };
  }
}
