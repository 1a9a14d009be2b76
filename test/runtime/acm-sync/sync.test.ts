// The ACM sync function against mocked AWS clients (aws-sdk-client-mock), with real certificates: a stateful ACM
// (import, re-import into an ARN, describe, delete) and one Secrets Manager secret holding what the PushSecret pushes.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { ImportCertificateCommand } from '@aws-sdk/client-acm';
import 'aws-sdk-client-mock-jest';
import { Aws } from './support';
import { AcmSyncConfig } from '../../../src/runtime/acm-sync/config';
import { PLACEHOLDER_ORGANIZATION, selfSignedCertificate } from '../../../src/runtime/acm-sync/placeholder';
import { createAcmSyncHandler, SyncResult } from '../../../src/runtime/acm-sync/sync';
import { awsClients } from '../../../src/runtime/handler/aws-clients';
import type { CfnAnswer, CfnEvent } from '../../../src/runtime/handler/cfn-response';
import { issue, IssuedPem } from '../../k8s/backup/support';

const SECRET = 'cdk-certkit/platform/web/web-tls';
const TAG = { key: 'cdk-certkit:certificate', value: 'StackWebInAcm1234' };

const config = (over: Partial<AcmSyncConfig> = {}): AcmSyncConfig => ({
  certificateId: TAG.value,
  secretId: SECRET,
  acmTag: TAG,
  metricsNamespace: 'CdkCertkit',
  cloudFront: false,
  placeholderNames: ['web.example.com'],
  placeholderKeyAlgorithm: 'EC_prime256v1',
  placeholderExtendedKeyUsages: ['1.3.6.1.5.5.7.3.1'],
  firstCertificateTimeoutSeconds: 60,
  deleteOnRemoval: true,
  ...over,
});

const pushed = (issued: IssuedPem, extra: Record<string, string> = {}) =>
  JSON.stringify({ 'tls.crt': issued.certificate, 'tls.key': issued.privateKey, 'ca.crt': issued.ca, ...extra });
const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+/, '');

let aws: Aws;
beforeEach(() => {
  aws = new Aws(SECRET);
});
afterEach(() => aws.restore());

function handler(over: Partial<AcmSyncConfig> = {}, answers: CfnAnswer[] = [], sleep?: (ms: number) => Promise<void>, now?: () => Date) {
  return createAcmSyncHandler({
    config: config(over),
    clients: awsClients(),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    respond: async (_e, answer) => {
      answers.push(answer);
    },
    sleep,
    now,
    pollMs: 1000,
  });
}

const cfn = (RequestType: CfnEvent['RequestType'], PhysicalResourceId?: string): CfnEvent => ({
  RequestType,
  PhysicalResourceId,
  ResponseURL: 'https://example.invalid/',
  StackId: 'stack',
  RequestId: 'r1',
  LogicalResourceId: 'Import',
  ResourceProperties: { SecretId: SECRET },
});

/** A first deployment with `issued` already pushed: the ARN the custom resource returned. */
async function deployed(issued: IssuedPem): Promise<string> {
  aws.secret = pushed(issued);
  const answers: CfnAnswer[] = [];
  await handler({}, answers)(cfn('Create'));
  expect(answers).toEqual([expect.objectContaining({ Status: 'SUCCESS' })]);
  return answers[0].PhysicalResourceId;
}

