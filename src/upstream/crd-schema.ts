// ajv and yaml are dev dependencies vendored into lib/vendor at compile time (build-tools/vendor-deps.ts).
/* eslint-disable import/no-extraneous-dependencies */
import Ajv, { ValidateFunction } from 'ajv';
import type { DataValidationCxt, RegExpEngine } from 'ajv/dist/types';
import { parseAllDocuments } from 'yaml';
/* eslint-enable import/no-extraneous-dependencies */
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
  /** The JSON Schema keyword that failed (`required`, `enum`, `pattern`, `additionalProperties`, ...). */
  readonly keyword?: string;
  /** The keyword's parameters as ajv reports them (e.g. `{ missingProperty: 'secretName' }`). */
  readonly params?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------------
// CRD `pattern`s are Go RE2 syntax (the API server checks them with Go's regexp). JavaScript rejects some of it
// (`(?i)`, `\z`, `\Q...\E`, `[[:alpha:]]`, `(?P<name>`, a lone `{`) and reads some of it differently (`.` also
// stops at `\r`; `\s` is wider). `translateRe2` rewrites a pattern into a JavaScript `u`-mode source that matches the
// same strings, so no schema has to be skipped.

interface Re2Flags { i: boolean; m: boolean; s: boolean; U: boolean }

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
// RE2's Perl classes are ASCII-only; JavaScript's `\s` is wider.
const PERL_CLASSES: Record<string, string> = { d: '0-9', w: '0-9A-Za-z_', s: '\\t\\n\\f\\r ' };

/** A code point as a JavaScript `u`-mode atom that stands for that character alone (inside or outside a class). */
function literalAtom(cp: number, inClass = true): string {
  const c = String.fromCodePoint(cp);
  if (/[\\^$.*+?()[\]{}|/]/.test(c) || (inClass && c === '-')) return `\\${c}`;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return `\\u{${cp.toString(16)}}`;
  return c;
}

/**
 * Other-case counterparts of the letters in `lo-hi`, as class ranges: ASCII letters (plus RE2's Unicode folds of
 * k to KELVIN SIGN and s to LONG S), and for a single character its one-code-point upper and lower case.
 */
function otherCaseRanges(lo: number, hi: number): string {
  const out: string[] = [];
  const span = (a: number, b: number, shift: number) => {
    const from = Math.max(lo, a);
    const to = Math.min(hi, b);
    if (from <= to) out.push(from === to ? literalAtom(from + shift) : `${literalAtom(from + shift)}-${literalAtom(to + shift)}`);
  };
  span(0x61, 0x7a, -32);
  span(0x41, 0x5a, 32);
  const has = (...cps: number[]) => cps.some(cp => cp >= lo && cp <= hi);
  if (has(0x6b, 0x4b)) out.push('\\u{212a}');
  if (has(0x73, 0x53)) out.push('\\u{17f}');
  if (has(0x212a)) out.push('kK');
  if (has(0x17f)) out.push('sS');
  if (lo === hi && lo > 0x7f) {
    const c = String.fromCodePoint(lo);
    for (const other of new Set([c.toUpperCase(), c.toLowerCase()])) {
      if (other !== c && [...other].length === 1) out.push(literalAtom(other.codePointAt(0)!));
    }
  }
  return out.join('');
}

function unicodeProperty(name: string, negated: boolean): string {
  let n = name;
  let neg = negated;
  if (n.startsWith('^')) {
    n = n.slice(1);
    neg = !neg;
  }
  const body = n === 'Any' ? null : n.length <= 2 ? n : `Script=${n}`;
  if (body === null) return neg ? '[^\\s\\S]' : '[\\s\\S]';
  return `\\${neg ? 'P' : 'p'}{${body}}`;
}

