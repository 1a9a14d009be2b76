// validateRendered: the object as written (after escape-hatch patches) is checked at synth, webhook rules and CRD
// schema, reported one line per problem; the context key opts out.
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { certificate, clusterIssuer, dns01 } from './fixtures';
import { Certificate, ClusterIssuer } from '../../../src/k8s';
import { disableWebhookFeatureGates, renderedProblems, validateRendered } from '../../../src/k8s/private/rendered-validation';
import { synthErrors } from '../../support/synth';

function rawCertificate(spec: Record<string, unknown> = {}, context?: Record<string, unknown>) {
  const app = new App();
  for (const [k, v] of Object.entries(context ?? {})) app.node.setContext(k, v);
  const chart = new Chart(app, 'Platform');
  const obj = certificate(spec);
  const apiObject = new ApiObject(chart, 'web-cert', obj);
  validateRendered(apiObject);
  return { app, chart, apiObject };
}

describe('escape hatches are checked at synth', () => {
  test('a valid object synthesizes', () => {
    const { app } = rawCertificate();
    expect(synthErrors(app)).toEqual([]);
  });

  test('addJsonPatch that adds a zone to an IP address', () => {
    const { app, apiObject } = rawCertificate();
    apiObject.addJsonPatch(JsonPatch.add('/spec/ipAddresses', ['fe80::1%eth0']));
    expect(synthErrors(app)).toEqual([
      "Platform/web-cert: spec.ipAddresses[0] 'fe80::1%eth0' is not an IP address Go can parse. Fix: give a plain IPv4 or IPv6 address: no zone (%eth0), brackets, prefix length or leading zeros.",
    ]);
  });

  test('addJsonPatch that replaces the issuer kind and removes secretName: webhook and CRD both report', () => {
    const { app, apiObject } = rawCertificate();
    apiObject.addJsonPatch(JsonPatch.replace('/spec/issuerRef/kind', 'AWSPCAClusterIssuer'), JsonPatch.remove('/spec/secretName'));
    const errors = synthErrors(app);
    expect(errors).toEqual(expect.arrayContaining([
      "Platform/web-cert: spec.issuerRef.kind 'AWSPCAClusterIssuer' is not a kind of group cert-manager.io. Fix: use Issuer or ClusterIssuer, or set spec.issuerRef.group to the external issuer's API group (e.g. awspca.cert-manager.io).",
      'Platform/web-cert: spec.secretName is missing. Fix: name the Secret the certificate is stored in.',
    ]));
    // The CRD's "required: secretName" is the same mistake, said once.
    expect(errors).toHaveLength(2);
  });

  test('a misspelt field added by a patch is refused by the CRD schema', () => {
    const { app, apiObject } = rawCertificate();
    apiObject.addJsonPatch(JsonPatch.add('/spec/dnsName', ['typo.example.com']));
    expect(synthErrors(app)).toEqual([
      "Platform/web-cert: spec has the field 'dnsName', which its CRD does not define (the API server would drop it). Fix: remove it, or correct its spelling to a field of the CRD.",
    ]);
  });

  test('an escape hatch on a ClusterIssuer: RFC 2136 nameserver as a bare IPv6 address', () => {
    const app = new App();
    const chart = new Chart(app, 'Platform');
    const issuer = new ApiObject(chart, 'dns', clusterIssuer(dns01({ rfc2136: { nameserver: '192.0.2.53' } })));
    validateRendered(issuer);
    expect(synthErrors(app)).toEqual([]);
    issuer.addJsonPatch(JsonPatch.replace('/spec/acme/solvers/0/dns01/rfc2136/nameserver', '2001:db8::53'));
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^Platform\/dns: spec\.acme\.solvers\[0\]\.dns01\.rfc2136\.nameserver '2001:db8::53' is not host:port \(too many colons in address\)\. Fix: /)]);
  });

  test('every mistake of a synth is reported at once', () => {
    const { app, apiObject } = rawCertificate({ emailAddresses: ['mailto:ops@example.com'] });
    apiObject.addJsonPatch(JsonPatch.add('/spec/duration', '90d'));
    expect(synthErrors(app).map(l => l.split(' ')[1])).toEqual(['spec.emailAddresses[0]', 'spec.duration']);
  });
});

describe('registration', () => {
  test('calling validateRendered twice registers one check', () => {
    const { app, apiObject } = rawCertificate({ ipAddresses: ['bad'] });
    validateRendered(apiObject);
    expect(synthErrors(app)).toHaveLength(1);
  });

  test('reported on the construct that owns the ApiObject', () => {
    const app = new App();
    const chart = new Chart(app, 'Platform');
    const owner = new Construct(chart, 'web-cert');
    const obj = new ApiObject(owner, 'Resource', certificate({ ipAddresses: ['bad'] }));
    validateRendered(obj);
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^Platform\/web-cert: spec\.ipAddresses\[0\] /)]);
  });

  test('several objects under one construct: each line names its object', () => {
    const app = new App();
    const chart = new Chart(app, 'Platform');
    const owner = new Construct(chart, 'issuers');
    validateRendered(new ApiObject(owner, 'A', clusterIssuer({})));
    validateRendered(new ApiObject(owner, 'B', { ...clusterIssuer({ selfSigned: {} }), metadata: { name: 'b' } }));
    expect(synthErrors(app)).toEqual(['Platform/issuers: ClusterIssuer/le spec configures no issuer type. Fix: set one of acme, ca, selfSigned, vault, venafi.']);
  });
});

