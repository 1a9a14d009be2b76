import { Duration } from 'cdk8s';
import { ISecret, Ingress, Secret } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Certificate } from './certificate';
import { checkIssuerEnvironment } from '../environment';
import { IIssuerRef } from '../issuer-ref';
import { RateLimitBudget } from '../rate-limits/rate-limit-budget';
import { checkDnsNames, checkIssuerNamespace, checkRenewTiming, goDuration, resolveRevisionHistoryLimit } from './private/certificate-checks';
import { claimSecret } from './private/secret-registry';
import { CertificatePrivateKey, ResolvedPrivateKey, resolvePrivateKey } from './private-key';
import { report } from '../../private/errors';

/** How an Ingress gets its certificate. */
export enum IngressTlsMode {
  /**
   * Annotate the Ingress. Cert-manager's ingress-shim then creates a Certificate named after the Secret.
   * The annotation applies to every TLS entry of the Ingress.
   */
  INGRESS_SHIM = 'IngressShim',
  /**
   * Create an explicit Certificate next to the Ingress and leave the Ingress unannotated, so that ingress-shim
   * does not create a second Certificate for the same Secret. Works without ingress-shim and is checked against the CRD.
   */
  CERTIFICATE = 'Certificate',
}

/** TLS for an Ingress. */
export interface IngressTlsOptions {
  /** Host names the certificate covers (the TLS entry's `hosts`). */
  readonly hosts: string[];
  /** The issuer. A namespaced issuer must be in the Ingress's namespace. */
  readonly issuer: IIssuerRef;
  /**
   * Secret the certificate is written to (and, with ingress-shim, the generated Certificate's name).
   * @default - `<ingress name>-tls`
   */
  readonly secretName?: string;
  /**
   * Annotation only, or an explicit Certificate.
   * @default IngressTlsMode.INGRESS_SHIM
   */
  readonly mode?: IngressTlsMode;
  /**
   * Private key.
   * @default - ECDSA P-256, rotated on every issuance
   */
  readonly privateKey?: CertificatePrivateKey;
  /**
   * Requested lifetime.
   * @default - cert-manager's default, 90 days
   */
  readonly duration?: Duration;
  /**
   * Renew this long before expiry.
   * @default - a third of the lifetime
   */
  readonly renewBefore?: Duration;
  /**
   * CertificateRequests to keep.
   * @default 3
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Allow an issuer of the other Let's Encrypt environment than the declared one (`CertkitEnvironment`).
   * @default false
   */
  readonly allowIssuerEnvironmentMismatch?: boolean;
}

const GROUP = 'cert-manager.io';
const MODE_ID = 'cdk-certkit.IngressTlsMode';

/** Gives a cdk8s-plus Ingress its TLS block and a cert-manager certificate for it. */
export class IngressTls {
  /**
   * Adds a TLS entry for `hosts` and, by default, the ingress-shim annotations naming the issuer
   * (`cert-manager.io/cluster-issuer`, `cert-manager.io/issuer`, or for external issuers `cert-manager.io/issuer`
   * with `issuer-kind` and `issuer-group`) plus the key, lifetime and history settings.
   * @param ingress the cdk8s-plus Ingress to secure
   * @param options the hosts, the issuer, the mode and the certificate settings
   * @returns the explicit Certificate in `IngressTlsMode.CERTIFICATE`, otherwise undefined
   */
  public static enable(ingress: Ingress, options: IngressTlsOptions): Certificate | undefined {
    const namespace = ingress.metadata.namespace;
    const secretName = options.secretName ?? `${ingress.name}-tls`;
    if (options.hosts.length === 0) report(ingress, 'hosts', 'is empty', 'list the host names the Ingress serves');
    checkDnsNames(ingress, 'hosts', options.hosts, options.issuer);
    checkIssuerNamespace(ingress, 'issuer', options.issuer, namespace);
    if (options.mode === IngressTlsMode.CERTIFICATE) {
      const certificate = new Certificate(ingress, `Certificate-${secretName}`, {
        metadata: { name: secretName, namespace },
        secretName,
        dnsNames: options.hosts,
        issuerRef: options.issuer,
        privateKey: options.privateKey,
        duration: options.duration,
        renewBefore: options.renewBefore,
        revisionHistoryLimit: options.revisionHistoryLimit,
        allowIssuerEnvironmentMismatch: options.allowIssuerEnvironmentMismatch,
      });
      IngressTls.useCertificate(ingress, certificate);
      return certificate;
    }
    const { duration, renewBefore } = checkRenewTiming(ingress, options.duration, options.renewBefore);
    checkIssuerEnvironment(ingress, 'issuer', options.issuer, options.allowIssuerEnvironmentMismatch);
    RateLimitBudget.of(ingress); // ingress-shim orders a certificate for these hosts too
    claimMode(ingress, IngressTlsMode.INGRESS_SHIM);
    addAnnotations(ingress, {
      ...issuerAnnotations(options.issuer),
      ...privateKeyAnnotations(resolvePrivateKey(ingress, 'privateKey', options.privateKey)),
      'cert-manager.io/revision-history-limit': String(resolveRevisionHistoryLimit(ingress, options.revisionHistoryLimit)),
      'cert-manager.io/duration': duration && goDuration(duration),
      'cert-manager.io/renew-before': renewBefore && goDuration(renewBefore),
    });
    // Every shim-managed Secret belongs to exactly one Ingress: the path makes any other writer a conflict.
    claimSecret(ingress, 'secretName', namespace, secretName, `ingress-shim ${ingress.node.path}`);
    addTlsEntry(ingress, options.hosts, secretName);
    return undefined;
  }

