// The property behind issue 15: for every AWS call a run makes, fail that one call (once) and check that every store
// still serves the previous certificate (or, when the run got past the fault, all serve the new one), that no ACM
// import outlives the failure, and that after a later successful run at most one new certificate was ordered.
import { X509Certificate } from 'node:crypto';
import { denied, FakeAws, throttling } from './support/fake-aws';
import { ACCOUNT_SECRET, cfnEvent, harness, SECRET, StandInCa } from './support/handler-harness';
import type { HandlerConfig } from '../../../src/runtime/handler/config';

const BACKUP_KEY = 'backups/cdk-certkit/example.com-ec256.json';
const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+/, '');

let aws: FakeAws;
let ca: StandInCa;

function world() {
  aws?.restore();
  aws = new FakeAws();
  aws.seedSecret(SECRET, '{}');
  aws.seedSecret(ACCOUNT_SECRET, '{}');
  ca = new StandInCa();
  ca.publishRecords = true; // the TXT note's writes are steps too
  // What CloudFormation creates.
  for (const name of ['certificate', 'chain', 'fullchain']) aws.parameters.set(`/certs/example/${name}`, 'pending first issuance');
}
afterAll(() => aws?.restore());

/** What each store serves: serial per store (S3: newest version), '-' where a store has nothing. */
function served(arn: string | undefined, backup: boolean): Record<string, string> {
  const objects = aws.objects.get(BACKUP_KEY);
  const ssm = ['certificate', 'chain', 'fullchain'].map(n => aws.parameters.get(`/certs/example/${n}`) ?? '');
  const secret = aws.secretJson(SECRET);
  const ssmSerial = ssm[0].includes('BEGIN') ? serialOf(ssm[0]) : '-';
  const ssmAgrees = !secret?.certkit || (ssm[0] === secret.certificate && ssm[2] === secret.fullchain && (ssm[1] === secret.chain || (ssm[1] === 'none' && !secret.chain)));
  return {
    acm: arn && aws.certificates.has(arn) ? serialOf(aws.certificates.get(arn)!.certificate) : '-',
    secret: secret?.certkit?.serial ?? '-',
    ssm: ssmAgrees ? ssmSerial : `${ssmSerial} (parameters disagree)`,
    ...(backup ? { s3: objects ? JSON.parse(objects[objects.length - 1]).certkit?.serial ?? '-' : '-' } : {}),
  };
}
const all = (serial: string, backup: boolean) => ({ acm: serial, secret: serial, ssm: serial, ...(backup ? { s3: serial } : {}) });

interface Scenario {
  /** Brings the world to the state before the run under test; returns the previous certificate, if any. */
  setup(config: Partial<HandlerConfig>): Promise<{ serial: string; arn: string } | undefined>;
  /** The run under test; whether it failed, and the ARN it answered with when it did not. */
  act(config: Partial<HandlerConfig>, previous?: { arn: string }): Promise<{ failed: boolean; arn?: string }>;
}

const renewal: Scenario = {
  async setup(config) {
    ca.next = { ageDays: 70 };
    const first = await harness(ca, { config }).handler({}) as any;
    ca.next = {};
    return { serial: first.serial, arn: first.acmCertificateArn };
  },
  async act(config) {
    return harness(ca, { config }).handler({}).then((r: any) => ({ failed: false, arn: r.acmCertificateArn }), () => ({ failed: true }));
  },
};

const keyTypeUpdate: Scenario = {
  async setup(config) {
    const first = await harness(ca, { config }).handler({}) as any;
    return { serial: first.serial, arn: first.acmCertificateArn };
  },
  async act(config, previous) {
    const { handler, answers } = harness(ca, { config: { ...config, keyType: 'ec384' } });
    await handler(cfnEvent('Update', previous!.arn));
    return { failed: answers[0].Status === 'FAILED', arn: answers[0].PhysicalResourceId };
  },
};

