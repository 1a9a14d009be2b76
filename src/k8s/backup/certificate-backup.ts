// Cluster side of the backups: a ClusterSecretStore for AWS Secrets Manager, and per backed-up Secret a PushSecret
// (backup) and a restoring ExternalSecret that recreates the Secret on a fresh cluster so cert-manager adopts it.
//
// How it behaves, verified against External Secrets Operator v2.9.0 (pkg/controllers/externalsecret):
// - The restore finds its backup by exact name (`dataFrom.find`, `deletionPolicy: Retain`): when there is none (a
//   first install) ESO marks the ExternalSecret Ready and creates nothing, so cert-manager issues as usual and an ACME
//   issuer generates its account key (an empty account-key Secret would leave the issuer failing for good).
// - `refreshPolicy: CreatedOnce` with `creationPolicy: Orphan`: ESO writes the Secret once and never again, so it never
//   fights cert-manager's renewals; the Secret has no owner reference, so deleting the ExternalSecret keeps it.
// - The PushSecret pushes one JSON document (`tls.crt`, `tls.key`, `ca.crt` when present; `tls.key` for an ACME
//   account) and never deletes it (`deletionPolicy: None`); a restore writes exactly those keys back.
import { createHash } from 'node:crypto';
import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { CERT_MANAGER_SECRET_ANNOTATIONS, CERT_MANAGER_SECRET_LABEL } from './private/cert-manager-secret';
import { isAwsRegion, isSecretsManagerName } from '../../common/arns';
import { isDns1123Label, isDns1123Subdomain } from '../../common/names';
import { formatProblem, invalid, report } from '../../private/errors';
import { Certificate } from '../certificates';
import { HelmChartInstall } from '../install';
import { validateRendered } from '../private/rendered-validation';

const ESO_V1 = 'external-secrets.io/v1';
const ESO_V1ALPHA1 = 'external-secrets.io/v1alpha1';
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
/** The Secret key the PushSecret's template writes the backup document to (in memory only; never stored). */
const BACKUP_DOCUMENT_KEY = 'cdk-certkit-backup.json';

/**
 * Annotations on the restoring ExternalSecrets, for tools that read the manifests (the same as
 * `CertificateBackup.RESTORES_CERTIFICATE_ANNOTATION` and its siblings).
 */
export const BACKUP_ANNOTATIONS = {
  restoresCertificate: 'cdk-certkit.io/restores-certificate',
  restoresAcmeAccount: 'cdk-certkit.io/restores-acme-account',
  secretsManagerName: 'cdk-certkit.io/secrets-manager-name',
} as const;

/** Where the backups live in AWS Secrets Manager: what `CertificateBackupStore` (aws-cdk-lib) creates. */
export interface CertificateBackupLocation {
  /**
   * Secrets Manager name prefix, ending in `/`.
   *
   * Each Secret lands on `<prefix><namespace>/<secret name>`.
   */
  readonly prefix: string;
  /**
   * Region this cluster reads and writes. A cluster in a replica region restores from its replica, and can push
   * only once that replica is promoted to a standalone secret.
   */
  readonly region: string;
  /** ID of the KMS key new backups are encrypted with (a key ID, so replicas resolve their own replica key). */
  readonly kmsKeyId: string;
  /**
   * Regions the backups are replicated to when ESO creates them.
   * @default - none
   */
  readonly replicaRegions?: string[];
}

/** How ESO authenticates to AWS Secrets Manager: always a service account's token, never static keys. */
export abstract class AwsSecretsManagerAuth {
  /**
   * The ESO controller's own identity: IRSA (its service account annotated with the role) or EKS Pod Identity
   * (an association for its service account), e.g. the role of `CertificateBackupStore`.
   */
  public static controllerIdentity(): AwsSecretsManagerAuth {
    return new RenderedAuth(undefined);
  }

  /**
   * The token of another service account, exchanged through IRSA (`AssumeRoleWithWebIdentity` with the role in its
   * `eks.amazonaws.com/role-arn` annotation). Pod Identity cannot be used this way.
   *
   * @param name the service account's name
   * @param namespace the service account's namespace
   */
  public static serviceAccount(name: string, namespace: string): AwsSecretsManagerAuth {
    return new RenderedAuth({ jwt: { serviceAccountRef: { name, namespace } } }, { name, namespace });
  }