describe('a run after a push (EventBridge or the schedule)', () => {
  test('a renewal is re-imported into the same ARN, with the intermediates of tls.crt as the chain', async () => {
    const first = await issue({ dnsNames: ['web.example.com'] });
    const arn = await deployed(first);
    expect(aws.certificates.get(arn)!.tags).toEqual([{ Key: TAG.key, Value: TAG.value }]);

    const renewed = await issue({ dnsNames: ['web.example.com'] });
    const intermediate = (await issue({ dnsNames: ['intermediate.example.com'] })).certificate;
    aws.secret = pushed({ ...renewed, certificate: renewed.certificate + intermediate });
    const result = await handler()({ trigger: 'secret-changed', certificateArn: arn }) as SyncResult;

    expect(result).toEqual({ outcome: 'imported', certificateArn: arn, serial: serialOf(renewed.certificate) });
    expect(aws.acm).toHaveReceivedCommandWith(ImportCertificateCommand, { CertificateArn: arn, Tags: undefined });
    expect([...aws.certificates.keys()]).toEqual([arn]);
    expect(aws.certificates.get(arn)!.certificate.trim()).toBe(renewed.certificate.trim());
    expect(aws.certificates.get(arn)!.chain!.trim()).toBe(intermediate.trim());
    expect(aws.metric('IssuanceFailed')).toBe(0);
    expect(aws.metric('AcmImported')).toBe(1);
    expect(aws.metric('AcmCopyBehindSecret')).toBe(0);
    expect(aws.metric('DaysToExpiry')).toBeGreaterThan(85);
  });

  test('an unchanged secret does nothing (no import)', async () => {
    const arn = await deployed(await issue({ dnsNames: ['web.example.com'] }));
    aws.acm.resetHistory();
    const result = await handler()({ trigger: 'schedule', certificateArn: arn }) as SyncResult;
    expect(result.outcome).toBe('unchanged');
    expect(aws.acm).not.toHaveReceivedCommand(ImportCertificateCommand);
    expect(aws.metric('IssuanceFailed')).toBe(0);
    expect(aws.metric('AcmImported')).toBe(0);
  });

  const unusable: [string, (good: IssuedPem) => Promise<string>, RegExp][] = [
    ['tls.crt that does not parse', async good => pushed({ ...good, certificate: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n' }), /tls\.crt does not parse as X\.509/],
    ['tls.crt without any PEM block', async good => pushed({ ...good, certificate: 'garbage' }), /tls\.crt holds no PEM certificate/],
    ['tls.key that does not parse', async good => pushed({ ...good, privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }), /tls\.key does not parse/],
    ['a key that does not match the certificate', async good => pushed({ ...good, privateKey: (await issue({ keyType: 'ec384' })).privateKey }), /tls\.key does not match the certificate/],
    ['an Ed25519 key (ACM cannot import it)', async () => pushed(await issue({ dnsNames: ['web.example.com'], keyType: 'ed25519' })), /Ed25519|ed25519.*ACM cannot import/],
    ['an RSA 1536 key (ACM cannot import it)', async () => {
      const key = generateKeyPairSync('rsa', { modulusLength: 1536 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const c = selfSignedCertificate({ names: ['web.example.com'], privateKeyPem: key, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), organization: 'test' });
      return JSON.stringify({ 'tls.crt': c.certificatePem, 'tls.key': c.privateKeyPem });
    }, /RSA 1536 bits, which ACM cannot import/],
    ['an expired certificate', async () => pushed(await issue({ dnsNames: ['web.example.com'], ageDays: 100, lifetimeDays: 90 })), /expired/],
    ['a value that is not JSON', async () => 'tls.crt: nope', /not the JSON document CertificateBackup pushes/],
  ];

  test.each(unusable)('%s leaves ACM untouched and raises the failure and behind metrics', async (_what, make, reason) => {
    const good = await issue({ dnsNames: ['web.example.com'] });
    const arn = await deployed(good);
    const before = aws.certificates.get(arn)!.certificate;
    aws.acm.resetHistory();
    aws.secret = await make(good);
    const result = await handler()({ trigger: 'secret-changed', certificateArn: arn }) as SyncResult;
    expect(result).toEqual(expect.objectContaining({ outcome: 'failed', certificateArn: arn, reason: expect.stringMatching(reason) }));
    expect(aws.acm).not.toHaveReceivedCommand(ImportCertificateCommand);
    expect(aws.certificates.get(arn)!.certificate).toBe(before);
    expect(aws.metric('IssuanceFailed')).toBe(1);
    expect(aws.metric('AcmCopyBehindSecret')).toBe(1);
    expect(aws.metric('DaysToExpiry')).toBeGreaterThan(80);
  });

  test('with cloudFront, an ECDSA P-384 key is refused (CloudFront does not serve it)', async () => {
    const arn = await deployed(await issue({ dnsNames: ['web.example.com'] }));
    aws.secret = pushed(await issue({ dnsNames: ['web.example.com'], keyType: 'ec384' }));
    const result = await handler({ cloudFront: true })({ certificateArn: arn }) as SyncResult;
    expect(result.reason).toMatch(/CloudFront does not serve/);
  });

  test('an AWS error is counted and raised (the next trigger retries)', async () => {
    const arn = await deployed(await issue({ dnsNames: ['web.example.com'] }));
    aws.secret = pushed(await issue({ dnsNames: ['web.example.com'] }));
    aws.acm.on(ImportCertificateCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(handler()({ certificateArn: arn })).rejects.toThrow('denied');
    expect(aws.metric('IssuanceFailed')).toBe(1);
  });

  test('a request without the ARN is refused', async () => {
    await expect(handler()({})).rejects.toThrow(/names no certificateArn/);
  });
});

describe('the first deployment (CloudFormation Create)', () => {
  test('nothing pushed yet: a self-signed placeholder for the names; the first push replaces it in the same ARN', async () => {
    const answers: CfnAnswer[] = [];
    // The test CA's certificates carry no extended key usage, so neither does the placeholder (ACM refuses to add it).
    await handler({ placeholderExtendedKeyUsages: [] }, answers)(cfn('Create'));
    expect(answers[0]).toEqual(expect.objectContaining({ Status: 'SUCCESS', Data: expect.objectContaining({ Placeholder: 'true' }) }));
    const arn = answers[0].PhysicalResourceId;
    const placeholder = new X509Certificate(aws.certificates.get(arn)!.certificate);
    expect(placeholder.subject).toContain(`O=${PLACEHOLDER_ORGANIZATION}`);
    expect(placeholder.subjectAltName).toBe('DNS:web.example.com');
    expect(placeholder.verify(placeholder.publicKey)).toBe(true);
    expect(new Date(placeholder.validTo).getTime() - Date.now()).toBeLessThan(31 * 86_400_000);

    // Before the push: nothing to do, nothing counted as failed or behind.
    expect(await handler()({ certificateArn: arn })).toEqual(expect.objectContaining({ outcome: 'waiting-for-first-push' }));
    expect(aws.metric('IssuanceFailed')).toBe(0);
    expect(aws.metric('AcmCopyBehindSecret')).toBe(0);

    const real = await issue({ dnsNames: ['web.example.com'] });
    aws.secret = pushed(real);
    expect(await handler()({ certificateArn: arn })).toEqual({ outcome: 'imported', certificateArn: arn, serial: serialOf(real.certificate) });
    expect([...aws.certificates.keys()]).toEqual([arn]);
  });

  const publicLike = (keyAlgorithm: string, ekus: string[]) => {
    const c = selfSignedCertificate({
      names: ['web.example.com'],
      keyAlgorithm,
      extendedKeyUsages: ekus,
      organization: 'Example Public CA',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 90 * 86_400_000),
    });
    return JSON.stringify({ 'tls.crt': c.certificatePem, 'tls.key': c.privateKeyPem });
  };
  const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
  const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

  test.each(['EC_prime256v1', 'EC_secp384r1', 'RSA_2048'])('the placeholder has the Certificate\'s key type (%s), so the real one re-imports into its ARN', async keyAlgorithm => {
    const answers: CfnAnswer[] = [];
    await handler({ placeholderKeyAlgorithm: keyAlgorithm }, answers)(cfn('Create'));
    const arn = answers[0].PhysicalResourceId;
    expect(aws.certificates.get(arn)!.keyAlgorithm).toBe(keyAlgorithm);
    expect(aws.certificates.get(arn)!.extendedKeyUsages).toEqual([SERVER_AUTH]);
    // A public CA's certificate: serverAuth (and clientAuth, which a re-import may add).
    aws.secret = publicLike(keyAlgorithm, [SERVER_AUTH, CLIENT_AUTH]);
    expect(await handler({ placeholderKeyAlgorithm: keyAlgorithm })({ certificateArn: arn })).toEqual(expect.objectContaining({ outcome: 'imported' }));
  });

  test('a pushed key type other than the one in ACM is refused before ACM is called, with the way out', async () => {
    const answers: CfnAnswer[] = [];
    await handler({}, answers)(cfn('Create'));
    const arn = answers[0].PhysicalResourceId;
    aws.acm.resetHistory();
    aws.secret = publicLike('RSA_2048', [SERVER_AUTH]);
    const result = await handler()({ certificateArn: arn }) as SyncResult;
    expect(result).toEqual(expect.objectContaining({ outcome: 'failed', reason: expect.stringMatching(/has a RSA_2048 key and ACM holds EC_prime256v1 .* Deploy the stack again/) }));
    expect(aws.acm).not.toHaveReceivedCommand(ImportCertificateCommand);
    expect(aws.metric('IssuanceFailed')).toBe(1);

    // The deployment with the Certificate's new key type (an Update) imports a new certificate; CloudFormation then
    // deletes the old one (its Delete names the old ARN).
    const update: CfnAnswer[] = [];
    await handler({ placeholderKeyAlgorithm: 'RSA_2048' }, update)(cfn('Update', arn));
    expect(update[0].Status).toBe('SUCCESS');
    expect(update[0].PhysicalResourceId).not.toBe(arn);
    expect(aws.certificates.get(update[0].PhysicalResourceId)!.keyAlgorithm).toBe('RSA_2048');
    await handler()(cfn('Delete', arn));
    expect([...aws.certificates.keys()]).toEqual([update[0].PhysicalResourceId]);
  });

  test('ACM\'s own refusal of a re-import (an extended key usage dropped) fails the run and counts it', async () => {
    const answers: CfnAnswer[] = [];
    await handler({ placeholderExtendedKeyUsages: [SERVER_AUTH] }, answers)(cfn('Create'));
    const arn = answers[0].PhysicalResourceId;
    aws.secret = pushed(await issue({ dnsNames: ['web.example.com'] })); // no extended key usage at all
    await expect(handler()({ certificateArn: arn })).rejects.toThrow(/Cannot add the Extended Key Usage extension|Cannot remove/);
    expect(aws.metric('IssuanceFailed')).toBe(1);
  });

  test('CloudFront: no placeholder; waits for the first push and imports it', async () => {
    const answers: CfnAnswer[] = [];
    const real = await issue({ dnsNames: ['web.example.com'] });
    let polls = 0;
    const sleep = async () => {
      if (++polls === 3) aws.secret = pushed(real);
    };
    await handler({ cloudFront: true }, answers, sleep)(cfn('Create'));
    expect(answers[0]).toEqual(expect.objectContaining({ Status: 'SUCCESS', Data: expect.objectContaining({ Placeholder: 'false', Serial: serialOf(real.certificate) }) }));
    expect(polls).toBe(3);
  });

  test('CloudFront: no push within the timeout fails the deployment with the reason, and imports nothing', async () => {
    const answers: CfnAnswer[] = [];
    let t = Date.now();
    const now = () => new Date(t);
    const sleep = async (ms: number) => {
      t += ms;
    };
    await handler({ cloudFront: true, firstCertificateTimeoutSeconds: 30 }, answers, sleep, now)(cfn('Create'));
    expect(answers[0]).toEqual(expect.objectContaining({ Status: 'FAILED', Reason: expect.stringMatching(/nothing was pushed to .* within 30 s, and CloudFront takes only certificates from a trusted CA/) }));
    expect(aws.acm).not.toHaveReceivedCommand(ImportCertificateCommand);
  });

  test('a pushed value that cannot be imported fails the Create with the reason and no PEM', async () => {
    const good = await issue({ dnsNames: ['web.example.com'] });
    aws.secret = pushed({ ...good, privateKey: (await issue({ keyType: 'ec384' })).privateKey });
    const answers: CfnAnswer[] = [];
    await handler({}, answers)(cfn('Create'));
    expect(answers[0]).toEqual(expect.objectContaining({ Status: 'FAILED', Reason: expect.stringMatching(/tls\.key does not match/) }));
    expect(answers[0].Reason).not.toMatch(/BEGIN/);
    expect(aws.certificates.size).toBe(0);
  });

  test('Update keeps the ARN and re-imports a newer push; Delete removes the certificate', async () => {
    const arn = await deployed(await issue({ dnsNames: ['web.example.com'] }));
    const newer = await issue({ dnsNames: ['web.example.com'] });
    aws.secret = pushed(newer);
    const answers: CfnAnswer[] = [];
    await handler({}, answers)(cfn('Update', arn));
    expect(answers[0]).toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: arn, Data: { CertificateArn: arn, Serial: serialOf(newer.certificate) } }));
    expect(serialOf(aws.certificates.get(arn)!.certificate)).toBe(serialOf(newer.certificate));
    await handler({}, answers)(cfn('Delete', arn));
    expect(answers[1]).toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: arn }));
    expect(aws.certificates.size).toBe(0);
  });

  test('Delete with RemovalPolicy.RETAIN keeps the certificate', async () => {
    const arn = await deployed(await issue({ dnsNames: ['web.example.com'] }));
    const answers: CfnAnswer[] = [];
    await handler({ deleteOnRemoval: false }, answers)(cfn('Delete', arn));
    expect(answers[0].Status).toBe('SUCCESS');
    expect(aws.certificates.has(arn)).toBe(true);
  });
});
