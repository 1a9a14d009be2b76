// Issue 15's windows, each as an injected fault, with the S3 backup on and off: a valid certificate is never removed
// by a failed run, an issued one is never thrown away, and a renewal places at most one order.
import { X509Certificate } from 'node:crypto';
import 'aws-sdk-client-mock-jest';
import { awsError, denied, FakeAws, serverError, throttling } from './support/fake-aws';
import { ACCOUNT_SECRET, cfnEvent, harness, SECRET, StandInCa } from './support/handler-harness';
import { awsClients } from '../../../src/runtime/handler/aws-clients';
import type { HandlerConfig } from '../../../src/runtime/handler/config';
import { retryCall } from '../../../src/runtime/handler/retry';

let aws: FakeAws;
let ca: StandInCa;

beforeEach(() => {
  aws = new FakeAws();
  aws.seedSecret(SECRET, '{}');
  aws.seedSecret(ACCOUNT_SECRET, '{}');
  ca = new StandInCa();
});
afterEach(() => aws.restore());

const BACKUP_KEY = 'backups/cdk-certkit/example.com-ec256.json';
const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+/, '');
const stagedSerial = () => aws.secretJson(SECRET, 'AWSPENDING')?.certkit.serial;

/** The serial each store serves (S3: the newest object version), undefined where a store has none. */
function served(arn: string) {
  const backup = aws.objects.get(BACKUP_KEY);
  const ssm = ['certificate', 'fullchain'].map(n => aws.parameters.get(`/certs/example/${n}`));
  return {
    acm: aws.certificates.has(arn) ? serialOf(aws.certificates.get(arn)!.certificate) : undefined,
    secret: aws.secretJson(SECRET)?.certkit?.serial,
    ssm: ssm.every(p => p?.includes('BEGIN CERTIFICATE')) && serialOf(ssm[0]!) === serialOf(ssm[1]!) ? serialOf(ssm[0]!) : 'mixed',
    s3: backup && JSON.parse(backup[backup.length - 1]).certkit.serial,
  };
}

function expectServing(arn: string, serial: string, backup: boolean) {
  expect(served(arn)).toEqual({ acm: serial, secret: serial, ssm: serial, s3: backup ? serial : undefined });
}