/** Reads one escape at `p[i] === '\\'`; returns [class-or-atom text usable in a class when `inClass`, next index, code point if literal]. */
function readEscape(p: string, i: number, inClass: boolean): [string, number, number?] {
  const c = p[i + 1];
  if (c === undefined) throw new Error('trailing backslash at end of expression');
  const perl = PERL_CLASSES[c.toLowerCase()];
  if (perl) {
    const negated = c !== c.toLowerCase();
    if (inClass) return [perl, i + 2]; // (negated \D, \W, \S in a class are handled by translateClass)
    return [negated ? `[^${perl}]` : `[${perl}]`, i + 2];
  }
  if (c === 'p' || c === 'P') {
    if (p[i + 2] === '{') {
      const end = p.indexOf('}', i + 3);
      if (end < 0) throw new Error('invalid character class range');
      return [unicodeProperty(p.slice(i + 3, end), c === 'P'), end + 1];
    }
    return [unicodeProperty(p[i + 2], c === 'P'), i + 3];
  }
  if (c === 'x') {
    if (p[i + 2] === '{') {
      const end = p.indexOf('}', i + 3);
      const cp = parseInt(p.slice(i + 3, end), 16);
      return [literalAtom(cp), end + 1, cp];
    }
    const cp = parseInt(p.slice(i + 2, i + 4), 16);
    return [literalAtom(cp), i + 4, cp];
  }
  if (/[0-7]/.test(c)) {
    const m = /^[0-7]{1,3}/.exec(p.slice(i + 1))!;
    if (c !== '0' && m[0].length === 1 && !inClass) throw new Error('backreferences are not supported by RE2');
    const cp = parseInt(m[0], 8);
    return [literalAtom(cp), i + 1 + m[0].length, cp];
  }
  const controls: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
  if (controls[c] !== undefined) return [literalAtom(controls[c]), i + 2, controls[c]];
  if (/[A-Za-z0-9]/.test(c)) throw new Error(`invalid escape sequence: \\${c}`);
  const cp = c.codePointAt(0)!;
  return [literalAtom(cp), i + 2, cp];
}

/** Translates a bracket expression starting at `p[i] === '['`; returns [JS class, next index]. */
function translateClass(p: string, start: number, flags: Re2Flags): [string, number] {
  let i = start + 1;
  let negated = false;
  if (p[i] === '^') {
    negated = true;
    i++;
  }
  const parts: string[] = [];
  // Negated sets inside the brackets ([:^alpha:], \\D, \\W, \\S): JavaScript u-mode cannot nest them in a class,
  // so the class becomes an alternation (or, negated, lookaheads) over them.
  const complements: string[] = [];
  let first = true;
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false;
    if (p.startsWith('[:', i)) {
      const end = p.indexOf(':]', i + 2);
      let name = p.slice(i + 2, end);
      const neg = name.startsWith('^');
      if (neg) name = name.slice(1);
      const body = POSIX_CLASSES[name];
      if (end < 0 || !body) throw new Error(`invalid character class range: ${p.slice(i)}`);
      (neg ? complements : parts).push(body);
      i = end + 2;
      continue;
    }
    if (p[i] === '\\' && /[DWS]/.test(p[i + 1] ?? '')) {
      complements.push(PERL_CLASSES[p[i + 1].toLowerCase()]);
      i += 2;
      continue;
    }
    let lo: number | undefined;
    let atom: string;
    if (p[i] === '\\') {
      const [text, next, cp] = readEscape(p, i, true);
      atom = text;
      lo = cp;
      i = next;
    } else {
      lo = p.codePointAt(i)!;
      atom = literalAtom(lo);
      i += String.fromCodePoint(lo).length;
    }
    if (lo !== undefined && p[i] === '-' && p[i + 1] !== ']' && i + 1 < p.length) {
      let hi: number | undefined;
      if (p[i + 1] === '\\') {
        const [, next, cp] = readEscape(p, i + 1, true);
        hi = cp;
        i = next;
      } else {
        hi = p.codePointAt(i + 1)!;
        i += 1 + String.fromCodePoint(hi).length;
      }
      if (hi === undefined || hi < lo) throw new Error('invalid character class range');
      parts.push(`${literalAtom(lo)}-${literalAtom(hi)}`);
      if (flags.i) parts.push(otherCaseRanges(lo, hi));
      continue;
    }
    parts.push(atom);
    if (flags.i && lo !== undefined) parts.push(otherCaseRanges(lo, lo));
  }
  if (p[i] !== ']') throw new Error('missing closing ]');
  const positive = parts.join('');
  if (complements.length === 0) return [`[${negated ? '^' : ''}${positive}]`, i + 1];
  if (!negated) return [`(?:${[...(positive ? [`[${positive}]`] : []), ...complements.map(c => `[^${c}]`)].join('|')})`, i + 1];
  // Not in the positive part and inside every complemented set.
  const last = complements[complements.length - 1];
  return [`${positive ? `(?![${positive}])` : ''}${complements.slice(0, -1).map(c => `(?=[${c}])`).join('')}[${last}]`, i + 1];
}

