// The cert-manager Certificate: its props, the parts of its subject and usages, its checks and its rendering.
import { ApiObject, ApiObjectMetadata, ApiObjectMetadataDefinition, Chart, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateKeystores, renderKeystores } from './keystores';
import {
  checkDnsNames, checkIssuerNamespace, checkLabelsAndAnnotations, checkObjectNames, checkOtherSans, checkRenewTiming, goDuration,
  resolveRevisionHistoryLimit,
} from './private/certificate-checks';
import { claimSecret } from './private/secret-registry';
import { CertificatePrivateKey, PrivateKeyAlgorithm, resolvePrivateKey } from './private-key';
import { CertificateRenewal, renderRenewal } from './renewal';
import { isWildcard } from '../../common/names';
import * as l1 from '../../imports/cert-manager.io';
import { report, reportedOn } from '../../private/errors';
import { checkIssuerEnvironment } from '../environment';
import { IIssuerRef } from '../issuer-ref';
import { validateRendered } from '../private/rendered-validation';
import { OID_COMMON_NAME, parseDn, sameOid } from '../private/webhook/dn';
import { goLen } from '../private/webhook/go';
import { RateLimitBudget } from '../rate-limits/rate-limit-budget';

/** Labels and annotations cert-manager copies onto the certificate's Secret. */
export interface CertificateSecretTemplate {
  /**
   * Labels cert-manager sets on the Secret.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations cert-manager sets on the Secret.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * Everything a Certificate can request except its issuer. The fields of cert-manager's `Certificate` spec (v1).
 * At least one of commonName, literalSubject, dnsNames, ipAddresses, uris, emailAddresses or otherNames is needed.
 */
export interface CertificateOptions {
  /**
   * Metadata of the Certificate object. `namespace` is also where the Secret is written. Label keys and values and
   * annotation keys must be what Kubernetes accepts.
   * @default - name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Name of the Secret that receives `tls.crt`, `tls.key` and `ca.crt`.
   * @default - `<metadata.name>-tls`
   */
  readonly secretName?: string;
  /**
   * Labels and annotations for the Secret, as Kubernetes accepts them. `cert-manager.io/` annotations are refused
   * (cert-manager sets its own), except `cert-manager.io/allow-direct-injection`.
   * @default - none
   */
  readonly secretTemplate?: CertificateSecretTemplate;
  /**
   * DNS subject alternative names. A leading `*.` makes a wildcard. Each name once: a name listed twice is refused
   * (cert-manager would pass the duplicate on to the CA).
   * @default - none
   */
  readonly dnsNames?: string[];
  /**
   * Common name, at most 64 bytes of UTF-8 (X.509's limit; a non-ASCII character takes 2 to 4). TLS clients ignore
   * it when any SAN is present.
   * @default - none
   */
  readonly commonName?: string;
  /**
   * The whole subject as an RFC 4514 string, e.g. `CN=app,O=Example`, for LDAP-style ordering;
   * excludes commonName and subject. Attribute types are C, O, OU, CN, SERIALNUMBER, L, ST, STREET, DC, UID (upper
   * case) or dotted OIDs; a CN in it counts as the certificate's name and has the 64-byte limit of commonName.
   * Needs cert-manager's LiteralCertificateSubject feature gate (on by default).
   * @default - none
   */
  readonly literalSubject?: string;
  /**
   * IP address subject alternative names, as Go's parser reads them: plain IPv4 or IPv6, no zone (`fe80::1%eth0`),
   * brackets or leading zeros.
   * @default - none
   */
  readonly ipAddresses?: string[];
  /**
   * URI subject alternative names, e.g. SPIFFE IDs.
   * @default - none
   */
  readonly uris?: string[];
  /**
   * E-mail subject alternative names.
   * @default - none
   */
  readonly emailAddresses?: string[];
  /**
   * otherName subject alternative names.
   * @default - none
   */
  readonly otherNames?: OtherName[];
  /**
   * Subject attributes besides the common name.
   * @default - none
   */
  readonly subject?: CertificateSubject;
  /**
   * Requested lifetime, at least 1 hour. The issuer may ignore it (Let's Encrypt always issues 90 days).
   * @default - cert-manager's default, 90 days
   */
  readonly duration?: Duration;
  /**
   * Renew this long before expiry. At least 5 minutes and shorter than duration. Excludes renewBeforePercentage.
   * @default - a third of the lifetime
   */
  readonly renewBefore?: Duration;
  /**
   * Renew when this percentage (1-99) of the lifetime remains. Excludes renewBefore.
   *
   * cert-manager's webhook checks it the other way round, taking (100 - percentage)% of the duration as the renewal
   * point it compares with its 5-minute minimum; a percentage for which that is under 5 minutes (e.g. 95 on a 1-hour
   * certificate) is refused as the webhook would refuse it. A percentage that renews less than 5 minutes before expiry
   * (e.g. 5 on a 1-hour certificate) is refused too, deliberately: the webhook admits it, but it is the renewBefore
   * of under 5 minutes cert-manager refuses.
   * @default - a third of the lifetime
   */
  readonly renewBeforePercentage?: number;
  /**
   * Renewal policy and windows.
   * @default - renew at renewBefore, at any time
   */
  readonly renewal?: CertificateRenewal;
  /**
   * Private key algorithm, size, encoding and rotation.
   * @default - ECDSA P-256, PKCS1, rotated on every issuance
   */
  readonly privateKey?: CertificatePrivateKey;
  /**
   * Signature algorithm. Must fit the key algorithm.
   * @default - chosen by the issuer for the key
   */
  readonly signatureAlgorithm?: CertificateSignatureAlgorithm;
  /**
   * Key usages and extended key usages.
   * @default - cert-manager's default, digital signature and key encipherment
   */
  readonly usages?: KeyUsage[];
  /**
   * Whether usages are encoded in the CSR. Turn off only for issuers that reject such CSRs.
   * @default true
   */
  readonly encodeUsagesInRequest?: boolean;
  /**
   * Request a CA certificate (adds the `cert sign` usage).
   * @default false
   */
  readonly isCa?: boolean;
  /**
   * Name constraints. Only for CA certificates.
   * @default - none
   */
  readonly nameConstraints?: NameConstraints;
  /**
   * PKCS#12 and JKS keystores in the Secret.
   * @default - none
   */
  readonly keystores?: CertificateKeystores;
  /**
   * Extra encodings of key and chain in the Secret.
   * @default - none
   */
  readonly additionalOutputFormats?: AdditionalOutputFormat[];
  /**
   * How many CertificateRequests to keep, for diagnosing failed renewals.
   * @default 3
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Allow an issuer of the other Let's Encrypt environment than the declared one (`CertkitEnvironment`): a
   * production issuer outside production, or a staging issuer in production. Without a declared environment
   * nothing is checked.
   * @default false
   */
  readonly allowIssuerEnvironmentMismatch?: boolean;
}

/** X.509 subject attributes besides the common name. */
export interface CertificateSubject {
  /**
   * Organizations (O).
   * @default - none
   */
  readonly organizations?: string[];
  /**
   * Organizational units (OU).
   * @default - none
   */
  readonly organizationalUnits?: string[];
  /**
   * Countries (C).
   * @default - none
   */
  readonly countries?: string[];
  /**
   * States or provinces (ST).
   * @default - none
   */
  readonly provinces?: string[];
  /**
   * Localities or cities (L).
   * @default - none
   */
  readonly localities?: string[];
  /**
   * Street addresses (STREET).
   * @default - none
   */
  readonly streetAddresses?: string[];
  /**
   * Postal codes (POSTALCODE).
   * @default - none
   */
  readonly postalCodes?: string[];
  /**
   * The subject serial number attribute (SERIALNUMBER), not the certificate serial.
   * @default - none
   */
  readonly serialNumber?: string;
}

/** A UTF-8 string `otherName` subject alternative name, e.g. a Microsoft UPN (OID 1.3.6.1.4.1.311.20.2.3). */
export interface OtherName {
  /** Object identifier as a dotted string. */
  readonly oid: string;
  /** The value. */
  readonly utf8Value: string;
}

/** Names a CA certificate may (permitted) or may not (excluded) sign for (RFC 5280 section 4.2.1.10). */
export interface NameConstraintItems {
  /**
   * DNS domains. A domain covers its subdomains.
   * @default - none
   */
  readonly dnsDomains?: string[];
  /** IP ranges in CIDR notation. @default - none */
  readonly ipRanges?: string[];
  /**
   * E-mail addresses, or domains of e-mail addresses.
   * @default - none
   */
  readonly emailAddresses?: string[];
  /**
   * Hosts of URI subject alternative names.
   * @default - none
   */
  readonly uriDomains?: string[];
}

/**
 * The name constraints extension of a CA certificate. An alpha feature of cert-manager: it needs
 * `--feature-gates=NameConstraints=true` on the controller and the webhook.
 */
export interface NameConstraints {
  /**
   * Whether the extension is marked critical.
   * @default false
   */
  readonly critical?: boolean;
  /**
   * Names the CA may sign for. Names outside them are refused.
   * @default - no permitted subtrees
   */
  readonly permitted?: NameConstraintItems;
  /**
   * Names the CA may not sign for, even inside the permitted ones.
   * @default - no excluded subtrees
   */
  readonly excluded?: NameConstraintItems;
}

/** Key usages and extended key usages a certificate may request. */
export enum KeyUsage {
  /** Key usage `digitalSignature`, cert-manager's older name for it. */
  SIGNING = 'signing',
  /** Key usage `digitalSignature`: the key signs data, such as a TLS handshake. */
  DIGITAL_SIGNATURE = 'digital signature',
  /** Key usage `contentCommitment` (formerly `nonRepudiation`). */
  CONTENT_COMMITMENT = 'content commitment',
  /** Key usage `keyEncipherment`: the key encrypts keys, as in RSA key exchange. */
  KEY_ENCIPHERMENT = 'key encipherment',
  /** Key usage `keyAgreement`: the key takes part in a key agreement, as in ECDH. */
  KEY_AGREEMENT = 'key agreement',
  /** Key usage `dataEncipherment`: the key encrypts data directly. */
  DATA_ENCIPHERMENT = 'data encipherment',
  /** Key usage `keyCertSign`: the key signs certificates (a CA). */
  CERT_SIGN = 'cert sign',
  /** Key usage `cRLSign`: the key signs certificate revocation lists. */
  CRL_SIGN = 'crl sign',
  /** Key usage `encipherOnly`: with key agreement, the key only encrypts. */
  ENCIPHER_ONLY = 'encipher only',
  /** Key usage `decipherOnly`: with key agreement, the key only decrypts. */
  DECIPHER_ONLY = 'decipher only',
  /** Extended key usage `anyExtendedKeyUsage`: any purpose. */
  ANY = 'any',
  /** Extended key usage `serverAuth`: TLS server authentication. */
  SERVER_AUTH = 'server auth',
  /** Extended key usage `clientAuth`: TLS client authentication. */
  CLIENT_AUTH = 'client auth',
  /** Extended key usage `codeSigning`: signing code. */
  CODE_SIGNING = 'code signing',
  /** Extended key usage `emailProtection`: S/MIME e-mail. */
  EMAIL_PROTECTION = 'email protection',
  /** Extended key usage `emailProtection`, cert-manager's `s/mime` alias for it. */
  S_MIME = 's/mime',
  /** Extended key usage `ipsecEndSystem`: an IPsec end system. */
  IPSEC_END_SYSTEM = 'ipsec end system',
  /** Extended key usage `ipsecTunnel`: an IPsec tunnel. */
  IPSEC_TUNNEL = 'ipsec tunnel',
  /** Extended key usage `ipsecUser`: an IPsec user. */
  IPSEC_USER = 'ipsec user',
  /** Extended key usage `timeStamping`: a trusted timestamping authority. */
  TIMESTAMPING = 'timestamping',
  /** Extended key usage `OCSPSigning`: signing OCSP responses. */
  OCSP_SIGNING = 'ocsp signing',
  /** Extended key usage Microsoft Server Gated Crypto (legacy). */
  MICROSOFT_SGC = 'microsoft sgc',
  /** Extended key usage Netscape Server Gated Crypto (legacy). */
  NETSCAPE_SGC = 'netscape sgc',
}

/** Signature algorithm of the issued certificate. It must fit the private key's algorithm. */
export enum CertificateSignatureAlgorithm {
  /** RSA with SHA-256, for an RSA key. */
  SHA256_WITH_RSA = 'SHA256WithRSA',
  /** RSA with SHA-384, for an RSA key. */
  SHA384_WITH_RSA = 'SHA384WithRSA',
  /** RSA with SHA-512, for an RSA key. */
  SHA512_WITH_RSA = 'SHA512WithRSA',
  /** ECDSA with SHA-256, for an ECDSA key. */
  ECDSA_WITH_SHA256 = 'ECDSAWithSHA256',
  /** ECDSA with SHA-384, for an ECDSA key. */
  ECDSA_WITH_SHA384 = 'ECDSAWithSHA384',
  /** ECDSA with SHA-512, for an ECDSA key. */
  ECDSA_WITH_SHA512 = 'ECDSAWithSHA512',
  /** Ed25519, for an Ed25519 key. */
  PURE_ED25519 = 'PureEd25519',
}

/** Extra encodings of key and chain written into the Secret. */
export enum AdditionalOutputFormat {
  /** `tls-combined.pem`: the private key followed by the chain, for proxies that want one file. */
  COMBINED_PEM = 'CombinedPEM',
  /** `key.der`: the private key in DER. */
  DER = 'DER',
}

/** Properties of a Certificate. */
export interface CertificateProps extends CertificateOptions {
  /** The issuer that signs the certificate. A namespaced issuer must be in the Certificate's namespace. */
  readonly issuerRef: IIssuerRef;
}

const SIGNATURE_KEY_ALGORITHM: Record<CertificateSignatureAlgorithm, PrivateKeyAlgorithm> = {
  [CertificateSignatureAlgorithm.SHA256_WITH_RSA]: PrivateKeyAlgorithm.RSA,
  [CertificateSignatureAlgorithm.SHA384_WITH_RSA]: PrivateKeyAlgorithm.RSA,
  [CertificateSignatureAlgorithm.SHA512_WITH_RSA]: PrivateKeyAlgorithm.RSA,
  [CertificateSignatureAlgorithm.ECDSA_WITH_SHA256]: PrivateKeyAlgorithm.ECDSA,
  [CertificateSignatureAlgorithm.ECDSA_WITH_SHA384]: PrivateKeyAlgorithm.ECDSA,
  [CertificateSignatureAlgorithm.ECDSA_WITH_SHA512]: PrivateKeyAlgorithm.ECDSA,
  [CertificateSignatureAlgorithm.PURE_ED25519]: PrivateKeyAlgorithm.ED25519,
};

/**
 * A cert-manager `Certificate`: a key pair and a certificate kept valid in a Secret. Defaults to an ECDSA P-256
 * key rotated on every issuance, a Secret named `<name>-tls` and a bounded CertificateRequest history.
 * Inputs cert-manager would reject, or that would fail at issuance, fail synthesis with one line each naming the field.
 */
export class Certificate extends Construct {
  /** The underlying `cert-manager.io/v1` Certificate object. */
  public readonly apiObject: ApiObject;
  /** Metadata of the Certificate object. */
  public readonly metadata: ApiObjectMetadataDefinition;
  /** `metadata.name` of the Certificate. */
  public readonly name: string;
  /** Namespace of the Certificate and its Secret. Undefined when neither the props nor the chart set one. */
  public readonly namespace?: string;
  /** The Secret that receives the certificate. */
  public readonly secretName: string;
  /** The issuer. */
  public readonly issuerRef: IIssuerRef;
  /** The DNS names requested. */
  public readonly dnsNames: string[];
  private readonly spec: l1.CertificateSpec;

