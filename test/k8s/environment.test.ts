import * as cdk from 'aws-cdk-lib';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CertkitEnvironment, checkIssuerEnvironment, DeploymentEnvironment, environmentNamed } from '../../src/k8s/environment';
import { IIssuerRef, IssuerReference } from '../../src/k8s/issuer-ref';
import { AcmeSolver, ClusterIssuer, IssuerType, LetsEncryptIssuers } from '../../src/k8s/issuers';
import { synthErrors } from '../support/synth';

const LE_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';
const LE_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

describe('CertkitEnvironment', () => {
  test('a declaration is a child construct, found from anywhere below it', () => {
    const app = Testing.app();
    const declared = CertkitEnvironment.declare(app, DeploymentEnvironment.STAGING);
    const deep = new Construct(new Chart(app, 'c'), 'x');
    expect(declared.node.path).toBe('CertkitEnvironment');
    expect(CertkitEnvironment.of(deep)).toBe(DeploymentEnvironment.STAGING);
    expect(declared.isProduction).toBe(false);
  });

  test('a declaration on a cdk8s App, a Chart or an aws-cdk-lib App emits nothing and synthesizes', () => {
    const app = Testing.app();
    CertkitEnvironment.declare(app, DeploymentEnvironment.STAGING);
    const chart = new Chart(app, 'c');
    CertkitEnvironment.declare(chart, DeploymentEnvironment.STAGING);
    new ClusterIssuer(chart, 'ca', { type: IssuerType.selfSigned() });
    expect(app.synthYaml()).toContain('kind: ClusterIssuer');
    expect(Testing.synth(chart)).toHaveLength(1);
    const cdkApp = new cdk.App();
    CertkitEnvironment.declare(new cdk.Stack(cdkApp, 'S'), DeploymentEnvironment.PRODUCTION);
    expect(() => cdkApp.synth()).not.toThrow();
  });

  test('the nearest declaration wins (a chart over its app), and nothing declared is undefined', () => {
    const app = Testing.app();
    const prod = new Chart(app, 'prod');
    const other = new Chart(app, 'other');
    expect(CertkitEnvironment.of(other)).toBeUndefined();
    CertkitEnvironment.declare(app, DeploymentEnvironment.TEST);
    CertkitEnvironment.declare(prod, DeploymentEnvironment.PRODUCTION);
    expect(CertkitEnvironment.of(prod)).toBe(DeploymentEnvironment.PRODUCTION);
    expect(CertkitEnvironment.of(other)).toBe(DeploymentEnvironment.TEST);
  });

  test('the context key declares it when no construct does; a declared construct wins over it', () => {
    const app = Testing.app();
    app.node.setContext(CertkitEnvironment.CONTEXT_KEY, 'Production');
    const chart = new Chart(app, 'c');
    expect(CertkitEnvironment.of(chart)).toBe(DeploymentEnvironment.PRODUCTION);
    CertkitEnvironment.declare(chart, DeploymentEnvironment.DEVELOPMENT);
    expect(CertkitEnvironment.of(chart)).toBe(DeploymentEnvironment.DEVELOPMENT);
  });

  test('declaring again: the same environment returns the declaration, another one is an error', () => {
    const app = Testing.app();
    const first = CertkitEnvironment.declare(app, DeploymentEnvironment.STAGING);
    expect(CertkitEnvironment.declare(app, DeploymentEnvironment.STAGING)).toBe(first);
    expect(() => CertkitEnvironment.declare(app, DeploymentEnvironment.PRODUCTION))
      .toThrow(/^: environment 'production' is declared here, but 'staging' already is\. Fix: declare the environment once per scope\.$/);
    expect(() => CertkitEnvironment.declare(new Chart(app, 'c'), 'prod' as any)).toThrow(/environment 'prod' is not a deployment environment\. Fix: use one of development, test, staging, production\./);
  });
});

test.each([
  ['letsencrypt-staging', 'staging'], ['letsencrypt-production', 'production'], ['le-prod', 'production'], ['issuer.stg', 'staging'],
  ['letsencrypt', undefined], ['products', undefined], ['staging-to-production', undefined],
])('issuer name %s says %s', (name, expected) => {
  expect(environmentNamed(name)).toBe(expected);
});

/** The guard's error lines for a Certificate-like construct in a chart of `environment` using `issuer`. */
function guard(
  environment: DeploymentEnvironment | undefined, issuer: (c: Chart) => IIssuerRef, allow = false, context: Record<string, unknown> = {},
): string[] {
  const app = new App();
  for (const [key, value] of Object.entries(context)) app.node.setContext(key, value);
  const chart = new Chart(app, 'apps');
  if (environment) CertkitEnvironment.declare(chart, environment);
  const ref = issuer(chart);
  checkIssuerEnvironment(new Construct(chart, 'web-cert'), 'issuerRef', ref, allow);
  return synthErrors(app).filter(l => l.startsWith('apps/web-cert:'));
}

