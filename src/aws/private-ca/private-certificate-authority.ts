import { Duration, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { invalid } from '../../private/errors';
import { durationProp } from '../private/checks';
import { grantPrivateCaIssuer, parseCaArn, requireSamePartition } from '../private/private-ca';

/**
 * Whether a CA is the top of its hierarchy or sits below another CA.
 *
 * Root CAs sign their own certificate. Subordinate CAs get theirs from a parent CA.
 */
export enum PrivateCaType {
  /** A root CA: its certificate is self-signed, from the `RootCACertificate/V1` template. */
  ROOT = 'ROOT',
  /** A subordinate CA: its certificate is signed by a parent CA, in this app or elsewhere. */
  SUBORDINATE = 'SUBORDINATE',
}

/**
 * The CA's key pair.
 *
 * The CA signs with SHA-256: SHA256WITHRSA for an RSA key, SHA256WITHECDSA for an EC key.
 */
export enum PrivateCaKeyAlgorithm {
  /** RSA with a 2048-bit key, accepted by every client. */
  RSA_2048 = 'RSA_2048',
  /** RSA with a 4096-bit key. */
  RSA_4096 = 'RSA_4096',
  /** ECDSA on the NIST P-256 curve (prime256v1). */
  EC_PRIME256V1 = 'EC_prime256v1',
  /** ECDSA on the NIST P-384 curve (secp384r1). */
  EC_SECP384R1 = 'EC_secp384r1',
}

/**
 * What the CA may issue.
 *
 * A short-lived CA costs less but issues certificates valid for at most 7 days.
 */
export enum PrivateCaUsageMode {
  /** Certificates of any validity. */
  GENERAL_PURPOSE = 'GENERAL_PURPOSE',
  /** Certificates valid for at most 7 days, at the lower short-lived CA price. */
  SHORT_LIVED_CERTIFICATE = 'SHORT_LIVED_CERTIFICATE',
}

/** The CA's distinguished name. */
export interface PrivateCaSubject {
  /** Common name, e.g. `Example Corp Internal Root CA`. */
  readonly commonName: string;
  /**
   * Organization (O), e.g. `Example Corp`.
   * @default - no organization in the name
   */
  readonly organization?: string;
  /**
   * Organizational unit (OU), e.g. `Platform`.
   * @default - no organizational unit in the name
   */
  readonly organizationalUnit?: string;
  /**
   * Two-letter country code (C), e.g. `DE`.
   * @default - no country in the name
   */
  readonly country?: string;
  /**
   * State or province (ST).
   * @default - no state in the name
   */
  readonly state?: string;
  /**
   * Locality (L), e.g. a city.
   * @default - no locality in the name
   */
  readonly locality?: string;
}

/** Properties of a Private CA. */
export interface PrivateCertificateAuthorityProps {
  /** The CA's distinguished name. */
  readonly subject: PrivateCaSubject;
  /**
   * Root or subordinate.
   *
   * A ROOT CA takes no `parent` and no `pathLength`.
   * @default - SUBORDINATE when `parent` is given, ROOT otherwise
   */
  readonly type?: PrivateCaType;
  /**
   * The CA that signs this subordinate CA.
   *
   * It must be a CA activated in this app, in the same region and partition (CloudFormation issues the certificate
   * there): a root, or a subordinate whose `pathLength` leaves room for one more level. For a parent elsewhere, set
   * `activate: false` and sign `certificateSigningRequest` yourself.
   * @default - no parent: a root CA
   */
  readonly parent?: PrivateCertificateAuthority;
  /**
   * For a subordinate CA, how many levels of CAs may sit below it (0 to 3).
   *
   * This is the CA certificate's path length constraint, issued from `SubordinateCACertificate_PathLen<n>/V1`. A
   * subordinate that signs another subordinate needs at least 1, and its child gets at most one less. Root CAs have
   * no path length limit and take no `pathLength`.
   * @default 0 (it signs end-entity certificates only)
   */
  readonly pathLength?: number;
  /**
   * The CA's key pair, which also sets its signing algorithm.
   * @default PrivateCaKeyAlgorithm.RSA_2048 (the most widely accepted)
   */
  readonly keyAlgorithm?: PrivateCaKeyAlgorithm;
  /**
   * How long the CA certificate is valid.
   *
   * A subordinate's validity must end before its parent's.
   * @default - 10 years for a root, 5 years for a subordinate
   */
  readonly validity?: Duration;
  /**
   * Issue and install the CA certificate so the CA is ACTIVE after deployment.
   * @default true
   */
  readonly activate?: boolean;
  /**
   * What the CA may issue: certificates of any validity, or short-lived ones only.
   * @default PrivateCaUsageMode.GENERAL_PURPOSE
   */
  readonly usageMode?: PrivateCaUsageMode;
  /**
   * What happens to the CA when it leaves the stack. Deleting a CA invalidates everything it signed.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An AWS Private CA, root or subordinate, optionally activated in the same deployment.
 *
 * One app can so hold the CA and the aws-privateca-issuer that signs with it.
 */
export class PrivateCertificateAuthority extends Resource implements acmpca.ICertificateAuthority {
  /**
   * Imports a CA by ARN, checking the ARN's shape and partition.
   *
   * An ARN that is a token (e.g. from another stack) passes unchecked.
   * @param scope the construct the imported CA is added to
   * @param id the construct id
   * @param certificateAuthorityArn the CA's ARN, `arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>`
   */
  public static fromCertificateAuthorityArn(scope: Construct, id: string, certificateAuthorityArn: string): acmpca.ICertificateAuthority {
    requireSamePartition(scope, id, parseCaArn(scope, id, certificateAuthorityArn).partition);
    return acmpca.CertificateAuthority.fromCertificateAuthorityArn(scope, id, certificateAuthorityArn);
  }

  /** The ARN of the CA. */
  public readonly certificateAuthorityArn: string;
  /** Root or subordinate. */
  public readonly type: PrivateCaType;
  /** How long the CA certificate is valid. */
  public readonly validity: Duration;
  /**
   * For a subordinate: the levels of CAs allowed below it.
   * @default - undefined for a root CA (no limit)
   */
  public readonly pathLength?: number;
  /** The CA's certificate signing request (PEM), for signing by a parent outside this app. */
  public readonly certificateSigningRequest: string;
  /**
   * The CA certificate followed by its chain (PEM), e.g. for trust bundles.
   * @default - undefined unless the CA is activated here
   */
  public readonly certificateChain?: string;
  private readonly signingAlgorithm: string;
  private readonly activation?: acmpca.CfnCertificateAuthorityActivation;

  /**
   * Creates the CA and, unless `activate` is false, issues and installs its certificate.
   * @param scope the construct this CA is added to
   * @param id the construct id
   * @param props the CA's name, place in the hierarchy, key and validity
   */
  constructor(scope: Construct, id: string, props: PrivateCertificateAuthorityProps) {
    super(scope, id);
    this.type = props.type ?? (props.parent ? PrivateCaType.SUBORDINATE : PrivateCaType.ROOT);
    this.validity = durationProp(this, 'validity', props.validity, Duration.days(this.type === PrivateCaType.ROOT ? 3650 : 1825));
    const activate = props.activate ?? true;
    this.pathLength = this.checkPathLength(props.pathLength);
    this.checkHierarchy(props.parent, activate);
    const keyAlgorithm = props.keyAlgorithm ?? PrivateCaKeyAlgorithm.RSA_2048;
    this.signingAlgorithm = keyAlgorithm.startsWith('EC') ? 'SHA256WITHECDSA' : 'SHA256WITHRSA';

    const ca = new acmpca.CfnCertificateAuthority(this, 'Resource', {
      type: this.type,
      keyAlgorithm,
      signingAlgorithm: this.signingAlgorithm,
      subject: {
        commonName: props.subject.commonName,
        organization: props.subject.organization,
        organizationalUnit: props.subject.organizationalUnit,
        country: props.subject.country,
        state: props.subject.state,
        locality: props.subject.locality,
      },
      usageMode: props.usageMode,
    });
    ca.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.certificateAuthorityArn = ca.attrArn;
    this.certificateSigningRequest = ca.attrCertificateSigningRequest;
    if (activate) {
      this.activation = this.activateWith(ca, props.parent);
      this.certificateChain = this.activation.attrCompleteCertificateChain;
    }
  }

  /** A reference to this CA, carrying its ARN. */
  public get certificateAuthorityRef(): acmpca.CertificateAuthorityReference {
    return { certificateAuthorityArn: this.certificateAuthorityArn };
  }

  /**
   * Lets `grantee` describe the CA, fetch certificates and issue them: what aws-privateca-issuer needs.
   *
   * With `templateArn`, the grant allows issuing from that template only.
   * @param grantee the principal that issues, e.g. the issuer's IAM role
   * @param templateArn the only certificate template `grantee` may issue from (default: any template)
   */
  public grantIssue(grantee: iam.IGrantable, templateArn?: string): iam.Grant {
    return grantPrivateCaIssuer(grantee, this.certificateAuthorityArn, templateArn);
  }

  private checkHierarchy(parent: PrivateCertificateAuthority | undefined, activate: boolean): void {
    if (this.type === PrivateCaType.ROOT) {
      if (parent) invalid(this, 'parent', 'is set on a ROOT CA', 'drop `parent`, or set type to SUBORDINATE');
      return;
    }
    if (!parent) {
      if (activate) invalid(this, 'parent', 'is missing for a SUBORDINATE CA that should be activated', 'give the parent CA, or set `activate: false` and sign certificateSigningRequest elsewhere');
      return;
    }
    if (!parent.activation) {
      invalid(this, 'parent', `'${parent.node.path}' is not activated in this app, so CloudFormation cannot sign with it`,
        'activate the parent here, or set `activate: false` and sign certificateSigningRequest yourself');
    }
    const mine = this.pathLength ?? 0;
    if (parent.pathLength !== undefined && mine >= parent.pathLength) {
      const fix = parent.pathLength === 0
        ? `give ${parent.node.id} pathLength ${mine + 1} or more, or sign this CA with a root`
        : `give this CA pathLength ${parent.pathLength - 1} or less, or raise ${parent.node.id}'s pathLength to ${mine + 1}`;
      invalid(this, 'parent', `'${parent.node.path}' has path length ${parent.pathLength}, which allows ${parent.pathLength === 0 ? 'no CA' : `CAs of path length ${parent.pathLength - 1} at most`} below it, but this CA has ${mine}`, fix);
    }
    const [here, there] = [Stack.of(this), Stack.of(parent)];
    if (!Token.isUnresolved(here.region) && !Token.isUnresolved(there.region) && here.region !== there.region) {
      invalid(this, 'parent', `is in region '${there.region}' but this CA in '${here.region}'`, 'create the subordinate in the parent\'s region (and so partition): CloudFormation issues its certificate there');
    }
    const [myDays, theirDays] = [this.validity.toDays(), parent.validity.toDays()];
    if (myDays >= theirDays) {
      invalid(this, 'validity', `(${myDays} days) does not end before the parent's (${theirDays} days)`, 'give the subordinate a shorter validity than its parent');
    }
  }

  private checkPathLength(pathLength: number | undefined): number | undefined {
    if (this.type === PrivateCaType.ROOT) {
      if (pathLength !== undefined) invalid(this, 'pathLength', 'is set on a ROOT CA, whose certificate has no path length limit', 'drop pathLength (set it on the subordinates)');
      return undefined;
    }
    const n = pathLength ?? 0;
    if (!Number.isInteger(n) || n < 0 || n > 3) {
      invalid(this, 'pathLength', `is ${n}`, 'use 0, 1, 2 or 3 (the SubordinateCACertificate_PathLen<n>/V1 templates)');
    }
    return n;
  }

  /** Issues the CA certificate (self-signed, or by the parent) and installs it. */
  private activateWith(ca: acmpca.CfnCertificateAuthority, parent?: PrivateCertificateAuthority): acmpca.CfnCertificateAuthorityActivation {
    const template = parent ? `SubordinateCACertificate_PathLen${this.pathLength ?? 0}/V1` : 'RootCACertificate/V1';
    const certificate = new acmpca.CfnCertificate(this, 'Certificate', {
      certificateAuthorityArn: parent ? parent.certificateAuthorityArn : ca.attrArn,
      certificateSigningRequest: ca.attrCertificateSigningRequest,
      signingAlgorithm: parent ? parent.signingAlgorithm : this.signingAlgorithm,
      templateArn: `arn:${Stack.of(this).partition}:acm-pca:::template/${template}`,
      validity: { type: 'DAYS', value: this.validity.toDays() },
    });
    if (parent?.activation) certificate.node.addDependency(parent.activation);
    return new acmpca.CfnCertificateAuthorityActivation(this, 'Activation', {
      certificateAuthorityArn: ca.attrArn,
      certificate: certificate.attrCertificate,
      // The parent's complete chain: its own certificate and every CA above it, up to the root.
      certificateChain: parent?.certificateChain,
      status: 'ACTIVE',
    });
  }
}
