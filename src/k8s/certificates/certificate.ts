import { ApiObject, ApiObjectMetadataDefinition, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid } from '../../common/errors';
import { isWildcard } from '../../common/names';
import * as l1 from '../../imports/cert-manager.io';
import { IIssuerRef } from '../issuer-ref';
import { CertificateOptions } from './certificate-options';
import { checkDnsNames, checkIssuerNamespace, checkObjectNames, checkOtherSans, checkRenewTiming, resolveRevisionHistoryLimit } from './checks';
import { goDuration } from './go-duration';
import { renderKeystores } from './keystores';
import { PrivateKeyAlgorithm, resolvePrivateKey } from './private-key';
import { renderRenewal } from './renewal';
import { claimSecret } from './secret-registry';
import { CertificateSignatureAlgorithm } from './usages';

/** Properties of a Certificate. */
export interface CertificateProps extends CertificateOptions {
  /** The issuer that signs the certificate; a namespaced issuer must be in the Certificate's namespace. */
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
 * Inputs cert-manager would reject, or that would fail at issuance, stop synthesis with one line naming the field.
 */
export class Certificate extends Construct {
  /** The underlying `cert-manager.io/v1` Certificate object. */
  public readonly apiObject: ApiObject;
  /** Metadata of the Certificate object. */
  public readonly metadata: ApiObjectMetadataDefinition;
  /** `metadata.name` of the Certificate. */
  public readonly name: string;
  /** Namespace of the Certificate and its Secret; undefined when neither the props nor the chart set one. */
  public readonly namespace?: string;
  /** The Secret that receives the certificate. */
  public readonly secretName: string;
  /** The issuer. */
  public readonly issuerRef: IIssuerRef;
  /** The DNS names requested. */
  public readonly dnsNames: string[];
  private readonly spec: l1.CertificateSpec;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    this.issuerRef = props.issuerRef;
    this.namespace = props.metadata?.namespace ?? Chart.of(this).namespace;
    this.dnsNames = [...props.dnsNames ?? []];
    checkIssuerNamespace(this, 'issuerRef', props.issuerRef, this.namespace);
    checkSubject(this, props);

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
  }

  private renderSpec(props: CertificateProps): l1.CertificateSpec {
    checkDnsNames(this, 'dnsNames', this.dnsNames, props.issuerRef);
    checkOtherSans(this, props.ipAddresses ?? [], props.uris ?? [], props.emailAddresses ?? []);
    checkRenewTiming(this, props.duration, props.renewBefore, props.renewBeforePercentage);
    const key = resolvePrivateKey(this, 'privateKey', props.privateKey);
    if (props.signatureAlgorithm && SIGNATURE_KEY_ALGORITHM[props.signatureAlgorithm] !== key.algorithm) {
      invalid(this, 'signatureAlgorithm', `${props.signatureAlgorithm} does not fit a ${key.algorithm} key`,
        `choose a ${key.algorithm} signature algorithm or change privateKey.algorithm`);
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
      duration: props.duration && goDuration(props.duration),
      renewBefore: props.renewBefore && goDuration(props.renewBefore),
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

/** Subject-level rules of cert-manager's webhook: some name to certify, and literalSubject standing alone. */
function checkSubject(scope: Certificate, props: CertificateProps): void {
  const names = [props.dnsNames, props.ipAddresses, props.uris, props.emailAddresses, props.otherNames].some(list => (list?.length ?? 0) > 0);
  if (!names && !props.commonName && !props.literalSubject) {
    invalid(scope, 'dnsNames', 'is empty and no other name (commonName, ipAddresses, uris, emailAddresses, otherNames) is set, so there is nothing to certify',
      'list at least one DNS name, e.g. dnsNames: [\'app.example.com\']');
  }
  if (props.literalSubject && (props.commonName || props.subject)) {
    invalid(scope, 'literalSubject', 'is set together with commonName or subject', 'put the whole subject in literalSubject, or drop it');
  }
  if (props.commonName && props.commonName.length > 64) {
    invalid(scope, 'commonName', `is ${props.commonName.length} characters long, which makes an invalid CSR`, 'keep it to 64 characters and put longer names in dnsNames');
  }
  if (props.commonName && isWildcard(props.commonName) && props.issuerRef.supportsWildcards === false) {
    invalid(scope, 'commonName', `'${props.commonName}' is a wildcard but issuer '${props.issuerRef.issuerName}' cannot sign wildcards`,
      'give the issuer a DNS-01 solver for this zone, or use a host name');
  }
  if (props.nameConstraints && !props.isCa) {
    invalid(scope, 'nameConstraints', 'is set on a certificate that is not a CA', 'set isCa: true, or remove nameConstraints');
  }
  props.otherNames?.forEach((other, i) => /^[0-9]+(\.[0-9]+)+$/.test(other.oid)
    || invalid(scope, `otherNames[${i}].oid`, `'${other.oid}' is not a dotted OID`, "write it like '1.3.6.1.4.1.311.20.2.3'"));
}
