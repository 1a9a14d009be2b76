import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { chart, expectInvalid } from './support';
import {
  Certificate, CertificateProps, CertificateRenewalPolicy, CertificateSignatureAlgorithm, KeystorePassword, PrivateKeyAlgorithm,
} from '../../../src/k8s/certificates';
import { CertkitEnvironment, DeploymentEnvironment } from '../../../src/k8s/environment';
import { IssuerReference } from '../../../src/k8s/issuer-ref';
import { errorLines, synthErrors } from '../../support/synth';

const issuer = IssuerReference.of('letsencrypt-production', { supportsWildcards: true });
const base: CertificateProps = { issuerRef: issuer, dnsNames: ['web.example.com'] };

/** [case, props, field named in the error, fix it proposes]; the construct path is always Platform/web. */
const cases: Array<[string, Partial<CertificateProps>, string, RegExp]> = [
  ['invalid DNS name', { dnsNames: ['web.example.com', 'Bad_Name.example.com'] }, 'dnsNames[1]', /lower-case letters/],
  ['single-label DNS name', { dnsNames: ['localhost'] }, 'dnsNames[0]', /at least two labels/],
  ['wildcard with an issuer that cannot sign wildcards', {
    dnsNames: ['*.example.com'], issuerRef: IssuerReference.of('le-http', { supportsWildcards: false }),
  }, 'dnsNames[0]', /DNS-01 solver/],
  ['wildcard common name with such an issuer', {
    commonName: '*.example.com', issuerRef: IssuerReference.of('le-http', { supportsWildcards: false }),
  }, 'commonName', /DNS-01 solver/],
  ['namespaced issuer from another namespace', {
    issuerRef: IssuerReference.of('team-ca', { kind: 'Issuer', namespace: 'team-a' }),
  }, 'issuerRef', /create it in namespace 'team-a', or use a cluster-scoped issuer/],
  ['renewBefore equal to duration', { duration: Duration.days(30), renewBefore: Duration.days(30) }, 'renewBefore', /shorter than duration/],
  ['renewBefore beyond the default 90 days', { renewBefore: Duration.days(91) }, 'renewBefore', /shorter than duration/],
  ['renewBefore with renewBeforePercentage', { renewBefore: Duration.days(10), renewBeforePercentage: 30 }, 'renewBefore', /keep only one/],
  ['renewBeforePercentage out of range', { renewBeforePercentage: 100 }, 'renewBeforePercentage', /between 1 and 99/],
  ['duration under an hour', { duration: Duration.minutes(30) }, 'duration', /at least Duration.hours\(1\)/],
  ['renewBefore under 5 minutes', { renewBefore: Duration.minutes(1) }, 'renewBefore', /at least Duration.minutes\(5\)/],
  ['RSA 1024', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 1024 } }, 'privateKey.size', /from 2048 to 8192/],
  ['RSA 16384, above what cert-manager generates', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 16384 } }, 'privateKey.size', /from 2048 to 8192/],
  ['RSA of a fractional size', { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 3072.5 } }, 'privateKey.size', /whole number/],
  ['ECDSA 512', { privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 512 } }, 'privateKey.size', /256, 384, 521/],
  ['Ed25519 with a size (deliberately stricter than cert-manager)', { privateKey: { algorithm: PrivateKeyAlgorithm.ED25519, size: 256 } }, 'privateKey.size', /remove size/],
  ['signature algorithm for another key type', {
    signatureAlgorithm: CertificateSignatureAlgorithm.SHA256_WITH_RSA,
  }, 'signatureAlgorithm', /ECDSA signature algorithm or set privateKey.algorithm to RSA/],
  ['no names at all', { dnsNames: [] }, 'dnsNames', /at least one DNS name/],
  ['literalSubject with commonName', { literalSubject: 'CN=a', commonName: 'a' }, 'literalSubject', /whole subject/],
  ['commonName over 64 characters', { commonName: `${'a'.repeat(61)}.com` }, 'commonName', /64 bytes/],
  ['commonName of 33 characters but 66 bytes of UTF-8', { commonName: 'é'.repeat(33) }, 'commonName', /64 bytes/],
  ['CN over 64 bytes inside literalSubject', { literalSubject: `CN=${'a'.repeat(65)},O=Example` }, 'literalSubject', /64 bytes/],
  ['literalSubject with no CN and no other name', { dnsNames: [], literalSubject: 'O=Example,C=DE' }, 'literalSubject', /CN=/],
  ['literalSubject with an unknown attribute type', { literalSubject: 'CN=web,ORG=Example' }, 'literalSubject', /SERIALNUMBER/],
  ['literalSubject that is no DN', { literalSubject: 'web.example.com' }, 'literalSubject', /TYPE=value/],
  ['the same DNS name twice', { dnsNames: ['web.example.com', 'api.example.com', 'web.example.com'] }, 'dnsNames[2]', /each DNS name once/],
  ['IPv6 address with a zone, which Go refuses', { ipAddresses: ['fe80::1%eth0'] }, 'ipAddresses[0]', /without a zone/],
  ['IPv6 address in brackets', { ipAddresses: ['[2001:db8::1]'] }, 'ipAddresses[0]', /brackets/],
  ['renewBeforePercentage that leaves under 5 minutes by the webhook\'s reckoning', {
    duration: Duration.hours(1), renewBeforePercentage: 95,
  }, 'renewBeforePercentage', /at most 91, or a longer duration/],
  ['renewBeforePercentage that renews under 5 minutes before expiry (deliberately stricter)', {
    duration: Duration.hours(1), renewBeforePercentage: 5,
  }, 'renewBeforePercentage', /at least 9, or a longer duration/],
  ['label key Kubernetes refuses', { metadata: { labels: { 'team/app/x': 'web' } } }, "metadata.labels['team/app/x']", /\[prefix\/\]name/],
  ['label value Kubernetes refuses', { metadata: { labels: { team: 'Platform Team' } } }, "metadata.labels['team']", /at most 63 letters/],
  ['label value over 63 characters', { metadata: { labels: { team: 'a'.repeat(64) } } }, "metadata.labels['team']", /at most 63/],
  ['annotation key Kubernetes refuses', { metadata: { annotations: { 'example.com/': 'x' } } }, "metadata.annotations['example.com/']", /\[prefix\/\]name/],
  ['annotations over 256 KiB', { metadata: { annotations: { big: 'x'.repeat(256 * 1024) } } }, 'metadata.annotations', /ConfigMap/],
  ['secretTemplate label key Kubernetes refuses', { secretTemplate: { labels: { '-bad': 'x' } } }, "secretTemplate.labels['-bad']", /\[prefix\/\]name/],
  ['secretTemplate with a cert-manager.io/ annotation', {
    secretTemplate: { annotations: { 'cert-manager.io/issuer-name': 'x' } },
  }, "secretTemplate.annotations['cert-manager.io/issuer-name']", /prefix of your own/],
  ['nameConstraints on a leaf', { nameConstraints: { permitted: { dnsDomains: ['example.com'] } } }, 'nameConstraints', /isCa: true/],
  ['bad IP address', { ipAddresses: ['10.0.0.300'] }, 'ipAddresses[0]', /IPv4 or IPv6/],
  ['relative URI', { uris: ['/ns/apps'] }, 'uris[0]', /scheme/],
  ['bad e-mail', { emailAddresses: ['ops'] }, 'emailAddresses[0]', /name@example.com/],
  ['otherName OID not dotted', { otherNames: [{ oid: 'upn', utf8Value: 'x' }] }, 'otherNames[0].oid', /1\.3\.6/],
  ['empty literal keystore password', { keystores: { jks: { password: KeystorePassword.fromLiteral('') } } }, 'keystores.jks.password', /non-empty/],
  ['keystore password from a Secret without a name', {
    keystores: { pkcs12: { password: KeystorePassword.fromSecret('') } },
  }, 'keystores.pkcs12.passwordSecretRef', /fromSecret\('name', 'key'\)/],
  ['unknown key algorithm (from untyped callers)', { privateKey: { algorithm: 'DSA' as PrivateKeyAlgorithm } }, 'privateKey.algorithm', /RSA, ECDSA or Ed25519/],
  ['renewal window of no length', {
    renewal: { windows: [{ cron: '0 2 * * *', windowDuration: Duration.seconds(0) }] },
  }, 'renewal.windows[0].windowDuration', /Duration.hours\(2\)/],
  ['four-field cron', { renewal: { windows: [{ cron: '0 2 * *', windowDuration: Duration.hours(1) }] } }, 'renewal.windows[0].cron', /five|minute hour/],
  ['cron hour 24', { renewal: { windows: [{ cron: '0 24 * * *', windowDuration: Duration.hours(1) }] } }, 'renewal.windows[0].cron', /0-23/],
  ['cron day-of-week 7', { renewal: { windows: [{ cron: '0 2 * * 7', windowDuration: Duration.hours(1) }] } }, 'renewal.windows[0].cron', /0-6 \(Sunday 0\)/],
  ['cron descriptor cert-manager does not know', { renewal: { windows: [{ cron: '@fortnightly', windowDuration: Duration.hours(1) }] } }, 'renewal.windows[0].cron', /@daily/],
  ['@every with no Go duration', { renewal: { windows: [{ cron: '@every 1d', windowDuration: Duration.hours(1) }] } }, 'renewal.windows[0].cron', /Go has no d/],
  ['CRON_TZ with a zone that does not exist', {
    renewal: { windows: [{ cron: 'CRON_TZ=Mars/Olympus 0 2 * * *', windowDuration: Duration.hours(1) }] },
  }, 'renewal.windows[0].cron', /CRON_TZ=Europe\/Berlin/],
  ['time zone that is not an IANA name', {
    renewal: { windows: [{ cron: '0 2 * * *', windowDuration: Duration.hours(1), timezone: 'CEST' }] },
  }, 'renewal.windows[0].timezone', /Europe\/Berlin/],
  ['IANA time zone in the wrong case (Go loads zone files case-sensitively)', {
    renewal: { windows: [{ cron: '0 2 * * *', windowDuration: Duration.hours(1), timezone: 'europe/berlin' }] },
  }, 'renewal.windows[0].timezone', /as spelled there/],
  ['windows with renewal policy DISABLED', {
    renewal: { policy: CertificateRenewalPolicy.DISABLED, windows: [{ cron: '0 2 * * *', windowDuration: Duration.hours(1) }] },
  }, 'renewal.windows', /drop the windows/],
  ['negative duration from a Duration-like object (cdk8s\'s Duration.hours(-5) throws before any construct runs)', {
    duration: { toMilliseconds: () => -5 * 3_600_000 } as unknown as Duration,
  }, 'duration', /positive duration/],
  ['duration that is not a number of milliseconds', { duration: Duration.hours(NaN) }, 'duration', /Duration\.hours\(n\)/],
  ['renewBefore given as a Go duration string (from JavaScript)', { renewBefore: '720h' as unknown as Duration }, 'renewBefore', /use Duration\.days\(30\)/],
  ['revisionHistoryLimit 0', { revisionHistoryLimit: 0 }, 'revisionHistoryLimit', /at least 1/],
  ['secretName not a Kubernetes name', { secretName: 'Web_TLS' }, 'secretName', /lower-case/],
  ['duration as a string (from JavaScript)', { duration: '90d' as unknown as Duration }, 'duration', /use Duration\.days\(90\)/],
  ['renewal window length as a number (from JavaScript)', {
    renewal: { windows: [{ cron: '0 2 * * *', windowDuration: 7200 as unknown as Duration }] },
  }, 'renewal.windows[0].windowDuration', /Duration\.hours\(n\)/],
];