const pair = (c: Chart) => new LetsEncryptIssuers(c, 'le', { email: 'ops@example.com', solvers: [AcmeSolver.http01Ingress()] });
const { STAGING, PRODUCTION, DEVELOPMENT, TEST } = DeploymentEnvironment;

describe('the issuer environment guard', () => {
  test.each<[string, DeploymentEnvironment | undefined, (c: Chart) => IIssuerRef, string | undefined]>([
    ['staging env, production issuer of this app', STAGING, c => pair(c).production,
      `is a Let's Encrypt production issuer (its ACME server is ${LE_PRODUCTION}), but this is a staging environment`],
    ['development env, production issuer of this app', DEVELOPMENT, c => pair(c).production, 'production rate limits'],
    ['test env, production issuer by reference and name', TEST, () => ClusterIssuer.fromClusterIssuerName('letsencrypt-prod'), '(its name says so), but this is a test environment'],
    ['staging env, production issuer by reference and server', STAGING, () => IssuerReference.of('public', { acmeServer: LE_PRODUCTION }), 'production issuer'],
    ['production env, staging issuer of this app', PRODUCTION, c => pair(c).staging, 'not trusted by browsers'],
    ['production env, staging issuer by name', PRODUCTION, () => ClusterIssuer.fromClusterIssuerName('letsencrypt-staging'), 'staging issuer (its name says so)'],
    ['staging env, staging issuer', STAGING, c => pair(c).staging, undefined],
    ['production env, production issuer', PRODUCTION, c => pair(c).production, undefined],
    ['no environment declared', undefined, c => pair(c).production, undefined],
    ['staging env, a CA issuer', STAGING, c => new ClusterIssuer(c, 'ca', { type: IssuerType.ca({ secretName: 'ca' }) }), undefined],
    ['staging env, a production-named issuer that is not Let\'s Encrypt', STAGING, () => ClusterIssuer.fromClusterIssuerName('vault-prod'), undefined],
    ['staging env, a Let\'s Encrypt-named reference whose server says staging', STAGING, () => IssuerReference.of('letsencrypt-prod', { acmeServer: LE_STAGING }), undefined],
    ['staging env, a production-named issuer of another group', STAGING, () => IssuerReference.of('letsencrypt-prod', { group: 'example.com', kind: 'AcmeIssuer' }), undefined],
  ])('%s', (_title, environment, issuer, problem) => {
    const lines = guard(environment, issuer);
    if (problem === undefined) {
      expect(lines).toEqual([]);
    } else {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^apps\/web-cert: issuerRef '[^']+' is a Let's Encrypt [^\n]+\. Fix: use the (staging|production) issuer, [^\n]+allowIssuerEnvironmentMismatch[^\n]+\.$/);
      expect(lines[0]).toContain(problem);
    }
  });

  test('the declaration is named in the message', () => {
    expect(guard(STAGING, c => pair(c).production)[0]).toContain("(CertkitEnvironment at 'apps/CertkitEnvironment')");
    expect(guard(undefined, c => pair(c).production, false, { [CertkitEnvironment.CONTEXT_KEY]: 'staging' })[0]).toContain("(context 'cdk-certkit:environment')");
  });

  test('opting in: the allowMismatch argument, or the context key for a whole scope', () => {
    expect(guard(STAGING, c => pair(c).production, true)).toEqual([]);
    expect(guard(STAGING, c => pair(c).production, false, { [CertkitEnvironment.ALLOW_MISMATCH_CONTEXT_KEY]: true })).toEqual([]);
    expect(guard(STAGING, c => pair(c).production, false, { [CertkitEnvironment.ALLOW_MISMATCH_CONTEXT_KEY]: 'true' })).toEqual([]);
  });

  test('a context value that is no environment is reported', () => {
    expect(guard(undefined, c => pair(c).production, false, { [CertkitEnvironment.CONTEXT_KEY]: 'prod' }))
      .toEqual(["apps/web-cert: context 'cdk-certkit:environment' 'prod' is not a deployment environment. Fix: use one of development, test, staging, production."]);
  });

  test('LetsEncryptIssuers.forEnvironmentOf picks the issuer of the declared environment', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const le = pair(platform);
    const dev = new Chart(app, 'dev');
    const prod = new Chart(app, 'prod');
    CertkitEnvironment.declare(dev, DEVELOPMENT);
    CertkitEnvironment.declare(prod, PRODUCTION);
    expect(le.forEnvironmentOf(dev)).toBe(le.staging);
    expect(le.forEnvironmentOf(prod)).toBe(le.production);
  });
});
