// HTTP-01 solvers: through an Ingress (a temporary one, or an existing one) or a Gateway API HTTPRoute.
import { IConstruct } from 'constructs';
import { AcmeSolverOptions } from './solver-options';
import * as cm from '../../../imports/cert-manager.io';
import { report } from '../../../private/errors';
import { checkEnum, checkLabels, checkNamespace, checkObjectName, required } from '../private/checks';

/** Type of the Service cert-manager puts in front of its HTTP-01 solver pod. */
export enum SolverServiceType {
  /** A `ClusterIP` Service, reachable only inside the cluster (enough for most ingress controllers). */
  CLUSTER_IP = 'ClusterIP',
  /** A `NodePort` Service, also open on every node's port (for ingress controllers that route to node ports). */
  NODE_PORT = 'NodePort',
}

/** Settings for the short-lived pod and Service that answer HTTP-01 challenges. */
export interface Http01SolverPodOptions extends AcmeSolverOptions {
  /**
   * Type of the Service in front of the solver pod.
   * @default - cert-manager's default, NodePort
   */
  readonly serviceType?: SolverServiceType;
  /** Labels added to the solver pod's template, e.g. for network policies. @default - none */
  readonly podLabels?: { [key: string]: string };
  /** Annotations added to the solver pod's template. @default - none */
  readonly podAnnotations?: { [key: string]: string };
}

/** An HTTP-01 solver that routes the challenge through an Ingress. Set at most one of the three ways to pick it. */
export interface Http01IngressSolverProps extends Http01SolverPodOptions {
  /** Name of the IngressClass of the temporary Ingress (`ingressClassName`). @default - the cluster's default IngressClass */
  readonly ingressClassName?: string;
  /** Legacy `kubernetes.io/ingress.class` annotation value (`class`), for controllers without IngressClass. @default - not set */
  readonly ingressClass?: string;
  /** Edit this existing Ingress instead of creating one (`name`). Needed by some cloud load balancers. @default - a temporary Ingress */
  readonly ingressName?: string;
  /** Annotations added to the temporary Ingress. @default - none */
  readonly ingressAnnotations?: { [key: string]: string };
}

/** A Gateway (or listener of one) the temporary HTTPRoute attaches to. */
export interface GatewayParentRef {
  /** Name of the Gateway. */
  readonly name: string;
  /** Namespace of the Gateway. @default - the namespace of the Certificate */
  readonly namespace?: string;
  /** Listener name within the Gateway. @default - all listeners */
  readonly sectionName?: string;
  /** Listener port within the Gateway. @default - all ports */
  readonly port?: number;
  /**
   * Kind of the parent resource the HTTPRoute attaches to.
   * @default 'Gateway'
   */
  readonly kind?: string;
  /**
   * API group of the parent resource.
   * @default 'gateway.networking.k8s.io'
   */
  readonly group?: string;
}

/** An HTTP-01 solver that routes the challenge through a Gateway API HTTPRoute. */
export interface Http01GatewaySolverProps extends Http01SolverPodOptions {
  /**
   * Gateways the temporary HTTPRoute attaches to. At least one unless `parentRefsFromAnnotations`.
   * Stricter than cert-manager on purpose: its webhook accepts an empty list, but unless each Certificate names its
   * Gateway in annotations, the HTTPRoute attaches to no Gateway, receives no traffic, and the challenge is never answered.
   * @default - none; required unless `parentRefsFromAnnotations` is set
   */
  readonly parentRefs?: GatewayParentRef[];
  /**
   * Every Certificate this solver serves names its Gateway itself, in the `acme.cert-manager.io/http01-parentrefname`
   * and `acme.cert-manager.io/http01-parentrefkind` annotations, as cert-manager's gateway-shim writes them for a
   * Gateway annotated with `cert-manager.io/issuer` or `cert-manager.io/cluster-issuer`; `parentRefs` may then be
   * empty (cert-manager adds the annotated Gateway to those listed).
   * @default false
   */
  readonly parentRefsFromAnnotations?: boolean;
  /** Labels added to the temporary HTTPRoute. @default - none */
  readonly routeLabels?: { [key: string]: string };
}

