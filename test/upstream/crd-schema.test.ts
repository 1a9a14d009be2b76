import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { compileRe2, CrdSchemas, crdSchemas, structuralToJsonSchema, translateRe2 } from '../../src/upstream';

describe('CrdSchemas', () => {
  const schemas = crdSchemas();
  const cert = (spec: any) => ({
    apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: 'apps' }, spec,
  });

  test('accepts a valid Certificate', () => {
    expect(schemas.validate(cert({ secretName: 'web-tls', dnsNames: ['a.example.com'], issuerRef: { name: 'le' } }))).toEqual([]);
  });

  test('rejects a missing required field and names it', () => {
    const errors = schemas.validate(cert({ dnsNames: ['a.example.com'], issuerRef: { name: 'le' } }));
    expect(errors.map(e => e.message)).toContain("must have required property 'secretName'");
  });

  test('rejects a field the API server would prune', () => {
    const errors = schemas.validate(cert({ secretName: 's', issuerRef: { name: 'le' }, dnsName: ['typo'] }));
    expect(errors).toEqual([expect.objectContaining({ path: '/spec', message: "unknown field 'dnsName'" })]);
  });

  test('rejects a wrong enum value', () => {
    const errors = schemas.validate(cert({ secretName: 's', issuerRef: { name: 'le' }, privateKey: { algorithm: 'DSA' } }));
    expect(errors[0].path).toBe('/spec/privateKey/algorithm');
  });

  test('knows every pinned group and refuses unknown kinds in them', () => {
    for (const v of ['cert-manager.io/v1', 'acme.cert-manager.io/v1', 'awspca.cert-manager.io/v1beta1', 'argoproj.io/v1alpha1', 'helm.toolkit.fluxcd.io/v2']) {
      expect(schemas.coversGroup(v)).toBe(true);
    }
    expect(schemas.coversGroup('v1')).toBe(false);
    expect(schemas.validate({ apiVersion: 'cert-manager.io/v1', kind: 'Nope', metadata: { name: 'x' } })[0].message).toMatch(/no pinned CRD/);
  });

  test('nullable admits null; preserved fields stay open', () => {
    const converted = structuralToJsonSchema({
      type: 'object',
      properties: { a: { type: 'string', nullable: true }, b: { 'type': 'object', 'properties': { c: {} }, 'x-kubernetes-preserve-unknown-fields': true } },
    });
    expect(converted.properties.a.type).toEqual(['string', 'null']);
    expect(converted.additionalProperties).toBe(false);
    expect(converted.properties.b.additionalProperties).toBeUndefined();
  });
});

// ---- Go RE2 patterns in the CRDs -------------------------------------------------------------------------------
const SHARED = path.resolve(__dirname, '..', '..', '..', 'shared', 'upstream');
const CRD_FILES = fs.existsSync(SHARED)
  ? fs.readdirSync(SHARED).flatMap(d => {
    const dir = path.join(SHARED, d, 'crds');
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).map(f => path.join(dir, f)) : [];
  })
  : [];

function patternsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {value.forEach(v => patternsOf(v, out));} else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'pattern' && typeof v === 'string') out.push(v);
      else patternsOf(v, out);
    }
  }
  return out;
}

describe('every pattern of every CRD file under ../shared/upstream compiles for JavaScript', () => {
  test('there are CRD files to check', () => {
    expect(CRD_FILES.length).toBeGreaterThanOrEqual(15);
  });

  test.each(CRD_FILES.map(f => [path.relative(SHARED, f), f]))('%s', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const patterns = parseAllDocuments(text).flatMap(d => patternsOf(d.toJS()));
    for (const p of patterns) expect(() => compileRe2(p)).not.toThrow();
    // The whole file's schemas compile through ajv with the RE2 engine: no schema skipped.
    expect(new CrdSchemas([text]).compileAll()).toBeGreaterThan(0);
  });
});

