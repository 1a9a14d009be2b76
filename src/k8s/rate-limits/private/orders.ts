// What one cluster's manifests order from ACME CAs on a fresh install: its Certificates (explicit, or made by
// cert-manager's ingress-shim / gateway-shim from annotated Ingresses and Gateways), the ACME issuer each one names,
// and whether a CertificateBackup restore puts its Secret back first. Plain JSON in, plain data out, so the same code
// reads a construct tree (ApiObject.toJson()) and synthesized YAML.
import { isIP } from 'node:net';
/* eslint-disable import/no-extraneous-dependencies */
// A dev dependency vendored into lib/vendor at compile time (build-tools/vendor-deps.ts).
import { getDomain } from 'tldts';
/* eslint-enable import/no-extraneous-dependencies */
import { directoryHost, LetsEncryptEnvironmentName, letsEncryptEnvironmentOf } from '../../../common/acme-directories';

const GROUP = 'cert-manager.io';
/**
 * The annotation CertificateBackup puts on a Certificate's restoring ExternalSecret (`<namespace>/<name>` of the
 * Certificate); `CertificateBackup.RESTORES_CERTIFICATE_ANNOTATION`, written here rather than imported so that
 * constructs the backup module imports (Certificate) can use the budget without an import cycle. A test keeps the two equal.
 */
