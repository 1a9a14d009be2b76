// TrustBundle: a trust-manager Bundle (trust.cert-manager.io/v1alpha1), its sources and targets, checks and rendering.
import { Token } from 'aws-cdk-lib';
import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { isDns1123Subdomain, isSecretDataKey, labelValueProblems, qualifiedNameProblems } from '../../common/names';
import { Bundle } from '../../imports/trust.cert-manager.io';
import { report, reportedOn } from '../../private/errors';
import { Certificate } from '../certificates/certificate';
import { Pkcs12Profile } from '../certificates/keystores';
import { TrustManager } from '../install/trust-manager';
import { IssuerBase } from '../issuers/issuer';
import { validateRendered } from '../private/rendered-validation';
import { orderAfterTrustManager } from './private/argo-cd';
import { SourceContext } from './private/source-context';

/** cert-manager's cluster resource namespace (the chart's default), where a ClusterIssuer's CA Secret lives. */
const CLUSTER_RESOURCE_NAMESPACE = 'cert-manager';
/** trust-manager's trust namespace unless its chart says otherwise. */
const DEFAULT_TRUST_NAMESPACE = 'cert-manager';
const KEY_FIX = "use letters, digits, '-', '_' and '.' (at most 253), e.g. 'ca.crt'";
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** Which data keys of a source Secret or ConfigMap go into the bundle. */
export interface TrustSourceKeyOptions {
  /**
   * The data key holding PEM certificates.
   * @default 'ca.crt'
   */
  readonly key?: string;
  /**
   * Every key of the object's data, instead of one (`key` must then be unset).
   * @default false
   */
  readonly includeAllKeys?: boolean;
}

/**
 * Where a bundle's certificates come from.
 *
 * A source is the default CA set, keys of Secrets or ConfigMaps in the trust namespace, inline PEM, or the CA of a
 * cert-manager Certificate or CA issuer.
 */
export abstract class TrustSource {
  /**
   * The default CA set shipped with trust-manager (public CAs).
   *
   * The install must keep its default CA package (`defaultCaPackage`).
   */
  public static defaultCas(): TrustSource {
    return new RenderedSource(ctx => {
      if (ctx.trustManager && !ctx.trustManager.defaultCaPackage) {
        report(ctx.scope, ctx.field, `uses the default CAs but ${ctx.trustManager.node.path} installs trust-manager without its default CA package`,
          'set defaultCaPackage: true on the TrustManager (the chart\'s default), or drop TrustSource.defaultCas()');
      }
      return { useDefaultCAs: true };
    });
  }

  /**
   * Key(s) of a Secret in the trust namespace.
   * @param name the Secret in the trust namespace
   * @param options which data keys to read
   */
  public static secret(name: string, options: TrustSourceKeyOptions = {}): TrustSource {
    return new RenderedSource(ctx => ({ secret: renderObjectSource(ctx, 'secret', { name }, options) }));
  }

  /**
   * Key(s) of a ConfigMap in the trust namespace.
   * @param name the ConfigMap in the trust namespace
   * @param options which data keys to read
   */
  public static configMap(name: string, options: TrustSourceKeyOptions = {}): TrustSource {
    return new RenderedSource(ctx => ({ configMap: renderObjectSource(ctx, 'configMap', { name }, options) }));
  }

  /**
   * Key(s) of every Secret in the trust namespace carrying these labels.
   * @param labels labels every selected Secret carries
   * @param options which data keys to read
   */
  public static secretsWithLabels(labels: { [key: string]: string }, options: TrustSourceKeyOptions = {}): TrustSource {
    return new RenderedSource(ctx => ({ secret: renderObjectSource(ctx, 'secret', { selector: labels }, options) }));
  }

  /**
   * Key(s) of every ConfigMap in the trust namespace carrying these labels.
   * @param labels labels every selected ConfigMap carries
   * @param options which data keys to read
   */
  public static configMapsWithLabels(labels: { [key: string]: string }, options: TrustSourceKeyOptions = {}): TrustSource {
    return new RenderedSource(ctx => ({ configMap: renderObjectSource(ctx, 'configMap', { selector: labels }, options) }));
  }