  /**
   * @param scope the chart or construct the Certificate belongs to
   * @param id the construct id, unique within `scope`
   * @param props the request and the issuer
   */
  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    this.issuerRef = props.issuerRef;
    this.namespace = props.metadata?.namespace ?? Chart.of(this).namespace;
    this.dnsNames = [...props.dnsNames ?? []];
    checkIssuerNamespace(this, 'issuerRef', props.issuerRef, this.namespace);
    checkIssuerEnvironment(this, 'issuerRef', props.issuerRef, props.allowIssuerEnvironmentMismatch);
    checkSubject(this, props);
    // What a fresh install of the app orders is checked against the ACME CAs' rate limits (opt out per app).
    RateLimitBudget.of(this);

    // The default secretName comes from the generated object name, so the spec is produced once both exist.
    this.apiObject = new l1.Certificate(this, 'Resource', {
      metadata: { ...props.metadata, namespace: this.namespace },
      spec: Lazy.any({ produce: () => this.spec }),
    });
    this.metadata = this.apiObject.metadata;
    this.name = this.apiObject.name;
    this.secretName = props.secretName ?? `${this.name}-tls`;
    checkObjectNames(this, { 'metadata.name': this.name, 'metadata.namespace': this.namespace, 'secretName': this.secretName });

    this.spec = this.renderSpec(props);
    claimSecret(this, 'secretName', this.namespace, this.secretName, JSON.stringify(l1.toJson_CertificateSpec(this.spec)));
    // The rendered-object net would repeat each mistake reported above in its own words; it checks clean objects.
    if (reportedOn(this).length === 0) validateRendered(this.apiObject);
  }

