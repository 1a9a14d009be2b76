import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration as CdkDuration } from 'aws-cdk-lib';
import { Duration as Cdk8sDuration } from 'cdk8s';
import {
  isLetsEncryptDirectory, LETS_ENCRYPT_PRODUCTION_DIRECTORY, LETS_ENCRYPT_STAGING_DIRECTORY, letsEncryptDirectory, letsEncryptEnvironmentOf,
  requiresExternalAccountBinding, isHttpsUrl,
} from '../../src/common/acme-directories';
import { isAcmCertificateArn, isAwsRegion, isIamRoleArn, isSecretsManagerName, parsePrivateCaArn, parsePrivateCaTemplateArn } from '../../src/common/arns';
import { checkDuration, durationCallFor, formatGoDuration, parseGoDuration } from '../../src/common/duration';
import { formatHostPort, parseHostPort } from '../../src/common/host-port';
import {
  annotationsSize, emailProblem, isAnnotationKey, isDns1123Subdomain, isEmail, isLabelKey, isLabelValue, isSecretDataKey, TOTAL_ANNOTATION_SIZE_LIMIT,
} from '../../src/common/names';
import { bareHostedZoneId, hasHostedZonePrefix, isHostedZoneId } from '../../src/common/route53';
import {
  DEFAULT_TSIG_ALGORITHM, parseTsigAlgorithm, TSIG_WIRE_NAMES, TsigAlgorithm, tsigAlgorithmProblem, tsigDigest, tsigWireName,
} from '../../src/common/tsig';

describe('src/common imports no construct library (the runtime uses it)', () => {
  const dir = path.join(__dirname, '../../src/common');
  // errors.ts only re-exports src/private/errors.ts while callers move there; it is deleted afterwards.
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.ts') && f !== 'errors.ts');
  test.each(files)('%s', file => {
    const imports = [...fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/(?:from|require\()\s*'([^']+)'/g)].map(m => m[1]);
    expect(imports.filter(i => !i.startsWith('./') && !i.startsWith('node:'))).toEqual([]);
  });
});

describe('e-mail: a bare RFC 5322 addr-spec', () => {
  test.each([
    ['ops@example.com', true], ['first.last+tag@sub.example.co.uk', true], ["o'brien@example.com", true], ['OPS@Example.COM', true],
    ['mailto:ops@example.com', false], ['a..b@example.com', false], ['.a@example.com', false], ['a.@example.com', false],
    ['"a b"@example.com', false], ['Ops <ops@example.com>', false], ['<ops@example.com>', false], ['ops@localhost', false],
    ['ops@[192.0.2.1]', false], ['not an email', false], ['@example.com', false], ['ops@', false], ['', false],
    [`${'a'.repeat(65)}@example.com`, false], ['a@b@example.com', false],
  ])('%p → %p', (email, ok) => expect(isEmail(email)).toBe(ok));
  test('problems say what is wrong', () => {
    expect(emailProblem('mailto:ops@example.com')).toMatch(/mailto/);
    expect(emailProblem('a..b@example.com')).toMatch(/empty part/);
    expect(emailProblem('"a"@example.com')).toMatch(/quoted/);
    expect(emailProblem('Ops <ops@example.com>')).toMatch(/display name/);
  });
});

describe('Kubernetes names, labels and annotations (apimachinery rules)', () => {
  test.each([
    ['app', true], ['example.com/app', true], ['a_b.c-d', true], ['A', true], ['-a', false], ['a/b/c', false], ['/a', false],
    ['Example.com/app', false], [`${'a'.repeat(64)}`, false], ['a/', false], ['', false],
  ])('label key %p → %p', (key, ok) => expect(isLabelKey(key)).toBe(ok));
  test.each([['', true], ['v1.2_3-x', true], ['-v', false], ['a b', false], ['x'.repeat(64), false]])('label value %p → %p', (v, ok) => expect(isLabelValue(v)).toBe(ok));
  test('annotation keys are checked lower-cased', () => {
    expect(isAnnotationKey('Example.com/Key')).toBe(true);
    expect(isLabelKey('Example.com/Key')).toBe(false);
  });
  test('annotation size counts UTF-8 bytes of keys and values', () => {
    expect(TOTAL_ANNOTATION_SIZE_LIMIT).toBe(262144);
    expect(annotationsSize({ ab: 'cd', é: 'é' })).toBe(8);
  });
  test('DNS-1123 subdomains', () => {
    expect(isDns1123Subdomain('a.b-c')).toBe(true);
    expect(isDns1123Subdomain('A')).toBe(false);
    expect(isDns1123Subdomain('a'.repeat(254))).toBe(false);
  });
});

