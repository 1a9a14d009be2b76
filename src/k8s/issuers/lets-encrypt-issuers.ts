// The staging + production pair of Let's Encrypt ClusterIssuers. A single Let's Encrypt issuer is
// `IssuerType.letsEncrypt` (lets-encrypt.ts).
import { Construct, IConstruct } from 'constructs';
import { AcmeAccountOptions } from './acme';
import { ClusterIssuer, IssuerType } from './issuer';
import { LetsEncryptEnvironment } from './lets-encrypt';
import { checkEnum } from './private/checks';
import { invalid, report } from '../../private/errors';
import { CertkitEnvironment, DeploymentEnvironment } from '../environment';

/** Settings shared by the staging and production Let's Encrypt ClusterIssuers. */
export interface LetsEncryptIssuersProps extends AcmeAccountOptions {
  /**
   * `metadata.name` of the staging ClusterIssuer, which Certificates use to pick it.
   * @default 'letsencrypt-staging'
   */
  readonly stagingName?: string;
  /**
   * `metadata.name` of the production ClusterIssuer; it must differ from `stagingName`.
   * @default 'letsencrypt-production'
   */
  readonly productionName?: string;
}

const DEFAULT_NAME: Readonly<Record<LetsEncryptEnvironment, string>> = {
  [LetsEncryptEnvironment.STAGING]: 'letsencrypt-staging',
  [LetsEncryptEnvironment.PRODUCTION]: 'letsencrypt-production',
};

/**
 * The staging and production Let's Encrypt ClusterIssuers, made from one account contact and one solver set,
 * each with its own account key Secret (`<name>-account-key`).
 */
export class LetsEncryptIssuers extends Construct {
  /** The ClusterIssuer of Let's Encrypt staging, for tests: its certificates are not trusted. */
  public readonly staging: ClusterIssuer;
  /** The ClusterIssuer of Let's Encrypt production, with trusted certificates and strict rate limits. */
  public readonly production: ClusterIssuer;

  /**
   * @param scope the chart or construct the two issuers belong to
   * @param id the construct id, unique within `scope`
   * @param props the account contact, solvers and issuer names shared by both issuers
   */
  public constructor(scope: Construct, id: string, props: LetsEncryptIssuersProps) {
    super(scope, id);
    const issuer = (childId: string, environment: LetsEncryptEnvironment, name: string | undefined) => new ClusterIssuer(this, childId, {
      name: name ?? DEFAULT_NAME[environment],
      type: IssuerType.letsEncrypt({ ...props, environment }),
    });
    this.staging = issuer('Staging', LetsEncryptEnvironment.STAGING, props.stagingName);
    this.production = issuer('Production', LetsEncryptEnvironment.PRODUCTION, props.productionName);
    if (this.staging.issuerName === this.production.issuerName) {
      report(this, 'productionName', `'${this.production.issuerName}' is also the staging issuer's name`, 'give the two issuers different names');
    }
  }

  /**
   * The issuer of one environment.
   * @param environment the Let's Encrypt environment whose issuer is wanted
   */
  public forEnvironment(environment: LetsEncryptEnvironment): ClusterIssuer {
    checkEnum(this, 'environment', environment, LetsEncryptEnvironment, invalid);
    return environment === LetsEncryptEnvironment.PRODUCTION ? this.production : this.staging;
  }

  /**
   * Production for production deployments, staging for everything else.
   * @param production whether the deployment is a production one
   */
  public select(production: boolean): ClusterIssuer {
    return production ? this.production : this.staging;
  }

  /**
   * The issuer that fits the environment declared for `scope` (`CertkitEnvironment.declare`, or the context key
   * `cdk-certkit:environment`): production for `DeploymentEnvironment.PRODUCTION`, staging for every other one.
   * An error when no environment is declared.
   * @param scope the construct whose declared environment decides
   */
  public forEnvironmentOf(scope: IConstruct): ClusterIssuer {
    const environment = CertkitEnvironment.of(scope);
    if (environment === undefined) {
      invalid(scope, 'environment', 'is not declared, so the Let\'s Encrypt issuer cannot be chosen from it',
        `call CertkitEnvironment.declare(app, DeploymentEnvironment.STAGING) (or PRODUCTION...), or set the context key ${CertkitEnvironment.CONTEXT_KEY}`);
    }
    return this.select(environment === DeploymentEnvironment.PRODUCTION);
  }
}
