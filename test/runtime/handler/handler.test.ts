import { X509Certificate } from 'node:crypto';
import { ImportCertificateCommand } from '@aws-sdk/client-acm';
import { UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import 'aws-sdk-client-mock-jest';
import { testCertificate } from './support/certificates';
import { FakeAws } from './support/fake-aws';
import { ACCOUNT_SECRET, baseConfig, cfnEvent, harness, SECRET, StandInCa } from './support/handler-harness';

let aws: FakeAws;
let ca: StandInCa;

beforeEach(() => {
  aws = new FakeAws();
  // What CloudFormation creates: both secrets start as `{}`.
  aws.seedSecret(SECRET, '{}');
  aws.seedSecret(ACCOUNT_SECRET, '{}');
  ca = new StandInCa();
});
afterEach(() => aws.restore());

const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+/, '');
const currentSerial = () => aws.secretJson(SECRET).certkit.serial;

/** Waits until CloudFormation got an answer (the function goes on with what is left of its run after that). */
async function answered(answers: unknown[]) {
  for (let i = 0; i < 400 && answers.length === 0; i++) await new Promise(r => setTimeout(r, 5));
}

/** A first run, then the stored certificate aged by `ageDays` (re-issued by the stand-in CA at that age). */
async function issuedAndAged(ageDays: number) {
  ca.next = { ageDays };
  const { handler } = harness(ca);
  const first = await handler({}) as any;
  ca.next = {};
  return first;
}

