import { IConstruct } from 'constructs';
import { AcmeDnsSolverProps, renderAcmeDnsSolver } from './acme-dns';
import { AzureDnsSolverProps, renderAzureDnsSolver } from './azure-dns';
import { CloudDnsSolverProps, renderCloudDnsSolver } from './cloud-dns';
import { CloudflareSolverProps, renderCloudflareSolver } from './cloudflare';
import { DigitalOceanSolverProps, renderDigitalOceanSolver } from './digitalocean';
import { Http01GatewaySolverProps, Http01IngressSolverProps, renderGatewaySolver, renderIngressSolver } from './http01';
import { renderRfc2136Solver, Rfc2136SolverProps } from './rfc2136';
import { renderRoute53Solver, Route53SolverProps } from './route53';
import {
  AcmeSolverOptions, ChallengeType, Dns01ProviderSpec, Dns01SolverOptions, renderCnameStrategy, renderSelector, SolverSpec,
} from './solver-options';
import { renderWebhookSolver, WebhookSolverProps } from './webhook';
import * as cm from '../../../imports/cert-manager.io';

/**
 * One way of answering ACME challenges. Credentials are passed only as Secret references.
 * Settings are checked when the solver is added to an issuer, so errors name that issuer.
 * Each solver's props, checks and rendering live in its own file under `solvers/`.
 */
export abstract class AcmeSolver {
  /**
   * HTTP-01 through a temporary (or an existing) Ingress.
   * @param props the Ingress solver's settings and selector
   */
  public static http01Ingress(props: Http01IngressSolverProps = {}): AcmeSolver {
    return new Http01Solver(props, renderIngressSolver);
  }

  /**
   * HTTP-01 through a Gateway API HTTPRoute attached to the given Gateways.
   * @param props the Gateway API solver's settings and selector
   */
  public static http01Gateway(props: Http01GatewaySolverProps): AcmeSolver {
    return new Http01Solver(props, renderGatewaySolver);
  }

  /**
   * DNS-01 through Amazon Route 53 (ambient IRSA/Pod Identity credentials unless told otherwise).
   * @param props the Route 53 solver's settings and, for DNS-01, its selector and CNAME strategy
   */
  public static dns01Route53(props: Route53SolverProps = {}): AcmeSolver {
    return new Dns01Solver(props, renderRoute53Solver);
  }

  /**
   * DNS-01 through Cloudflare.
   * @param props the Cloudflare solver's settings and, for DNS-01, its selector and CNAME strategy
   */
  public static dns01Cloudflare(props: CloudflareSolverProps): AcmeSolver {
    return new Dns01Solver(props, renderCloudflareSolver);
  }

  /**
   * DNS-01 through RFC 2136 dynamic updates.
   * @param props the RFC 2136 solver's settings and, for DNS-01, its selector and CNAME strategy
   */
  public static dns01Rfc2136(props: Rfc2136SolverProps): AcmeSolver {
    return new Dns01Solver(props, renderRfc2136Solver);
  }

  /**
   * DNS-01 through Azure DNS.
   * @param props the Azure DNS solver's settings and, for DNS-01, its selector and CNAME strategy
   */
  public static dns01AzureDns(props: AzureDnsSolverProps): AcmeSolver {
    return new Dns01Solver(props, renderAzureDnsSolver);
  }

  /**
   * DNS-01 through Google Cloud DNS.
   * @param props the Cloud DNS solver's settings and, for DNS-01, its selector and CNAME strategy
   */
  public static dns01CloudDns(props: CloudDnsSolverProps): AcmeSolver {
    return new Dns01Solver(props, renderCloudDnsSolver);
  }

  /**
   * DNS-01 through DigitalOcean DNS.
   * @param props the DigitalOcean solver's settings and, for DNS-01, its selector and CNAME strategy
   */
  public static dns01DigitalOcean(props: DigitalOceanSolverProps): AcmeSolver {
    return new Dns01Solver(props, renderDigitalOceanSolver);
  }

  /**
   * DNS-01 through an acme-dns server.
   * @param props the acme-dns solver's settings and, for DNS-01, its selector and CNAME strategy
   */
  public static dns01AcmeDns(props: AcmeDnsSolverProps): AcmeSolver {
    return new Dns01Solver(props, renderAcmeDnsSolver);
  }

  /**
   * DNS-01 through an external webhook solver.
   * @param props the webhook solver's settings and, for DNS-01, its selector and CNAME strategy
   */
  public static dns01Webhook(props: WebhookSolverProps): AcmeSolver {
    return new Dns01Solver(props, renderWebhookSolver);
  }

  /** The challenge this solver answers. Only DNS-01 can validate wildcard names. */
  public abstract readonly challengeType: ChallengeType;

  /**
   * The `spec.acme.solvers[]` entry, checked on behalf of `scope` (`field` names this solver in errors).
   * @internal
   */
  public abstract _render(scope: IConstruct, field: string): SolverSpec;
}

/** How one solver file renders its props: the HTTP-01 block, or a DNS-01 provider's block. */
type Renderer<P, S> = (scope: IConstruct, field: string, props: P) => S;

/** An HTTP-01 solver: the Ingress or Gateway block its file renders, under the solver's selector. */
class Http01Solver<P extends AcmeSolverOptions> extends AcmeSolver {
  public readonly challengeType = ChallengeType.HTTP01;

  public constructor(private readonly props: P, private readonly renderHttp01: Renderer<P, cm.ClusterIssuerSpecAcmeSolversHttp01>) {
    super();
  }

  /** @internal */
  public _render(scope: IConstruct, field: string): SolverSpec {
    return { selector: renderSelector(scope, `${field}.selector`, this.props.selector), http01: this.renderHttp01(scope, field, this.props) };
  }
}

/** A DNS-01 solver: the provider block its file renders, plus the selector and CNAME strategy every DNS-01 solver has. */
class Dns01Solver<P extends Dns01SolverOptions> extends AcmeSolver {
  public readonly challengeType = ChallengeType.DNS01;

  public constructor(private readonly props: P, private readonly renderProvider: Renderer<P, Dns01ProviderSpec>) {
    super();
  }

  /** @internal */
  public _render(scope: IConstruct, field: string): SolverSpec {
    const selector = renderSelector(scope, `${field}.selector`, this.props.selector);
    const cnameStrategy = renderCnameStrategy(scope, `${field}.cnameStrategy`, this.props.cnameStrategy);
    return { selector, dns01: { ...this.renderProvider(scope, field, this.props), cnameStrategy } };
  }
}