/**
 * Rewrites a Go RE2 pattern as a JavaScript `u`-mode regular expression source matching the same strings
 * (unanchored, like `regexp.MatchString`). Throws, with RE2's reason, where RE2 itself would refuse the pattern.
 */
export function translateRe2(pattern: string): string {
  const p = pattern;
  let out = '';
  const stack: Re2Flags[] = [];
  let flags: Re2Flags = { i: false, m: false, s: false, U: false };
  const quantifier = (q: string, i: number): number => {
    let next = i;
    let lazy = false;
    if (p[next] === '?') {
      lazy = true;
      next++;
    }
    if (flags.U) lazy = !lazy;
    out += q + (lazy ? '?' : '');
    return next;
  };
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      if (p[i + 1] === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const text = p.slice(i + 2, end < 0 ? undefined : end);
        for (const ch of text) out += literalWithCase(ch.codePointAt(0)!, flags);
        i = end < 0 ? p.length : end + 2;
        continue;
      }
      if (p[i + 1] === 'z') { out += '$'; i += 2; continue; }
      if (p[i + 1] === 'A') { out += '^'; i += 2; continue; }
      if (p[i + 1] === 'b' || p[i + 1] === 'B') { out += `\\${p[i + 1]}`; i += 2; continue; }
      if (p[i + 1] === 'C') { out += '[\\s\\S]'; i += 2; continue; }
      const [text, next, cp] = readEscape(p, i, false);
      out += cp !== undefined ? literalWithCase(cp, flags) : text;
      i = next;
      continue;
    }
    if (c === '(') {
      if (p.startsWith('(?P<', i) || p.startsWith('(?<', i)) {
        const open = p.indexOf('<', i);
        const end = p.indexOf('>', open);
        out += `(?<${p.slice(open + 1, end)}>`;
        stack.push(flags);
        flags = { ...flags };
        i = end + 1;
        continue;
      }
      if (p[i + 1] === '?') {
        const m = /^\(\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(p.slice(i));
        if (!m) throw new Error(`invalid or unsupported Perl syntax: ${p.slice(i, i + 3)}`);
        const next: Re2Flags = { ...flags };
        for (const f of m[1]) (next as any)[f] = true;
        for (const f of m[2] ?? '') (next as any)[f] = false;
        if (m[3] === ')') {
          flags = next; // applies to the rest of the enclosing group
        } else {
          out += '(?:';
          stack.push(flags);
          flags = next;
        }
        i += m[0].length;
        continue;
      }
      out += '(';
      stack.push(flags);
      flags = { ...flags };
      i++;
      continue;
    }
    if (c === ')') {
      if (stack.length === 0) throw new Error('unexpected )');
      flags = stack.pop()!;
      out += ')';
      i++;
      continue;
    }
    if (c === '[') {
      const [cls, next] = translateClass(p, i, flags);
      out += cls;
      i = next;
      continue;
    }
    if (c === '.') { out += flags.s ? '[\\s\\S]' : '[^\\n]'; i++; continue; }
    if (c === '^') { out += flags.m ? '(?<=^|\\n)' : '^'; i++; continue; }
    if (c === '$') { out += flags.m ? '(?=\\n|$)' : '$'; i++; continue; }
    if (c === '*' || c === '+' || c === '?') { i = quantifier(c, i + 1); continue; }
    if (c === '{') {
      const m = /^\{[0-9]+(,[0-9]*)?\}/.exec(p.slice(i));
      if (m) { i = quantifier(m[0], i + m[0].length); continue; }
      out += '\\{';
      i++;
      continue;
    }
    if (c === '|') { out += '|'; i++; continue; }
    const cp = p.codePointAt(i)!;
    out += literalWithCase(cp, flags);
    i += String.fromCodePoint(cp).length;
  }
  if (stack.length > 0) throw new Error('missing closing )');
  return out;
}

