import { ApiObject, Chart, JsonPatch, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { IssuerType } from './issuer-type';
import { checkLabels, checkNamespace, checkObjectName, required } from './private/checks';
import { invalid } from '../../common/errors';
import * as pca from '../../imports/awspca.cert-manager.io';
import * as cm from '../../imports/cert-manager.io';
import { IIssuerRef } from '../issuer-ref';

/** Settings of a `ClusterIssuer`. */
export interface ClusterIssuerProps {
  /** What signs the certificates, e.g. `IssuerType.letsEncrypt({...})`. */
  readonly type: IssuerType;
  /** `metadata.name`. @default - derived from the construct path */
  readonly name?: string;
  /** @default - none */
  readonly labels?: { [key: string]: string };
  /** @default - none */
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
  public readonly issuerNamespace?: string;
  /** True unless this is an ACME issuer without a DNS-01 solver (always set; optional only to match `IIssuerRef`). */
  public readonly supportsWildcards?: boolean;
  /** The ACME directory URL, for ACME issuers. */
  public readonly acmeServer?: string;
  /** The generated custom resource, as an escape hatch. */
  public readonly apiObject: ApiObject;

  /** @param namespaced whether this is an `Issuer` (which uses `props.namespace`) rather than a `ClusterIssuer` */
  protected constructor(scope: Construct, id: string, props: IssuerProps, namespaced: boolean) {
    super(scope, id);
    const namespace = namespaced ? this.namespaceOf(props) : undefined;
    const name = props.name === undefined ? Names.toDnsLabel(this) : checkObjectName(this, 'name', props.name);
    required(this, 'type', props.type, 'pass an IssuerType, e.g. IssuerType.letsEncrypt({...}) or IssuerType.ca({...})');
    const config = props.type._bind(this, name);
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