describe('a scheduled run', () => {
  test('issues the first certificate and stores it everywhere', async () => {
    const { handler } = harness(ca);
    const result = await handler({}) as any;

    expect(result.outcome).toBe('issued');
    expect(ca.requests).toHaveLength(1);
    expect(ca.requests[0]).toMatchObject({ domains: baseConfig.domains, keyType: 'ec256', email: 'ops@example.com' });
    const [arn, acmCert] = [...aws.certificates.entries()][0];
    expect(acmCert.tags).toEqual({ 'cdk-certkit:certificate': 'StackCert1234' });
    const secret = aws.secretJson(SECRET);
    expect(Object.keys(secret)).toEqual(['certificate', 'privateKey', 'chain', 'fullchain', 'certkit']);
    expect(secret.certkit.acmCertificateArn).toBe(arn);
    expect(serialOf(acmCert.certificate)).toBe(secret.certkit.serial);
    expect(aws.secretJson(SECRET, 'AWSPENDING')).toBeUndefined();
    expect(JSON.parse(aws.objects.get('backups/cdk-certkit/example.com-ec256.json')![0]).certkit.serial).toBe(secret.certkit.serial);
    expect(aws.parameters.get('/certs/example/fullchain')).toBe(secret.fullchain);
    expect(aws.metricValues('IssuanceSucceeded')).toEqual([1]);
    expect(aws.metricValues('IssuanceFailed')).toEqual([0]);
    expect(aws.metricValues('DaysToExpiry')[0]).toBeGreaterThan(89);
  });

  test('creates the ACME account key once, stores it and reuses it', async () => {
    const { handler } = harness(ca);
    await handler({});
    const accountKeyPem = aws.secretJson(ACCOUNT_SECRET).accountKeyPem;
    expect(accountKeyPem).toContain('PRIVATE KEY');
    expect(ca.requests[0].accountKeyPem).toBe(accountKeyPem);

    await handler({ forceRenewal: true });
    expect(ca.requests[1].accountKeyPem).toBe(accountKeyPem);
  });

  test('finds a fresh certificate and does nothing', async () => {
    await issuedAndAged(0);
    aws.acm.resetHistory();
    aws.secrets.resetHistory();
    aws.ssm.resetHistory();

    const result = await harness(ca).handler({}) as any;

    expect(result.outcome).toBe('fresh');
    expect(ca.requests).toHaveLength(1);
    expect(aws.acm).not.toHaveReceivedCommand(ImportCertificateCommand);
    expect(aws.secrets).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(aws.ssm).not.toHaveReceivedCommand(PutParameterCommand);
    expect(aws.metricValues('IssuanceSucceeded')).toEqual([1, 0]);
  });

  test('renews a certificate with less than a third of its lifetime left into the same ACM ARN', async () => {
    const first = await issuedAndAged(70);

    const result = await harness(ca).handler({}) as any;

    expect(result.outcome).toBe('issued');
    expect(result.reason).toMatch(/less than 1\/3 of lifetime/);
    expect(result.acmCertificateArn).toBe(first.acmCertificateArn);
    expect(aws.certificates.size).toBe(1);
    expect(aws.acm).toHaveReceivedCommandWith(ImportCertificateCommand, { CertificateArn: first.acmCertificateArn, Tags: undefined });
    expect(serialOf(aws.certificates.get(first.acmCertificateArn)!.certificate)).toBe(result.serial);
    expect(currentSerial()).toBe(result.serial);
    expect(aws.secretJson(SECRET).certkit.acmCertificateArn).toBe(first.acmCertificateArn);
    expect(result.serial).not.toBe(first.serial);
  });

  test('a failed ACM import leaves the old certificate in ACM, the secret and SSM; the next run resumes without ordering again', async () => {
    const first = await issuedAndAged(70);
    const oldFullchain = aws.parameters.get('/certs/example/fullchain');
    aws.acmImportFailure = 'LimitExceededException';

    await expect(harness(ca).handler({})).rejects.toThrow('ACM refused the import');

    expect(ca.requests).toHaveLength(2);
    expect(currentSerial()).toBe(first.serial);
    expect(serialOf(aws.certificates.get(first.acmCertificateArn)!.certificate)).toBe(first.serial);
    expect(aws.parameters.get('/certs/example/fullchain')).toBe(oldFullchain);
    const staged = aws.secretJson(SECRET, 'AWSPENDING').certkit.serial;
    expect(staged).not.toBe(first.serial);
    expect(aws.metricValues('IssuanceFailed')).toEqual([0, 1]);
    // Days to expiry of the certificate still in use, so the expiry alarm keeps working while renewals fail.
    expect(aws.metricValues('DaysToExpiry')[1]).toBeLessThan(21);

    aws.acmImportFailure = undefined;
    const resumed = await harness(ca).handler({}) as any;
    expect(resumed.outcome).toBe('restored');
    expect(resumed.serial).toBe(staged);
    expect(ca.requests).toHaveLength(2);
    expect(currentSerial()).toBe(staged);
    expect(serialOf(aws.certificates.get(first.acmCertificateArn)!.certificate)).toBe(staged);
  });

  test('two overlapping runs order once', async () => {
    ca.hold();
    const [a, b] = [harness(ca).handler({}), harness(ca).handler({})];
    const second = await b.catch(e => e);
    ca.release();
    const first = await a as any;

    expect(ca.requests).toHaveLength(1);
    expect(first.outcome).toBe('issued');
    expect(second).toEqual({ outcome: 'locked', reason: 'another run holds the lock' });
    expect(aws.lockItems.size).toBe(0);
    expect(aws.certificates.size).toBe(1);
  });

  test('restores from the S3 backup instead of ordering when the secret is new (a re-created stack)', async () => {
    const first = await issuedAndAged(0);
    aws.secretVersions.clear();
    aws.seedSecret(SECRET, '{}');
    aws.seedSecret(ACCOUNT_SECRET, '{}');

    const result = await harness(ca).handler({}) as any;

    expect(result.outcome).toBe('restored');
    expect(result.serial).toBe(first.serial);
    expect(ca.requests).toHaveLength(1);
    expect(currentSerial()).toBe(first.serial);
  });

  test('forceRenewal orders even when the certificate is fresh', async () => {
    await issuedAndAged(0);
    const result = await harness(ca).handler({ forceRenewal: true }) as any;
    expect(result).toMatchObject({ outcome: 'issued', reason: 'renewal forced' });
    expect(ca.requests).toHaveLength(2);
  });

  test('re-writes SSM parameters that an earlier run could not update', async () => {
    const first = await issuedAndAged(0);
    aws.parameters.set('/certs/example/fullchain', 'stale');
    const result = await harness(ca).handler({}) as any;
    expect(result.outcome).toBe('republished');
    expect(aws.parameters.get('/certs/example/fullchain')).toBe(aws.secretJson(SECRET).fullchain);
    expect(result.serial).toBe(first.serial);
  });

  test('puts the current certificate back into ACM when the ARN holds another one (changed by hand)', async () => {
    const first = await issuedAndAged(0);
    const other = await testCertificate({ names: ['example.com', '*.example.com'] });
    aws.certificates.set(first.acmCertificateArn, { ...aws.certificates.get(first.acmCertificateArn)!, certificate: other.certificatePem });

    const result = await harness(ca).handler({}) as any;

    expect(result).toMatchObject({ outcome: 'republished', serial: first.serial, acmCertificateArn: first.acmCertificateArn });
    expect(serialOf(aws.certificates.get(first.acmCertificateArn)!.certificate)).toBe(first.serial);
    expect(ca.requests).toHaveLength(1);
  });

  test('applies the chain choices: ACM gets the issuer only, the secret the leaf only', async () => {
    const { handler } = harness(ca, { config: { acmChain: 'issuer', secretChain: 'leaf' } });
    await handler({});
    const acmCert = [...aws.certificates.values()][0];
    expect(acmCert.chain!.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    const secret = aws.secretJson(SECRET);
    expect(secret.chain).toBe('');
    expect(secret.fullchain.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    expect(aws.parameters.get('/certs/example/chain')).toBe('none');
  });

  test('logs JSON lines without key material', async () => {
    const { handler, logs } = harness(ca);
    await handler({});
    await handler({ forceRenewal: true });
    const secret = aws.secretJson(SECRET);
    const accountKey = aws.secretJson(ACCOUNT_SECRET).accountKeyPem;
    expect(logs.length).toBeGreaterThan(3);
    for (const line of logs) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
      for (const pem of [secret.privateKey, accountKey]) expect(line).not.toContain(pem.split('\n')[1]);
    }
    expect(logs.map(l => JSON.parse(l).message)).toContain('certificate issued');
  });
});

describe('a CloudFormation request', () => {
  test('Create issues and answers with the ACM ARN', async () => {
    const { handler, answers } = harness(ca);
    await handler(cfnEvent('Create'));
    const arn = [...aws.certificates.keys()][0];
    expect(answers).toEqual([{
      Status: 'SUCCESS',
      PhysicalResourceId: arn,
      Data: { CertificateArn: arn, NotAfter: expect.any(String), Serial: currentSerial() },
    }]);
  });

  test('Create that fails answers FAILED with the step and reason on one line', async () => {
    ca.failWith = new Error('urn:ietf:params:acme:error:dns: NXDOMAIN looking up TXT for _acme-challenge.example.com');
    const { handler, answers } = harness(ca);
    await handler(cfnEvent('Create'));
    expect(answers).toHaveLength(1);
    expect(answers[0].Status).toBe('FAILED');
    expect(answers[0].Reason).toBe('AcmeCertificate Create failed while authorizations valid: '
      + 'urn:ietf:params:acme:error:dns: NXDOMAIN looking up TXT for _acme-challenge.example.com');
    expect(aws.metricValues('IssuanceFailed')).toEqual([1]);
  });

  test('Create that fails with key material in the error answers without it', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';
    ca.failWith = new Error(`the CA rejected the request: ${pem}`);
    const { handler, answers } = harness(ca);
    await handler(cfnEvent('Create'));
    expect(answers[0].Status).toBe('FAILED');
    expect(answers[0].Reason).toBe('AcmeCertificate Create failed while authorizations valid: the CA rejected the request: [redacted PEM]');
  });

  test('Create that runs out of time answers FAILED before the function is stopped', async () => {
    ca.hold();
    const { handler, answers } = harness(ca, { config: { issuanceTimeoutSeconds: 0.05 } });
    const done = handler(cfnEvent('Create'), { getRemainingTimeInMillis: () => 900_000 });
    await answered(answers);
    ca.failWith = new Error('stopped by the test');
    ca.release();
    await done;
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'failed-request-1' });
    expect(answers[0].Reason).toMatch(/did not finish within 0 s \(last step: authorizations valid\)/);
  });

  test.each([true, false])('Create that ran out of time publishes nothing afterwards, keeps the issued certificate staged (backup %s) and lets go of the lock', async backup => {
    ca.hold();
    const config = backup ? {} : { backup: undefined };
    const { handler, answers } = harness(ca, { config: { ...config, issuanceTimeoutSeconds: 0.05 } });
    const done = handler(cfnEvent('Create'), { getRemainingTimeInMillis: () => 900_000 });
    await answered(answers);
    expect(answers[0]).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'failed-request-1' });
    // The order completes after CloudFormation got its answer; the function waits for the run to stop.
    ca.release();
    await done;

    // No ACM certificate that no stack knows of, no secret or parameter changed behind CloudFormation's back.
    expect(aws.certificates.size).toBe(0);
    expect(aws.secretJson(SECRET)).toEqual({});
    expect(aws.ssm).not.toHaveReceivedCommand(PutParameterCommand);
    expect(aws.lockItems.size).toBe(0);
    const staged = aws.secretJson(SECRET, 'AWSPENDING').certkit.serial;
    // With a backup, the certificate also outlives a rollback that deletes the secret.
    expect(aws.objects.has('backups/cdk-certkit/example.com-ec256.json')).toBe(backup);
    // The next run restores the staged certificate instead of ordering again.
    const next = await harness(ca, { config }).handler({}) as any;
    expect(next.serial).toBe(staged);
    expect(next.outcome).toBe('restored');
    expect(ca.requests).toHaveLength(1);
  });

  test('Create waits for a scheduled run holding the lock, then uses its certificate', async () => {
    ca.hold();
    const scheduled = harness(ca).handler({});
    const { handler, answers } = harness(ca, { sleep: () => new Promise(r => setTimeout(r, 5)) });
    const created = handler(cfnEvent('Create'));
    ca.release();
    await Promise.all([scheduled, created]);
    expect(ca.requests).toHaveLength(1);
    expect(answers[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: [...aws.certificates.keys()][0] });
  });

  test('Update to a new key type imports a new ACM certificate (ACM cannot re-import another key type)', async () => {
    const first = await issuedAndAged(0);
    const { handler, answers } = harness(ca, { config: { keyType: 'ec384' } });
    await handler(cfnEvent('Update', first.acmCertificateArn));

    expect(aws.acm).not.toHaveReceivedCommandWith(ImportCertificateCommand, { CertificateArn: first.acmCertificateArn });
    const newArn = [...aws.certificates.keys()].find(arn => arn !== first.acmCertificateArn);
    expect(answers).toEqual([expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: newArn })]);
    // The old certificate stays until CloudFormation deletes the old physical resource.
    expect(aws.certificates.has(first.acmCertificateArn)).toBe(true);
    expect(aws.secretJson(SECRET).certkit).toMatchObject({ keyType: 'ec384', acmCertificateArn: newArn });
  });

  test('Delete removes the ACM certificate; a physical ID that is no ARN is left alone', async () => {
    const first = await issuedAndAged(0);
    const { handler, answers } = harness(ca);
    await handler(cfnEvent('Delete', 'failed-request-1'));
    expect(aws.certificates.size).toBe(1);
    await handler(cfnEvent('Delete', first.acmCertificateArn));
    expect(aws.certificates.size).toBe(0);
    expect(answers.map(a => a.Status)).toEqual(['SUCCESS', 'SUCCESS']);
  });

  test('Delete calls ACM only for DeleteCertificate (IAM allows it on the tag; the ARN-pinned re-import policy is gone by then)', async () => {
    const first = await issuedAndAged(0);
    aws.acm.resetHistory();
    const { handler } = harness(ca);
    await handler(cfnEvent('Delete', first.acmCertificateArn));
    expect(aws.acm.calls().map(c => c.args[0].constructor.name)).toEqual(['DeleteCertificateCommand']);
  });

  test('Delete keeps the ACM certificate with RemovalPolicy RETAIN', async () => {
    const first = await issuedAndAged(0);
    const { handler } = harness(ca, { config: { deleteAcmCertificateOnRemoval: false } });
    await handler(cfnEvent('Delete', first.acmCertificateArn));
    expect(aws.certificates.size).toBe(1);
  });
});