describe('bad input stops synthesis with one line naming path, field and fix', () => {
  test.each(cases)('%s', (_name, props, field, fix) => {
    expectInvalid(() => new Certificate(chart(), 'web', { ...base, ...props }), 'Platform/web', field, fix);
  });

  test('two certificates writing one Secret with different specs (found across the whole app at synth)', () => {
    const app = Testing.app();
    const first = new Chart(app, 'Apps', { namespace: 'apps' });
    const second = new Chart(app, 'More', { namespace: 'apps' });
    new Certificate(first, 'a', { ...base, secretName: 'shared' });
    new Certificate(second, 'b', { ...base, secretName: 'shared', dnsNames: ['other.example.com'] });
    const message = expectInvalid(() => Testing.synth(first), 'More/b', 'secretName', /another secretName/);
    expect(message).toContain("'shared' in namespace 'apps' is also written by Apps/a");
  });

  test('without a namespace anywhere, certificates still collide in the default namespace', () => {
    const c = new Chart(Testing.app(), 'Platform');
    new Certificate(c, 'a', { ...base, secretName: 'shared' });
    new Certificate(c, 'b', { ...base, secretName: 'shared', metadata: { namespace: 'default' }, dnsNames: ['x.example.com'] });
    expectInvalid(() => Testing.synth(c), 'Platform/b', 'secretName', /another secretName/);
  });
});

