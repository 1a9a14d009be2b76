// Keeps one ACM certificate equal to what the cluster pushed to Secrets Manager (CertificateBackup's PushSecret):
// - CloudFormation Create imports the pushed certificate (or, for load balancers, a self-signed placeholder when the
//   cluster has not pushed one yet; for CloudFront it waits for the first push, then fails), tagged for IAM;
// - every later run (EventBridge on the secret's PutSecretValue/UpdateSecret/CreateSecret, and the schedule) re-imports
//   into the same ARN when the secret holds another certificate, and does nothing when it holds the same one;
// - a secret that cannot go into ACM (PEM that does not parse, a key that does not match, a key ACM cannot import)
//   leaves ACM untouched and counts as a failure (the construct's alarm watches it).
import { X509Certificate } from 'node:crypto';
import { AwsClients, errorName, sdk } from '../handler/aws-clients';
import type { CertificateRecord } from '../handler/certificate-record';
import { normalizeSerial } from '../handler/certificate-record';
import { CfnEvent, CfnResponder, isCfnEvent } from '../handler/cfn-response';
import { Logger, redact } from '../handler/log';
import { DIMENSION, METRIC } from '../handler/metric-names';
import type { KeyType } from '../types';
import { ClusterCertificate, parseClusterSecret, UnusableSecretError } from './cluster-secret';
import { ACM_SYNC_METRIC, AcmSyncConfig } from './config';
import { PLACEHOLDER_ORGANIZATION, selfSignedCertificate } from './placeholder';
import { AcmStore } from '../handler/stores/acm';

/** What the schedule and the EventBridge rule send: the ARN the custom resource returned. */
export interface AcmSyncRequest {
  readonly certificateArn?: string;
  /** `schedule` or `secret-changed`, for the logs. */
  readonly trigger?: string;
}

export type SyncOutcome = 'unchanged' | 'imported' | 'waiting-for-first-push' | 'failed';

export interface SyncResult {
  readonly outcome: SyncOutcome;
  readonly certificateArn: string;
  /** Serial of the certificate ACM holds after the run. */
  readonly serial?: string;
  readonly reason?: string;
}

export interface AcmSyncDeps {
  readonly config: AcmSyncConfig;
  readonly clients: AwsClients;
  readonly log: Logger;
  readonly respond: CfnResponder;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How often a first CloudFront deployment looks for the first push (default 15 s). */
  readonly pollMs?: number;
}

interface LambdaContextLike { getRemainingTimeInMillis(): number }

/** What goes into ACM: the pushed certificate or the placeholder. */
type Importable = Pick<ClusterCertificate, 'certificatePem' | 'chainPem' | 'privateKeyPem' | 'serial' | 'notBefore' | 'notAfter' | 'names'>;

/** The ACM certificate as DescribeCertificate shows it. */
interface AcmCopy {
  readonly serial?: string;
  /** ACM's name, e.g. `EC_prime256v1`. */
  readonly keyAlgorithm?: string;
  readonly notAfter?: Date;
  readonly placeholder: boolean;
}

const PLACEHOLDER_DAYS = 30;
/** Time kept back from the function's limit to answer CloudFormation. */
const ANSWER_MARGIN_MS = 20_000;

