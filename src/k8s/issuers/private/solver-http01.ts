import { IConstruct } from 'constructs';
import { checkEnum, checkLabels, checkNamespace, checkObjectName, required } from './checks';
import { invalid } from '../../../common/errors';
import * as cm from '../../../imports/cert-manager.io';
import { GatewayParentRef, Http01GatewaySolverProps, Http01IngressSolverProps, Http01SolverPodOptions, SolverServiceType } from '../solvers/http01-props';

function podTemplate(scope: IConstruct, field: string, props: Http01SolverPodOptions) {
  const labels = checkLabels(scope, `${field}.podLabels`, props.podLabels);
  const annotations = checkLabels(scope, `${field}.podAnnotations`, props.podAnnotations, true);
  return labels || annotations ? { metadata: { labels, annotations } } : undefined;
}

function serviceType(scope: IConstruct, field: string, props: Http01SolverPodOptions) {
  return checkEnum(scope, `${field}.serviceType`, props.serviceType, SolverServiceType);
}

export function ingressSolver(scope: IConstruct, field: string, props: Http01IngressSolverProps): cm.ClusterIssuerSpecAcmeSolversHttp01 {
  // cert-manager's webhook accepts only one way of choosing the Ingress.
  const chosen = (['ingressClassName', 'ingressClass', 'ingressName'] as const).filter(k => props[k] !== undefined);
  if (chosen.length > 1) {
    invalid(scope, `${field}.${chosen.join('/')}`, 'are mutually exclusive', 'set only one of ingressClassName, ingressClass or ingressName');
  }
  if (props.ingressClassName !== undefined) checkObjectName(scope, `${field}.ingressClassName`, props.ingressClassName);
  if (props.ingressName !== undefined) checkObjectName(scope, `${field}.ingressName`, props.ingressName);
  if (props.ingressClass !== undefined) required(scope, `${field}.ingressClass`, props.ingressClass.trim(), 'set the ingress.class annotation value or leave ingressClass unset');
  const annotations = checkLabels(scope, `${field}.ingressAnnotations`, props.ingressAnnotations, true);
  return {
    ingress: {
      ingressClassName: props.ingressClassName,
      class: props.ingressClass,
      name: props.ingressName,
      serviceType: serviceType(scope, field, props),
      podTemplate: podTemplate(scope, field, props),
      ingressTemplate: annotations ? { metadata: { annotations } } : undefined,
    },
  };
}

function parentRef(scope: IConstruct, field: string, ref: GatewayParentRef): cm.ClusterIssuerSpecAcmeSolversHttp01GatewayHttpRouteParentRefs {
  checkObjectName(scope, `${field}.name`, ref.name);
  if (ref.namespace !== undefined) checkNamespace(scope, `${field}.namespace`, ref.namespace);
  if (ref.sectionName !== undefined) checkObjectName(scope, `${field}.sectionName`, ref.sectionName);
  if (ref.port !== undefined && !(Number.isInteger(ref.port) && ref.port >= 1 && ref.port <= 65535)) {
    invalid(scope, `${field}.port`, `${ref.port} is not a port`, 'use an integer from 1 to 65535');
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

export function gatewaySolver(scope: IConstruct, field: string, props: Http01GatewaySolverProps): cm.ClusterIssuerSpecAcmeSolversHttp01 {
  const refs = props.parentRefs ?? [];
  if (refs.length === 0) {
    invalid(scope, `${field}.parentRefs`, 'is empty', 'name at least one Gateway the challenge HTTPRoute attaches to');
  }
  return {
    gatewayHttpRoute: {
      parentRefs: refs.map((ref, i) => parentRef(scope, `${field}.parentRefs[${i}]`, ref)),
      labels: checkLabels(scope, `${field}.routeLabels`, props.routeLabels),
      serviceType: serviceType(scope, field, props),
      podTemplate: podTemplate(scope, field, props),
    },
  };
}
