// Second step of the docgen task: jsii-docgen writes API.md as one list per kind (Constructs, Structs, ...), 15,000
// lines with no way in. This splits it by side (where each type's source file lives: src/k8s, src/aws, the rest)
// and puts a table of contents with each type's summary in front. The type sections themselves are docgen's,
// unchanged, so their anchors and links keep working.
// `--list` also prints the public entries without a description and the summaries jsii cut at a ';', by file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

const ROOT = path.join(__dirname, '..');
const API_MD = path.join(ROOT, 'API.md');

interface Docs { readonly summary?: string; readonly remarks?: string }
interface Member { readonly name: string; readonly docs?: Docs; readonly parameters?: Member[]; readonly locationInModule?: { filename: string } }
interface JsiiType {
  readonly fqn: string;
  readonly name: string;
  readonly kind: string;
  readonly datatype?: boolean;
  readonly docs?: Docs;
  readonly locationInModule?: { filename: string };
  readonly properties?: Member[];
  readonly methods?: Member[];
  readonly initializer?: Member;
  readonly members?: Member[];
}

function loadAssembly(): { types: Record<string, JsiiType> } {
  const file = path.join(ROOT, '.jsii');
  const assembly = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (assembly.schema === 'jsii/file-redirect') {
    const target = path.join(ROOT, assembly.filename);
    const buffer = fs.readFileSync(target);
    return JSON.parse((assembly.compression === 'gzip' ? gunzipSync(buffer) : buffer).toString('utf8'));
  }
  return assembly;
}

const SIDES = [
  {
    id: 'cluster-side',
    title: 'Cluster side (cdk8s)',
    blurb: 'cert-manager and its add-ons, issuers, certificates and alerts, rendered as Kubernetes manifests (src/k8s).',
    test: (f: string) => f.startsWith('src/k8s/'),
  },
  {
    id: 'outside-a-cluster',
    title: 'Outside a cluster (AcmeCertificate and its runtime)',
    blurb: 'AcmeCertificate: ACME issuance and renewal by a Lambda function into ACM and Secrets Manager, and its DNS providers (src/aws/acme-certificate, src/runtime).',
    test: (f: string) => f.startsWith('src/aws/acme-certificate/') || f.startsWith('src/runtime/'),
  },
  {
    id: 'aws-side',
    title: 'AWS side (aws-cdk-lib)',
    blurb: 'IAM roles for cert-manager and aws-privateca-issuer, AWS Private CA, and installation on EKS (src/aws).',
    test: (f: string) => f.startsWith('src/aws/'),
  },
  {
    id: 'shared-rules',
    title: 'Shared rules',
    blurb: 'Types both sides use (src/common).',
    test: (_: string) => true,
  },
];
const ORDER = ['cluster-side', 'aws-side', 'outside-a-cluster', 'shared-rules'];

const assembly = loadAssembly();
const types = Object.values(assembly.types);
const sideOf = (t: JsiiType) => SIDES.find(s => s.test(t.locationInModule?.filename ?? ''))!;