  /**
   * Adds a TLS entry that serves an existing Certificate's Secret for its DNS names.
   *
   * No annotation is added.
   * @param ingress the cdk8s-plus Ingress to serve the certificate on
   * @param certificate the Certificate whose Secret and DNS names the entry uses
   */
  public static useCertificate(ingress: Ingress, certificate: Certificate): void {
    if (certificate.namespace !== ingress.metadata.namespace) {
      report(ingress, 'certificate', `${certificate.node.path} is in namespace '${certificate.namespace}', the Ingress in '${ingress.metadata.namespace}'`,
        'create the Certificate in the Ingress\'s namespace (an Ingress can only read Secrets there)');
    }
    if (certificate.dnsNames.length === 0) {
      report(ingress, 'certificate', `${certificate.node.path} has no DNS names to serve`, 'give the Certificate dnsNames');
    }
    claimMode(ingress, IngressTlsMode.CERTIFICATE);
    addTlsEntry(ingress, certificate.dnsNames, certificate.secretName);
  }

  private constructor() {}
}

/** The TLS mode of one Ingress: a singleton child of the Ingress, found with `node.tryFindChild`. */
class IngressTlsModeMarker extends Construct {
  public static of(ingress: Ingress): IngressTlsModeMarker | undefined {
    return ingress.node.tryFindChild(MODE_ID) as IngressTlsModeMarker | undefined;
  }

  constructor(ingress: Ingress, public readonly mode: IngressTlsMode) {
    super(ingress, MODE_ID);
  }
}

/** ingress-shim acts on every TLS entry of an annotated Ingress, so one Ingress cannot mix both modes. */
function claimMode(ingress: Ingress, mode: IngressTlsMode): void {
  const current = IngressTlsModeMarker.of(ingress)?.mode;
  if (current === undefined) {
    new IngressTlsModeMarker(ingress, mode);
  } else if (current !== mode) {
    report(ingress, 'mode', `${mode} conflicts with an earlier ${current} TLS entry: ingress-shim would also issue for the explicit certificate's Secret`,
      'use one mode per Ingress, or a second Ingress');
  }
}

function issuerAnnotations(issuer: IIssuerRef): Record<string, string> {
  if (issuer.issuerGroup === GROUP && issuer.issuerKind === 'ClusterIssuer') return { [`${GROUP}/cluster-issuer`]: issuer.issuerName };
  if (issuer.issuerGroup === GROUP && issuer.issuerKind === 'Issuer') return { [`${GROUP}/issuer`]: issuer.issuerName };
  return {
    [`${GROUP}/issuer`]: issuer.issuerName,
    [`${GROUP}/issuer-kind`]: issuer.issuerKind,
    [`${GROUP}/issuer-group`]: issuer.issuerGroup,
  };
}

function privateKeyAnnotations(key: ResolvedPrivateKey): Record<string, string | undefined> {
  return {
    [`${GROUP}/private-key-algorithm`]: key.algorithm,
    [`${GROUP}/private-key-size`]: key.size?.toString(),
    [`${GROUP}/private-key-encoding`]: key.encoding,
    [`${GROUP}/private-key-rotation-policy`]: key.rotationPolicy,
  };
}

/** Annotations are per Ingress: a second call may repeat them but not change them. */
function addAnnotations(ingress: Ingress, annotations: Record<string, string | undefined>): void {
  const existing: Record<string, string> = ingress.metadata.toJson().annotations ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (value === undefined) continue;
    if (existing[key] !== undefined && existing[key] !== value) {
      report(ingress, `annotations['${key}']`, `is already '${existing[key]}', this TLS entry needs '${value}'`,
        'use the same issuer and key settings for every TLS entry of an Ingress, or the CERTIFICATE mode');
      continue;
    }
    ingress.metadata.addAnnotation(key, value);
  }
}

function addTlsEntry(ingress: Ingress, hosts: readonly string[], secretName: string): void {
  const id = `TlsSecret-${secretName}`;
  const secret = (ingress.node.tryFindChild(id) as ISecret | undefined) ?? Secret.fromSecretName(ingress, id, secretName);
  ingress.addTls([{ hosts: [...hosts], secret }]);
}