function literalWithCase(cp: number, flags: Re2Flags): string {
  const other = flags.i ? otherCaseRanges(cp, cp) : '';
  return other ? `[${literalAtom(cp)}${other}]` : literalAtom(cp, false);
}

/** A Go RE2 pattern compiled for JavaScript (see `translateRe2`). */
export function compileRe2(pattern: string): RegExp {
  return new RegExp(translateRe2(pattern), 'u');
}

// ajv's hook for `pattern`: every CRD pattern goes through the RE2 translation.
const re2Engine: RegExpEngine = Object.assign((pattern: string) => compileRe2(pattern), { code: 'compileRe2' });

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

// The header of a CRD document as controller-gen (and every pinned file) writes it: `kind: CustomResourceDefinition`,
// `spec.group` and `spec.names.kind` on lines of their own at fixed indents. A document whose lines above column 6
// are all plain keys (no block scalar, flow collection, quote, anchor or tag that could hide or fake such a line) is
// indexed by that header and parsed only when a resource of its group and kind is first validated; any other
// document is parsed up front. Loading checks that the parsed document defines what its header said.
const PLAIN_VALUE = String.raw`(?:[ \t]+[^|>{[#'"&*!%@\x60\s][^#]*)?[ \t]*(?:#.*)?`;
const PLAIN_LINE = new RegExp(String.raw`^(?:[ \t]*(?:#.*)?| {0,2}(?:- )?[A-Za-z][A-Za-z0-9]*:${PLAIN_VALUE}| {4,}.*)$`);

/** `[group, kind]` read from a CRD document's header lines, or undefined when the document must be parsed to know. */
function scanCrdHeader(doc: string): [string, string] | undefined {
  let crd = 0;
  let group: string | undefined;
  let kind: string | undefined;
  let top = '';
  let second = '';
  for (const raw of doc.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('    ')) {
      const m = /^ {4}kind:[ \t]+([A-Za-z0-9]+)[ \t]*$/.exec(line);
      if (m && top === 'spec' && second === 'names') {
        if (kind !== undefined) return undefined;
        kind = m[1];
      }
      continue;
    }
    if (!PLAIN_LINE.test(line)) return undefined;
    const key = /^( {0,2})(?:- )?([A-Za-z][A-Za-z0-9]*):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!key) continue;
    const [, indent, name, value] = key;
    if (indent === '' && !line.startsWith('-')) {
      top = name;
      second = '';
      if (name === 'kind') {
        if (value !== 'CustomResourceDefinition') return undefined;
        crd++;
      }
    } else if (indent === '  ' && !line.startsWith('  -')) {
      second = name;
      if (top === 'spec' && name === 'group') {
        if (group !== undefined || !/^[A-Za-z0-9.-]+$/.test(value)) return undefined;
        group = value;
      }
    } else if (line.startsWith('  - ')) {
      second = '-'; // an item of a list under a top-level key (e.g. spec.versions): not the header
    } else {
      return undefined;
    }
  }
  return crd === 1 && group && kind ? [group, kind] : undefined;
}

