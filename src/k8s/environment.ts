// The deployment environment an app or chart declares (`CertkitEnvironment.declare`), and the guard that keeps a
// non-production environment off Let's Encrypt production (and production off staging). The declaration is a
// construct in the tree (or a context value), found by walking up from the construct that asks.
import { Construct, IConstruct } from 'constructs';
import { IIssuerRef } from './issuer-ref';
import { letsEncryptEnvironmentOf, LetsEncryptEnvironmentName } from '../common/acme-directories';
import { invalid, report } from '../private/errors';

/** Which kind of environment an app or chart is deployed to. Only `PRODUCTION` may use Let's Encrypt production. */
export enum DeploymentEnvironment {
  /** A developer's or a preview cluster. */
  DEVELOPMENT = 'development',
  /** An automated test or QA cluster. */
  TEST = 'test',
  /** A pre-production cluster. */
  STAGING = 'staging',
  /** The environment that serves real users: publicly trusted certificates. */
  PRODUCTION = 'production',
}

const ID = 'CertkitEnvironment';
const VALUES = Object.values(DeploymentEnvironment) as string[];

/**
 * The deployment environment of everything under a scope (an App, a Chart, a Stack...), declared once with
 * `CertkitEnvironment.declare(app, DeploymentEnvironment.STAGING)` or, without code, with the context key
 * `cdk-certkit:environment` (e.g. `cdk synth -c cdk-certkit:environment=staging`). A declaration on a chart wins
 * over one on the app, and a declared construct over the context value.
 *
 * With an environment declared, a Certificate outside production that uses a Let's Encrypt production issuer, or a
 * production Certificate that uses a Let's Encrypt staging issuer, fails synth. An issuer counts as Let's Encrypt
 * production or staging by its ACME server when known (issuers of this app, `IssuerReference.of(name, { acmeServer })`),
 * otherwise by a name that says Let's Encrypt and production or staging (`letsencrypt-prod`, `letsencrypt-staging`).
 * Opt in to a mismatch on purpose with the Certificate's `allowIssuerEnvironmentMismatch` prop, or for a whole scope
 * with the context key `cdk-certkit:allowIssuerEnvironmentMismatch` set to `true`.
 */
export class CertkitEnvironment extends Construct {
  /** Context key holding the environment (one of the `DeploymentEnvironment` values) where no construct declares one. */
  public static readonly CONTEXT_KEY = 'cdk-certkit:environment';
  /** Context key that, set to `true`, lets every Certificate under its scope use an issuer of the other environment. */
  public static readonly ALLOW_MISMATCH_CONTEXT_KEY = 'cdk-certkit:allowIssuerEnvironmentMismatch';

  /**
   * Declares the environment of everything under `scope`, as a child construct `CertkitEnvironment` of it.
   * Declaring the same environment again returns the existing declaration; a different one is an error.
   * @param scope the construct (often the app) whose constructs the declaration covers
   * @param environment the deployment environment of everything under `scope`
   */
  public static declare(scope: Construct, environment: DeploymentEnvironment): CertkitEnvironment {
    if (!VALUES.includes(environment)) {
      invalid(scope, 'environment', `'${environment}' is not a deployment environment`, `use one of ${VALUES.join(', ')}`);
    }
    const existing = scope.node.tryFindChild(ID);
    if (existing === undefined) return new CertkitEnvironment(scope, environment);
    if (!(existing instanceof CertkitEnvironment)) {
      invalid(scope, 'environment', `cannot be declared: the child id '${ID}' is taken by another construct`, 'rename that construct');
    }
    if (existing.environment !== environment) {
      invalid(scope, 'environment', `'${environment}' is declared here, but '${existing.environment}' already is`, 'declare the environment once per scope');
    }
    return existing;
  }

  /**
   * The environment declared for `scope`.
   *
   * The nearest `CertkitEnvironment` above it decides, else the context key; undefined when none is declared.
   * @param scope the construct whose environment is wanted
   */
  public static of(scope: IConstruct): DeploymentEnvironment | undefined {
    return findDeclaration(scope)?.environment;
  }

  /** The declared environment. */
  public readonly environment: DeploymentEnvironment;

  private constructor(scope: Construct, environment: DeploymentEnvironment) {
    super(scope, ID);
    this.environment = environment;
  }

  /** Whether the declared environment is production. */
  public get isProduction(): boolean {
    return this.environment === DeploymentEnvironment.PRODUCTION;
  }
}

interface Declaration {
  readonly environment: DeploymentEnvironment;
  /** Where it was declared, for messages. */
  readonly source: string;
}

