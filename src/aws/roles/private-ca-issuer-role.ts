import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { Construct } from 'constructs';
import { ServiceAccountRole, ServiceAccountRoleOptions } from './service-account-role';
import { invalid } from '../../common/errors';
import { parseCaArn, parseTemplateArn, requireSamePartition } from '../private-ca/ca-arn';
import { grantPrivateCaIssuer } from '../private-ca/grant-issuer';

/** Properties of aws-privateca-issuer's role. */
export interface AwsPrivateCaIssuerRoleProps extends ServiceAccountRoleOptions {
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
   * @default - undefined when the CA ARN is a token
   */
  public readonly certificateAuthorityRegion?: string;

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
    this.certificateAuthorityRegion = ca.region;
    grantPrivateCaIssuer(this, arn, props.templateArn);
  }
}
