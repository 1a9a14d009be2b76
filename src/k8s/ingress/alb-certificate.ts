import { Token } from 'aws-cdk-lib';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isAcmCertificateArn } from '../../common/arns';
import { formatProblem, invalid, report } from '../../private/errors';

const CERTIFICATE_ARN = 'alb.ingress.kubernetes.io/certificate-arn';
const LISTEN_PORTS = 'alb.ingress.kubernetes.io/listen-ports';
const SSL_REDIRECT = 'alb.ingress.kubernetes.io/ssl-redirect';

/** Options of `AlbIngressCertificate.attach`. */
export interface AlbIngressCertificateOptions {
  /**
   * Also listen on HTTP and redirect it to HTTPS (`listen-ports` `[{"HTTP":80},{"HTTPS":443}]` and `ssl-redirect:
   * '443'`). Without it the controller opens HTTPS 443 only, its default once a certificate ARN is set.
   * @default false
   */
  readonly redirectHttp?: boolean;
}

const attached = new WeakMap<ApiObject, string[]>();

/**
 * Puts an ACM certificate on an Ingress served by the AWS Load Balancer Controller.
 *
 * It sets the annotation `alb.ingress.kubernetes.io/certificate-arn`, e.g. to the ARN of `ClusterCertificateInAcm`,
 * which keeps a cert-manager certificate in ACM. One line connects cert-manager, ACM and the load balancer:
 * `AlbIngressCertificate.attach(ingress, webInAcm.certificateArn)`. An ARN from an aws-cdk-lib stack is a token
 * that the stack resolves when it applies the chart (e.g. `cluster.addCdk8sChart`).
 */
export class AlbIngressCertificate {
  /** The annotation the controller reads: comma-separated ACM ARNs, the first being the listener's default. */
  public static readonly CERTIFICATE_ARN_ANNOTATION = CERTIFICATE_ARN;

  /**
   * Adds `certificateArn` to the Ingress's certificates, after those already there.
   *
   * The first certificate stays the listener's default, and the others serve other names by SNI. At synth, an
   * Ingress whose `listen-ports` has no HTTPS port is reported, since the controller would then leave the
   * certificate unused.
   *
   * @param ingress a cdk8s-plus `Ingress`, or the ApiObject of a `networking.k8s.io/v1` Ingress
   * @param certificateArn the ACM certificate, in the load balancer's region
   * @param options whether HTTP is also served and redirected to HTTPS
   */
  public static attach(ingress: IConstruct, certificateArn: string, options: AlbIngressCertificateOptions = {}): void {
    const obj = ingressObject(ingress);
    if (typeof certificateArn !== 'string' || (!Token.isUnresolved(certificateArn) && !isAcmCertificateArn(certificateArn))) {
      report(ingress, 'certificateArn', `'${certificateArn}' is not an ACM certificate ARN`, 'use arn:<partition>:acm:<region>:<account>:certificate/<uuid>, e.g. the certificateArn of ClusterCertificateInAcm');
      return;
    }
    let arns = attached.get(obj);
    if (!arns) {
      arns = [];
      attached.set(obj, arns);
      const existing = annotationsOf(obj)[CERTIFICATE_ARN];
      if (existing) arns.push(...existing.split(',').map(a => a.trim()).filter(Boolean));
      const list = arns;
      // Reported on the construct a user knows (`Web/ingress`, not `Web/ingress/Resource`).
      const owner = obj.node.id === 'Resource' && obj.node.scope ? obj.node.scope : obj;
      owner.node.addValidation({ validate: () => listenPortProblems(obj, list) });
    }
    if (!arns.includes(certificateArn)) arns.push(certificateArn);
    obj.metadata.addAnnotation(CERTIFICATE_ARN, arns.join(','));
    if (options.redirectHttp) {
      if (annotationsOf(obj)[LISTEN_PORTS] === undefined) obj.metadata.addAnnotation(LISTEN_PORTS, '[{"HTTP":80},{"HTTPS":443}]');
      obj.metadata.addAnnotation(SSL_REDIRECT, '443');
    }
  }

  private constructor() {}
}

function ingressObject(ingress: IConstruct): ApiObject {
  let obj: ApiObject | undefined;
  try {
    obj = ApiObject.isApiObject(ingress) ? ingress : ApiObject.of(ingress);
  } catch {
    obj = undefined;
  }
  if (!obj || obj.kind !== 'Ingress' || obj.apiGroup !== 'networking.k8s.io') {
    invalid(ingress, 'ingress', `${ingress.node.path} is not a networking.k8s.io Ingress`, 'pass a cdk8s-plus Ingress or the ApiObject of an Ingress');
  }
  return obj;
}

function annotationsOf(obj: ApiObject): Record<string, string> {
  return obj.metadata.toJson().annotations ?? {};
}

/** The controller uses the certificate only on HTTPS listeners (`listen-ports`; HTTPS 443 when it is not set). */
function listenPortProblems(obj: ApiObject, arns: readonly string[]): string[] {
  const raw = annotationsOf(obj)[LISTEN_PORTS];
  if (raw === undefined || arns.length === 0) return [];
  let ports: unknown;
  try {
    ports = JSON.parse(raw);
  } catch {
    return [formatProblem(`metadata.annotations['${LISTEN_PORTS}']`, `'${raw}' is not JSON`, 'write a list such as [{"HTTP":80},{"HTTPS":443}]')];
  }
  const https = Array.isArray(ports) && ports.some(p => p && typeof p === 'object' && 'HTTPS' in p);
  return https ? [] : [formatProblem(`metadata.annotations['${LISTEN_PORTS}']`,
    `is '${raw}', with no HTTPS port, so the load balancer would not use the certificate in '${CERTIFICATE_ARN}'`,
    'add {"HTTPS":443} to listen-ports (or remove the annotation: with a certificate the controller listens on HTTPS 443)')];
}