const DOCUMENT_START = /^---[ \t]*(?:#.*)?$/m;

/** The documents of a multi-document YAML text, split at `---` lines (each parsed on its own, as `parseAllDocuments` would). */
function splitDocuments(text: string): string[] | undefined {
  // A `%` directive or a `---` carrying content changes how documents are delimited: parse the whole text instead.
  if (/^%/m.test(text) || /^---[ \t]+[^#\s]/m.test(text) || /^\.\.\./m.test(text)) return undefined;
  const docs: string[] = [];
  let rest = text;
  for (;;) {
    const m = DOCUMENT_START.exec(rest);
    if (!m) {
      docs.push(rest);
      return docs;
    }
    docs.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
}

interface PendingDocument {
  readonly text: string;
  /** Position among all documents, so a later definition of the same key still wins. */
  readonly order: number;
}

/** Validates custom resources against the pinned upstream CRDs (cert-manager, aws-privateca-issuer, Argo CD, Flux). */
export class CrdSchemas {
  private readonly schemas = new Map<string, { schema: any; order: number }>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly groups = new Set<string>();
  /** Documents not parsed yet, by `group/kind`. */
  private readonly pending = new Map<string, PendingDocument[]>();

  /** @param texts CRD file contents to load instead of the pinned ones (tests, or files pinned elsewhere). */
  constructor(texts?: readonly string[]) {
    let order = 0;
    for (const text of texts ?? PINNED_CRDS.map(file => readUpstream(file.path))) {
      const docs = splitDocuments(text);
      if (!docs) {
        for (const doc of parseAllDocuments(text)) this.addCrd(doc.toJS(), order++);
        continue;
      }
      for (const doc of docs) {
        const header = /\S/.test(doc) ? scanCrdHeader(doc) : undefined;
        if (header) {
          const [group, kind] = header;
          this.groups.add(group);
          const key = `${group}/${kind}`;
          this.pending.set(key, [...this.pending.get(key) ?? [], { text: doc, order: order++ }]);
        } else {
          for (const parsed of parseAllDocuments(doc)) this.addCrd(parsed.toJS(), order++);
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
    if (typeof apiVersion === 'string' && apiVersion.includes('/')) this.load(`${apiVersion.split('/')[0]}/${kind}`);
    const validate = this.validator(key);
    if (!validate) {
      return [{ apiVersion, kind, name, path: '', message: `no pinned CRD defines ${kind} in ${apiVersion}` }];
    }
    if (validate(resource)) return [];
    return (validate.errors ?? []).map(e => ({
      apiVersion,
      kind,
      name,
      path: e.instancePath,
      message: e.keyword === 'additionalProperties' ? `unknown field '${(e.params as any).additionalProperty}'` : e.message ?? e.keyword,
      keyword: e.keyword,
      params: e.params as Record<string, unknown>,
    }));
  }

  /** Compiles every schema now (each `pattern` through the RE2 translation), so a schema that cannot be used shows. */
  public compileAll(): number {
    for (const key of [...this.pending.keys()]) this.load(key);
    for (const key of this.schemas.keys()) this.validator(key);
    compileDeferred();
    return this.compiled.size;
  }

  /** Validates every resource of a pinned group among `resources`; others (core kinds, other CRDs) are skipped. */
  public validateAll(resources: readonly any[]): CrdViolation[] {
    return resources.filter(r => this.coversGroup(r?.apiVersion ?? '')).flatMap(r => this.validate(r));
  }

  private addCrd(crd: any, order: number): void {
    if (crd?.kind !== 'CustomResourceDefinition') return;
    this.groups.add(crd.spec.group);
    for (const version of crd.spec.versions) {
      const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
      // As if every document had been read in order: the last definition of a key wins.
      if ((this.schemas.get(key)?.order ?? -1) < order) this.schemas.set(key, { schema: version.schema.openAPIV3Schema, order });
    }
  }

  /** Parses the documents defining `group/kind`, once. */
  private load(groupKind: string): void {
    const docs = this.pending.get(groupKind);
    if (!docs) return;
    this.pending.delete(groupKind);
    for (const doc of docs) {
      for (const parsed of parseAllDocuments(doc.text)) {
        const crd = parsed.toJS();
        if (crd?.kind !== 'CustomResourceDefinition' || `${crd.spec?.group}/${crd.spec?.names?.kind}` !== groupKind) {
          throw new Error(`cdk-certkit: a CRD document read as defining ${groupKind} defines ${crd?.spec?.group}/${crd?.spec?.names?.kind}`);
        }
        this.addCrd(crd, doc.order);
      }
    }
  }

  /** The compiled schema of `group/version/kind` (compiled on first use, shared by identical schemas). */
  private validator(key: string): ValidateFunction | undefined {
    const done = this.compiled.get(key);
    if (done) return done;
    const entry = this.schemas.get(key);
    if (!entry) return undefined;
    const validate = compileShared(entry.schema);
    this.compiled.set(key, validate);
    return validate;
  }
}

// Compiled validators, process-wide, by the schema's text: Issuer and ClusterIssuer share one, every CrdSchemas
// (and every test building one) shares the compilation. The text is the whole converted schema, so equal text is
// the same validation.
//
// The big CRDs (an Issuer's schema is some 150 kB of JSON Schema, most of it solvers and pod templates a given
// issuer never uses) would take long to compile whole. A large subschema of a property, of `items` or of
// `additionalProperties` is therefore compiled on its own, the first time a value reaches it: in its place the
// parent holds the keyword below, naming it. Its errors are the errors that subschema gives, at the same place in
// the list, with the same instancePath, keyword, params and message (only schemaPath differs).
const LAZY_KEYWORD = 'x-cdk-certkit-subschema';
/** Subschemas (JSON text) at least this long are compiled when first reached. */
const LAZY_MIN_LENGTH = 4_000;
const compiledByText = new Map<string, ValidateFunction>();
/** Subschemas compiled on first use, by id (its position here); their JSON text gives the id back. */
const subschemas: string[] = [];
const subschemaIds = new Map<string, number>();
let sharedAjv: Ajv | undefined;

function ajvInstance(): Ajv {
  if (sharedAjv) return sharedAjv;
  sharedAjv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: re2Engine, optimize: false } });
  sharedAjv.addKeyword({
    keyword: LAZY_KEYWORD,
    schemaType: 'number',
    errors: true,
    validate: function check(id: number, data: unknown, _parent: unknown, cxt?: DataValidationCxt): boolean {
      const validate = compileText(subschemas[id]);
      const valid = validate(data, cxt);
      (check as any).errors = valid ? null : validate.errors;
      return valid;
    },
  });
  return sharedAjv;
}

/** `schema` with its large child subschemas replaced by references compiled on first use. */
function deferLarge(schema: any): any {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const defer = (child: any) => {
    if (!child || typeof child !== 'object' || Array.isArray(child)) return child;
    const text = JSON.stringify(child);
    if (text.length < LAZY_MIN_LENGTH) return child;
    let id = subschemaIds.get(text);
    if (id === undefined) {
      id = subschemas.push(text) - 1;
      subschemaIds.set(text, id);
    }
    return { [LAZY_KEYWORD]: id };
  };
  const out: any = { ...schema };
  if (schema.properties && typeof schema.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, defer(v)]));
  }
  if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) out.items = defer(schema.items);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') out.additionalProperties = defer(schema.additionalProperties);
  return out;
}

/** The validator of a converted (JSON Schema) schema given as its JSON text. */
function compileText(text: string): ValidateFunction {
  let validate = compiledByText.get(text);
  if (!validate) {
    validate = ajvInstance().compile(deferLarge(JSON.parse(text)));
    compiledByText.set(text, validate);
  }
  return validate;
}

function compileShared(openApiSchema: any): ValidateFunction {
  return compileText(JSON.stringify(structuralToJsonSchema(openApiSchema)));
}

/** Compiles every subschema deferred so far (and those they defer), so one that cannot be compiled shows now. */
function compileDeferred(): void {
  for (let id = 0; id < subschemas.length; id++) compileText(subschemas[id]);
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