  private renderSpec(props: CertificateProps): l1.CertificateSpec {
    checkDnsNames(this, 'dnsNames', this.dnsNames, props.issuerRef);
    checkOtherSans(this, props.ipAddresses ?? [], props.uris ?? [], props.emailAddresses ?? []);
    const { duration, renewBefore } = checkRenewTiming(this, props.duration, props.renewBefore, props.renewBeforePercentage);
    const key = resolvePrivateKey(this, 'privateKey', props.privateKey);
    if (props.signatureAlgorithm && SIGNATURE_KEY_ALGORITHM[props.signatureAlgorithm] !== key.algorithm) {
      // cdk-certkit's default key is ECDSA on purpose, where cert-manager's is RSA: say so when the default is the cause.
      const byDefault = props.privateKey?.algorithm === undefined
        ? " (cdk-certkit's default key algorithm, deliberately ECDSA where cert-manager's default is RSA)" : '';
      report(this, 'signatureAlgorithm', `${props.signatureAlgorithm} does not fit a ${key.algorithm} key${byDefault}`,
        `choose a ${key.algorithm} signature algorithm or set privateKey.algorithm to ${SIGNATURE_KEY_ALGORITHM[props.signatureAlgorithm]}`);
    }
    const spec = {
      secretName: this.secretName,
      secretTemplate: props.secretTemplate,
      issuerRef: { name: props.issuerRef.issuerName, kind: props.issuerRef.issuerKind, group: props.issuerRef.issuerGroup },
      commonName: props.commonName,
      literalSubject: props.literalSubject,
      subject: props.subject,
      dnsNames: nonEmpty(this.dnsNames),
      ipAddresses: nonEmpty(props.ipAddresses),
      uris: nonEmpty(props.uris),
      emailAddresses: nonEmpty(props.emailAddresses),
      otherNames: nonEmpty(props.otherNames),
      duration: duration && goDuration(duration),
      renewBefore: renewBefore && goDuration(renewBefore),
      renewBeforePercentage: props.renewBeforePercentage,
      renewal: renderRenewal(this, props.renewal),
      privateKey: key,
      signatureAlgorithm: props.signatureAlgorithm,
      usages: nonEmpty(props.usages),
      encodeUsagesInRequest: props.encodeUsagesInRequest,
      isCa: props.isCa,
      nameConstraints: props.nameConstraints,
      keystores: renderKeystores(this, props.keystores),
      additionalOutputFormats: props.additionalOutputFormats?.map(type => ({ type })),
      revisionHistoryLimit: resolveRevisionHistoryLimit(this, props.revisionHistoryLimit),
    };
    // Our enums carry exactly the CRD's strings; the L1's enums are a different TypeScript type for the same values.
    return spec as unknown as l1.CertificateSpec;
  }
}