function findDeclaration(scope: IConstruct): Declaration | undefined {
  for (let s: IConstruct | undefined = scope; s !== undefined; s = s.node.scope) {
    const child = s.node.tryFindChild(ID);
    if (child instanceof CertkitEnvironment) return { environment: child.environment, source: `CertkitEnvironment at '${child.node.path}'` };
  }
  const value = scope.node.tryGetContext(CertkitEnvironment.CONTEXT_KEY);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !VALUES.includes(value.toLowerCase())) {
    report(scope, `context '${CertkitEnvironment.CONTEXT_KEY}'`, `'${value}' is not a deployment environment`, `use one of ${VALUES.join(', ')}`);
    return undefined;
  }
  return { environment: value.toLowerCase() as DeploymentEnvironment, source: `context '${CertkitEnvironment.CONTEXT_KEY}'` };
}

/**
 * The environment an issuer name says it is for: `staging` (or a `stage`/`stg` word) or `production` (or a
 * `prod`/`prd` word); undefined when it says neither, or both.
 */
export function environmentNamed(name: string): LetsEncryptEnvironmentName | undefined {
  if (typeof name !== 'string') return undefined;
  const lower = name.toLowerCase();
  const words = lower.split(/[^a-z0-9]+/);
  const staging = lower.includes('staging') || words.some(w => w === 'stage' || w === 'stg');
  const production = lower.includes('production') || words.some(w => w === 'prod' || w === 'prd');
  if (staging === production) return undefined;
  return staging ? 'staging' : 'production';
}

/** Which Let's Encrypt environment `issuer` signs with, and how that is known; undefined when it is not known to be Let's Encrypt. */
export function letsEncryptEnvironmentOfIssuer(issuer: IIssuerRef): { environment: LetsEncryptEnvironmentName; known: string } | undefined {
  const server = issuer.acmeServer;
  if (typeof server === 'string') {
    // A deploy-time token is no URL, so it is known not to be Let's Encrypt's only once resolved: not checked.
    const environment = letsEncryptEnvironmentOf(server);
    return environment && { environment, known: `its ACME server is ${server}` };
  }
  // A reference without a server: only a cert-manager issuer whose name says both Let's Encrypt and an environment.
  if (issuer.issuerGroup !== 'cert-manager.io' || !/lets-?encrypt/i.test(issuer.issuerName ?? '')) return undefined;
  const environment = environmentNamed(issuer.issuerName);
  return environment && { environment, known: 'its name says so' };
}

function allowedByContext(scope: IConstruct): boolean {
  const value = scope.node.tryGetContext(CertkitEnvironment.ALLOW_MISMATCH_CONTEXT_KEY);
  return value === true || value === 'true';
}

/**
 * The environment guard, for constructs that reference an issuer (Certificate, Ingress TLS...): reports on `scope`,
 * under `field`, a Let's Encrypt production issuer outside a declared production environment, and a Let's Encrypt
 * staging issuer in a declared production environment. Nothing is checked when no environment is declared, when
 * `allowMismatch` is set, or when the context key `cdk-certkit:allowIssuerEnvironmentMismatch` is `true`.
 */
export function checkIssuerEnvironment(scope: IConstruct, field: string, issuer: IIssuerRef | undefined, allowMismatch = false): void {
  if (issuer === undefined || issuer === null || allowMismatch === true || allowedByContext(scope)) return;
  const declared = findDeclaration(scope);
  if (declared === undefined) return;
  const le = letsEncryptEnvironmentOfIssuer(issuer);
  if (le === undefined) return;
  const production = declared.environment === DeploymentEnvironment.PRODUCTION;
  if (production === (le.environment === 'production')) return;
  const optIn = `or, if that is intended, set allowIssuerEnvironmentMismatch: true (or the context key ${CertkitEnvironment.ALLOW_MISMATCH_CONTEXT_KEY})`;
  if (!production) {
    report(scope, field, `'${issuer.issuerName}' is a Let's Encrypt production issuer (${le.known}), but this is a ${declared.environment} environment (${declared.source}), `
      + 'where it spends production rate limits on certificates nobody needs trusted',
    `use the staging issuer, e.g. letsEncryptIssuers.forEnvironmentOf(this) or .staging, ${optIn}`);
  } else {
    report(scope, field, `'${issuer.issuerName}' is a Let's Encrypt staging issuer (${le.known}), but this is a production environment (${declared.source}), `
      + 'where its certificates are not trusted by browsers',
    `use the production issuer, e.g. letsEncryptIssuers.forEnvironmentOf(this) or .production, ${optIn}`);
  }
}