// Verdicts as Go's regexp.MatchString gives them (RE2 semantics, unanchored search), for each distinct CRD pattern.
const CRD_PATTERNS: Array<[string, string[], string[]]> = [
  ['^(?i)(abort|warn)?$', ['abort', 'ABORT', 'Warn', ''], ['skip', 'abortx', ' abort']],
  ['^.{2,}|[^./]$', ['ab', 'a', '..x'], ['.', '/', '']],
  ['^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$', ['a', 'a:b_1', 'job,x'], ['1a', 'a:', 'a b']],
  ['^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$', ['app', 'example.com/App_1'], ['a/b/c', '-a', 'Ex.com/a']],
  ['^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', ['', 'a.b-c'], ['A', 'a..b']],
  ['^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$', ['Gateway', 'a-1'], ['1a', 'a-']],
  ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', ['apps', 'a1-b'], ['Apps', 'a.b']],
  ['^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$', ['100m', '1Gi', '1.5', '1e3', '-.5'], ['abc', '1GB', 'lots']],
  ['^([0-9]+(\\.[0-9]+)?(s|m|h))+$', ['1h30m', '1.5h'], ['90d', '1ms', '']],
  ['^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$', ['500ms', '1h'], ['1d']],
  ['^[-._a-zA-Z0-9]+$', ['a-b_c.d'], ['a b', '']],
  ['^[\\-._a-zA-Z0-9]+$', ['tls.crt'], ['a/b']],
  ['^(@(annually|yearly|monthly|weekly|daily|midnight|hourly)|@every [^\\s]+.*|[^\\s]+( [^\\s]+){4})$', ['@daily', '@every 5m', '0 2 * * *'], ['0 2 * *', '@weekly x', '@never']],
  ['^[a-z0-9-]+$', ['a-1'], ['A']],
  ['^.*@.*\\.iam\\.gserviceaccount\\.com$', ['sa@p.iam.gserviceaccount.com'], ['sa@p.com', 'sa@pXiamXgserviceaccountXcom']],
  ['^([a-zA-Z0-9_\\-.\\\\\\/]|\\[[0-9]{1,5}\\])+$', ['a/b\\c', 'x[12]'], ['x[123456]', 'a b']],
  ['^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$', ['0', '1h30m', '5ms', '1y2w'], ['1x', '1m1h']],
  ['(^0|([0-9]*[.])?[0-9]+((K|M|G|T|E|P)i?)?B)$', ['0', '10MiB', '1.5GB', '512B'], ['10', '10Mi']],
  ['^(http|https|socks5)://.+$', ['socks5://proxy:1080'], ['ftp://x', 'http://']],
  ['^(http|https)://.+$', ['https://x'], ['socks5://x']],
  ['^[0-9A-Za-z_.\\-*]+$', ['*.example', 'a_b'], ['a/b']],
  ['^[0-9A-Za-z_.\\-]+$', ['a.b-c'], ['*']],
];

describe('CRD patterns match and refuse what RE2 does', () => {
  test.each(CRD_PATTERNS)('%s', (pattern, matches, refuses) => {
    const re = compileRe2(pattern);
    for (const s of matches) expect([s, re.test(s)]).toEqual([s, true]);
    for (const s of refuses) expect([s, re.test(s)]).toEqual([s, false]);
  });
});

describe('translateRe2: RE2 syntax JavaScript lacks or reads differently', () => {
  test.each([
    ['(?i) mid-pattern applies to the rest of its group', 'a(?i)b', ['ab', 'aB'], ['Ab']],
    ['(?i:...) scoped', '^(?i:ab)c$', ['ABc', 'abc'], ['abC']],
    ['(?i) in a class', '^(?i)[a-c]+$', ['AbC'], ['d']],
    ['(?-i) turns it back off', '^(?i)a(?-i)b$', ['Ab'], ['AB']],
    ['\\z is end of text', '^a\\z', ['a'], ['a\n']],
    ['\\A is start of text', '\\Aa', ['ab'], ['ba']],
    ['\\Q...\\E quotes', '^\\Qa.b*\\E$', ['a.b*'], ['aXb*', 'a.bb']],
    ['POSIX classes', '^[[:alpha:][:digit:]_]+$', ['a1_'], ['a-1']],
    ['named group (?P<n>)', '^(?P<x>a+)$', ['aa'], ['b']],
    ['lone { is a literal', '^a{$', ['a{'], ['a']],
    ['{n,m} stays a repetition', '^a{2,3}$', ['aa', 'aaa'], ['a', 'aaaa']],
    ['. stops only at \\n (JavaScript also stops at \\r)', '^a.b$', ['a\rb'], ['a\nb']],
    ['(?s) lets . match \\n', '(?s)^a.b$', ['a\nb'], []],
    ['\\s is ASCII white space only', '^\\s$', [' ', '\t'], ['\u00a0', '\u2028']],
    ['\\pL and \\p{Greek}', '^\\pL\\p{Greek}$', ['aβ'], ['1β', 'ab']],
    ['\\x{263a}', '^\\x{263a}$', ['☺'], ['x']],
    ['escaped punctuation outside a class', '^\\-\\#\\@$', ['-#@'], ['x']],
    ['(?m) ^ and $ at line breaks', '(?m)^b$', ['a\nb\nc'], ['abc']],
    ['(?U) swaps greediness', '(?U)^(a+)', ['aaa'], []],
  ])('%s', (_name, pattern, matches, refuses) => {
    const re = compileRe2(pattern);
    for (const s of matches) expect([s, re.test(s)]).toEqual([s, true]);
    for (const s of refuses) expect([s, re.test(s)]).toEqual([s, false]);
  });

  test('(?U) makes + lazy', () => {
    expect(compileRe2('(?U)a+').exec('aaa')?.[0]).toBe('a');
    expect(compileRe2('(?U)a+?').exec('aaa')?.[0]).toBe('aaa');
  });

  test('what RE2 refuses is refused', () => {
    expect(() => translateRe2('(a')).toThrow(/missing closing \)/);
    expect(() => translateRe2('a)')).toThrow(/unexpected \)/);
    expect(() => translateRe2('(a)\\1')).toThrow(/backreferences/);
    expect(() => translateRe2('(?=a)')).toThrow(/Perl syntax/);
    expect(() => translateRe2('[z-a]')).toThrow(/range/);
  });
});