  /** @internal */
  public abstract _render(scope: IConstruct, field: string): any;
}

class RenderedAuth extends AwsSecretsManagerAuth {
  constructor(private readonly auth: any, private readonly account?: { name: string; namespace: string }) {
    super();
  }

  public _render(scope: IConstruct, field: string): any {
    if (this.account) {
      if (!isDns1123Subdomain(this.account.name)) report(scope, `${field}.name`, `'${this.account.name}' is not a valid service account name`, "use lower-case letters, digits, '-' and '.'");
      if (!isDns1123Label(this.account.namespace)) report(scope, `${field}.namespace`, `'${this.account.namespace}' is not a valid namespace`, "use lower-case letters, digits and '-'");
    }
    return this.auth;
  }
}

/** How the restores are ordered before the Certificates and issuers that need them. */
export enum RestoreOrdering {
  /**
   * Argo CD sync waves in one Application: the store, then the restores (before the issuers, so ACME accounts come
   * back first), then issuers and Certificates, then the backups. Argo CD waits for each wave to be healthy
   * (ExternalSecret health is its Ready condition).
   */
  ARGO_CD_SYNC_WAVES = 'ArgoCdSyncWaves',
  /**
   * Applied on its own before the Certificates.
   *
   * The backup must be in a cdk8s Chart of its own, e.g. a Flux Kustomization the certificates' Kustomization
   * `dependsOn` (with `wait: true`), or an EKS manifest the certificates' manifest depends on. A Certificate in the same Chart is reported.
   */
  SEPARATE_APPLY = 'SeparateApply',
}

/** Properties of `CertificateBackup`. */
export interface CertificateBackupProps {
  /** Where the backups live (`CertificateBackupStore` on the AWS side). */
  readonly location: CertificateBackupLocation;
  /**
   * Certificates to back up.
   * @default - none besides those found in `scopes`
   */
  readonly certificates?: Certificate[];
  /**
   * Back up every cert-manager Certificate, and the account key of every ACME issuer, found below these constructs.
   *
   * Issuers are `Issuer`s and `ClusterIssuer`s. The constructs (charts or the app) are searched when the backup is created: create it after them, or call
   * `addCertificate`.
   * @default - only `certificates`
   */
  readonly scopes?: IConstruct[];
  /**
   * Issuers whose ACME account keys are backed up, so a rebuilt cluster keeps its ACME account.
   * @default - the ACME issuers found in `scopes`
   */
  readonly issuers?: IConstruct[];
  /**
   * How ESO authenticates to Secrets Manager.
   * @default AwsSecretsManagerAuth.controllerIdentity()
   */
  readonly auth?: AwsSecretsManagerAuth;
  /**
   * Name of the ClusterSecretStore. Only the namespaces of the backed-up Secrets may use it.
   * @default 'cdk-certkit-backup'
   */
  readonly storeName?: string;
  /**
   * Namespace where ClusterIssuers keep their ACME account keys (cert-manager's `--cluster-resource-namespace`).
   * @default 'cert-manager'
   */
  readonly clusterResourceNamespace?: string;
  /**
   * How the restores come before the Certificates.
   * @default RestoreOrdering.ARGO_CD_SYNC_WAVES
   */
  readonly ordering?: RestoreOrdering;
  /**
   * The ESO install.
   *
   * With Argo CD, the store's wave must come after it.
   * @default - not checked
   */
  readonly externalSecrets?: HelmChartInstall;
  /**
   * Argo CD sync wave of the ClusterSecretStore.
   * @default CertificateBackup.STORE_WAVE
   */
  readonly storeWave?: number;
  /**
   * Argo CD sync wave of the restoring ExternalSecrets.
   *
   * It must come before every issuer and Certificate they serve.
   * @default CertificateBackup.RESTORE_WAVE
   */
  readonly restoreWave?: number;
  /**
   * Argo CD sync wave of the PushSecrets (after the Certificates, whose Secrets they read).
   * @default CertificateBackup.PUSH_WAVE
   */
  readonly pushWave?: number;
  /**
   * How often each PushSecret re-reads its Secret and pushes a renewed certificate.
   * @default '1h'
   */
  readonly pushInterval?: string;
}