describe('ARNs and regions', () => {
  const uuid = '12345678-1234-1234-1234-123456789012';
  test.each([
    [`arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/${uuid}`, { partition: 'aws', region: 'eu-west-1', account: '123456789012' }],
    [`arn:aws-us-gov:acm-pca:us-gov-west-1:123456789012:certificate-authority/${uuid}`, { partition: 'aws-us-gov', region: 'us-gov-west-1', account: '123456789012' }],
    [`arn:aws:acm-pca:eu-west-1:12345:certificate-authority/${uuid}`, undefined],
    [`arn:aws:acm-pca:west:123456789012:certificate-authority/${uuid}`, undefined],
    [`arn:aws:acm:eu-west-1:123456789012:certificate/${uuid}`, undefined],
  ])('Private CA %s', (arn, parts) => expect(parsePrivateCaArn(arn)).toEqual(parts));
  test('template ARNs', () => {
    expect(parsePrivateCaTemplateArn('arn:aws:acm-pca:::template/EndEntityCertificate/V1')).toEqual({ partition: 'aws', templateName: 'EndEntityCertificate/V1' });
    expect(parsePrivateCaTemplateArn('arn:aws:acm-pca:::template/EndEntityCertificate')).toBeUndefined();
  });
  test.each([
    ['arn:aws:iam::123456789012:role/dns-writer', true], ['arn:aws-cn:iam::123456789012:role/path/to/r+=,.@-_', true],
    ['arn:aws:iam::123456789012:user/x', false], ['arn:aws:iam::12345:role/x', false], ['arn:aws:iam::123456789012:role/', false],
    [`arn:aws:iam::123456789012:role/${'r'.repeat(65)}`, false], ['arn:aws:sts::123456789012:assumed-role/x/y', false],
  ])('IAM role %s → %p', (arn, ok) => expect(isIamRoleArn(arn)).toBe(ok));
  test('ACM certificates and regions', () => {
    expect(isAcmCertificateArn(`arn:aws:acm:us-east-1:123456789012:certificate/${uuid}`)).toBe(true);
    expect(isAcmCertificateArn('arn:aws:acm:us-east-1:123456789012:certificate/x')).toBe(false);
    expect(['us-east-1', 'eu-central-2', 'us-gov-west-1', 'cn-north-1', 'us-isob-east-1'].every(isAwsRegion)).toBe(true);
    expect(['east-1', 'us-east', 'US-EAST-1', ''].some(isAwsRegion)).toBe(false);
  });
});

describe('Route 53 hosted-zone IDs: Z and upper-case letters and digits, at most 32 characters', () => {
  test.each([
    ['Z0123456789ABCDEFGHIJ', true], ['Z2FDTNDATAQYW2', true], [`Z${'A'.repeat(31)}`, true],
    [`Z${'A'.repeat(32)}`, false], ['Z', false], ['z0123', false], ['C2682N5HXP0BZ4', false], ['example.com', false], ['/hostedzone/Z123', false],
  ])('%p → %p', (id, ok) => expect(isHostedZoneId(id)).toBe(ok));
  test('the /hostedzone/ prefix', () => {
    expect(bareHostedZoneId('/hostedzone/Z123')).toBe('Z123');
    expect(bareHostedZoneId('Z123')).toBe('Z123');
    expect(hasHostedZonePrefix('/hostedzone/Z123')).toBe(true);
  });
});

