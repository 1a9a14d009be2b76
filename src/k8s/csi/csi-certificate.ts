// CsiCertificate: a certificate mounted into a cdk8s-plus workload by cert-manager csi-driver, its options and checks.
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { isDnsName, isWildcard } from '../../common/names';
import { report } from '../../private/errors';
import { KeyUsage } from '../certificates/certificate';
import { checkedDuration, checkIssuerNamespace, checkOtherSans, DEFAULT_CERTIFICATE_DURATION, goDuration } from '../certificates/private/certificate-checks';
import { CertificatePrivateKey, PrivateKeyAlgorithm, PrivateKeyEncoding, PrivateKeyRotationPolicy, resolvePrivateKey } from '../certificates/private-key';
import { CsiDriver } from '../install/csi-driver';
import { IIssuerRef } from '../issuer-ref';
import { goLen } from '../private/webhook/go';

const PREFIX = 'csi.cert-manager.io/';
const DEFAULT_DRIVER = 'csi.cert-manager.io';
/** The variables csi-driver v0.16.0 expands in names (`$POD_NAME` or `${POD_NAME}`); any other is refused by the driver. */
const VARIABLES: { [name: string]: string } = { POD_NAME: 'pod-name', POD_NAMESPACE: 'pod-namespace', POD_UID: '0d7e9b1c-6f0a-4b7e-9a53-7a4c1f0e2d3b', SERVICE_ACCOUNT_NAME: 'service-account' };
const VARIABLE = /\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g;

/** A PKCS#12 keystore written next to the PEM files. */
export interface CsiPkcs12Keystore {
  /**
   * File name of the keystore.
   * @default 'keystore.p12'
   */
  readonly fileName?: string;
  /** Password of the keystore. It sits in clear text in the pod spec (the driver takes no Secret reference). */
  readonly password: string;
}

/** What a CSI-mounted certificate requests, in the driver's `csi.cert-manager.io/*` volume attributes. */
export interface CsiCertificateOptions {
  /** The issuer that signs it. A namespaced issuer must be in the pod's namespace. */
  readonly issuerRef: IIssuerRef;
  /**
   * DNS subject alternative names. `$POD_NAME`, `$POD_NAMESPACE`, `$POD_UID` and `$SERVICE_ACCOUNT_NAME`
   * (or `${...}`) are filled in per pod, e.g. `${POD_NAME}.${POD_NAMESPACE}.svc`. Each name once.
   * @default - no DNS names
   */
  readonly dnsNames?: string[];
  /**
   * Common name, at most 64 bytes. The same variables are filled in.
   * @default - no common name
   */
  readonly commonName?: string;
  /**
   * IP address SANs.
   * @default - no IP addresses
   */
  readonly ipAddresses?: string[];
  /**
   * URI SANs, e.g. `spiffe://cluster.local/ns/${POD_NAMESPACE}/sa/${SERVICE_ACCOUNT_NAME}`.
   * @default - no URIs
   */
  readonly uris?: string[];
  /**
   * Lifetime requested.
   * @default - cert-manager's 90 days
   */
  readonly duration?: Duration;
  /**
   * Renew this long before expiry. Shorter than `duration`.
   * @default - the driver renews at two thirds of the lifetime
   */
  readonly renewBefore?: Duration;
  /**
   * Key usages and extended key usages.
   * @default - the driver's `digital signature`, `key encipherment`
   */
  readonly usages?: KeyUsage[];
  /**
   * Request a CA certificate.
   * @default false
   */
  readonly isCa?: boolean;
  /**
   * The private key. As with `Certificate`, the default is ECDSA P-256 (the driver's own default is RSA 2048);
   * `rotationPolicy: NEVER` keeps the key across renewals. ECDSA and Ed25519 keys cannot be PKCS1-encoded.
   * @default - ECDSA P-256, PKCS8, a new key on every renewal
   */
  readonly privateKey?: CertificatePrivateKey;
  /**
   * File name of the certificate in the volume.
   * @default 'tls.crt'
   */
  readonly certificateFile?: string;
  /**
   * File name of the private key.
   * @default 'tls.key'
   */
  readonly privateKeyFile?: string;
  /**
   * File name of the CA.
   * @default 'ca.crt'
   */
  readonly caFile?: string;
  /**
   * Group that owns the files (read-only for it), for containers that run as a non-root user.
   * @default - root only
   */
  readonly fsGroup?: number;
  /**
   * Also write a PKCS#12 keystore.
   * @default - PEM files only
   */
  readonly pkcs12?: CsiPkcs12Keystore;
  /**
   * The csi-driver install, whose driver name the volume references.
   * @default - the driver `csi.cert-manager.io`
   */
  readonly csiDriver?: CsiDriver;
}

/** A CSI certificate volume. */
export interface CsiCertificateProps extends CsiCertificateOptions {
  /**
   * Name of the volume in the pod.
   * @default - a name derived from the construct path
   */
  readonly volumeName?: string;
}

