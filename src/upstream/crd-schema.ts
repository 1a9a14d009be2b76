import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { readUpstream } from './loader';
import { PINNED_CRDS } from './pinned';

/** One custom resource that does not match its upstream CRD schema. */
export interface CrdViolation {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** JSON pointer into the resource, e.g. `/spec/dnsNames/0`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Turns a CRD's OpenAPI v3 schema into JSON Schema that ajv checks the way the API server would:
 * `nullable` admits null, and objects with declared properties are closed unless they preserve unknown
 * fields (the server would silently prune such fields, which is always a bug in generated manifests).
 */
export function structuralToJsonSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(structuralToJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, structuralToJsonSchema(v)]));
    } else if (key === 'nullable' || key.startsWith('x-kubernetes-')) {
      continue;
    } else {
      out[key] = structuralToJsonSchema(value);
    }
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  if (schema.nullable && out.type) out.type = [].concat(out.type, 'null' as any);
  return out;
}

/** Validates custom resources against the pinned upstream CRDs (cert-manager, aws-privateca-issuer, Argo CD, Flux). */
export class CrdSchemas {
  private readonly schemas = new Map<string, any>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly groups = new Set<string>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

  constructor() {
    for (const file of PINNED_CRDS) {
      for (const doc of parseAllDocuments(readUpstream(file.path))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        this.groups.add(crd.spec.group);
        for (const version of crd.spec.versions) {
          this.schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, version.schema.openAPIV3Schema);
        }
      }
    }
  }

  /** Whether `apiVersion` belongs to one of the pinned CRDs' groups (so it must be validated). */
  public coversGroup(apiVersion: string): boolean {
    return apiVersion.includes('/') && this.groups.has(apiVersion.split('/')[0]);
  }

  /** The problems of one resource; a kind or version unknown to a pinned group is itself a violation. */
  public validate(resource: any): CrdViolation[] {
    const { apiVersion, kind } = resource ?? {};
    const name = resource?.metadata?.name ?? '<unnamed>';
    const key = `${apiVersion}/${kind}`;
    const schema = this.schemas.get(key);
    if (!schema) {
      return [{ apiVersion, kind, name, path: '', message: `no pinned CRD defines ${kind} in ${apiVersion}` }];
    }
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(structuralToJsonSchema(schema));
      this.compiled.set(key, validate);
    }
    if (validate(resource)) return [];
    return (validate.errors ?? []).map(e => ({
      apiVersion,
      kind,
      name,
      path: e.instancePath,
      message: e.keyword === 'additionalProperties' ? `unknown field '${(e.params as any).additionalProperty}'` : e.message ?? e.keyword,
    }));
  }

  /** Validates every resource of a pinned group among `resources`; others (core kinds, other CRDs) are skipped. */
  public validateAll(resources: readonly any[]): CrdViolation[] {
    return resources.filter(r => this.coversGroup(r?.apiVersion ?? '')).flatMap(r => this.validate(r));
  }
}

let shared: CrdSchemas | undefined;

/** A process-wide validator, built on first use. */
export function crdSchemas(): CrdSchemas {
  shared ??= new CrdSchemas();
  return shared;
}

/** One line per violation, for error messages and test failures. */
export function formatViolations(violations: readonly CrdViolation[]): string {
  return violations.map(v => `${v.kind}/${v.name}${v.path}: ${v.message}`).join('\n');
}