export const RESTORES_CERTIFICATE_ANNOTATION = 'cdk-certkit.io/restores-certificate';
/** What a value produced by a framework token looks like in rendered JSON. */
const TOKEN = /\$\{Token\[|\{\{|\$\(/;

/** An ACME issuer as rendered. */
export interface AcmeIssuerInfo {
  readonly kind: 'Issuer' | 'ClusterIssuer';
  readonly namespace?: string;
  readonly name: string;
  /** The CA's key: host and path, lower-cased host, no trailing `/`. */
  readonly ca: string;
  readonly directoryUrl: string;
  readonly letsEncrypt?: LetsEncryptEnvironmentName;
  /** Name of the Secret holding the account key ('' when it has none). */
  readonly accountKeySecret: string;
  /** Whether one of its solvers answers DNS-01 (the only challenge that proves a wildcard). */
  readonly solvesDns01: boolean;
}

/** One certificate a fresh install makes cert-manager order. */
export interface Order {
  readonly cluster: string;
  /** Where it comes from: the construct path when known, else `<Kind> <namespace>/<name>`. */
  readonly source: string;
  readonly namespace: string;
  readonly name: string;
  readonly secretName?: string;
  /** Identifiers as the CA sees them: lower-cased, no trailing dot, sorted, each once. */
  readonly identifiers: string[];
  /** Registered domains (or IP units) the identifiers fall in, each once. */
  readonly registeredDomains: string[];
  /** Some names are not known at synth (tokens, templates). */
  readonly namesUnknown: boolean;
  readonly issuer: AcmeIssuerInfo;
  /** A CertificateBackup restore writes its Secret before the Certificate exists, so a rebuild does not order it. */
  readonly restored: boolean;
}

/** A manifest, and the construct path it was rendered from when known. */
export interface ManifestInput {
  readonly manifest: any;
  readonly path?: string;
}

export interface ClusterOrders {
  readonly orders: Order[];
  /** Certificates whose issuer is an ACME issuer this cluster's manifests do not hold (not counted). */
  readonly unresolved: string[];
  /** Certificates of other (non-ACME) issuers: nothing to budget. */
  readonly otherIssuers: number;
}

/**
 * The registered domain of a name as Let's Encrypt counts it: the Public Suffix List's registrable domain (private
 * suffixes such as github.io included), the address itself for IPv4, the /64 for IPv6; a name with no registrable
 * part (a public suffix, a single label) stands for itself.
 */
export function registeredDomainOf(dnsNameOrIp: string): string {
  const name = dnsNameOrIp.replace(/^\*\./, '');
  const ip = isIP(name);
  if (ip === 4) return name;
  if (ip === 6) return `${ipv6Groups(name).slice(0, 4).map(g => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
  return getDomain(name, { allowPrivateDomains: true }) ?? name;
}

function ipv6Groups(address: string): string[] {
  const [head, tail] = address.toLowerCase().split('::');
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const h = part(head);
  const t = part(tail);
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t];
}

/** What the CA sees of a name: lower-cased, no trailing dot. */
function identifier(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

const isToken = (value: unknown): boolean => typeof value !== 'string' || TOKEN.test(value);

/** The CA key of a directory URL: lower-cased host and path without a trailing `/`. */
export function caKey(directoryUrl: string): string {
  const host = directoryHost(directoryUrl);
  if (host === undefined) return directoryUrl.trim();
  const url = new URL(directoryUrl.trim());
  return `${host}${url.pathname.replace(/\/+$/, '')}`;
}

function acmeIssuer(manifest: any): AcmeIssuerInfo | undefined {
  const acme = manifest.spec?.acme;
  const server = acme?.server;
  if (typeof server !== 'string' || isToken(server)) return undefined;
  const solvers: any[] = Array.isArray(acme.solvers) ? acme.solvers : [];
  return {
    kind: manifest.kind,
    namespace: manifest.kind === 'Issuer' ? manifest.metadata?.namespace ?? 'default' : undefined,
    name: manifest.metadata?.name,
    ca: caKey(server),
    directoryUrl: server,
    letsEncrypt: letsEncryptEnvironmentOf(server),
    accountKeySecret: acme.privateKeySecretRef?.name ?? '',
    solvesDns01: solvers.some(s => s && s.dns01 !== undefined),
  };
}

const isCertManager = (m: any, kinds: string[]) => typeof m?.apiVersion === 'string' && m.apiVersion.startsWith(`${GROUP}/`) && kinds.includes(m.kind);

export interface Wanted {
  readonly source: string;
  readonly namespace: string;
  readonly name: string;
  readonly secretName?: string;
  readonly names: unknown[];
  readonly issuerRef: { readonly name?: string; readonly kind?: string; readonly group?: string };
}

/** ingress-shim's and gateway-shim's issuer annotations, as an issuerRef. */
function shimIssuerRef(annotations: Record<string, string> | undefined): Wanted['issuerRef'] | undefined {
  if (!annotations) return undefined;
  if (annotations[`${GROUP}/cluster-issuer`]) return { name: annotations[`${GROUP}/cluster-issuer`], kind: 'ClusterIssuer', group: GROUP };
  if (annotations[`${GROUP}/issuer`]) {
    return { name: annotations[`${GROUP}/issuer`], kind: annotations[`${GROUP}/issuer-kind`] ?? 'Issuer', group: annotations[`${GROUP}/issuer-group`] ?? GROUP };
  }
  return undefined;
}

/** The Certificates cert-manager creates for an annotated Ingress or Gateway: one per Secret, with its hosts. */
function shimCertificates(m: any, source: string): Wanted[] {
  const issuerRef = shimIssuerRef(m.metadata?.annotations);
  if (!issuerRef) return [];
  const namespace = m.metadata?.namespace ?? 'default';
  const bySecret = new Map<string, unknown[]>();
  const add = (secret: unknown, hosts: unknown[]) => {
    if (typeof secret !== 'string' || secret === '') return;
    bySecret.set(secret, [...(bySecret.get(secret) ?? []), ...hosts]);
  };
  if (m.kind === 'Ingress' && typeof m.apiVersion === 'string' && m.apiVersion.startsWith('networking.k8s.io/')) {
    for (const tls of m.spec?.tls ?? []) add(tls?.secretName, tls?.hosts ?? []);
  } else if (m.kind === 'Gateway' && typeof m.apiVersion === 'string' && m.apiVersion.startsWith('gateway.networking.k8s.io/')) {
    for (const listener of m.spec?.listeners ?? []) {
      if (listener?.tls?.mode === 'Passthrough' || listener?.hostname === undefined) continue;
      for (const ref of listener.tls?.certificateRefs ?? []) add(ref?.name, [listener.hostname]);
    }
  } else {
    return [];
  }
  return [...bySecret].map(([secretName, names]) => ({ source: `${source} (${m.kind} TLS ${secretName})`, namespace, name: secretName, secretName, names, issuerRef }));
}

/** What the budget reads of one cluster's manifests, before issuers are looked up. */
export interface ClusterManifests {
  /** Issuers by `Issuer/<namespace>/<name>` or `ClusterIssuer/<name>`; null for one that is not ACME. */
  readonly issuers: ReadonlyMap<string, AcmeIssuerInfo | null>;
  /** `<namespace>/<target Secret>|<restored Certificate namespace/name>` of each CertificateBackup restore. */
  readonly restores: ReadonlySet<string>;
  readonly wanted: readonly Wanted[];
}

/**
 * The orders of one cluster's manifests on a fresh install. `cluster` names the cluster in messages; issuers are
 * looked up in the same manifests (an `Issuer` in the Certificate's namespace, a `ClusterIssuer` by name).
 */
export function clusterOrders(cluster: string, inputs: readonly ManifestInput[]): ClusterOrders {
  return resolveOrders(cluster, readManifests(inputs), []);
}

/** Sorts one cluster's manifests into issuers, restores and the certificates cert-manager will order. */
export function readManifests(inputs: readonly ManifestInput[]): ClusterManifests {
  const issuers = new Map<string, AcmeIssuerInfo | null>();
  const restores = new Set<string>();
  const wanted: Wanted[] = [];
  for (const { manifest: m, path } of inputs) {
    if (!m || typeof m !== 'object') continue;
    const namespace = m.metadata?.namespace ?? 'default';
    const source = path ?? `${m.kind} ${namespace}/${m.metadata?.name}`;
    if (isCertManager(m, ['Issuer', 'ClusterIssuer'])) {
      const key = m.kind === 'Issuer' ? `Issuer/${namespace}/${m.metadata?.name}` : `ClusterIssuer/${m.metadata?.name}`;
      issuers.set(key, acmeIssuer(m) ?? null);
    } else if (isCertManager(m, ['Certificate'])) {
      const spec = m.spec ?? {};
      const names = [...(spec.commonName !== undefined ? [spec.commonName] : []), ...(spec.dnsNames ?? []), ...(spec.ipAddresses ?? [])];
      wanted.push({ source, namespace, name: m.metadata?.name, secretName: spec.secretName, names, issuerRef: spec.issuerRef ?? {} });
    } else if (m.kind === 'ExternalSecret' && typeof m.apiVersion === 'string' && m.apiVersion.startsWith('external-secrets.io/')) {
      // CertificateBackup's restore: it names its Certificate and writes that Certificate's Secret.
      const restored = m.metadata?.annotations?.[RESTORES_CERTIFICATE_ANNOTATION];
      const target = m.spec?.target?.name;
      if (typeof restored === 'string' && typeof target === 'string') restores.add(`${namespace}/${target}|${restored}`);
    } else {
      wanted.push(...shimCertificates(m, source));
    }
  }
  return { issuers, restores, wanted };
}

/**
 * The orders of a cluster. An issuer is looked up in the cluster's own manifests first, then in `elsewhere` (other
 * apps of a shared budget, for an app that holds Certificates while another app of the same cluster holds the
 * issuers), where it counts when every app that has it points it at the same CA.
 */
export function resolveOrders(cluster: string, read: ClusterManifests, elsewhere: readonly ClusterManifests[]): ClusterOrders {
  const { issuers, restores, wanted } = read;
  const lookUp = (key: string): AcmeIssuerInfo | null | undefined => {
    if (issuers.has(key)) return issuers.get(key);
    const found = elsewhere.filter(e => e.issuers.has(key)).map(e => e.issuers.get(key));
    if (found.length === 0) return undefined;
    const cas = new Set(found.map(f => f?.ca ?? null));
    return cas.size === 1 ? found[0] : undefined;
  };
  const orders: Order[] = [];
  const unresolved: string[] = [];
  let otherIssuers = 0;
  for (const w of wanted) {
    const ref = w.issuerRef;
    const kind = ref.kind ?? 'Issuer';
    if ((ref.group ?? GROUP) !== GROUP || !['Issuer', 'ClusterIssuer'].includes(kind)) {
      otherIssuers++;
      continue;
    }
    const issuer = lookUp(kind === 'Issuer' ? `Issuer/${w.namespace}/${ref.name}` : `ClusterIssuer/${ref.name}`);
    if (issuer === null) {
      otherIssuers++;
      continue;
    }
    if (issuer === undefined) {
      unresolved.push(`${w.source} (${kind} ${ref.name})`);
      continue;
    }
    const known = w.names.filter(n => !isToken(n)).map(n => identifier(n as string)).filter(n => n !== '');
    const identifiers = [...new Set(known)].sort();
    orders.push({
      cluster,
      source: w.source,
      namespace: w.namespace,
      name: w.name,
      secretName: w.secretName,
      identifiers,
      registeredDomains: [...new Set(identifiers.map(registeredDomainOf))].sort(),
      namesUnknown: known.length < w.names.length,
      issuer,
      restored: w.secretName !== undefined && restores.has(`${w.namespace}/${w.secretName}|${w.namespace}/${w.name}`),
    });
  }
  return { orders, unresolved, otherIssuers };
}