  /**
   * PEM certificates given inline, such as a CA certificate kept in the repository.
   *
   * A deploy-time token (an aws-cdk-lib `PrivateCertificateAuthority.certificateChain` in a chart applied with
   * `addCdk8sChart`) passes unchecked.
   * @param pem one or more PEM certificates
   */
  public static inline(pem: string): TrustSource {
    return new RenderedSource(ctx => {
      if (!Token.isUnresolved(pem) && !PEM_CERTIFICATE.test(pem ?? '')) {
        report(ctx.scope, ctx.field, 'is not a PEM certificate', "give one or more '-----BEGIN CERTIFICATE-----' blocks");
      }
      return { inLine: pem };
    });
  }

  /**
   * The CA that signed a Certificate, read from the `ca.crt` key of its Secret.
   *
   * For a self-signed root this is the root itself, for a Certificate from AWS Private CA the CA chain. The
   * Certificate must live in the trust namespace.
   * @param certificate a Certificate in the trust namespace
   */
  public static certificateCa(certificate: Certificate): TrustSource {
    return new RenderedSource(ctx => {
      if (certificate.namespace !== ctx.trustNamespace) {
        report(ctx.scope, ctx.field, `reads Secret '${certificate.secretName}' of ${certificate.node.path}, which lives in namespace ` +
          `'${certificate.namespace ?? '(none)'}', but trust-manager reads sources only from its trust namespace '${ctx.trustNamespace}'`,
        `create the Certificate in namespace '${ctx.trustNamespace}', or install trust-manager with that trust namespace`);
      }
      return { secret: renderObjectSource(ctx, 'secret', { name: certificate.secretName }, { key: 'ca.crt' }) };
    });
  }

  /**
   * The CA certificate a CA issuer signs with, read from the `tls.crt` key of the Secret it names.
   *
   * A ClusterIssuer's Secret lives in cert-manager's cluster resource namespace, an Issuer's in its own: either must
   * be the trust namespace.
   * @param issuer an Issuer or ClusterIssuer of type IssuerType.ca
   */
  public static caIssuer(issuer: IssuerBase): TrustSource {
    return new RenderedSource(ctx => {
      const secretName: string | undefined = issuer.apiObject.toJson()?.spec?.ca?.secretName;
      if (secretName === undefined) {
        report(ctx.scope, ctx.field, `${issuer.node.path} is not a CA issuer (IssuerType.ca), so it names no CA Secret`,
          'pass a CA issuer, or TrustSource.certificateCa(rootCertificate) for a self-signed root');
        return { secret: { name: issuer.issuerName, key: 'tls.crt' } };
      }
      const namespace = issuer.issuerNamespace ?? CLUSTER_RESOURCE_NAMESPACE;
      if (namespace !== ctx.trustNamespace) {
        report(ctx.scope, ctx.field, `reads CA Secret '${secretName}' of ${issuer.node.path} from namespace '${namespace}', but trust-manager ` +
          `reads sources only from its trust namespace '${ctx.trustNamespace}'`, `install trust-manager with trustNamespace '${namespace}'`);
      }
      return { secret: renderObjectSource(ctx, 'secret', { name: secretName }, { key: 'tls.crt' }) };
    });
  }

  /** @internal */
  public abstract _render(ctx: SourceContext): any;
}

class RenderedSource extends TrustSource {
  constructor(private readonly render: (ctx: SourceContext) => any) {
    super();
  }

  public _render(ctx: SourceContext): any {
    return this.render(ctx);
  }
}

function checkLabelMap(scope: IConstruct, field: string, labels: { [key: string]: string }): void {
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblems(key)[0];
    if (keyProblem) report(scope, `${field}['${key}']`, `is not a valid label key: ${keyProblem}`, "use '[prefix/]name' with letters, digits, '-', '_' and '.'");
    const valueProblem = typeof value === 'string' ? labelValueProblems(value)[0] : 'is not a string';
    if (valueProblem) report(scope, `${field}['${key}']`, `value ${JSON.stringify(value)} is not a valid label value: ${valueProblem}`, "use at most 63 letters, digits, '-', '_' or '.'");
  }
}