describe('TSIG algorithms: one enum, cert-manager names, wire names', () => {
  test('cert-manager spells them HMACSHA256 / HMACSHA512; the wire hmac-sha256 / hmac-sha512', () => {
    expect(Object.values(TsigAlgorithm)).toEqual(['HMACSHA256', 'HMACSHA512']);
    expect(tsigWireName(TsigAlgorithm.HMAC_SHA256)).toBe('hmac-sha256');
    expect(tsigWireName(TsigAlgorithm.HMAC_SHA512)).toBe('hmac-sha512');
    expect(TSIG_WIRE_NAMES).toEqual(['hmac-sha256', 'hmac-sha512']);
    expect(tsigDigest('hmac-sha512')).toBe('sha512');
    expect(DEFAULT_TSIG_ALGORITHM).toBe(TsigAlgorithm.HMAC_SHA256);
  });
  test.each([
    ['HMACSHA256', TsigAlgorithm.HMAC_SHA256], ['hmac-sha256', TsigAlgorithm.HMAC_SHA256], ['HMAC-SHA512.', TsigAlgorithm.HMAC_SHA512],
    ['hmacsha512', TsigAlgorithm.HMAC_SHA512], ['hmac-md5', undefined], ['HMACMD5', undefined], ['hmac-sha1', undefined],
    ['hmac-sha384', undefined], ['', undefined],
  ])('parse %p → %p', (value, algorithm) => expect(parseTsigAlgorithm(value)).toBe(algorithm));
  test('MD5 and SHA-1 are refused as deprecated, saying cert-manager would take them', () => {
    expect(tsigAlgorithmProblem('hmac-md5')).toMatch(/deprecated by RFC 8945.*cert-manager would accept it/);
    expect(tsigAlgorithmProblem('HMACSHA1')).toMatch(/deprecated/);
    expect(tsigAlgorithmProblem('hmac-sha384')).toMatch(/not a TSIG algorithm cdk-certkit supports/);
    expect(tsigAlgorithmProblem('hmac-sha256')).toBeUndefined();
  });
});

describe("Let's Encrypt directories", () => {
  test.each([
    [LETS_ENCRYPT_PRODUCTION_DIRECTORY, 'production'], [LETS_ENCRYPT_STAGING_DIRECTORY, 'staging'],
    ['https://ACME-V02.api.letsencrypt.org/directory/', 'production'], ['https://acme.zerossl.com/v2/DV90', undefined], ['not a url', undefined],
  ])('%s → %p', (url, env) => expect(letsEncryptEnvironmentOf(url)).toBe(env));
  test('round trip, EAB-only CAs, https', () => {
    expect(letsEncryptEnvironmentOf(letsEncryptDirectory('staging'))).toBe('staging');
    expect(isLetsEncryptDirectory(LETS_ENCRYPT_PRODUCTION_DIRECTORY)).toBe(true);
    expect(requiresExternalAccountBinding('https://acme.zerossl.com/v2/DV90')).toBe(true);
    expect(requiresExternalAccountBinding(LETS_ENCRYPT_PRODUCTION_DIRECTORY)).toBe(false);
    expect(isHttpsUrl('http://example.com/dir')).toBe(false);
    expect(isHttpsUrl('https://ca.internal/dir')).toBe(true);
  });
});