test('a PrometheusRule is validated through its (?i) pattern, not skipped', () => {
  const file = path.join(SHARED, 'prometheus-operator-v0.93.0', 'crds', 'monitoring.coreos.com_prometheusrules.yaml');
  const schemas = new CrdSchemas([fs.readFileSync(file, 'utf8')]);
  const rule = (strategy: string) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'r' },
    spec: { groups: [{ name: 'g', partial_response_strategy: strategy, rules: [{ alert: 'A', expr: 'up == 0' }] }] },
  });
  expect(schemas.validate(rule('ABORT'))).toEqual([]);
  expect(schemas.validate(rule('skip'))).toEqual([expect.objectContaining({ path: '/spec/groups/0/partial_response_strategy', keyword: 'pattern' })]);
});

test('every pinned CRD schema compiles (the default validator skips none)', () => {
  expect(crdSchemas().compileAll()).toBeGreaterThanOrEqual(16);
});

describe('translateRe2: negated sets inside brackets and Unicode case folding', () => {
  test.each([
    ['[[:^digit:]x] is not-a-digit or x', '^[[:^digit:]x]$', ['a', 'x', '-'], ['1']],
    ['[^[:^alpha:]] is a letter', '^[^[:^alpha:]]$', ['a', 'Z'], ['1', '-']],
    ['[^\\Dx] is a digit', '^[^\\Dx]$', ['5'], ['x', 'a']],
    ['[\\S] is not ASCII white space', '^[\\S]$', ['a', '\u00a0'], [' ', '\t']],
    ['[^a[:^alpha:]] is a letter other than a', '^[^a[:^alpha:]]$', ['b'], ['a', '1']],
    ['(?i)k also matches KELVIN SIGN', '^(?i)k$', ['k', 'K', '\u212a'], ['x']],
    ['(?i) folds non-ASCII letters', '^(?i)é$', ['é', 'É'], ['e']],
  ])('%s', (_name, pattern, matches, refuses) => {
    const re = compileRe2(pattern);
    for (const s of matches) expect([s, re.test(s)]).toEqual([s, true]);
    for (const s of refuses) expect([s, re.test(s)]).toEqual([s, false]);
  });
});