describe('opt-out and feature gates', () => {
  test('cdk-certkit:skipSchemaValidation on the app turns the checks off', () => {
    const { app, apiObject } = rawCertificate({}, { 'cdk-certkit:skipSchemaValidation': true });
    apiObject.addJsonPatch(JsonPatch.add('/spec/dnsName', ['typo']));
    expect(synthErrors(app)).toEqual([]);
  });

  test('the string "true" (cdk8s synth -c) works too', () => {
    const { app, apiObject } = rawCertificate({}, { 'cdk-certkit:skipSchemaValidation': 'true' });
    apiObject.addJsonPatch(JsonPatch.add('/spec/ipAddresses', ['bad']));
    expect(synthErrors(app)).toEqual([]);
  });

  test('a gate turned off through the context key', () => {
    const { app } = rawCertificate({ literalSubject: 'CN=web' }, { 'cdk-certkit:webhookFeatureGates': 'LiteralCertificateSubject=false' });
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^Platform\/web-cert: spec\.literalSubject needs the LiteralCertificateSubject feature gate/)]);
  });

  test('a gate turned off by the install construct', () => {
    const { app, chart } = rawCertificate({ isCA: true, nameConstraints: { permitted: { dnsDomains: ['example.com'] } } });
    expect(synthErrors(app)).toEqual([]);
    disableWebhookFeatureGates(chart, ['NameConstraints']);
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^Platform\/web-cert: spec\.nameConstraints needs the NameConstraints feature gate/)]);
  });
});

describe('renderedProblems', () => {
  test('fields holding unresolved tokens are not judged', () => {
    expect(renderedProblems(certificate({ secretName: '${Token[TOKEN.12]}' }))).toEqual([]);
    expect(renderedProblems(certificate({ ipAddresses: ['#{Token[TOKEN.13]}'] }))).toEqual([]);
    expect(renderedProblems(certificate({ secretName: 'web-${Token[TOKEN.14]}', ipAddresses: ['bad'] })).map(p => p.field)).toEqual(['spec.ipAddresses[0]']);
  });

  test('a CRD-only mistake is still reported; a mistake both see is reported once', () => {
    expect(renderedProblems(certificate({ privateKey: { algorithm: 'DSA' } })).map(p => p.field)).toEqual(['spec.privateKey.algorithm']);
    expect(renderedProblems(certificate({ privateKey: { rotationPolicy: 'Sometimes' } })).map(p => p.field)).toEqual(['spec.privateKey.rotationPolicy']);
  });

  test('objects outside the pinned groups are left alone', () => {
    expect(renderedProblems({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } })).toEqual([]);
  });
});

describe('through the library constructs', () => {
  test('a Certificate construct patched through its apiObject fails synth, naming the construct', () => {
    const app = new App();
    const chart = new Chart(app, 'Platform', { namespace: 'apps' });
    const cert = new Certificate(chart, 'web-cert', { dnsNames: ['web.example.com'], issuerRef: ClusterIssuer.fromClusterIssuerName('le') });
    expect(synthErrors(app)).toEqual([]);
    cert.apiObject.addJsonPatch(JsonPatch.add('/spec/secretTemplate', { annotations: { 'cert-manager.io/issuer-name': 'x' } }));
    cert.apiObject.addJsonPatch(JsonPatch.add('/spec/additionalOutputFormats', [{ type: 'DER' }, { type: 'DER' }]));
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^Platform\/web-cert: spec\.secretTemplate\.annotations key 'cert-manager\.io\/issuer-name' is reserved/),
      expect.stringMatching(/^Platform\/web-cert: spec\.additionalOutputFormats\[type\] lists 'DER' twice\. Fix: /),
    ]);
  });
});

describe('checks are remembered by rendered JSON, never across a change', () => {
  test('a patch added after a clean synth is still caught, and removing the mistake clears it', () => {
    const { app, apiObject } = rawCertificate();
    expect(synthErrors(app)).toEqual([]);
    apiObject.addJsonPatch(JsonPatch.add('/spec/dnsName', ['typo.example.com']));
    expect(synthErrors(app)).toHaveLength(1);
    expect(synthErrors(app)).toHaveLength(1);
    apiObject.addJsonPatch(JsonPatch.remove('/spec/dnsName'));
    expect(synthErrors(app)).toEqual([]);
  });

  test('the same object under different webhook feature gates is checked under each', () => {
    const spec = { otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'user@example.com' }] };
    expect(synthErrors(rawCertificate(spec).app)).toEqual([]);
    expect(synthErrors(rawCertificate(spec, { 'cdk-certkit:webhookFeatureGates': 'OtherNames=false' }).app)).toHaveLength(1);
    expect(synthErrors(rawCertificate(spec).app)).toEqual([]);
  });

  test('the checks see a field holding undefined, which JSON text would hide (so such objects are not remembered)', () => {
    expect(renderedProblems(certificate({ dnsName: undefined })).map(p => p.field)).toEqual(['spec']);
    expect(renderedProblems(certificate({}))).toEqual([]);
  });
});
