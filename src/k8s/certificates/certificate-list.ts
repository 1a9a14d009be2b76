import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate, CertificateOptions } from './certificate';
import { invalid } from '../../private/errors';
import { IIssuerRef } from '../issuer-ref';

/** One certificate as a platform repo keeps it in a values file. */
export interface CertificateListEntry {
  /** `metadata.name` of the Certificate. */
  readonly name: string;
  /** DNS names to certify. */
  readonly dnsNames: string[];
  /**
   * Namespace of the Certificate and its Secret.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Secret that receives the certificate.
   * @default - `<name>-tls`
   */
  readonly secretName?: string;
  /**
   * Name of the issuer, one of `defaultIssuer` and `issuers`.
   * @default - the list's defaultIssuer
   */
  readonly issuer?: string;
}

/** How a CertificateList resolves issuers and what it applies to every entry. */
export interface CertificateListOptions {
  /**
   * Issuer for entries that name none.
   * @default - every entry must name its issuer
   */
  readonly defaultIssuer?: IIssuerRef;
  /**
   * Further issuers entries may name. A name matching a namespaced issuer in the entry's namespace wins over
   * a cluster-scoped one of the same name.
   * @default - only defaultIssuer
   */
  readonly issuers?: IIssuerRef[];
  /**
   * Options applied to every Certificate (key, duration, secret template, ...); name, namespace, dnsNames
   * and secretName always come from the entry.
   * @default - the Certificate defaults
   */
  readonly defaults?: CertificateOptions;
}

/** Properties of a CertificateList. */
export interface CertificateListProps extends CertificateListOptions {
  /** The certificates. */
  readonly entries: CertificateListEntry[];
}

const ENTRY_FIELDS: Record<keyof CertificateListEntry, 'string' | 'strings'> = {
  name: 'string', dnsNames: 'strings', namespace: 'string', secretName: 'string', issuer: 'string',
};
const REQUIRED_FIELDS = ['name', 'dnsNames'];

/**
 * Certificates from a plain list, as platform repos keep them in values files. Entries name their issuer
 * (`issuer: letsencrypt-production`) or get the default; unknown names and malformed entries stop synthesis.
 */
export class CertificateList extends Construct {
  /**
   * Certificates from a list parsed from YAML or JSON (e.g. `yaml.parse(file).certificates`); each item is
   * checked like a `CertificateListEntry`, and unknown keys are refused so that typos do not go unnoticed.
   * @param scope the chart or construct the Certificates belong to
   * @param id the construct id of the list, unique within `scope`
   * @param values the parsed list of entries, checked item by item
   * @param options the issuers, default issuer and defaults for the entries
   */
  public static fromValues(scope: Construct, id: string, values: any, options: CertificateListOptions = {}): CertificateList {
    return new CertificateList(scope, id, { ...options, entries: values });
  }

  /** The Certificates, in the order of the entries. */
  public readonly certificates: Certificate[];

  /**
   * @param scope the chart or construct the Certificates belong to
   * @param id the construct id of the list, unique within `scope`
   * @param props the entries, the issuers they may name and the defaults
   */
  constructor(scope: Construct, id: string, props: CertificateListProps) {
    super(scope, id);
    const entries = readEntries(this, props.entries);
    const seen = new Map<string, number>();
    this.certificates = entries.map((entry, i) => {
      const namespace = entry.namespace ?? props.defaults?.metadata?.namespace ?? Chart.of(this).namespace;
      const key = `${namespace ?? 'default'}:${entry.name}`;
      if (seen.has(key)) {
        invalid(this, `entries[${i}].name`, `'${entry.name}' repeats entries[${seen.get(key)}] in the same namespace`, 'give each certificate its own name');
      }
      seen.set(key, i);
      return new Certificate(this, key, {
        ...props.defaults,
        metadata: { ...props.defaults?.metadata, name: entry.name, namespace },
        dnsNames: entry.dnsNames,
        secretName: entry.secretName,
        issuerRef: resolveIssuer(this, `entries[${i}].issuer`, entry.issuer, namespace, props),
      });
    });
  }
}

/** Checks the shape of entries that may come straight from a values file. */
function readEntries(scope: Construct, entries: unknown): CertificateListEntry[] {
  if (!Array.isArray(entries)) {
    invalid(scope, 'entries', `is ${typeof entries}, not a list`, 'pass a list of { name, dnsNames, namespace?, secretName?, issuer? }');
  }
  entries.forEach((entry: any, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      invalid(scope, `entries[${i}]`, 'is not a mapping', 'write it as { name, dnsNames, ... }');
    }
    for (const [field, value] of Object.entries(entry)) {
      const kind = ENTRY_FIELDS[field as keyof CertificateListEntry];
      if (!kind) invalid(scope, `entries[${i}].${field}`, 'is not a known field', `use only ${Object.keys(ENTRY_FIELDS).join(', ')}`);
      const ok = kind === 'string' ? typeof value === 'string' : Array.isArray(value) && value.every(v => typeof v === 'string');
      if (!ok && value !== undefined) invalid(scope, `entries[${i}].${field}`, `is ${JSON.stringify(value)}`, `write ${kind === 'string' ? 'a string' : 'a list of strings'}`);
    }
    for (const field of REQUIRED_FIELDS) {
      if (entry[field] === undefined) invalid(scope, `entries[${i}].${field}`, 'is missing', `add ${field} to the entry`);
    }
  });
  return entries;
}

function resolveIssuer(scope: Construct, field: string, name: string | undefined, namespace: string | undefined,
  props: CertificateListOptions): IIssuerRef {
  if (name === undefined) {
    return props.defaultIssuer ?? invalid(scope, field, 'is not set and the list has no defaultIssuer', 'name an issuer in the entry or set defaultIssuer');
  }
  const known = [props.defaultIssuer, ...props.issuers ?? []].filter((i): i is IIssuerRef => i !== undefined);
  const named = known.filter(i => i.issuerName === name);
  const found = named.find(i => i.issuerNamespace === namespace) ?? named.find(i => i.issuerNamespace === undefined) ?? named[0];
  return found ?? invalid(scope, field, `'${name}' is not a known issuer (known: ${known.map(i => i.issuerName).join(', ') || 'none'})`,
    'fix the name, or add the issuer to the list\'s issuers');
}