describe('App.synth() writes nothing when a validation fails', () => {
  function appIn(dir: string, conflicting: boolean): App {
    const app = new App({ outdir: dir });
    const c = new Chart(app, 'Apps', { namespace: 'apps' });
    new Certificate(c, 'a', { ...base, secretName: 'shared' });
    new Certificate(c, 'b', { ...base, secretName: conflicting ? 'shared' : 'own', dnsNames: ['other.example.com'] });
    return app;
  }

  test('the conflicting app throws and leaves its output folder empty; the same app without the conflict writes', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-synth-'));
    try {
      const failing = path.join(root, 'failing');
      let thrown: unknown;
      try {
        appIn(failing, true).synth();
      } catch (e) {
        thrown = e;
      }
      expect(errorLines(thrown)).toEqual([expect.stringMatching(/^Apps\/b: secretName 'shared'/)]);
      // cdk8s creates the folder before validating, but no manifest may be in it.
      expect(fs.existsSync(failing) ? fs.readdirSync(failing) : []).toEqual([]);

      const passing = path.join(root, 'passing');
      appIn(passing, false).synth();
      expect(fs.readdirSync(passing)).toEqual([expect.stringMatching(/\.k8s\.yaml$/)]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('one synth reports every mistake of a Certificate, one line each', () => {
  test('three mistakes, three lines', () => {
    const c = chart();
    new Certificate(c, 'web', { ...base, dnsNames: ['Bad_Name.example.com'], renewBeforePercentage: 100, revisionHistoryLimit: 0 });
    expect(synthErrors(c)).toEqual([
      "Platform/web: dnsNames[0] 'Bad_Name.example.com' is not a valid DNS name. Fix: use lower-case letters, digits, '-' and '.', at least two labels, optionally a leading '*.'.",
      'Platform/web: renewBeforePercentage is 100. Fix: use a whole number between 1 and 99.',
      'Platform/web: revisionHistoryLimit is 0. Fix: keep at least 1 CertificateRequest.',
    ]);
  });

  test('the Secret registry is one construct on the app root, shared by every chart', () => {
    const app = Testing.app();
    new Certificate(new Chart(app, 'A', { namespace: 'apps' }), 'a', base);
    new Certificate(new Chart(app, 'B', { namespace: 'apps' }), 'b', { ...base, secretName: 'b' });
    expect(app.node.children.map(ch => ch.node.id)).toEqual(['A', 'RateLimitBudget', 'cdk-certkit.SecretWriters', 'B']);
  });
});

describe('the rendered-object net under the construct checks', () => {
  test('an escape-hatch patch on a clean Certificate is still checked at synth', () => {
    const c = chart();
    const cert = new Certificate(c, 'web', base);
    cert.apiObject.addJsonPatch(JsonPatch.add('/spec/duration', '30m'));
    expect(synthErrors(c)).toEqual([expect.stringMatching(/^Platform\/web: spec\.duration 30m0s is shorter than the 1h cert-manager allows\./)]);
  });
});

describe('the environment guard (CertkitEnvironment) on a Certificate\'s issuer', () => {
  const production = IssuerReference.of('letsencrypt-production', { acmeServer: 'https://acme-v02.api.letsencrypt.org/directory' });
  const staging = IssuerReference.of('letsencrypt-staging');

  test('a staging environment refuses a Let\'s Encrypt production issuer, naming issuerRef and the opt-in', () => {
    const c = chart();
    CertkitEnvironment.declare(c, DeploymentEnvironment.STAGING);
    expectInvalid(() => new Certificate(c, 'web', { ...base, issuerRef: production }), 'Platform/web', 'issuerRef', /allowIssuerEnvironmentMismatch: true/);
  });

  test('production refuses a staging issuer known by its name', () => {
    const c = chart();
    CertkitEnvironment.declare(c, DeploymentEnvironment.PRODUCTION);
    expectInvalid(() => new Certificate(c, 'web', { ...base, issuerRef: staging }), 'Platform/web', 'issuerRef', /production issuer/);
  });

  test('allowIssuerEnvironmentMismatch opts in; no declared environment checks nothing; matching environments pass', () => {
    const opted = chart();
    CertkitEnvironment.declare(opted, DeploymentEnvironment.DEVELOPMENT);
    new Certificate(opted, 'web', { ...base, issuerRef: production, allowIssuerEnvironmentMismatch: true });
    expect(synthErrors(opted)).toEqual([]);
    const undeclared = chart();
    new Certificate(undeclared, 'web', { ...base, issuerRef: production });
    expect(synthErrors(undeclared)).toEqual([]);
    const matching = chart();
    CertkitEnvironment.declare(matching, DeploymentEnvironment.PRODUCTION);
    new Certificate(matching, 'web', { ...base, issuerRef: production });
    expect(synthErrors(matching)).toEqual([]);
  });
});