export function createAcmSyncHandler(deps: AcmSyncDeps) {
  const { config, clients, log } = deps;
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
  // The chain is the intermediates cert-manager put after the leaf in tls.crt; all of them go to ACM.
  const acm = new AcmStore(clients, 'full', config.acmTag);

  /** The pushed value, or undefined while nothing was pushed (no secret yet, or no value). */
  async function readSecret(): Promise<string | undefined> {
    const { GetSecretValueCommand } = sdk.secrets();
    try {
      const out = await clients.secrets().send(new GetSecretValueCommand({ SecretId: config.secretId }));
      return out.SecretString?.trim() ? out.SecretString : undefined;
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return undefined;
      throw e;
    }
  }

  async function describe(arn: string): Promise<AcmCopy | undefined> {
    const { DescribeCertificateCommand } = sdk.acm();
    try {
      const out = await clients.acm().send(new DescribeCertificateCommand({ CertificateArn: arn }));
      const c = out.Certificate;
      return {
        serial: c?.Serial ? normalizeSerial(c.Serial) : undefined,
        keyAlgorithm: c?.KeyAlgorithm,
        notAfter: c?.NotAfter,
        placeholder: (c?.Subject ?? '').includes(`O=${PLACEHOLDER_ORGANIZATION}`),
      };
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return undefined;
      throw e;
    }
  }

  function parse(text: string): ClusterCertificate {
    return parseClusterSecret(text, { now: now(), cloudFront: config.cloudFront });
  }

  /** Into `arn` (re-import, which keeps the ARN), or as a new tagged certificate. */
  async function importInto(cert: Importable, arn?: string): Promise<string> {
    const record: CertificateRecord = {
      certificatePem: cert.certificatePem,
      issuedChainPem: cert.chainPem,
      privateKeyPem: cert.privateKeyPem,
      serial: cert.serial,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      names: cert.names,
      // The ACM store reads only the PEMs and the chain; ACM itself finds the key algorithm.
      keyType: 'ec256' as KeyType,
    };
    const imported = await acm.import(record, arn);
    if (arn && imported !== arn) throw new Error(`ACM re-imported into ${imported} instead of ${arn}`);
    return imported;
  }

  async function publish(run: { failed: boolean; behind: boolean; imported: boolean; notAfter?: Date }): Promise<void> {
    const { PutMetricDataCommand } = sdk.cloudwatch();
    const at = now();
    const dims = [{ Name: DIMENSION, Value: config.certificateId }];
    const datum = (name: string, value: number, unit: 'Count' | 'None' = 'Count') => ({ MetricName: name, Value: value, Unit: unit, Dimensions: dims, Timestamp: at });
    const data = [
      datum(METRIC.failed, run.failed ? 1 : 0),
      datum(ACM_SYNC_METRIC.behind, run.behind ? 1 : 0),
      datum(ACM_SYNC_METRIC.imported, run.imported ? 1 : 0),
    ];
    if (run.notAfter) data.push(datum(METRIC.daysToExpiry, Math.round((run.notAfter.getTime() - at.getTime()) / 864_000) / 100, 'None'));
    try {
      await clients.cloudwatch().send(new PutMetricDataCommand({ Namespace: config.metricsNamespace, MetricData: data }));
    } catch (e) {
      log.warn('could not publish metrics', { error: e });
    }
  }

  /** One run against the certificate at `arn`. */
  async function sync(arn: string): Promise<SyncResult> {
    const [text, copy] = await Promise.all([readSecret(), describe(arn)]);
    if (!copy) {
      const reason = `the ACM certificate ${arn} is gone; deploy the stack again to import a new one`;
      await publish({ failed: true, behind: true, imported: false });
      return { outcome: 'failed', certificateArn: arn, reason };
    }
    if (text === undefined) {
      log.info('nothing pushed yet; ACM keeps what it holds', { placeholder: copy.placeholder });
      await publish({ failed: false, behind: false, imported: false, notAfter: copy.notAfter });
      return { outcome: 'waiting-for-first-push', certificateArn: arn, serial: copy.serial };
    }
    let cert: ClusterCertificate;
    try {
      cert = parse(text);
    } catch (e) {
      if (!(e instanceof UnusableSecretError)) throw e;
      log.error('the pushed secret cannot go into ACM; ACM is left as it is', { secret: config.secretId, reason: e.message });
      await publish({ failed: true, behind: true, imported: false, notAfter: copy.notAfter });
      return { outcome: 'failed', certificateArn: arn, serial: copy.serial, reason: e.message };
    }
    if (copy.serial === cert.serial) {
      await publish({ failed: false, behind: false, imported: false, notAfter: copy.notAfter });
      return { outcome: 'unchanged', certificateArn: arn, serial: cert.serial };
    }
    if (copy.keyAlgorithm && copy.keyAlgorithm !== cert.keyAlgorithm) {
      const reason = `the pushed certificate has a ${cert.keyAlgorithm} key and ACM holds ${copy.keyAlgorithm} at ${arn}; ACM re-imports only the same `
        + 'key type into an ARN. Deploy the stack again: with the Certificate\'s new key type it imports a new certificate';
      log.error('the key type changed; ACM is left as it is', { reason });
      await publish({ failed: true, behind: true, imported: false, notAfter: copy.notAfter });
      return { outcome: 'failed', certificateArn: arn, serial: copy.serial, reason };
    }
    await importInto(cert, arn);
    log.info('re-imported the pushed certificate', { certificateArn: arn, serial: cert.serial, previousSerial: copy.serial, notAfter: cert.notAfter.toISOString() });
    await publish({ failed: false, behind: false, imported: true, notAfter: cert.notAfter });
    return { outcome: 'imported', certificateArn: arn, serial: cert.serial };
  }

  /** Create: the pushed certificate, else the placeholder (load balancers) or the first push awaited (CloudFront). */
  async function create(deadline: Date): Promise<{ arn: string; placeholder: boolean; serial: string }> {
    let text = await readSecret();
    while (text === undefined && config.cloudFront && now().getTime() + (deps.pollMs ?? 15_000) < deadline.getTime()) {
      await sleep(deps.pollMs ?? 15_000);
      text = await readSecret();
    }
    if (text !== undefined) {
      const cert = parse(text);
      const arn = await importInto(cert);
      await publish({ failed: false, behind: false, imported: true, notAfter: cert.notAfter });
      return { arn, placeholder: false, serial: cert.serial };
    }
    if (config.cloudFront) {
      throw new Error(`nothing was pushed to ${config.secretId} within ${config.firstCertificateTimeoutSeconds} s, and CloudFront takes only certificates from a trusted CA, `
        + 'so no placeholder can stand in. Deploy the cluster side first (cert-manager issues, CertificateBackup pushes), then this stack');
    }
    const notBefore = new Date(now().getTime() - 5 * 60_000);
    const notAfter = new Date(notBefore.getTime() + PLACEHOLDER_DAYS * 86_400_000);
    const placeholder = selfSignedCertificate({
      names: config.placeholderNames,
      keyAlgorithm: config.placeholderKeyAlgorithm,
      extendedKeyUsages: config.placeholderExtendedKeyUsages,
      notBefore,
      notAfter,
    });
    const serial = normalizeSerial(new X509Certificate(placeholder.certificatePem).serialNumber);
    const arn = await importInto({ ...placeholder, chainPem: '', serial, notBefore, notAfter, names: config.placeholderNames });
    log.info('nothing pushed yet: imported a self-signed placeholder; the first push replaces it in the same ARN', { certificateArn: arn });
    await publish({ failed: false, behind: false, imported: true, notAfter });
    return { arn, placeholder: true, serial };
  }

  /**
   * Whether what would go into ACM now (the pushed certificate, or a placeholder of the configured key type) has
   * another key type than the copy: then an Update imports a new certificate, as ACM re-imports only the same type.
   */
  async function keyTypeChanged(copy: AcmCopy): Promise<boolean> {
    if (!copy.keyAlgorithm) return false;
    const text = await readSecret();
    if (text === undefined) return copy.placeholder && copy.keyAlgorithm !== config.placeholderKeyAlgorithm;
    try {
      return parse(text).keyAlgorithm !== copy.keyAlgorithm;
    } catch {
      return false; // reported by the sync that follows
    }
  }

  async function onCloudFormation(event: CfnEvent, context?: LambdaContextLike): Promise<void> {
    log.info('CloudFormation request', { requestType: event.RequestType, physicalResourceId: event.PhysicalResourceId });
    const remainingMs = context?.getRemainingTimeInMillis() ?? (config.firstCertificateTimeoutSeconds * 1000 + 2 * ANSWER_MARGIN_MS);
    const deadline = new Date(now().getTime() + Math.min(config.firstCertificateTimeoutSeconds * 1000, remainingMs - ANSWER_MARGIN_MS));
    const physical = event.PhysicalResourceId;
    try {
      if (event.RequestType === 'Delete') {
        if (config.deleteOnRemoval && physical?.startsWith('arn:')) {
          const deleted = await acm.delete(physical).catch(e => {
            log.warn('could not delete the ACM certificate', { error: e });
            return false;
          });
          if (!deleted) log.warn('the ACM certificate stays (still in use, or the delete failed)', { certificateArn: physical });
        }
        return await deps.respond(event, { Status: 'SUCCESS', PhysicalResourceId: physical ?? event.RequestId });
      }
      const current = event.RequestType === 'Update' && physical?.startsWith('arn:') ? await describe(physical) : undefined;
      if (current && physical && !(await keyTypeChanged(current))) {
        const result = await sync(physical);
        if (result.outcome === 'failed') throw new Error(result.reason);
        return await deps.respond(event, { Status: 'SUCCESS', PhysicalResourceId: physical, Data: { CertificateArn: physical, Serial: result.serial ?? '' } });
      }
      const created = await create(deadline);
      return await deps.respond(event, {
        Status: 'SUCCESS',
        PhysicalResourceId: created.arn,
        Data: { CertificateArn: created.arn, Placeholder: String(created.placeholder), Serial: created.serial },
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.error('CloudFormation request failed', { requestType: event.RequestType, error: message });
      return deps.respond(event, {
        Status: 'FAILED',
        PhysicalResourceId: physical ?? `failed-${event.RequestId}`,
        Reason: `ClusterCertificateInAcm ${event.RequestType} failed: ${redact(message) as string}`,
      });
    }
  }

  return async (event: unknown, context?: LambdaContextLike): Promise<SyncResult | void> => {
    if (isCfnEvent(event)) return onCloudFormation(event, context);
    const request = (event ?? {}) as AcmSyncRequest;
    const arn = request.certificateArn;
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw new Error('the request names no certificateArn; the schedule and the rule pass the one the stack created');
    try {
      const result = await sync(arn);
      log.info('run finished', { trigger: request.trigger, ...result });
      return result;
    } catch (e) {
      // An AWS call failed: counted and raised (Lambda's Errors feed the alarm too); the next trigger retries.
      log.error('run failed', { trigger: request.trigger, error: e });
      await publish({ failed: true, behind: false, imported: false });
      throw e;
    }
  };
}