/** One Secret to back up and restore. */
interface BackedUpSecret {
  readonly owner: IConstruct;
  readonly ownerApiObject: ApiObject;
  readonly namespace: string;
  readonly secretName: string;
  /** Keys pushed, in the order of the template. */
  readonly keys: readonly string[];
  readonly type: string;
  readonly annotations: { [key: string]: string };
  readonly labels: { [key: string]: string };
  readonly restoreAnnotation: [string, string];
  /** Names the owner in messages, e.g. `Certificate Platform/web`. */
  readonly kindLabel: string;
}

/** A restoring ExternalSecret, for wiring that waits for it (e.g. on EKS). */
export interface BackupRestore {
  /** Namespace of the ExternalSecret and of the Secret it restores. */
  readonly namespace: string;
  /** Name of the ExternalSecret. */
  readonly externalSecretName: string;
  /** Name of the Secret it restores. */
  readonly secretName: string;
  /** The Secrets Manager name it restores from. */
  readonly secretsManagerName: string;
}

const REGISTRY = Symbol.for('cdk-certkit.backup.secretsManagerNames');

function namesOf(root: IConstruct): Map<string, string> {
  const holder = root as unknown as { [REGISTRY]?: Map<string, string> };
  if (!holder[REGISTRY]) Object.defineProperty(holder, REGISTRY, { value: new Map(), enumerable: false });
  return holder[REGISTRY]!;
}