/** Where a CSI certificate is mounted in a workload. */
export interface CsiCertificateMountOptions extends CsiCertificateProps {
  /** Directory the files appear in, e.g. `/var/run/tls`. */
  readonly mountPath: string;
  /**
   * Containers that mount it.
   * @default - every container the workload has when `addTo` is called
   */
  readonly containers?: kplus.Container[];
}

/**
 * A certificate mounted into pods by cert-manager csi-driver, as a cdk8s-plus CSI volume.
 *
 * The volume carries the driver's `csi.cert-manager.io/*` attributes. Each pod gets its own key (it never leaves the
 * node) and certificate, renewed in place. Inputs cert-manager or the driver would refuse fail synthesis, one line
 * each.
 */
export class CsiCertificate extends Construct {
  /**
   * Adds a CSI certificate volume to `workload` and mounts it read-only at `mountPath` in its containers. The
   * pod's namespace is checked against a namespaced issuer's.
   * @param workload a cdk8s-plus workload, e.g. a Deployment, StatefulSet, Job or Pod
   * @param id the construct id, under the workload
   * @param options what to request, and where to mount it
   */
  public static addTo(workload: kplus.AbstractPod, id: string, options: CsiCertificateMountOptions): CsiCertificate {
    const certificate = new CsiCertificate(workload, id, options);
    checkIssuerNamespace(certificate, 'issuerRef', options.issuerRef, workload.metadata.namespace);
    if (!options.mountPath?.startsWith('/')) {
      report(certificate, 'mountPath', `'${options.mountPath}' is not an absolute path`, "give a directory such as '/var/run/tls'");
    }
    const containers = options.containers ?? workload.containers;
    if (containers.length === 0) workload.addVolume(certificate.volume);
    for (const container of containers) container.mount(options.mountPath, certificate.volume, { readOnly: true });
    return certificate;
  }

  /** The CSI volume (mount it with `container.mount(path, volume)`). */
  public readonly volume: kplus.Volume;
  /** The driver's volume attributes. */
  public readonly attributes: { [key: string]: string };

  /**
   * @param scope the construct this one is added to
   * @param id the construct id
   * @param props what the certificate requests
   */
  constructor(scope: Construct, id: string, props: CsiCertificateProps) {
    super(scope, id);
    this.attributes = renderAttributes(this, props);
    this.volume = kplus.Volume.fromCsi(this, 'Volume', props.csiDriver?.driverName ?? DEFAULT_DRIVER, {
      name: props.volumeName,
      readOnly: true,
      attributes: this.attributes,
    });
  }
}

/** The name with the driver's variables filled in with sample values, or the unknown variables it uses. */
function expand(value: string): { readonly text: string; readonly unknown: string[] } {
  const unknown: string[] = [];
  const text = value.replace(VARIABLE, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    if (!(name in VARIABLES)) unknown.push(name);
    return VARIABLES[name] ?? 'x';
  });
  return { text, unknown };
}

function checkVariables(scope: IConstruct, field: string, value: string): string {
  const { text, unknown } = expand(value);
  for (const name of unknown) {
    report(scope, field, `uses the variable '${name}', which csi-driver does not know (it refuses the volume)`,
      `use only ${Object.keys(VARIABLES).map(v => `\${${v}}`).join(', ')}`);
  }
  return text;
}

function checkFileName(scope: IConstruct, field: string, name: string | undefined): void {
  if (name === undefined) return;
  if (name.startsWith('/') || name.startsWith('..') || name.includes('/') || name.length > 255 || name !== name.trim() || name === '') {
    report(scope, field, `'${name}' is not a plain file name`, "give a name without '/', not starting with '..', without surrounding spaces, at most 255 characters");
  }
}