describe.each([['on', true], ['off', false]])('backup %s', (_label, backup) => {
  const config: Partial<HandlerConfig> = backup ? {} : { backup: undefined };
  const run = (extra: Parameters<typeof harness>[1] = {}) => harness(ca, { ...extra, config: { ...config, ...extra.config } });

  /** A first certificate, aged so that the next run renews it. */
  async function due() {
    ca.next = { ageDays: 70 };
    const first = await run().handler({}) as any;
    ca.next = {};
    return first as { serial: string; acmCertificateArn: string };
  }

  describe('window 2: an issued certificate is kept', () => {
    test('throttling and 5xx after issuance are retried with backoff; one order', async () => {
      const first = await due();
      aws.failOn('SecretsManager.PutSecretValue', throttling, 2);
      aws.failOn('ACM.ImportCertificate', serverError, 1);
      const { handler, logs } = run();
      const result = await handler({}) as any;
      expect(result.outcome).toBe('issued');
      expect(ca.requests).toHaveLength(2);
      expectServing(first.acmCertificateArn, result.serial, backup);
      expect(logs.filter(l => JSON.parse(l).message === 'AWS call failed; retrying')).toHaveLength(3);
    });

    test('a failure that outlasts the retries leaves the previous certificate everywhere and the new one staged; the next run resumes it', async () => {
      const first = await due();
      const oldPem = aws.certificates.get(first.acmCertificateArn)!.certificate;
      const before = aws.calls.length;
      aws.failOn('ACM.ImportCertificate', serverError, 99, input => Buffer.from(input.Certificate).toString() !== oldPem);
      await expect(run().handler({})).rejects.toThrow('We encountered an internal error');
      // AWS_RETRY.attempts tries, then the rollback's re-import of the previous certificate.
      expect(aws.calls.slice(before).filter(c => c === 'ACM.ImportCertificate')).toHaveLength(4 + 1);
      expectServing(first.acmCertificateArn, first.serial, backup);
      const staged = stagedSerial();
      expect(staged).not.toBe(first.serial);

      aws.clearFaults();
      const resumed = await run().handler({}) as any;
      expect(resumed).toMatchObject({ outcome: 'restored', serial: staged });
      expect(ca.requests).toHaveLength(2);
      expectServing(first.acmCertificateArn, staged, backup);
      expect(stagedSerial()).toBeUndefined();
    });

    test('the first write after issuance is retried on any error', async () => {
      await due();
      aws.failOn('SecretsManager.PutSecretValue', denied, 1);
      const result = await run().handler({}) as any;
      expect(result.outcome).toBe('issued');
      expect(ca.requests).toHaveLength(2);
    });

    test('a secret that cannot be staged at all: kept in S3 when there is a backup, else the error says it is lost', async () => {
      const first = await due();
      aws.failOn('SecretsManager.PutSecretValue', denied, 99);
      const failure = run().handler({});
      if (!backup) {
        await expect(failure).rejects.toThrow(/could not stage the issued certificate \(serial [0-9a-f]+\) in the secret, so it is lost/);
        return;
      }
      await expect(failure).rejects.toThrow('it is kept in the S3 backup, which the next run restores');
      aws.clearFaults();
      const restored = await run().handler({}) as any;
      expect(restored.outcome).toBe('restored');
      expect(ca.requests).toHaveLength(2);
      expectServing(first.acmCertificateArn, restored.serial, backup);
    });
  });

  describe('window 3: no ACM import outlives a failed operation', () => {
    test('Update to a new key type that fails after the import deletes the new ACM certificate and keeps the old one serving', async () => {
      const first = await run().handler({}) as any;
      aws.failOn('SecretsManager.UpdateSecretVersionStage', denied, 1, input => !!input.MoveToVersionId);
      const { handler, answers } = run({ config: { keyType: 'ec384' } });
      await handler(cfnEvent('Update', first.acmCertificateArn));

      expect(answers).toEqual([expect.objectContaining({ Status: 'FAILED', PhysicalResourceId: first.acmCertificateArn })]);
      expect([...aws.certificates.keys()]).toEqual([first.acmCertificateArn]);
      expectServing(first.acmCertificateArn, first.serial, backup);
      expect(aws.secretJson(SECRET, 'AWSPENDING').certkit.keyType).toBe('ec384');
    });

    test.each(['Create', 'Update'] as const)('%s: an import still in flight when the deadline fires is deleted before the function returns', async requestType => {
      const first = requestType === 'Update' ? await run().handler({}) as any : undefined;
      let open!: () => void;
      aws.acmImportGate = new Promise(r => (open = r));
      const { handler, answers } = run({ config: { issuanceTimeoutSeconds: 0.3, keyType: requestType === 'Update' ? 'ec384' : 'ec256' } });
      const done = handler(cfnEvent(requestType, first?.acmCertificateArn), { getRemainingTimeInMillis: () => 900_000 });
      for (let i = 0; i < 400 && answers.length === 0; i++) await new Promise(r => setTimeout(r, 5));
      expect(answers[0]).toMatchObject({ Status: 'FAILED', PhysicalResourceId: first?.acmCertificateArn ?? 'failed-request-1' });
      expect(answers[0].Reason).toMatch(/did not finish within 0 s \(last step: importing into ACM\)/);
      open();
      await done;

      expect([...aws.certificates.keys()]).toEqual(first ? [first.acmCertificateArn] : []);
      expect(aws.secretJson(SECRET).certkit?.serial).toBe(first?.serial);
      expect(stagedSerial()).toBeDefined();
      expect(aws.lockItems.size).toBe(0);
    });
  });

  describe('window 4: stores that disagree converge', () => {
    test('ACM re-imported but the secret promotion failed: ACM goes back, and the next run moves every store to the staged certificate', async () => {
      const first = await due();
      aws.failOn('SecretsManager.UpdateSecretVersionStage', denied, 1, input => !!input.MoveToVersionId);
      await expect(run().handler({})).rejects.toThrow('injected: not authorized');
      expectServing(first.acmCertificateArn, first.serial, backup);
      const staged = stagedSerial();

      const next = await run().handler({}) as any;
      expect(next).toMatchObject({ outcome: 'restored', serial: staged });
      expectServing(first.acmCertificateArn, staged, backup);
      expect(ca.requests).toHaveLength(2);
    });

    test('the rollback fails too (ACM keeps the new certificate, the secret the old one): the next run still converges', async () => {
      const first = await due();
      const oldPem = aws.certificates.get(first.acmCertificateArn)!.certificate;
      aws.failOn('SecretsManager.UpdateSecretVersionStage', denied, 1, input => !!input.MoveToVersionId);
      aws.failOn('ACM.ImportCertificate', denied, 1, input => Buffer.from(input.Certificate).toString() === oldPem);
      const { handler, logs } = run();
      await expect(handler({})).rejects.toThrow('injected: not authorized');
      const staged = stagedSerial();
      expect(served(first.acmCertificateArn)).toMatchObject({ acm: staged, secret: first.serial, ssm: first.serial });
      expect(logs.some(l => JSON.parse(l).message === 'rollback step failed; the next run repairs the store')).toBe(true);

      await run().handler({});
      expectServing(first.acmCertificateArn, staged, backup);
      expect(ca.requests).toHaveLength(2);
    });

    test('SSM fails after the first of its three writes: all three go back, and the next run writes all three', async () => {
      const first = await due();
      aws.failOn('SSM.PutParameter', denied, 1, input => input.Name === '/certs/example/chain');
      await expect(run().handler({})).rejects.toThrow('injected: not authorized');
      expectServing(first.acmCertificateArn, first.serial, backup);

      const next = await run().handler({}) as any;
      expectServing(first.acmCertificateArn, next.serial, backup);
      expect(aws.parameters.get('/certs/example/fullchain')).toBe(aws.secretJson(SECRET).fullchain);
      expect(aws.parameters.get('/certs/example/chain')).toBe(aws.secretJson(SECRET).chain);
    });

    test('a store behind the committed certificate is written by a fresh run without ordering', async () => {
      const first = await run().handler({}) as any;
      aws.parameters.set('/certs/example/fullchain', 'stale');
      if (backup) aws.objects.set(BACKUP_KEY, ['{}']);
      const result = await run().handler({}) as any;
      expect(result).toMatchObject({ outcome: 'republished', serial: first.serial });
      expectServing(first.acmCertificateArn, first.serial, backup);
      expect(ca.requests).toHaveLength(1);
    });
  });

  describe('window 6: TXT records a stopped run published are removed', () => {
    test('the next run removes what the note in the lock table lists', async () => {
      ca.publishRecords = true;
      ca.dieAfterPublish = true;
      await expect(run().handler({})).rejects.toThrow('injected: the function was stopped');
      expect(ca.dns.published.size).toBe(2);
      expect(aws.notedRecords()).toHaveLength(2);

      ca.dieAfterPublish = false;
      const result = await run().handler({}) as any;
      expect(result.outcome).toBe('issued');
      expect(ca.dns.removals[0].map(r => r.value).sort()).toEqual(['v1-*.example.com', 'v1-example.com']);
      expect(ca.dns.published.size).toBe(0);
      expect(aws.notedRecords()).toEqual([]);
    });

    test('a removal that fails keeps the records noted for the run after, which removes them', async () => {
      ca.publishRecords = true;
      ca.dieAfterPublish = true;
      await expect(run().handler({})).rejects.toThrow('injected');
      ca.dieAfterPublish = false;
      ca.dns.failRemovals = 1;
      await run().handler({});
      expect(ca.dns.published.size).toBe(2);
      expect(aws.notedRecords().map(r => r.value).sort()).toEqual(['v1-*.example.com', 'v1-example.com']);

      const fresh = await run().handler({}) as any;
      expect(fresh.outcome).toBe('fresh');
      expect(ca.dns.published.size).toBe(0);
      expect(aws.notedRecords()).toEqual([]);
    });

    test('a Delete of the custom resource removes them too (the lock table goes with the stack)', async () => {
      ca.publishRecords = true;
      ca.dieAfterPublish = true;
      await expect(run().handler({})).rejects.toThrow('injected');
      const { handler, answers } = run();
      await handler(cfnEvent('Delete', 'failed-request-1'));
      expect(answers[0].Status).toBe('SUCCESS');
      expect(ca.dns.published.size).toBe(0);
      expect(aws.notedRecords()).toEqual([]);
    });
  });

  describe('window 7: bounded in time as well as count', () => {
    test('a run past its deadline stops before the next step, keeps the issued certificate staged, and the next run resumes it', async () => {
      const first = await due();
      let clock = Date.now();
      ca.whileOrdering = () => (clock += 14.6 * 60_000);
      const { handler } = run({ now: () => new Date(clock) });
      await expect(handler({}, { getRemainingTimeInMillis: () => 15 * 60_000 })).rejects.toThrow(/stopped before reading the ACM certificate: the run's deadline .* passed/);
      expectServing(first.acmCertificateArn, first.serial, backup);
      const staged = stagedSerial();
      expect(staged).not.toBe(first.serial);

      ca.whileOrdering = undefined;
      const next = await run().handler({}) as any;
      expect(next).toMatchObject({ outcome: 'restored', serial: staged });
      expect(ca.requests).toHaveLength(2);
    });

    test('retries of one AWS call stop at the run\'s hard deadline, and the next run converges', async () => {
      const first = await due();
      const before = aws.calls.length;
      let clock = Date.now();
      // Each attempt takes 25 s (a request timing out); 60 s left: steps until 30 s, calls until 57 s.
      aws.failOn('SSM.PutParameter', () => {
        clock += 25_000;
        return awsError('TimeoutError', 'injected: request timed out', 0);
      }, 99);
      const { handler, logs } = run({ now: () => new Date(clock), sleep: async ms => void (clock += ms) });
      await expect(handler({}, { getRemainingTimeInMillis: () => 60_000 })).rejects.toThrow('injected: request timed out');
      expect(aws.calls.slice(before).filter(c => c === 'SSM.PutParameter')).toHaveLength(3);
      expect(logs.some(l => JSON.parse(l).error?.message?.startsWith('no time left for putting the previous certificate back'))).toBe(true);

      aws.clearFaults();
      const next = await run().handler({}) as any;
      expect(next.outcome).toBe('restored');
      expectServing(first.acmCertificateArn, next.serial, backup);
      expect(ca.requests).toHaveLength(2);
    });
  });
});

describe('retryCall', () => {
  const budget = (deadlineMs: number, clock = { t: 0 }) => ({
    attempts: 10,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    deadline: new Date(deadlineMs),
    now: () => new Date(clock.t),
    sleep: async (ms: number) => void (clock.t += ms),
  });

  test('retries transient errors with doubling waits until the count is used up', async () => {
    let n = 0;
    const clock = { t: 0 };
    await expect(retryCall('x', async () => {
      n++;
      throw throttling();
    }, { ...budget(1e9, clock), attempts: 5 })).rejects.toThrow('Rate exceeded');
    expect(n).toBe(5);
    expect(clock.t).toBe(100 + 200 + 400 + 800);
  });

  test('stops before a wait that would pass the deadline', async () => {
    let n = 0;
    const clock = { t: 0 };
    await expect(retryCall('x', async () => {
      n++;
      throw serverError();
    }, budget(1_000, clock))).rejects.toThrow();
    expect(n).toBe(4); // waits 100, 200, 400 (until 700); another 800 would pass the deadline
    expect(clock.t).toBe(700);
  });

  test('does not retry what cannot succeed', async () => {
    let n = 0;
    await expect(retryCall('x', async () => {
      n++;
      throw awsError('ValidationException', 'bad', 400);
    }, budget(1e9))).rejects.toThrow('bad');
    expect(n).toBe(1);
  });

  test('the AWS SDK makes one attempt per call, so these retries are the only ones', async () => {
    expect(await awsClients().ssm().config.maxAttempts()).toBe(1);
  });
});
