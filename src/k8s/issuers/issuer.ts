// The cert-manager issuer constructs (`ClusterIssuer`, `Issuer`) and `IssuerType`, what signs their certificates.
// Each issuer kind's props, checks and rendering live in its own file: acme.ts, lets-encrypt.ts, ca.ts, vault.ts,
// aws-private-ca.ts.
import { ApiObject, Chart, JsonPatch, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AcmeIssuerProps, renderAcmeIssuer } from './acme';
import { AwsPrivateCaIssuerProps, renderAwsPrivateCaIssuer } from './aws-private-ca';
import { CaIssuerProps, renderCaIssuer, renderSelfSignedIssuer, SelfSignedIssuerProps } from './ca';
import { LetsEncryptIssuerProps, renderLetsEncryptIssuer } from './lets-encrypt';
import { letsEncryptEnvironmentOf } from '../../common/acme-directories';
import * as pca from '../../imports/awspca.cert-manager.io';
import * as cm from '../../imports/cert-manager.io';
import { ExistingIssuerOptions, IIssuerRef, IssuerReference } from '../issuer-ref';
import { checkLabels, checkNamespace, checkObjectName } from './private/checks';
import { IssuerConfig } from './private/issuer-config';
import { renderVaultIssuer, VaultIssuerProps } from './vault';
import { invalid, report, reportedOn } from '../../private/errors';
import { environmentNamed } from '../environment';
import { validateRendered } from '../private/rendered-validation';

/**
 * What signs the certificates of a `ClusterIssuer` or `Issuer`. Settings are checked when the type is
 * bound to an issuer, so every error names that issuer's construct path.
 */
export abstract class IssuerType {
  /**
   * Let's Encrypt, staging or production. The directory URL follows from the environment.
   * @param props settings of the Let's Encrypt issuer
   */
  public static letsEncrypt(props: LetsEncryptIssuerProps): IssuerType {
    return new RenderedIssuerType(props, renderLetsEncryptIssuer);
  }

  /**
   * Any RFC 8555 ACME CA (ZeroSSL, Google Trust Services, step-ca, a private ACME server...).
   * @param props settings of the ACME issuer
   */
  public static acme(props: AcmeIssuerProps): IssuerType {
    return new RenderedIssuerType(props, renderAcmeIssuer);
  }

  /**
   * Self-signed certificates (typically the root of a private CA).
   * @param props settings of the self-signed issuer
   */
  public static selfSigned(props: SelfSignedIssuerProps = {}): IssuerType {
    return new RenderedIssuerType(props, renderSelfSignedIssuer);
  }

  /**
   * A CA whose certificate and key are stored in a Secret.
   * @param props settings of the CA issuer
   */
  public static ca(props: CaIssuerProps): IssuerType {
    return new RenderedIssuerType(props, renderCaIssuer);
  }

  /**
   * A HashiCorp Vault PKI secrets engine.
   * @param props settings of the Vault issuer
   */
  public static vault(props: VaultIssuerProps): IssuerType {
    return new RenderedIssuerType(props, renderVaultIssuer);
  }

  /**
   * AWS Private CA.
   *
   * Emits `AWSPCAClusterIssuer`/`AWSPCAIssuer` for aws-privateca-issuer instead of a cert-manager issuer.
   * @param props settings of the AWS Private CA issuer
   */
  public static awsPrivateCa(props: AwsPrivateCaIssuerProps): IssuerType {
    return new RenderedIssuerType(props, renderAwsPrivateCaIssuer);
  }

  /**
   * The spec this type gives the issuer `scope` named `issuerName`, checked on its behalf.
   * @internal
   */
  public abstract _bind(scope: IConstruct, issuerName: string): IssuerConfig;
}

/** How an issuer kind's file turns its props into the issuer's spec (e.g. `renderAcmeIssuer` in acme.ts). */
type IssuerRenderer<P> = (scope: IConstruct, issuerName: string, props: P) => IssuerConfig;