describe('CrdSchemas reads each CRD document when a resource of its group and kind is first validated', () => {
  const keysOf = (s: CrdSchemas) => new Map([...(s as any).schemas].map(([k, v]: [string, any]) => [k, v.schema]));

  test('the pinned CRDs are all indexed by their header, and loading them gives what a full parse gives', () => {
    const lazy = new CrdSchemas();
    expect((lazy as any).schemas.size).toBe(0); // nothing parsed up front
    lazy.compileAll();
    const eager = new Map<string, any>();
    for (const file of fs.readdirSync(SHARED).flatMap(d => {
      const dir = path.join(SHARED, d, 'crds');
      return fs.existsSync(dir) ? fs.readdirSync(dir).map(f => path.join(dir, f)) : [];
    })) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const crd = doc.toJS();
        for (const v of crd.spec.versions) eager.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
      }
    }
    const got = keysOf(lazy);
    for (const [key, schema] of got) expect(schema).toEqual(eager.get(key));
    expect(got.size).toBeGreaterThanOrEqual(16);
  });

  const crd = (group: string, kind: string, props: string) => [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    `  name: ${kind.toLowerCase()}s.${group}`,
    'spec:',
    `  group: ${group}`,
    '  names:',
    `    kind: ${kind}`,
    `    plural: ${kind.toLowerCase()}s`,
    '  scope: Namespaced',
    '  versions:',
    '  - name: v1',
    '    served: true',
    '    storage: true',
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
    '          apiVersion: { type: string }',
    '          kind: { type: string }',
    '          metadata: { type: object }',
    '          spec:',
    '            type: object',
    `            properties: ${props}`,
  ].join('\n');
  const obj = (group: string, kind: string, spec: any) => ({ apiVersion: `${group}/v1`, kind, metadata: { name: 'x' }, spec });

  test('a later definition of the same kind wins, as when every document was read in order', () => {
    const text = [crd('a.example.com', 'Thing', '{ a: { type: string } }'), crd('a.example.com', 'Thing', '{ b: { type: string } }')].join('\n---\n');
    const s = new CrdSchemas([text]);
    expect(s.validate(obj('a.example.com', 'Thing', { b: 'x' }))).toEqual([]);
    expect(s.validate(obj('a.example.com', 'Thing', { a: 'x' }))[0].message).toBe("unknown field 'a'");
  });

  test('a document whose header is not plain lines is parsed up front and validated the same', () => {
    const flow = crd('b.example.com', 'Other', '{ a: { type: string } }').replace('  names:\n    kind: Other\n    plural: others', '  names: { kind: Other, plural: others }');
    const s = new CrdSchemas([flow]);
    expect((s as any).schemas.size).toBe(1);
    expect(s.coversGroup('b.example.com/v1')).toBe(true);
    expect(s.validate(obj('b.example.com', 'Other', { a: 1 }))[0].path).toBe('/spec/a');
    expect(s.validate(obj('b.example.com', 'Nope', {}))[0].message).toMatch(/no pinned CRD/);
  });
});

describe('large subschemas compiled on first use report what the whole schema compiled at once reports', () => {
  const file = path.join(SHARED, 'cert-manager-v1.21.1', 'crds', 'cert-manager.io_clusterissuers.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const crd = parseAllDocuments(text)[0].toJS();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv').default;
  const whole = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: Object.assign((p: string) => compileRe2(p), { code: 'compileRe2' }) } })
    .compile(structuralToJsonSchema(crd.spec.versions[0].schema.openAPIV3Schema));
  const schemas = new CrdSchemas([text]);
  const issuer = (spec: any) => ({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'x' }, spec });
  const pod = { spec: { nodeSelector: { a: 1 }, tolerations: [{ key: 'k', operator: 'Nope', extra: true }], affinity: { nodeAffinity: { bogus: 1 } } } };

  test.each([
    ['valid', { selfSigned: {} }],
    ['deep mistakes in a solver pod template', { acme: { server: 'https://x', privateKeySecretRef: { name: 'k' }, solvers: [{ http01: { ingress: { podTemplate: pod, ingressClassName: 7 } } }, { dns01: { route53: { region: 1, typo: 1 } } }] } }],
    ['missing required fields at several depths', { acme: { solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: {} } } }] }, vault: { auth: { kubernetes: {} } } }],
    ['wrong types where objects are expected', { acme: 'x', ca: [], vault: { auth: 3 } }],
  ])('%s', (_name, spec) => {
    const expected = whole(issuer(spec)) ? [] : whole.errors.map((e: any) => [e.instancePath, e.keyword, JSON.stringify(e.params), e.message]);
    const got = schemas.validate(issuer(spec)).map(v => [v.path, v.keyword, JSON.stringify(v.params), v.message]);
    expect(got.map(g => g[0] + ' ' + g[1])).toEqual(expected.map((e: any) => e[0] + ' ' + e[1]));
    expect(got.map(g => g[2])).toEqual(expected.map((e: any) => e[2]));
    if (_name !== 'valid') expect(got.length).toBeGreaterThan(2);
  });
});