function renderAttributes(scope: IConstruct, options: CsiCertificateOptions): { [key: string]: string } {
  const issuer = options.issuerRef;
  const dnsNames = options.dnsNames ?? [];
  dnsNames.forEach((name, i) => {
    const field = `dnsNames[${i}]`;
    const first = dnsNames.indexOf(name);
    if (first !== i) return report(scope, field, `'${name}' is listed twice (also dnsNames[${first}])`, 'list each DNS name once');
    const text = checkVariables(scope, field, name);
    if (!isDnsName(text)) {
      report(scope, field, `'${name}' is not a valid DNS name`, "use lower-case letters, digits, '-' and '.', at least two labels, optionally a leading '*.'");
    }
    if (isWildcard(name) && issuer.supportsWildcards === false) {
      report(scope, field, `'${name}' is a wildcard but issuer '${issuer.issuerName}' cannot sign wildcards`,
        'give the issuer a DNS-01 solver for this zone, or list the host names instead of the wildcard');
    }
  });
  const ips = options.ipAddresses ?? [];
  const uris = (options.uris ?? []).map((uri, i) => checkVariables(scope, `uris[${i}]`, uri));
  checkOtherSans(scope, ips, uris, []);
  if (options.commonName !== undefined) {
    const cn = checkVariables(scope, 'commonName', options.commonName);
    if (goLen(cn) > 64) report(scope, 'commonName', `is ${goLen(cn)} bytes of UTF-8 long, more than the 64 X.509 allows in a CN`, 'keep the CN to 64 bytes and put longer names in dnsNames');
    if (isWildcard(cn) && issuer.supportsWildcards === false) {
      report(scope, 'commonName', `'${options.commonName}' is a wildcard but issuer '${issuer.issuerName}' cannot sign wildcards`, 'give the issuer a DNS-01 solver, or use a host name');
    }
  }
  if (dnsNames.length === 0 && ips.length === 0 && uris.length === 0 && !options.commonName) {
    report(scope, 'dnsNames', 'is empty and no other name (commonName, ipAddresses, uris) is set, so there is nothing to certify',
      "list at least one DNS name, e.g. dnsNames: ['${POD_NAME}.${POD_NAMESPACE}.svc']");
  }
  if (!issuer.issuerName) report(scope, 'issuerRef', 'has no name (csi-driver requires issuer-name)', 'pass an issuer construct or IssuerReference.of(name)');

  const duration = checkedDuration(scope, 'duration', options.duration);
  const renewBefore = checkedDuration(scope, 'renewBefore', options.renewBefore);
  if (duration && duration.toMilliseconds() <= 0) report(scope, 'duration', 'is not positive', 'request e.g. Duration.hours(24)');
  const lifetime = duration ?? DEFAULT_CERTIFICATE_DURATION;
  if (renewBefore && renewBefore.toMilliseconds() >= lifetime.toMilliseconds()) {
    report(scope, 'renewBefore', `(${goDuration(renewBefore)}) is not shorter than the duration (${goDuration(lifetime)}${duration ? '' : ', the default'}), so the certificate would renew forever`,
      'make renewBefore shorter than duration, e.g. a third of it');
  }

  const key = resolvePrivateKey(scope, 'privateKey', options.privateKey);
  if (key.encoding === PrivateKeyEncoding.PKCS1 && key.algorithm !== PrivateKeyAlgorithm.RSA) {
    report(scope, 'privateKey.encoding', `PKCS1 cannot hold a ${key.algorithm} key (csi-driver refuses it)`, 'use PrivateKeyEncoding.PKCS8, or leave encoding unset');
  }
  const files: Array<[string, string | undefined]> = [
    ['caFile', options.caFile], ['certificateFile', options.certificateFile], ['privateKeyFile', options.privateKeyFile],
    ['pkcs12.fileName', options.pkcs12 && (options.pkcs12.fileName ?? 'keystore.p12')],
  ];
  for (const [field, name] of files) checkFileName(scope, field, name);
  const effective: Array<[string, string]> = [['caFile', options.caFile ?? 'ca.crt'], ['certificateFile', options.certificateFile ?? 'tls.crt'],
    ['privateKeyFile', options.privateKeyFile ?? 'tls.key'], ...options.pkcs12 ? [['pkcs12.fileName', options.pkcs12.fileName ?? 'keystore.p12'] as [string, string]] : []];
  effective.forEach(([field, name], i) => {
    const clash = effective.findIndex(([, other]) => other === name);
    if (clash < i) report(scope, field, `'${name}' is also ${effective[clash][0]}, so one file would overwrite the other`, 'give each file its own name');
  });
  if (options.pkcs12 && !options.pkcs12.password) report(scope, 'pkcs12.password', 'is empty (csi-driver requires one)', 'give a password');
  if (options.fsGroup !== undefined && !(Number.isInteger(options.fsGroup) && options.fsGroup >= 0)) {
    report(scope, 'fsGroup', `is ${options.fsGroup}`, 'give a group ID, a whole number of 0 or more');
  }

  const attrs: { [key: string]: string | undefined } = {
    'issuer-name': issuer.issuerName,
    'issuer-kind': issuer.issuerKind,
    'issuer-group': issuer.issuerGroup,
    'common-name': options.commonName,
    'dns-names': dnsNames.length > 0 ? dnsNames.join(',') : undefined,
    'ip-sans': ips.length > 0 ? ips.join(',') : undefined,
    'uri-sans': options.uris && options.uris.length > 0 ? options.uris.join(',') : undefined,
    'duration': duration && goDuration(duration),
    'renew-before': renewBefore && goDuration(renewBefore),
    'is-ca': options.isCa === undefined ? undefined : String(options.isCa),
    'key-usages': options.usages && options.usages.length > 0 ? options.usages.join(',') : undefined,
    'key-algorithm': key.algorithm,
    'key-size': key.size === undefined ? undefined : String(key.size),
    'key-encoding': key.encoding,
    'reuse-private-key': key.rotationPolicy === PrivateKeyRotationPolicy.NEVER ? 'true' : undefined,
    'ca-file': options.caFile,
    'certificate-file': options.certificateFile,
    'privatekey-file': options.privateKeyFile,
    'fs-group': options.fsGroup === undefined ? undefined : String(options.fsGroup),
    'pkcs12-enable': options.pkcs12 ? 'true' : undefined,
    'pkcs12-filename': options.pkcs12?.fileName,
    'pkcs12-password': options.pkcs12?.password,
  };
  return Object.fromEntries(Object.entries(attrs).filter((e): e is [string, string] => e[1] !== undefined).map(([k, v]) => [`${PREFIX}${k}`, v]));
}