/** An `IssuerType` made by one of its factories: the kind's props and the renderer of that kind's file. */
class RenderedIssuerType<P> extends IssuerType {
  public constructor(private readonly props: P, private readonly render: IssuerRenderer<P>) {
    super();
  }

  /** @internal */
  public _bind(scope: IConstruct, issuerName: string): IssuerConfig {
    return this.render(scope, issuerName, this.props);
  }
}

/**
 * An issuer whose name says staging while it talks to Let's Encrypt production (or the reverse) is a mistake waiting
 * to be copied: every Certificate that picks it by name gets the other environment.
 */
function checkNameSaysServer(scope: IConstruct, derived: boolean, name: string, server: string | undefined): void {
  const actual = server === undefined ? undefined : letsEncryptEnvironmentOf(server);
  const said = environmentNamed(name);
  if (actual === undefined || said === undefined || said === actual) return;
  const constant = actual === 'production' ? 'STAGING' : 'PRODUCTION';
  report(scope, 'name', `'${name}'${derived ? ' (derived from the construct path)' : ''} says ${said}, but the issuer uses Let's Encrypt ${actual} (${server})`,
    `use LetsEncryptEnvironment.${constant} if the issuer is for ${said}, or rename it${derived ? ' (set name, or change the construct id)' : ''}`);
}

/** Settings of a `ClusterIssuer`. */
export interface ClusterIssuerProps {
  /** What signs the certificates, e.g. `IssuerType.letsEncrypt({...})`. */
  readonly type: IssuerType;
  /**
   * `metadata.name`. For a Let's Encrypt issuer, a name that says an environment (`staging`, `stage`, `stg`;
   * `production`, `prod`, `prd`) must say the one its server is, since Certificates pick issuers by name.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Labels of the issuer object.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the issuer object.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Settings of a namespaced `Issuer`. */
export interface IssuerProps extends ClusterIssuerProps {
  /** Namespace of the issuer and of the Secrets it references. @default - the chart's namespace */
  readonly namespace?: string;
}

/** The behaviour `ClusterIssuer` and `Issuer` share: one spec builder, two scopes. */
export abstract class IssuerBase extends Construct implements IIssuerRef {
  public readonly issuerName: string;
  /** `ClusterIssuer`, `Issuer`, `AWSPCAClusterIssuer` or `AWSPCAIssuer`. */
  public readonly issuerKind: string;
  public readonly issuerGroup: string;
  /**
   * Namespace of an `Issuer` or `AWSPCAIssuer`.
   * @default - none: a cluster-scoped issuer has no namespace
   */
  public readonly issuerNamespace?: string;
  /**
   * True unless this is an ACME issuer without a DNS-01 solver.
   *
   * Always set; optional only to match `IIssuerRef`.
   * @default - always set
   */
  public readonly supportsWildcards?: boolean;
  /**
   * The ACME directory URL, for ACME issuers.
   * @default - none: not an ACME issuer
   */
  public readonly acmeServer?: string;
  /** The generated custom resource, as an escape hatch. */
  public readonly apiObject: ApiObject;

