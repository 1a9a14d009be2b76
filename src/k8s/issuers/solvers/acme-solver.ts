import { IConstruct } from 'constructs';
import { AcmeDnsSolverProps } from './acme-dns-props';
import { AzureDnsSolverProps } from './azure-dns-props';
import { CloudDnsSolverProps } from './cloud-dns-props';
import { CloudflareSolverProps } from './cloudflare-props';
import { DigitalOceanSolverProps } from './digitalocean-props';
import { Http01GatewaySolverProps, Http01IngressSolverProps } from './http01-props';
import { Rfc2136SolverProps } from './rfc2136-props';
import { Route53SolverProps } from './route53-props';
import { AcmeSolverOptions, ChallengeType, CnameStrategy, Dns01SolverOptions } from './solver-options';
import { WebhookSolverProps } from './webhook-props';
import * as cm from '../../../imports/cert-manager.io';
import { checkEnum } from '../private/checks';
import { azureDnsSolver } from '../private/solver-azure-dns';
import { cloudflareSolver } from '../private/solver-cloudflare';
import { acmeDnsSolver, cloudDnsSolver, digitalOceanSolver, webhookSolver } from '../private/solver-hosted-dns';
import { gatewaySolver, ingressSolver } from '../private/solver-http01';
import { rfc2136Solver } from '../private/solver-rfc2136';
import { route53Solver } from '../private/solver-route53';
import { selectorSpec } from '../private/solver-selector';
import { SolverSpec } from '../private/types';

type Dns01Provider = Omit<cm.ClusterIssuerSpecAcmeSolversDns01, 'cnameStrategy'>;
type Render = (scope: IConstruct, field: string) => Omit<SolverSpec, 'selector'>;

const CNAME_STRATEGY: Record<CnameStrategy, cm.ClusterIssuerSpecAcmeSolversDns01CnameStrategy> = {
  [CnameStrategy.NONE]: cm.ClusterIssuerSpecAcmeSolversDns01CnameStrategy.NONE,
  [CnameStrategy.FOLLOW]: cm.ClusterIssuerSpecAcmeSolversDns01CnameStrategy.FOLLOW,
};

/**
 * One way of answering ACME challenges. Credentials are passed only as Secret references.
 * Settings are checked when the solver is added to an issuer, so errors name that issuer.
 */
export class AcmeSolver {
  /** HTTP-01 through a temporary (or an existing) Ingress. */
  public static http01Ingress(props: Http01IngressSolverProps = {}): AcmeSolver {
    return new AcmeSolver(ChallengeType.HTTP01, props, (scope, field) => ({ http01: ingressSolver(scope, field, props) }));
  }

  /** HTTP-01 through a Gateway API HTTPRoute attached to the given Gateways. */
  public static http01Gateway(props: Http01GatewaySolverProps): AcmeSolver {
    return new AcmeSolver(ChallengeType.HTTP01, props, (scope, field) => ({ http01: gatewaySolver(scope, field, props) }));
  }

  /** DNS-01 through Amazon Route 53 (ambient IRSA/Pod Identity credentials unless told otherwise). */
  public static dns01Route53(props: Route53SolverProps = {}): AcmeSolver {
    return AcmeSolver.dns01(props, (scope, field) => ({ route53: route53Solver(scope, field, props) }));
  }

  /** DNS-01 through Cloudflare. */
  public static dns01Cloudflare(props: CloudflareSolverProps): AcmeSolver {
    return AcmeSolver.dns01(props, (scope, field) => ({ cloudflare: cloudflareSolver(scope, field, props) }));
  }

  /** DNS-01 through RFC 2136 dynamic updates. */
  public static dns01Rfc2136(props: Rfc2136SolverProps): AcmeSolver {
    return AcmeSolver.dns01(props, (scope, field) => ({ rfc2136: rfc2136Solver(scope, field, props) }));
  }

  /** DNS-01 through Azure DNS. */
  public static dns01AzureDns(props: AzureDnsSolverProps): AcmeSolver {
    return AcmeSolver.dns01(props, (scope, field) => ({ azureDns: azureDnsSolver(scope, field, props) }));
  }

  /** DNS-01 through Google Cloud DNS. */
  public static dns01CloudDns(props: CloudDnsSolverProps): AcmeSolver {
    return AcmeSolver.dns01(props, (scope, field) => ({ cloudDns: cloudDnsSolver(scope, field, props) }));
  }

  /** DNS-01 through DigitalOcean DNS. */
  public static dns01DigitalOcean(props: DigitalOceanSolverProps): AcmeSolver {
    return AcmeSolver.dns01(props, (scope, field) => ({ digitalocean: digitalOceanSolver(scope, field, props) }));
  }

  /** DNS-01 through an acme-dns server. */
  public static dns01AcmeDns(props: AcmeDnsSolverProps): AcmeSolver {
    return AcmeSolver.dns01(props, (scope, field) => ({ acmeDns: acmeDnsSolver(scope, field, props) }));
  }

  /** DNS-01 through an external webhook solver. */
  public static dns01Webhook(props: WebhookSolverProps): AcmeSolver {
    return AcmeSolver.dns01(props, (scope, field) => ({ webhook: webhookSolver(scope, field, props) }));
  }

  private static dns01(options: Dns01SolverOptions, provider: (scope: IConstruct, field: string) => Dns01Provider): AcmeSolver {
    return new AcmeSolver(ChallengeType.DNS01, options, (scope, field) => {
      const strategy = checkEnum(scope, `${field}.cnameStrategy`, options.cnameStrategy, CnameStrategy);
      return { dns01: { ...provider(scope, field), cnameStrategy: strategy && CNAME_STRATEGY[strategy] } };
    });
  }

  /** The challenge this solver answers; only DNS-01 can validate wildcard names. */
  public readonly challengeType: ChallengeType;

  private constructor(challengeType: ChallengeType, private readonly options: AcmeSolverOptions, private readonly render: Render) {
    this.challengeType = challengeType;
  }

  /**
   * The `spec.acme.solvers[]` entry, checked on behalf of `scope` (`field` names this solver in errors).
   * @internal
   */
  public _render(scope: IConstruct, field: string): SolverSpec {
    return { selector: selectorSpec(scope, `${field}.selector`, this.options.selector), ...this.render(scope, field) };
  }
}