const isToken = (value: unknown) => typeof value === 'string' && /\$\{Token\[/.test(value);

/** `<base>-<suffix>`, shortened (with a stable hash) to fit a 253-character object name. */
function objectName(base: string, suffix: string): string {
  const name = `${base}-${suffix}`;
  if (name.length <= 253) return name;
  const hash = createHash('sha256').update(base).digest('hex').slice(0, 8);
  return `${base.slice(0, 253 - suffix.length - 10).replace(/[-.]+$/, '')}-${hash}-${suffix}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function waveOf(obj: ApiObject): number {
  const wave = obj.metadata.toJson().annotations?.[SYNC_WAVE];
  return wave === undefined ? 0 : Number(wave);
}

function setWave(obj: ApiObject, wave: number): void {
  obj.metadata.addAnnotation(SYNC_WAVE, String(wave));
  obj.metadata.addAnnotation(SYNC_OPTIONS, 'SkipDryRunOnMissingResource=true');
}

/** The path a user knows: the construct that owns an L1 (`Platform/web`, not `Platform/web/Resource`). */
function displayPath(c: IConstruct): string {
  return c.node.id === 'Resource' && c.node.scope ? c.node.scope.node.path : c.node.path;
}

const isCertManagerObject = (obj: ApiObject, kinds: readonly string[]) => obj.apiGroup === 'cert-manager.io' && kinds.includes(obj.kind);

/**
 * Backs cert-manager's Secrets up to AWS Secrets Manager and restores them on a fresh cluster.
 *
 * External Secrets Operator does the work, and cert-manager adopts the restored Secrets instead of issuing again
 * (saving Let's Encrypt rate limits). It renders a ClusterSecretStore, and for each Certificate's Secret and each ACME issuer's account key a PushSecret and a
 * restoring ExternalSecret that writes the annotations cert-manager checks (issuer name, kind and group, certificate
 * name) from what is known at synth. See `CertificateAdoption` for the rules the restored Secret meets.
 */
export class CertificateBackup extends Construct {
  /** Default Argo CD wave of the ClusterSecretStore: after the add-on installs (ESO), before the restores. */
  public static readonly STORE_WAVE = -15;
  /** Default Argo CD wave of the restores: before the issuers (-10) and Certificates (-5). */
  public static readonly RESTORE_WAVE = -12;
  /** Default Argo CD wave of the PushSecrets: after the Certificates (-5). */
  public static readonly PUSH_WAVE = -4;
  /**
   * Annotation on a Certificate's restoring ExternalSecret: `<namespace>/<Certificate name>`.
   *
   * It names the Certificate whose Secret it restores (for tools that read the manifests, e.g. rate-limit budgets: a rebuild does not order it again).
   */
  public static readonly RESTORES_CERTIFICATE_ANNOTATION = BACKUP_ANNOTATIONS.restoresCertificate;
  /** Annotation on an ACME account key's restore: `ClusterIssuer/<name>`, or `<namespace>/Issuer/<name>`. */
  public static readonly RESTORES_ACME_ACCOUNT_ANNOTATION = BACKUP_ANNOTATIONS.restoresAcmeAccount;
  /** Annotation on every restore and backup: the Secrets Manager name. */
  public static readonly SECRETS_MANAGER_NAME_ANNOTATION = BACKUP_ANNOTATIONS.secretsManagerName;

  /** The ClusterSecretStore. */
  public readonly store: ApiObject;
  /** Name of the ClusterSecretStore. */
  public readonly storeName: string;
  /** The restoring ExternalSecrets, one per backed-up Secret. */
  public readonly restores: BackupRestore[] = [];
  private readonly props: CertificateBackupProps;
  private readonly location: CertificateBackupLocation;
  private readonly namespaces = new Set<string>();
  private readonly seen = new Set<ApiObject>();
  private readonly backedUp: { readonly item: BackedUpSecret; readonly restore: ApiObject }[] = [];
  private readonly ordering: RestoreOrdering;
  private readonly waves: { readonly store: number; readonly restore: number; readonly push: number };

  /**
   * @param scope the scope in which to define this construct
   * @param id the scoped construct ID
   * @param props where the backups live, what is backed up, and how restores are ordered before cert-manager
   */
  constructor(scope: Construct, id: string, props: CertificateBackupProps) {
    super(scope, id);
    this.props = props;
    this.location = checkLocation(this, props.location);
    this.storeName = props.storeName ?? 'cdk-certkit-backup';
    if (!isDns1123Subdomain(this.storeName)) report(this, 'storeName', `'${this.storeName}' is not a valid Kubernetes name`, "use lower-case letters, digits, '-' and '.'");
    this.ordering = props.ordering ?? RestoreOrdering.ARGO_CD_SYNC_WAVES;
    this.waves = {
      store: this.checkWave('storeWave', props.storeWave ?? CertificateBackup.STORE_WAVE),
      restore: this.checkWave('restoreWave', props.restoreWave ?? CertificateBackup.RESTORE_WAVE),
      push: this.checkWave('pushWave', props.pushWave ?? CertificateBackup.PUSH_WAVE),
    };
    if (this.waves.restore <= this.waves.store) {
      report(this, 'restoreWave', `(${this.waves.restore}) is not after storeWave (${this.waves.store}), so the restores would sync before their store exists`,
        `give the restores a wave greater than ${this.waves.store}`);
    }

    const provider = {
      aws: {
        service: 'SecretsManager',
        region: this.location.region,
        auth: (props.auth ?? AwsSecretsManagerAuth.controllerIdentity())._render(this, 'auth'),
      },
    };
    this.store = new ApiObject(this, 'Store', {
      apiVersion: ESO_V1,
      kind: 'ClusterSecretStore',
      metadata: { name: this.storeName },
      spec: {
        provider,
        // Only the namespaces holding backed-up Secrets may read through this store (it can read every backup).
        conditions: [{ namespaces: Lazy.any({ produce: () => [...this.namespaces].sort() }) }],
      },
    });
    // cdk8s stamps the chart's namespace on every object; a cluster-scoped one must not carry it.
    if (Chart.of(this).namespace !== undefined) this.store.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    if (this.ordering === RestoreOrdering.ARGO_CD_SYNC_WAVES) setWave(this.store, this.waves.store);
    validateRendered(this.store);

    for (const certificate of props.certificates ?? []) this.addCertificate(certificate);
    for (const issuer of props.issuers ?? []) this.addIssuer(issuer);
    for (const found of props.scopes ?? []) {
      const objects = found.node.findAll().filter(ApiObject.isApiObject);
      objects.filter(o => isCertManagerObject(o, ['Certificate'])).forEach(o => this.addCertificateObject(o));
      if (!props.issuers) objects.filter(o => isCertManagerObject(o, ['Issuer', 'ClusterIssuer']) && o.toJson().spec?.acme).forEach(o => this.addIssuerObject(o));
    }
    // At synth, when the whole app (and ArgoCdSyncWaves.apply) is done.
    this.node.addValidation({ validate: () => [...this.backedUp.flatMap(b => this.orderProblems(b.item, b.restore)), ...this.scopeProblems()] });
  }

  /**
   * Backs up a Certificate's Secret and restores it before the Certificate.
   *
   * Also backs up the account key of its issuer when that is an ACME issuer of this app (unless `issuers` were listed).
   *
   * @param certificate the Certificate whose Secret is backed up
   */
  public addCertificate(certificate: Certificate): void {
    this.addCertificateObject(certificate.apiObject, certificate);
    const issuer: unknown = certificate.issuerRef;
    const obj = issuer instanceof Construct ? (issuer as { apiObject?: unknown }).apiObject : undefined;
    if (!this.props.issuers && ApiObject.isApiObject(obj) && obj.toJson().spec?.acme) this.addIssuerObject(obj, issuer as Construct);
  }

  /**
   * Backs up the ACME account key of an `Issuer` or `ClusterIssuer` (its construct or its ApiObject).
   *
   * @param issuer the ACME issuer whose account key Secret is backed up
   */
  public addIssuer(issuer: IConstruct): void {
    const obj = ApiObject.isApiObject(issuer) ? issuer : (issuer as any).apiObject ?? issuer.node.tryFindChild('Resource');
    if (!ApiObject.isApiObject(obj) || !isCertManagerObject(obj, ['Issuer', 'ClusterIssuer'])) {
      invalid(this, 'issuers', `${issuer.node.path} is not a cert-manager Issuer or ClusterIssuer`, 'pass an Issuer or ClusterIssuer construct');
    }
    this.addIssuerObject(obj, issuer);
  }

  private checkWave(field: string, wave: number): number {
    if (!Number.isInteger(wave)) report(this, field, `is ${wave} but must be a whole number`, 'use an integer such as CertificateBackup.RESTORE_WAVE');
    return wave;
  }

  private addCertificateObject(obj: ApiObject, owner: IConstruct = obj): void {
    if (this.seen.has(obj)) return;
    this.seen.add(obj);
    const json = obj.toJson();
    const name: string = json.metadata?.name;
    const namespace: string = json.metadata?.namespace ?? 'default';
    const spec = json.spec ?? {};
    const issuer = spec.issuerRef ?? {};
    if (typeof issuer.name !== 'string' || issuer.name === '' || isToken(issuer.name) || !isDns1123Subdomain(issuer.name)) {
      report(this, 'certificates', `Certificate ${displayPath(owner)} names issuer ${JSON.stringify(issuer.name)}, which is not known at synth, so the restore cannot write the issuer annotations cert-manager compares`,
        'reference the issuer by its name (e.g. IssuerReference.of(\'letsencrypt-production\')), not a template placeholder');
    }
    this.backUp({
      owner,
      ownerApiObject: obj,
      namespace,
      secretName: spec.secretName,
      keys: ['tls.crt', 'tls.key', 'ca.crt'],
      type: 'kubernetes.io/tls',
      // What cert-manager's SecretsManager.setValues writes and its trigger policies compare (an empty kind or group is
      // written as it is: cert-manager compares them after defaulting both sides).
      annotations: {
        [CERT_MANAGER_SECRET_ANNOTATIONS.certificateName]: name,
        [CERT_MANAGER_SECRET_ANNOTATIONS.issuerName]: issuer.name ?? '',
        [CERT_MANAGER_SECRET_ANNOTATIONS.issuerKind]: issuer.kind ?? '',
        [CERT_MANAGER_SECRET_ANNOTATIONS.issuerGroup]: issuer.group ?? '',
      },
      labels: { [CERT_MANAGER_SECRET_LABEL]: 'true' },
      restoreAnnotation: [BACKUP_ANNOTATIONS.restoresCertificate, `${namespace}/${name}`],
      kindLabel: `Certificate ${displayPath(owner)}`,
    });
  }

  private addIssuerObject(obj: ApiObject, owner: IConstruct = obj): void {
    if (this.seen.has(obj)) return;
    this.seen.add(obj);
    const json = obj.toJson();
    const acme = json.spec?.acme;
    if (!acme) {
      report(this, 'issuers', `${displayPath(owner)} is not an ACME issuer, so it has no account key to back up`, 'list only ACME issuers');
      return;
    }
    const cluster = obj.kind === 'ClusterIssuer';
    const namespace = cluster ? this.props.clusterResourceNamespace ?? 'cert-manager' : json.metadata?.namespace ?? 'default';
    const issuerId = cluster ? `ClusterIssuer/${json.metadata?.name}` : `${namespace}/Issuer/${json.metadata?.name}`;
    this.backUp({
      owner,
      ownerApiObject: obj,
      namespace,
      secretName: acme.privateKeySecretRef?.name,
      keys: ['tls.key'],
      type: 'Opaque',
      annotations: {},
      labels: {},
      restoreAnnotation: [BACKUP_ANNOTATIONS.restoresAcmeAccount, issuerId],
      kindLabel: `${obj.kind} ${displayPath(owner)}`,
    });
  }

  private backUp(item: BackedUpSecret): void {
    const { namespace, secretName } = item;
    if (typeof secretName !== 'string' || !isDns1123Subdomain(secretName)) {
      report(this, 'certificates', `${item.kindLabel} has no valid Secret name (${JSON.stringify(secretName)})`, 'give it a secretName');
      return;
    }
    this.namespaces.add(namespace);
    const remoteName = `${this.location.prefix}${namespace}/${secretName}`;
    if (!isToken(remoteName) && !isSecretsManagerName(remoteName)) {
      report(this, 'location.prefix', `makes '${remoteName}' for ${item.kindLabel}, which is not a valid Secrets Manager name (at most 512 of A-Z a-z 0-9 /_+=.@-)`,
        'use a shorter prefix of those characters');
    }
    const names = namesOf(this.node.root);
    const other = names.get(remoteName);
    if (other !== undefined) {
      report(this, 'certificates', `${item.kindLabel} backs up Secret ${namespace}/${secretName} to Secrets Manager name '${remoteName}', which is already backed up for ${other}`,
        'back each Secret up once: give one of them another secretName (or namespace), or drop the duplicate');
      return;
    }
    names.set(remoteName, `${item.kindLabel} (by ${this.node.path})`);

    const base = { namespace, annotations: { [BACKUP_ANNOTATIONS.secretsManagerName]: remoteName } };
    const id = `${namespace}/${secretName}`;
    const restoreName = objectName(secretName, 'restore');
    const restore = new ApiObject(this, `${id}/Restore`, {
      apiVersion: ESO_V1,
      kind: 'ExternalSecret',
      metadata: { ...base, name: restoreName, annotations: { ...base.annotations, [item.restoreAnnotation[0]]: item.restoreAnnotation[1] } },
      spec: {
        refreshPolicy: 'CreatedOnce',
        secretStoreRef: { kind: 'ClusterSecretStore', name: this.storeName },
        target: {
          name: secretName,
          creationPolicy: 'Orphan',
          deletionPolicy: 'Retain',
          template: {
            engineVersion: 'v2',
            type: item.type,
            mergePolicy: 'Merge',
            metadata: {
              annotations: Object.keys(item.annotations).length > 0 ? item.annotations : undefined,
              labels: Object.keys(item.labels).length > 0 ? item.labels : undefined,
            },
          },
        },
        dataFrom: [{
          // By exact name, so that a missing backup is an empty result (nothing restored) rather than an error.
          find: { path: remoteName, name: { regexp: `^${escapeRegExp(remoteName)}$` } },
          // The backup is one JSON document; its keys become the Secret's keys.
          rewrite: [{ merge: {} }],
        }],
      },
    });
    const dict = item.keys.filter(k => k !== 'ca.crt').map(k => `"${k}" (index . "${k}")`).join(' ');
    const optional = item.keys.includes('ca.crt') ? '{{- with index . "ca.crt" }}{{ $_ := set $d "ca.crt" . }}{{ end -}}' : '';
    const push = new ApiObject(this, `${id}/Backup`, {
      apiVersion: ESO_V1ALPHA1,
      kind: 'PushSecret',
      metadata: { ...base, name: objectName(secretName, 'backup') },
      spec: {
        refreshInterval: this.props.pushInterval ?? '1h',
        updatePolicy: 'Replace',
        deletionPolicy: 'None',
        secretStoreRefs: [{ kind: 'ClusterSecretStore', name: this.storeName }],
        selector: { secret: { name: secretName } },
        template: {
          engineVersion: 'v2',
          data: { [BACKUP_DOCUMENT_KEY]: `{{- $d := dict ${dict} -}}${optional}{{ $d | toJson }}` },
        },
        data: [{
          match: { secretKey: BACKUP_DOCUMENT_KEY, remoteRef: { remoteKey: remoteName } },
          metadata: {
            apiVersion: 'kubernetes.external-secrets.io/v1alpha1',
            kind: 'PushSecretMetadata',
            spec: {
              kmsKeyId: this.location.kmsKeyId,
              secretPushFormat: 'string',
              description: `cert-manager Secret ${namespace}/${secretName}, backed up by cdk-certkit`,
              replicationLocations: this.location.replicaRegions?.length ? [...this.location.replicaRegions] : undefined,
            },
          },
        }],
      },
    });
    if (this.ordering === RestoreOrdering.ARGO_CD_SYNC_WAVES) {
      setWave(restore, this.waves.restore);
      setWave(push, this.waves.push);
    }
    validateRendered(restore);
    validateRendered(push);
    this.restores.push({ namespace, externalSecretName: restoreName, secretName, secretsManagerName: remoteName });
    this.backedUp.push({ item, restore });
  }

  /** The restore must be applied, and healthy, before the object that needs its Secret. */
  private orderProblems(item: BackedUpSecret, restore: ApiObject): string[] {
    const problems: string[] = [];
    if (this.ordering === RestoreOrdering.SEPARATE_APPLY) {
      if (Chart.of(item.ownerApiObject) === Chart.of(this)) {
        problems.push(formatProblem('ordering', `is SEPARATE_APPLY but ${item.kindLabel} is in the backup's own Chart, so nothing applies the restore first`,
          'put the CertificateBackup in a Chart of its own, applied (and ready) before the Certificates\' Chart'));
      }
      return problems;
    }
    const restoreWave = waveOf(restore);
    const ownerWave = waveOf(item.ownerApiObject);
    if (!(restoreWave < ownerWave)) {
      problems.push(formatProblem('restoreWave', `(${restoreWave}) is not before the wave of ${item.kindLabel} (${ownerWave}), so cert-manager could issue before the restore`,
        `give the restores a wave below ${ownerWave} (ArgoCdSyncWaves.apply gives issuers -10 and Certificates -5)`));
    }
    return problems;
  }

  private scopeProblems(): string[] {
    const problems: string[] = [];
    const installWave = this.props.externalSecrets?.syncWave;
    if (this.ordering === RestoreOrdering.ARGO_CD_SYNC_WAVES && installWave !== undefined && waveOf(this.store) <= installWave) {
      problems.push(formatProblem('storeWave', `(${waveOf(this.store)}) is not after the External Secrets Operator install (${installWave}), whose CRDs it needs`,
        `use a wave above ${installWave}`));
    }
    for (const found of this.props.scopes ?? []) {
      for (const obj of found.node.findAll().filter(ApiObject.isApiObject)) {
        if (isCertManagerObject(obj, ['Certificate']) && !this.seen.has(obj)) {
          problems.push(formatProblem('scopes', `Certificate ${displayPath(obj)} was added after the CertificateBackup, so it is not backed up`,
            'create the CertificateBackup after the Certificates, or call addCertificate'));
        }
      }
    }
    if (this.seen.size === 0) problems.push(formatProblem('certificates', 'is empty and no scope holds a Certificate, so nothing is backed up', 'pass certificates or scopes'));
    return problems;
  }
}