  /**
   * @param scope the chart or construct the issuer belongs to
   * @param id the construct id, unique within `scope`
   * @param props the issuer's type, name and metadata
   * @param namespaced whether this is an `Issuer` (which uses `props.namespace`) rather than a `ClusterIssuer`
   */
  protected constructor(scope: Construct, id: string, props: IssuerProps, namespaced: boolean) {
    super(scope, id);
    const namespace = namespaced ? this.namespaceOf(props) : undefined;
    const name = props.name === undefined ? Names.toDnsLabel(this) : checkObjectName(this, 'name', props.name);
    if (props.type === undefined) invalid(this, 'type', 'is missing', 'pass an IssuerType, e.g. IssuerType.letsEncrypt({...}) or IssuerType.ca({...})');
    const config = props.type._bind(this, name);
    checkNameSaysServer(this, props.name === undefined, name, config.acmeServer);
    const metadata = {
      name,
      namespace,
      labels: checkLabels(this, 'labels', props.labels),
      annotations: checkLabels(this, 'annotations', props.annotations, true),
    };
    const cluster = !namespaced;
    if (config.awsPcaSpec) {
      const spec = config.awsPcaSpec;
      this.apiObject = cluster ? new pca.AwspcaClusterIssuer(this, 'Resource', { metadata, spec }) : new pca.AwspcaIssuer(this, 'Resource', { metadata, spec });
    } else {
      // Both kinds share one CRD schema; their generated L1 types differ only in enum type names.
      const spec = config.certManagerSpec!;
      this.apiObject = cluster ? new cm.ClusterIssuer(this, 'Resource', { metadata, spec }) : new cm.Issuer(this, 'Resource', { metadata, spec: spec as unknown as cm.IssuerSpec });
    }
    // cdk8s stamps the chart's namespace on every object; a cluster-scoped one must not carry it.
    if (cluster && Chart.of(this).namespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    // The rendered-object checks are a net for what the checks above let through (and for escape-hatch patches); a
    // construct already known bad would only get the same mistakes again in rendered-field terms.
    if (reportedOn(this).length === 0) validateRendered(this.apiObject);
    this.issuerName = name;
    this.issuerKind = this.apiObject.kind;
    this.issuerGroup = this.apiObject.apiGroup;
    this.issuerNamespace = namespace;
    this.supportsWildcards = config.supportsWildcards;
    this.acmeServer = config.acmeServer;
  }

  private namespaceOf(props: IssuerProps): string {
    const namespace = props.namespace ?? Chart.of(this).namespace;
    if (namespace === undefined) {
      invalid(this, 'namespace', 'is not set and the chart has no namespace', 'set namespace, or give the chart a namespace');
    }
    return checkNamespace(this, 'namespace', namespace);
  }
}

/**
 * A cluster-scoped issuer: a cert-manager `ClusterIssuer`, or an `AWSPCAClusterIssuer` for AWS Private CA.
 * Secrets it references live in cert-manager's cluster resource namespace.
 */
export class ClusterIssuer extends IssuerBase {
  /**
   * A cert-manager `ClusterIssuer` that this app does not define, e.g. one installed by the platform team.
   * @param name `metadata.name` of the existing ClusterIssuer
   * @param options what is known about it, for the synth-time checks
   */
  public static fromClusterIssuerName(name: string, options: ExistingIssuerOptions = {}): IIssuerRef {
    return IssuerReference.of(name, { kind: 'ClusterIssuer', supportsWildcards: options.supportsWildcards, acmeServer: options.acmeServer });
  }

  /**
   * @param scope the chart or construct the issuer belongs to
   * @param id the construct id, unique within `scope`
   * @param props the issuer's type, name and metadata
   */
  public constructor(scope: Construct, id: string, props: ClusterIssuerProps) {
    super(scope, id, props, false);
  }
}

/** A namespaced issuer: a cert-manager `Issuer`, or an `AWSPCAIssuer` for AWS Private CA. Only Certificates in its namespace can use it. */
export class Issuer extends IssuerBase {
  /**
   * A cert-manager `Issuer` in `namespace` that this app does not define.
   * @param name `metadata.name` of the existing Issuer
   * @param namespace the namespace it is in, where the Certificates that use it must be
   * @param options what is known about it, for the synth-time checks
   */
  public static fromIssuerName(name: string, namespace: string, options: ExistingIssuerOptions = {}): IIssuerRef {
    return IssuerReference.of(name, { kind: 'Issuer', namespace, supportsWildcards: options.supportsWildcards, acmeServer: options.acmeServer });
  }

  /**
   * @param scope the chart or construct the issuer belongs to
   * @param id the construct id, unique within `scope`
   * @param props the issuer's type, name, namespace and metadata
   */
  public constructor(scope: Construct, id: string, props: IssuerProps) {
    super(scope, id, props, true);
  }
}