describe('durations', () => {
  test.each([
    ['2160h', 2160 * 3_600_000], ['1h30m', 5_400_000], ['1.5h', 5_400_000], ['-5m', -300_000], ['0', 0], ['300ms', 300],
    ['90d', undefined], ['', undefined], ['5', undefined], ['h', undefined],
  ])('Go parses %p as %p ms', (text, ms) => expect(parseGoDuration(text)).toBe(ms));
  test.each([[90 * 86_400_000, '2160h0m0s'], [5_400_000, '1h30m0s'], [300_000, '5m0s'], [45_000, '45s'], [500, '0.5s']])('Go prints %p ms as %p', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
    expect(parseGoDuration(text)).toBe(ms);
  });
  test.each([['90d', 'Duration.days(90)'], ['720h', 'Duration.days(30)'], ['10m', 'Duration.minutes(10)'], ['90m', 'Duration.minutes(90)'], ['soon', undefined]])(
    'fix for %p is %p', (text, call) => expect(durationCallFor(text)).toBe(call));
  test('a Duration from either library is read; strings, numbers and other objects are named problems', () => {
    expect(checkDuration(Cdk8sDuration.hours(2))).toEqual({ millis: 7_200_000 });
    expect(checkDuration(CdkDuration.minutes(3))).toEqual({ millis: 180_000 });
    expect(checkDuration('90d')).toEqual({ problem: "is the string '90d', not a Duration", fix: 'use Duration.days(90)' });
    expect(checkDuration(720)).toMatchObject({ problem: expect.stringMatching(/number 720/) });
    expect(checkDuration({})).toMatchObject({ problem: 'is not a Duration' });
    expect(checkDuration({ toMilliseconds: () => -5 })).toMatchObject({ problem: 'is negative' });
    expect(checkDuration(CdkDuration.hours(NaN))).toMatchObject({ problem: expect.stringMatching(/cannot be read|finite/) });
  });
});

describe('secret keys and Secrets Manager names', () => {
  test.each([['tls.crt', true], ['ca_bundle-1', true], ['.', false], ['..x', false], ['a/b', false], ['x'.repeat(254), false], ['', false]])(
    'Secret data key %p → %p', (key, ok) => expect(isSecretDataKey(key)).toBe(ok));
  test.each([['cdk-certkit/backup/web', true], ['a+b=c.d@e_f', true], ['', false], ['a b', false], ['x'.repeat(513), false]])(
    'Secrets Manager name %p → %p', (name, ok) => expect(isSecretsManagerName(name)).toBe(ok));
});

describe('DNS server addresses', () => {
  test.each([
    ['ns1.example.com:53', 53, { host: 'ns1.example.com', port: 53, portGiven: true }],
    ['NS1.Example.com', 53, { host: 'NS1.Example.com', port: 53, portGiven: false }],
    ['192.0.2.53:5353', undefined, { host: '192.0.2.53', port: 5353, portGiven: true }],
    ['[2001:db8::53]:53', undefined, { host: '2001:db8::53', port: 53, portGiven: true }],
    ['2001:db8::53', 53, { host: '2001:db8::53', port: 53, portGiven: false }],
    ['ns1.example.com', undefined, { problem: "'ns1.example.com' has no port; use HOST:PORT" }],
    ['a:b:c', 53, { problem: "'a:b:c' is not HOST or HOST:PORT" }],
    ['ns.example.com:70000', 53, { problem: "'ns.example.com:70000' has port 70000; use a port from 1 to 65535" }],
    ['ns.example.com:0', 53, { problem: "'ns.example.com:0' has port 0; use a port from 1 to 65535" }],
    ['999.1.1.1:53', 53, { problem: "'999.1.1.1:53' is not HOST or HOST:PORT: '999.1.1.1' is not an IPv4 address" }],
    ['[ns1]:53', 53, { problem: "'[ns1]:53' has 'ns1' in brackets, which is not an IPv6 address" }],
    ['bad_host:53', 53, { problem: "'bad_host:53' is not HOST or HOST:PORT: 'bad_host' is not a host name or IP address" }],
    ['', 53, { problem: 'is empty' }],
    ['ns1.example.com:', 53, { host: 'ns1.example.com', port: 53, portGiven: false }],
    ['[2001:db8::53]:', 53, { host: '2001:db8::53', port: 53, portGiven: false }],
  ])('%p (default port %p)', (spec, defaultPort, result) => expect(parseHostPort(spec, defaultPort)).toEqual(result));
  test('formats IPv6 in brackets', () => {
    expect(formatHostPort('2001:db8::53', 53)).toBe('[2001:db8::53]:53');
    expect(formatHostPort('ns1', 53)).toBe('ns1:53');
  });
});