function nonEmpty<T>(items: readonly T[] | undefined): T[] | undefined {
  return items && items.length > 0 ? [...items] : undefined;
}

/** The CN inside a literalSubject, or what is wrong with the literalSubject (reported). */
function literalSubjectCommonName(scope: Certificate, literalSubject: string): string | undefined {
  const parsed = parseDn(literalSubject);
  if ('error' in parsed) {
    report(scope, 'literalSubject', `'${literalSubject}' is not an RFC 4514 distinguished name: ${parsed.error}`,
      'write comma-separated TYPE=value pairs, escaping , + ; " \\ < > = with a backslash');
    return undefined;
  }
  let commonName: string | undefined;
  for (const atv of parsed.rdns.flat()) {
    if (atv.oid === undefined) {
      report(scope, 'literalSubject', `has the attribute type '${atv.type}', which cert-manager does not know`,
        'use C, O, OU, CN, SERIALNUMBER, L, ST, STREET, DC or UID (upper case), or a dotted OID');
    } else if (sameOid(atv.oid, OID_COMMON_NAME)) {
      commonName = atv.value;
    }
  }
  return commonName;
}

/** Subject-level rules of cert-manager's webhook: some name to certify, and literalSubject standing alone. */
function checkSubject(scope: Certificate, props: CertificateProps): void {
  checkLabelsAndAnnotations(scope, 'metadata', props.metadata?.labels, props.metadata?.annotations);
  checkLabelsAndAnnotations(scope, 'secretTemplate', props.secretTemplate?.labels, props.secretTemplate?.annotations,
    { prefix: 'cert-manager.io/', except: ['cert-manager.io/allow-direct-injection'] });
  const names = [props.dnsNames, props.ipAddresses, props.uris, props.emailAddresses, props.otherNames].some(list => (list?.length ?? 0) > 0);
  const literalCn = props.literalSubject ? literalSubjectCommonName(scope, props.literalSubject) : undefined;
  if (!names && !props.commonName && !props.literalSubject) {
    report(scope, 'dnsNames', 'is empty and no other name (commonName, ipAddresses, uris, emailAddresses, otherNames) is set, so there is nothing to certify',
      'list at least one DNS name, e.g. dnsNames: [\'app.example.com\']');
  } else if (!names && props.literalSubject && !literalCn) {
    report(scope, 'literalSubject', `'${props.literalSubject}' has no CN and no subject alternative name is set, so there is nothing to certify`,
      'put a CN=... in literalSubject, or list dnsNames (or ipAddresses, uris, emailAddresses, otherNames)');
  }
  if (props.literalSubject && (props.commonName || props.subject)) {
    report(scope, 'literalSubject', 'is set together with commonName or subject', 'put the whole subject in literalSubject, or drop it');
  }
  for (const [field, cn] of [['commonName', props.commonName], ['literalSubject', literalCn]] as const) {
    if (cn && goLen(cn) > 64) {
      const what = field === 'commonName' ? '' : 'has a CN that ';
      report(scope, field, `${what}is ${goLen(cn)} bytes of UTF-8 long, more than the 64 X.509 allows in a CN`, 'keep the CN to 64 bytes and put longer names in dnsNames');
    }
  }
  if (props.commonName && isWildcard(props.commonName) && props.issuerRef.supportsWildcards === false) {
    report(scope, 'commonName', `'${props.commonName}' is a wildcard but issuer '${props.issuerRef.issuerName}' cannot sign wildcards`,
      'give the issuer a DNS-01 solver for this zone, or use a host name');
  }
  if (props.nameConstraints && !props.isCa) {
    report(scope, 'nameConstraints', 'is set on a certificate that is not a CA', 'set isCa: true, or remove nameConstraints');
  }
  props.otherNames?.forEach((other, i) => /^[0-9]+(\.[0-9]+)+$/.test(other.oid)
    || report(scope, `otherNames[${i}].oid`, `'${other.oid}' is not a dotted OID`, "write it like '1.3.6.1.4.1.311.20.2.3'"));
}