function checkLocation(scope: IConstruct, location: CertificateBackupLocation): CertificateBackupLocation {
  if (!location) invalid(scope, 'location', 'is not set', 'pass the prefix, region and kmsKeyId of a CertificateBackupStore');
  const { prefix, region, kmsKeyId } = location;
  if (!isToken(prefix) && (typeof prefix !== 'string' || !isSecretsManagerName(prefix) || !prefix.endsWith('/'))) {
    report(scope, 'location.prefix', `'${prefix}' is not a Secrets Manager name prefix ending in '/'`, "use letters, digits and '/_+=.@-', ending in '/', e.g. 'cdk-certkit/platform/'");
  }
  if (!isToken(region) && !isAwsRegion(region)) {
    report(scope, 'location.region', `'${region}' is not an AWS region`, "use a region code such as 'eu-west-1'");
  }
  if (!isToken(kmsKeyId) && (typeof kmsKeyId !== 'string' || kmsKeyId === '')) {
    report(scope, 'location.kmsKeyId', 'is empty, so ESO would encrypt with the AWS managed key', "pass the store's kmsKeyId");
  }
  (location.replicaRegions ?? []).forEach((r, i) => {
    if (!isToken(r) && !isToken(region) && r === region) report(scope, `location.replicaRegions[${i}]`, `'${r}' is the region the backups are written in`, 'list only other regions');
  });
  return location;
}