function renderObjectSource(ctx: SourceContext, kind: 'secret' | 'configMap', ref: { name?: string; selector?: { [key: string]: string } },
  options: TrustSourceKeyOptions): any {
  const field = `${ctx.field}.${kind}`;
  if (ref.name !== undefined && !Token.isUnresolved(ref.name) && !isDns1123Subdomain(ref.name)) {
    report(ctx.scope, `${field}.name`, `'${ref.name}' is not a valid ${kind === 'secret' ? 'Secret' : 'ConfigMap'} name`, "use lower-case letters, digits, '-' and '.'");
  }
  if (ref.selector !== undefined) {
    if (Object.keys(ref.selector).length === 0) {
      report(ctx.scope, `${field}.selector`, 'has no labels, so it would select every object in the trust namespace', 'give at least one label');
    }
    checkLabelMap(ctx.scope, `${field}.selector`, ref.selector);
  }
  if (options.includeAllKeys && options.key !== undefined) {
    report(ctx.scope, `${field}.key`, 'is set together with includeAllKeys', 'keep one of them');
  }
  const key = options.includeAllKeys ? undefined : options.key ?? 'ca.crt';
  if (key !== undefined && !isSecretDataKey(key)) {
    report(ctx.scope, `${field}.key`, `'${key}' is not a valid data key`, KEY_FIX);
  }
  return {
    name: ref.name,
    selector: ref.selector && { matchLabels: { ...ref.selector } },
    key,
    includeAllKeys: options.includeAllKeys || undefined,
  };
}

/** A ConfigMap or Secret key the bundle is written to, in every selected namespace (the object has the bundle's name). */
export interface TrustBundleTarget {
  /** Data key of the PEM bundle, e.g. `ca.crt` or `trust-bundle.pem`. */
  readonly key: string;
  /**
   * Labels on the written object.
   * @default - no extra labels on the written object
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations on the written object.
   * @default - no extra annotations on the written object
   */
  readonly annotations?: { [key: string]: string };
}

/** A JKS truststore written next to the PEM bundle (deprecated by trust-manager in favour of PKCS#12). */
export interface TrustBundleJks {
  /** Data key, e.g. `truststore.jks`. */
  readonly key: string;
  /**
   * Password of the truststore, written into the Bundle in clear text.
   *
   * A truststore holds only public certificates, and the v1alpha1 Bundle takes no Secret reference.
   * @default 'changeit'
   */
  readonly password?: string;
}

/** A PKCS#12 truststore written next to the PEM bundle. */
export interface TrustBundlePkcs12 {
  /** Data key, e.g. `truststore.p12`. */
  readonly key: string;
  /**
   * Password of the truststore, in clear text in the Bundle (the v1alpha1 Bundle takes no Secret reference).
   * @default - no password
   */
  readonly password?: string;
  /**
   * Encryption profile. Trust-manager v0.24.0 knows LegacyRC2, LegacyDES and Modern2023.
   * @default - trust-manager's default (LegacyRC2)
   */
  readonly profile?: Pkcs12Profile;
}

/** Everything a TrustBundle takes except its sources. */
export interface TrustBundleOptions {
  /**
   * `metadata.name` of the Bundle, also the name of the ConfigMap or Secret it writes.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Writes the bundle into a ConfigMap in every selected namespace.
   * @default - key `ca.crt`, unless `secret` is set
   */
  readonly configMap?: TrustBundleTarget;
  /**
   * Writes the bundle into a Secret in every selected namespace. Trust-manager must be installed with
   * `secretTargets` authorizing this bundle's name.
   * @default - no Secret target
   */
  readonly secret?: TrustBundleTarget;
  /**
   * Also writes a JKS truststore into the target(s).
   * @default - PEM only, no JKS truststore
   */
  readonly jks?: TrustBundleJks;
  /**
   * Also writes a PKCS#12 truststore into the target(s).
   * @default - PEM only, no PKCS#12 truststore
   */
  readonly pkcs12?: TrustBundlePkcs12;
  /**
   * Only namespaces with these labels receive the bundle.
   * @default - every namespace
   */
  readonly namespaceSelector?: { [key: string]: string };
  /**
   * The trust-manager install: its trust namespace, default CA package and Secret targets are checked against.
   * Delivered by Argo CD, the Bundle gets a sync wave after it and `SkipDryRunOnMissingResource=true`.
   * @default - not checked; the trust namespace is `trustNamespace`
   */
  readonly trustManager?: TrustManager;
  /**
   * Where trust-manager reads sources from.
   * @default - the trustManager's, else 'cert-manager'
   */
  readonly trustNamespace?: string;
}

/** Properties of a TrustBundle. */
export interface TrustBundleProps extends TrustBundleOptions {
  /** Where the certificates come from. At least one, at most 100. */
  readonly sources: TrustSource[];
}