// Cut API.md into its head and one chunk per type: a chunk runs from its `### Name <a ... id="fqn">` heading to
// the next type heading or kind heading.
const text = fs.readFileSync(API_MD, 'utf8');
const lines = text.split('\n');
// `--list-only` prints the lists below without touching API.md.
const listOnly = process.argv.includes('--list-only');
let parts = 0;
if (!listOnly && (!/^# API Reference /.test(lines[0]) || text.includes('<!-- api-md: split by side -->'))) {
  console.error('build-tools/api-md.ts: API.md is not fresh jsii-docgen output; run `npx projen docgen`.');
  process.exit(1);
}
function fullSummary(docs?: Docs): string | undefined {
  if (!docs?.summary?.endsWith(';') || !docs.remarks) return docs?.summary;
  const firstParagraph = docs.remarks.split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  const sentence = /^.*?[.!?](?=\s|$)/.exec(firstParagraph)?.[0] ?? firstParagraph;
  return `${docs.summary} ${sentence}`;
}

function splitBySide(): void {
  const KINDS = ['Constructs', 'Structs', 'Classes', 'Protocols', 'Enums'];
  const KIND_TITLES: Record<string, string> = { Constructs: 'Constructs', Structs: 'Structs (props)', Classes: 'Classes', Protocols: 'Interfaces', Enums: 'Enums' };
  const chunks = new Map<string, { kind: string; lines: string[] }>();
  // Filled below from the lines between type headings.
  let kind = '';
  let current: string[] | undefined;
  for (const line of lines.slice(1)) {
    const kindHeading = /^## (\w+) <a /.exec(line);
    if (kindHeading) { kind = kindHeading[1]; current = undefined; continue; }
    const typeHeading = /^### \S+ <a name="[^"]*" id="([^"]+)"><\/a>/.exec(line);
    if (typeHeading) {
      current = [];
      chunks.set(typeHeading[1], { kind, lines: current });
    }
    current?.push(line);
  }

  const oneLine = (s?: string) => (s ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

  // jsii ends a summary at the first '.', '!', '?' or ';' followed by a space when the first paragraph has 20 words
  // or more, and moves the rest into the remarks: 'Namespace of the Certificate and its Secret;' then, as its own
  // paragraph, 'undefined when neither the props nor the chart set one.' For a summary cut at ';' the sentence is
  // put back together: in the tables it runs on to the end of the sentence, and below it the paragraph break goes.
  const allDocs = types.flatMap(t => [t.docs, ...[...(t.properties ?? []), ...(t.methods ?? []), ...(t.members ?? [])].map(m => m.docs),
    ...[...(t.methods ?? []), t.initializer ?? { name: '' }].flatMap(m => (m.parameters ?? []).map(p => p.docs))]);
  let body = lines.join('\n');
  for (const docs of allDocs) {
    const full = fullSummary(docs);
    if (!docs?.summary || full === docs.summary) continue;
    body = body.split(`| ${oneLine(docs.summary)} |`).join(`| ${oneLine(full)} |`);
    const remarksStart = docs.remarks!.split('\n')[0];
    body = body.split(`${docs.summary}\n\n${remarksStart}`).join(`${docs.summary} ${remarksStart}`);
  }
  for (const [fqn, chunk] of chunks) {
    const start = body.indexOf(`id="${fqn}"></a>`);
    if (start < 0) continue;
    const heading = body.lastIndexOf('\n###', start) + 1;
    const end = body.slice(start).search(/\n### \S+ <a name="[^"]*" id="[^"]+"><\/a>|\n## \w+ <a /);
    chunk.lines = body.slice(heading, end < 0 ? undefined : start + end).split('\n');
  }
  const out: string[] = [
    '# API Reference <a name="API Reference" id="api-reference"></a>',
    '',
    '<!-- api-md: split by side -->',
    'Generated by jsii-docgen from the doc comments in src/, then split by side by build-tools/api-md.ts.',
    '',
    '## Contents',
    '',
  ];
  const bySide = ORDER.map(id => SIDES.find(side => side.id === id)!).map(side => ({
    side,
    kinds: KINDS.map(k => ({
      kind: k,
      types: types.filter(t => sideOf(t) === side && chunks.get(t.fqn)?.kind === k).sort((a, b) => a.name.localeCompare(b.name)),
    })).filter(k => k.types.length > 0),
  })).filter(s => s.kinds.length > 0);
  for (const { side, kinds } of bySide) {
    out.push(`- [${side.title}](#${side.id})`);
    for (const { kind: k, types: ts } of kinds) {
      out.push(`  - ${KIND_TITLES[k]}: ${ts.map(t => `[${t.name}](#${t.fqn})`).join(', ')}`);
    }
  }
  for (const { side, kinds } of bySide) {
    out.push('', `# ${side.title} <a name="${side.id}" id="${side.id}"></a>`, '', side.blurb, '');
    for (const { kind: k, types: ts } of kinds) {
      out.push(`## ${side.title}: ${KIND_TITLES[k]} <a name="${side.id}-${k}" id="${side.id}-${k.toLowerCase()}"></a>`, '');
      out.push('| Name | Summary |', '| --- | --- |');
      for (const t of ts) out.push(`| [${t.name}](#${t.fqn}) | ${oneLine(fullSummary(t.docs))} |`);
      out.push('');
      for (const t of ts) out.push(...chunks.get(t.fqn)!.lines);
    }
  }
  const missing = [...chunks.keys()].filter(fqn => !types.some(t => t.fqn === fqn));
  if (missing.length > 0) {
    console.error(`build-tools/api-md.ts: API.md sections with no type in the assembly: ${missing.join(', ')}`);
    process.exit(1);
  }
  fs.writeFileSync(API_MD, `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`);
  parts = bySide.length;
}
if (!listOnly) splitBySide();

// Entries without a description, and summaries cut at ';' (jsii ends a summary at the first '.', '!', '?' or ';'
// followed by a space when the first paragraph is 20 words or more).
const undocumented = new Map<string, string[]>();
const cut = new Map<string, string[]>();
const note = (map: Map<string, string[]>, file: string, what: string) => map.set(file, [...(map.get(file) ?? []), what]);
for (const t of types) {
  const file = t.locationInModule?.filename ?? '?';
  const check = (what: string, docs?: Docs) => {
    if (!docs?.summary) note(undocumented, file, what);
    else if (fullSummary(docs) === docs.summary && docs.summary.endsWith(';')) note(cut, file, what);
  };
  check(t.name, t.docs);
  for (const p of t.properties ?? []) check(`${t.name}.${p.name}`, p.docs);
  for (const m of t.methods ?? []) {
    check(`${t.name}.${m.name}()`, m.docs);
    for (const p of m.parameters ?? []) check(`${t.name}.${m.name}(${p.name})`, p.docs);
  }
  for (const p of t.initializer?.parameters ?? []) if (p.name !== 'scope' && p.name !== 'id') check(`new ${t.name}(${p.name})`, p.docs);
  for (const m of t.members ?? []) check(`${t.name}.${m.name}`, m.docs);
}
const count = (map: Map<string, string[]>) => [...map.values()].reduce((n, v) => n + v.length, 0);
console.log(`API.md: ${types.length} types in ${parts || 'unchanged'} parts; ${count(undocumented)} entries without a description, ` +
  `${count(cut)} summaries cut at ';' with nothing to join${process.argv.some(a => a.startsWith('--list')) ? '' : ' (build-tools/api-md.ts --list-only names them)'}`);
if (process.argv.some(a => a.startsWith('--list'))) {
  for (const [title, map] of [['No description', undocumented], ["Summary cut at ';'", cut]] as const) {
    console.log(`\n${title}:`);
    for (const [file, whats] of [...map.entries()].sort()) console.log(`  ${file}: ${whats.join(', ')}`);
  }
}