type Http01Spec = cm.ClusterIssuerSpecAcmeSolversHttp01;

/** The solver pod settings both HTTP-01 variants share. */
function podSettings(scope: IConstruct, field: string, props: Http01SolverPodOptions) {
  const labels = checkLabels(scope, `${field}.podLabels`, props.podLabels);
  const annotations = checkLabels(scope, `${field}.podAnnotations`, props.podAnnotations, true);
  return {
    serviceType: checkEnum(scope, `${field}.serviceType`, props.serviceType, SolverServiceType),
    podTemplate: labels || annotations ? { metadata: { labels, annotations } } : undefined,
  };
}

export function renderIngressSolver(scope: IConstruct, field: string, props: Http01IngressSolverProps): Http01Spec {
  // cert-manager's webhook accepts only one way of choosing the Ingress.
  const chosen = (['ingressClassName', 'ingressClass', 'ingressName'] as const).filter(k => props[k] !== undefined);
  if (chosen.length > 1) {
    report(scope, `${field}.${chosen.join('/')}`, 'are mutually exclusive', 'set only one of ingressClassName, ingressClass or ingressName');
  }
  if (props.ingressClassName !== undefined) checkObjectName(scope, `${field}.ingressClassName`, props.ingressClassName);
  if (props.ingressName !== undefined) checkObjectName(scope, `${field}.ingressName`, props.ingressName);
  if (props.ingressClass !== undefined) required(scope, `${field}.ingressClass`, String(props.ingressClass).trim(), 'set the ingress.class annotation value or leave ingressClass unset');
  const annotations = checkLabels(scope, `${field}.ingressAnnotations`, props.ingressAnnotations, true);
  return {
    ingress: {
      ingressClassName: props.ingressClassName,
      class: props.ingressClass,
      name: props.ingressName,
      ...podSettings(scope, field, props),
      ingressTemplate: annotations ? { metadata: { annotations } } : undefined,
    },
  };
}

function renderParentRef(scope: IConstruct, field: string, ref: GatewayParentRef): cm.ClusterIssuerSpecAcmeSolversHttp01GatewayHttpRouteParentRefs {
  checkObjectName(scope, `${field}.name`, ref.name);
  if (ref.namespace !== undefined) checkNamespace(scope, `${field}.namespace`, ref.namespace);
  if (ref.sectionName !== undefined) checkObjectName(scope, `${field}.sectionName`, ref.sectionName);
  if (ref.port !== undefined && !(Number.isInteger(ref.port) && ref.port >= 1 && ref.port <= 65535)) {
    report(scope, `${field}.port`, `${ref.port} is not a port`, 'use an integer from 1 to 65535');
  }
  // The webhook requires `kind` whenever `name` is set, so the Gateway API defaults are written out.
  return {
    group: ref.group ?? 'gateway.networking.k8s.io',
    kind: ref.kind ?? 'Gateway',
    name: ref.name,
    namespace: ref.namespace,
    sectionName: ref.sectionName,
    port: ref.port,
  };
}

export function renderGatewaySolver(scope: IConstruct, field: string, props: Http01GatewaySolverProps): Http01Spec {
  const refs = props.parentRefs ?? [];
  if (refs.length === 0 && !props.parentRefsFromAnnotations) {
    report(scope, `${field}.parentRefs`, 'is empty; cert-manager accepts this, but unless each Certificate names its Gateway in annotations the '
      + 'challenge HTTPRoute attaches to no Gateway and the challenge is never answered',
    'name at least one Gateway the challenge HTTPRoute attaches to, or set parentRefsFromAnnotations when cert-manager\'s gateway-shim creates the Certificates');
  }
  return {
    gatewayHttpRoute: {
      parentRefs: refs.length === 0 ? undefined : refs.map((ref, i) => renderParentRef(scope, `${field}.parentRefs[${i}]`, ref)),
      labels: checkLabels(scope, `${field}.routeLabels`, props.routeLabels),
      ...podSettings(scope, field, props),
    },
  };
}