/**
 * A trust-manager `Bundle`: CA certificates from its sources, written into every selected namespace.
 *
 * The Bundle is cluster-scoped. It writes a ConfigMap (or Secret) key, optionally also JKS or PKCS#12 truststores.
 * Mount the key to make pods trust a private CA. Mistakes fail synthesis with one line each, and the Bundle is
 * checked against its pinned CRD at synth.
 */
export class TrustBundle extends Construct {
  /**
   * Distributes the CA certificate a CA issuer signs with (`tls.crt` of its Secret).
   * @param scope the construct this one is added to
   * @param id the construct id
   * @param issuer an Issuer or ClusterIssuer of type IssuerType.ca
   * @param options targets, namespace selector and the trust-manager install
   */
  public static forCaIssuer(scope: Construct, id: string, issuer: IssuerBase, options: TrustBundleOptions = {}): TrustBundle {
    return new TrustBundle(scope, id, { ...options, sources: [TrustSource.caIssuer(issuer)] });
  }

  /**
   * Distributes the CA of a Certificate, read from the `ca.crt` key of its Secret.
   *
   * Use it for a self-signed root, or for a Certificate issued by AWS Private CA (whose `ca.crt` is the CA chain).
   * @param scope the construct this one is added to
   * @param id the construct id
   * @param certificate a Certificate in the trust namespace
   * @param options targets, namespace selector and the trust-manager install
   */
  public static forCertificateCa(scope: Construct, id: string, certificate: Certificate, options: TrustBundleOptions = {}): TrustBundle {
    return new TrustBundle(scope, id, { ...options, sources: [TrustSource.certificateCa(certificate)] });
  }

  /** The Bundle object. */
  public readonly apiObject: ApiObject;
  /** `metadata.name`: also the name of the ConfigMap or Secret written to each namespace. */
  public readonly name: string;
  /**
   * The ConfigMap key the bundle is written to.
   * @default - undefined without a ConfigMap target
   */
  public readonly configMapKey?: string;
  /**
   * The Secret key the bundle is written to.
   * @default - undefined without a Secret target
   */
  public readonly secretKey?: string;

