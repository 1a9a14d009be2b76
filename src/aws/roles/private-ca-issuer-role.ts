import { Stack, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ServiceAccountRole, ServiceAccountRoleOptions } from './service-account-role';
import { IAM_ROLE_ARN_FIX, isIamRoleArn, parseIamRoleArn } from '../../common/arns';
import { AwsPrivateCaIssuerProps } from '../../k8s/issuers';
import { invalid, report } from '../../private/errors';
import { grantPrivateCaIssuer, parseCaArn, parseTemplateArn, requireSamePartition } from '../private/private-ca';
import { PrivateCaCertificateTemplate } from '../private-ca/certificate-template';

/**
 * Which CA aws-privateca-issuer may sign with, and how.
 *
 * A CA in another account can be used two ways. Shared through AWS RAM (the CA account shares it with this account
 * or organization, permission `AWSRAMDefaultPermissionCertificateAuthority`), the issuer calls it directly with this
 * role; AWS then allows only the templates in `PrivateCaCertificateTemplate.RAM_SHARED_TEMPLATES`. Or, without a
 * share, the issuer assumes a role in the CA's account (`caAccountRoleArn`, created there with
 * `AwsPrivateCaIssuerCaAccountRole`), which holds the CA permissions.
 */
export interface AwsPrivateCaIssuerOptions {
  /**
   * The CA the issuer signs with, e.g. a `PrivateCertificateAuthority` or
   * `acmpca.CertificateAuthority.fromCertificateAuthorityArn(...)` (a CA shared through AWS RAM works too).
   */
  readonly certificateAuthority: acmpca.ICertificateAuthority;
  /**
   * Limits `acm-pca:IssueCertificate` to this certificate template, so the issuer cannot mint other kinds of
   * certificates (CA certificates above all). aws-privateca-issuer requests a template per Certificate from its usages
   * (`PrivateCaCertificateTemplate.forUsages`): Certificates with cert-manager's default usages need
   * `arn:aws:acm-pca:::template/BlankEndEntityCertificate_APICSRPassthrough/V1`; `EndEntityCertificate/V1` is requested only for
   * usages `server auth` plus `client auth` and denies every other Certificate, unless the issuer sets that template
   * as its default (`issuerProps()` does). `EksCertManager.addCdk8sChart` reports Certificates this would deny.
   * @default - any template the CA allows
   */
  readonly templateArn?: string;
  /**
   * A role in the CA's account that the issuer assumes to issue (the `AWSPCAClusterIssuer`'s `role`, set by
   * `issuerProps()`), created there with `AwsPrivateCaIssuerCaAccountRole` trusting this role. This role then holds
   * only `sts:AssumeRole` on it; the template limit belongs on the CA account's role.
   * @default - no role to assume: the CA is in this account, or shared with it through AWS RAM
   */
  readonly caAccountRoleArn?: string;
}

/** Properties of aws-privateca-issuer's role. */
export interface AwsPrivateCaIssuerRoleProps extends ServiceAccountRoleOptions, AwsPrivateCaIssuerOptions {
  /**
   * Namespace aws-privateca-issuer runs in.
   * @default 'aws-privateca-issuer'
   */
  readonly namespace?: string;
  /**
   * The issuer's service account.
   * @default 'aws-privateca-issuer' (the chart's name for release `aws-privateca-issuer`)
   */
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
  /**
   * The template `IssueCertificate` is limited to.
   * @default - none
   */
  public readonly templateArn?: string;
  /**
   * The role in the CA's account the issuer assumes.
   * @default - none
   */
  public readonly caAccountRoleArn?: string;

