import { AcmeSolverOptions } from './solver-options';

/** Type of the Service cert-manager puts in front of its HTTP-01 solver pod. */
export enum SolverServiceType {
  CLUSTER_IP = 'ClusterIP',
  NODE_PORT = 'NodePort',
}

/** Settings for the short-lived pod and Service that answer HTTP-01 challenges. */
export interface Http01SolverPodOptions extends AcmeSolverOptions {
  /** @default - cert-manager's default, NodePort */
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
  /** Edit this existing Ingress instead of creating one (`name`); needed by some cloud load balancers. @default - a temporary Ingress */
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
  /** @default 'Gateway' */
  readonly kind?: string;
  /** @default 'gateway.networking.k8s.io' */
  readonly group?: string;
}

/** An HTTP-01 solver that routes the challenge through a Gateway API HTTPRoute. */
export interface Http01GatewaySolverProps extends Http01SolverPodOptions {
  /** Gateways the temporary HTTPRoute attaches to. */
  readonly parentRefs: GatewayParentRef[];
  /** Labels added to the temporary HTTPRoute. @default - none */
  readonly routeLabels?: { [key: string]: string };
}