  /**
   * @param scope the construct this one is added to
   * @param id the construct id
   * @param props sources, targets and the trust-manager install
   */
  constructor(scope: Construct, id: string, props: TrustBundleProps) {
    super(scope, id);
    const trustNamespace = props.trustNamespace ?? props.trustManager?.trustNamespace ?? DEFAULT_TRUST_NAMESPACE;
    if (props.trustManager && props.trustNamespace !== undefined && props.trustNamespace !== props.trustManager.trustNamespace) {
      report(this, 'trustNamespace', `is '${props.trustNamespace}' but ${props.trustManager.node.path} reads sources from '${props.trustManager.trustNamespace}'`,
        'drop trustNamespace (the TrustManager\'s is used), or install trust-manager with this trust namespace');
    }
    const sources = props.sources ?? [];
    if (sources.length === 0) {
      report(this, 'sources', 'is empty, so the bundle would hold no certificate', 'add a source, e.g. TrustSource.certificateCa(rootCertificate) or TrustSource.defaultCas()');
    } else if (sources.length > 100) {
      report(this, 'sources', `has ${sources.length} entries, more than the 100 a Bundle allows`, 'select several objects with TrustSource.secretsWithLabels');
    }
    const configMap = props.configMap ?? (props.secret ? undefined : { key: 'ca.crt' });
    this.configMapKey = configMap?.key;
    this.secretKey = props.secret?.key;

    // The spec reads the generated name (source-is-target, authorized Secret), so it is produced once both exist.
    let spec: any;
    this.apiObject = new Bundle(this, 'Resource', { metadata: { name: props.name }, spec: Lazy.any({ produce: () => spec }) });
    this.name = this.apiObject.name;
    // cdk8s stamps the chart's namespace on every object; a Bundle is cluster-scoped.
    if (Chart.of(this).namespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    if (!isDns1123Subdomain(this.name)) {
      report(this, 'name', `'${this.name}' is not a valid name for the ConfigMap or Secret the bundle writes`, "use lower-case letters, digits, '-' and '.'");
    }

    const renderedSources = sources.map((source, i) => source._render({ scope: this, field: `sources[${i}]`, trustNamespace, trustManager: props.trustManager }));
    renderedSources.forEach((source, i) => {
      if (configMap && source.configMap?.name === this.name && source.configMap?.key === configMap.key) {
        report(this, `sources[${i}]`, `is the bundle's own target (ConfigMap '${this.name}', key '${configMap.key}')`, 'read the CA from another ConfigMap or key');
      }
    });
    this.checkTargets(configMap, props);
    if (props.secret) this.checkSecretTarget(props.trustManager);
    spec = {
      sources: renderedSources,
      target: {
        configMap: configMap && renderTarget(configMap),
        secret: props.secret && renderTarget(props.secret),
        additionalFormats: props.jks || props.pkcs12 ? {
          jks: props.jks && { key: props.jks.key, password: props.jks.password },
          pkcs12: props.pkcs12 && { key: props.pkcs12.key, password: props.pkcs12.password, profile: props.pkcs12.profile },
        } : undefined,
        namespaceSelector: props.namespaceSelector && { matchLabels: { ...props.namespaceSelector } },
      },
    };
    orderAfterTrustManager(this.apiObject, props.trustManager);
    // The rendered-object net (CRD schema) would repeat what was reported above in other words.
    if (reportedOn(this).length === 0) validateRendered(this.apiObject);
  }

  private checkTargets(configMap: TrustBundleTarget | undefined, props: TrustBundleProps): void {
    const keys: Array<[string, string]> = [];
    if (configMap) keys.push(['configMap.key', configMap.key]);
    if (props.secret) keys.push(['secret.key', props.secret.key]);
    if (props.jks) keys.push(['jks.key', props.jks.key]);
    if (props.pkcs12) keys.push(['pkcs12.key', props.pkcs12.key]);
    for (const [field, key] of keys) {
      if (!isSecretDataKey(key)) report(this, field, `'${key}' is not a valid ConfigMap or Secret key`, KEY_FIX);
    }
    const written = keys.filter(([field]) => field.startsWith('jks') || field.startsWith('pkcs12'));
    for (const [field, key] of written) {
      const clash = keys.find(([other, k]) => other !== field && k === key);
      if (clash) report(this, field, `'${key}' is also ${clash[0]}, so one format would overwrite the other`, 'give each format its own key, e.g. truststore.jks and truststore.p12');
    }
    for (const [field, target] of [['configMap', configMap], ['secret', props.secret]] as const) {
      if (target?.labels) checkLabelMap(this, `${field}.labels`, target.labels);
      for (const key of Object.keys(target?.annotations ?? {})) {
        const problem = qualifiedNameProblems(key.toLowerCase())[0];
        if (problem) report(this, `${field}.annotations['${key}']`, `is not a valid annotation key: ${problem}`, "use '[prefix/]name'");
      }
    }
    if (props.jks?.password !== undefined && (props.jks.password.length < 1 || props.jks.password.length > 128)) {
      report(this, 'jks.password', `is ${props.jks.password.length} characters long`, 'use 1 to 128 characters (or leave it unset for changeit)');
    }
    if (props.pkcs12?.password !== undefined && props.pkcs12.password.length > 128) {
      report(this, 'pkcs12.password', `is ${props.pkcs12.password.length} characters long`, 'use at most 128 characters');
    }
    if (props.pkcs12?.profile === Pkcs12Profile.MODERN2026) {
      report(this, 'pkcs12.profile', 'Modern2026 is not known to trust-manager v0.24.0', 'use Pkcs12Profile.MODERN2023');
    }
    if (props.namespaceSelector) checkLabelMap(this, 'namespaceSelector', props.namespaceSelector);
  }

  private checkSecretTarget(trustManager: TrustManager | undefined): void {
    if (!trustManager) return;
    if (!trustManager.secretTargetsEnabled) {
      report(this, 'secret', `needs Secret targets, which ${trustManager.node.path} does not enable`,
        `install trust-manager with secretTargets: { authorizedSecrets: ['${this.name}'] }`);
    } else if (!trustManager.authorizeAllSecrets && !trustManager.authorizedSecrets.includes(this.name)) {
      report(this, 'secret', `writes Secret '${this.name}', which ${trustManager.node.path} does not authorize (RBAC would refuse it)`,
        `add '${this.name}' to the TrustManager's secretTargets.authorizedSecrets`);
    }
  }
}

function renderTarget(target: TrustBundleTarget): any {
  const metadata = target.labels || target.annotations ? { labels: target.labels, annotations: target.annotations } : undefined;
  return { key: target.key, metadata };
}