  /**
   * @param scope the scope in which to define this construct
   * @param id the scoped construct ID
   * @param props the CA, the template and CA-account role if any, and the service account that assumes the role
   */
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
    this.caAccountRoleArn = props.caAccountRoleArn;
    if (props.caAccountRoleArn !== undefined) {
      const roleArn = props.caAccountRoleArn;
      if (!Token.isUnresolved(roleArn) && !isIamRoleArn(roleArn)) invalid(this, 'caAccountRoleArn', `'${roleArn}' is not an IAM role ARN`, IAM_ROLE_ARN_FIX);
      const roleAccount = Token.isUnresolved(roleArn) ? undefined : parseIamRoleArn(roleArn)?.account;
      if (ca.account && roleAccount && roleAccount !== ca.account) {
        report(this, 'caAccountRoleArn', `is in account ${roleAccount} but the CA in ${ca.account}`, 'give the role in the CA\'s account (AwsPrivateCaIssuerCaAccountRole there)');
      }
      if (props.templateArn !== undefined) {
        report(this, 'templateArn', 'is set together with caAccountRoleArn, but the assumed role decides what may be issued', 'set templateArn on AwsPrivateCaIssuerCaAccountRole in the CA\'s account');
      }
      this.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [roleArn] }));
      return;
    }
    const here = Stack.of(this).account;
    const templateName = props.templateArn && !Token.isUnresolved(props.templateArn) ? props.templateArn.split(':template/')[1] : undefined;
    const sharedCa = ca.account !== undefined && !Token.isUnresolved(here) && ca.account !== here;
    if (sharedCa && templateName && !PrivateCaCertificateTemplate.RAM_SHARED_TEMPLATES.includes(templateName)) {
      report(this, 'templateArn', `${templateName} cannot be used on a CA of account ${ca.account} shared through AWS RAM`,
        `use one of ${PrivateCaCertificateTemplate.RAM_SHARED_TEMPLATES.join(', ')}, or assume a role in the CA's account (caAccountRoleArn)`);
    }
    grantPrivateCaIssuer(this, arn, props.templateArn);
  }

  /**
   * Settings for `IssuerType.awsPrivateCa`, spread and override for more.
   *
   * They hold the CA's `arn` and `region`, with `templateArn` the matching default `template` (every Certificate
   * is then issued from it, whatever its usages), and with `caAccountRoleArn` the `role` to assume.
   */
  public issuerProps(): AwsPrivateCaIssuerProps {
    return {
      arn: this.certificateAuthorityArn,
      region: this.certificateAuthorityRegion,
      template: this.templateArn?.split(':template/')[1],
      role: this.caAccountRoleArn,
    };
  }
}

/** Properties of the role in the CA's account. */
export interface AwsPrivateCaIssuerCaAccountRoleProps {
  /** The CA in this (the CA's) account. */
  readonly certificateAuthority: acmpca.ICertificateAuthority;
  /**
   * ARN of aws-privateca-issuer's role in the cluster's account (`AwsPrivateCaIssuerRole.roleArn`; give that role a
   * fixed `roleName` so its ARN is known in this account's stack).
   */
  readonly issuerRoleArn: string;
  /**
   * Limits `acm-pca:IssueCertificate` to this template, as `AwsPrivateCaIssuerOptions.templateArn` describes.
   * @default - any template
   */
  readonly templateArn?: string;
  /**
   * A fixed name, so the cluster account's `caAccountRoleArn` can be written before this role exists.
   * @default - generated by CloudFormation
   */
  readonly roleName?: string;
}

/**
 * The role in a Private CA's account that aws-privateca-issuer in another account assumes (its issuer's `role`):
 * describe, fetch and issue on that one CA, trusted by exactly the issuer's role. The alternative is sharing the CA
 * through AWS RAM, with no role here (see `AwsPrivateCaIssuerOptions`).
 */
export class AwsPrivateCaIssuerCaAccountRole extends Construct implements iam.IGrantable {
  /** The IAM role. */
  public readonly role: iam.IRole;
  /** ARN of the role, for `AwsPrivateCaIssuerOptions.caAccountRoleArn`. */
  public readonly roleArn: string;
  /** The principal to grant permissions to: the IAM role. */
  public readonly grantPrincipal: iam.IPrincipal;

  /**
   * @param scope the scope in which to define this construct, in the CA's account
   * @param id the scoped construct ID
   * @param props the CA, the issuer's role in the cluster's account, and the template limit
   */
  constructor(scope: Construct, id: string, props: AwsPrivateCaIssuerCaAccountRoleProps) {
    super(scope, id);
    const ca = parseCaArn(this, 'certificateAuthority', props.certificateAuthority.certificateAuthorityArn);
    requireSamePartition(this, 'certificateAuthority', ca.partition);
    const here = Stack.of(this).account;
    if (ca.account && !Token.isUnresolved(here) && ca.account !== here) {
      report(this, 'certificateAuthority', `is in account ${ca.account}, but this role is in ${here}`, 'create this role in the CA\'s account');
    }
    if (!Token.isUnresolved(props.issuerRoleArn) && !isIamRoleArn(props.issuerRoleArn)) {
      invalid(this, 'issuerRoleArn', `'${props.issuerRoleArn}' is not an IAM role ARN`, IAM_ROLE_ARN_FIX);
    }
    if (props.templateArn) parseTemplateArn(this, 'templateArn', props.templateArn);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ArnPrincipal(props.issuerRoleArn),
      roleName: props.roleName,
      description: 'Assumed by aws-privateca-issuer in another account to issue certificates from one AWS Private CA',
    });
    this.role = role;
    this.roleArn = role.roleArn;
    this.grantPrincipal = role;
    grantPrivateCaIssuer(role, props.certificateAuthority.certificateAuthorityArn, props.templateArn);
  }
}