const firstCreate: Scenario = {
  async setup() {
    return undefined;
  },
  async act(config) {
    const { handler, answers } = harness(ca, { config });
    await handler(cfnEvent('Create'));
    return { failed: answers[0].Status === 'FAILED', arn: answers[0].PhysicalResourceId };
  },
};

const scenarios: [string, Scenario][] = [['a scheduled renewal', renewal], ['a CloudFormation Update to a new key type', keyTypeUpdate], ['a first CloudFormation Create', firstCreate]];

describe.each(scenarios)('%s', (_name, scenario) => {
  test.each([
    ['on', 'denied', true, denied], ['off', 'denied', false, denied],
    ['on', 'throttled', true, throttling], ['off', 'throttled', false, throttling],
  ] as const)('backup %s: one %s call at any step', async (_b, _e, backup, error) => {
    const config: Partial<HandlerConfig> = backup ? {} : { backup: undefined };
    // The calls of a run without faults.
    world();
    const baselinePrevious = await scenario.setup(config);
    const start = aws.calls.length;
    await scenario.act(config, baselinePrevious);
    const steps = aws.calls.slice(start);
    expect(steps.length).toBeGreaterThan(10);

    const problems: string[] = [];
    for (let i = 0; i < steps.length; i++) {
      world();
      const previous = await scenario.setup(config);
      const issuedBefore = ca.issued;
      aws.failAt(aws.calls.length + i, error);
      const outcome = await scenario.act(config, previous);
      const at = `fault at step ${i} (${steps[i]})`;
      const arns = [...aws.certificates.keys()];

      if (outcome.failed) {
        if (error === throttling) problems.push(`${at}: a throttled call failed the run`);
        const now = served(previous?.arn, backup);
        const want = previous ? all(previous.serial, backup) : all('-', backup);
        // No certificate before: the backup may keep the issued one (a failed Create's rollback deletes the secret).
        if (!previous && backup && now.s3 !== '-' && now.s3 === aws.secretJson(SECRET, 'AWSPENDING')?.certkit.serial) now.s3 = '-';
        if (JSON.stringify(now) !== JSON.stringify(want)) problems.push(`${at}: stores serve ${JSON.stringify(now)}, not the previous certificate`);
        if (JSON.stringify(arns) !== JSON.stringify(previous ? [previous.arn] : [])) problems.push(`${at}: ACM holds ${arns.length} certificate(s) after the failure`);
      } else {
        const committed = aws.secretJson(SECRET).certkit.serial;
        if (committed === previous?.serial) problems.push(`${at}: succeeded without a new certificate`);
        const now = served(outcome.arn, backup);
        if (JSON.stringify(now) !== JSON.stringify(all(committed, backup))) problems.push(`${at}: stores disagree after success: ${JSON.stringify(now)}`);
      }

      // A later run without faults (the same request again) converges with at most one new order in all. A lease
      // left by a failed release has expired by then (16 minutes).
      aws.lockItems.clear();
      const later = await scenario.act(config, previous);
      const committed = aws.secretJson(SECRET)?.certkit?.serial;
      if (later.failed || !committed) {
        problems.push(`${at}: the later run failed`);
        continue;
      }
      const arn = outcome.failed ? later.arn : outcome.arn;
      const now = served(arn, backup);
      if (JSON.stringify(now) !== JSON.stringify(all(committed, backup))) problems.push(`${at}: stores disagree after the later run: ${JSON.stringify(now)}`);
      if (ca.issued - issuedBefore > 1) problems.push(`${at}: ${ca.issued - issuedBefore} new orders`);
      if (aws.notedRecords().length > 0 || ca.dns.published.size > 0) problems.push(`${at}: TXT records left behind`);
      if (aws.secretJson(SECRET, 'AWSPENDING') && aws.secretJson(SECRET, 'AWSPENDING').certkit.serial !== committed) {
        problems.push(`${at}: a staged certificate other than the current one is left`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
