// What the Go standard library (and the two Go modules cert-manager's webhook leans on) accept, ported as plain
// predicates: the webhook calls these, so "valid" here means "valid to that Go code", not to an RFC.
import * as net from 'node:net';
import { parseGoDuration } from '../../../common/duration';

/** Go's `net.ParseIP`: dotted IPv4 without leading zeros, or IPv6 (embedded IPv4 allowed) with no zone and no brackets. */
export function goParseIP(s: string): boolean {
  // Node's parser accepts a zone (`fe80::1%eth0`); Go's ParseIP does not (zones belong to net.IPAddr).
  return typeof s === 'string' && !s.includes('%') && net.isIP(s) !== 0;
}

// net/mail's atext: any visible character (multibyte included) except RFC 5322 specials; `.` only inside dot-atoms.
const ATEXT = /^[^\s()<>[\]:;@\\,".\u0000-\u001f\u007f]$/u;

function isDotAtom(atom: string): boolean {
  if (atom === '' || atom.startsWith('.') || atom.endsWith('.') || atom.includes('..')) return false;
  return [...atom].every(c => c === '.' || ATEXT.test(c));
}

/**
 * Whether Go's `mail.ParseAddress(s)` succeeds and gives back exactly `s` as the address (the webhook's check in
 * `validateEmailAddresses`): a dot-atom local part, `@`, a dot-atom domain or a `[domain literal]`. Display names
 * (`Ops <ops@example.com>`), `mailto:`, comments, surrounding spaces and quoted local parts (net/mail returns them
 * unquoted, so never equal) all fail.
 */
export function isGoBareMailAddress(s: string): boolean {
  if (typeof s !== 'string') return false;
  const at = s.lastIndexOf('@');
  if (at <= 0) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (!isDotAtom(local)) return false;
  if (domain.startsWith('[')) return /^\[[\x21-\x5a\x5e-\x7e]*\]$/.test(domain);
  return isDotAtom(domain);
}

/** Go's `net.SplitHostPort`, with its error texts. */
export function goSplitHostPort(hostport: string): { host: string; port: string } | { error: string } {
  const missingPort = 'missing port in address';
  const tooManyColons = 'too many colons in address';
  const i = hostport.lastIndexOf(':');
  if (i < 0) return { error: missingPort };
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return { error: "missing ']' in address" };
    if (end + 1 === hostport.length) return { error: missingPort };
    if (end + 1 !== i) return { error: hostport[end + 1] === ':' ? tooManyColons : missingPort };
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return { error: tooManyColons };
  }
  if (hostport.slice(j).includes('[')) return { error: "unexpected '[' in address" };
  if (hostport.slice(k).includes(']')) return { error: "unexpected ']' in address" };
  return { host, port: hostport.slice(i + 1) };
}

/**
 * Go's `time.LoadLocation` on an IANA name: `''`, `UTC` and `Local` always load; other names must be in the time
 * zone database (checked through the ICU one Node carries) and spelled with its case (Go reads case-sensitive files).
 */
export function goLoadLocation(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  if (name.split('/').some(seg => !/^[A-Z]/.test(seg)) || name.includes('..')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// robfig/cron/v3 `NewParser(Minute | Hour | Dom | Month | Dow | Descriptor)`, the parser `utilpkg.CronParse` builds.
interface CronBounds { readonly min: number; readonly max: number; readonly names?: Record<string, number> }
const MONTHS = Object.fromEntries(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((n, i) => [n, i + 1]));
const DAYS = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((n, i) => [n, i]));
const CRON_FIELDS: readonly CronBounds[] = [
  { min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 }, { min: 1, max: 12, names: MONTHS }, { min: 0, max: 6, names: DAYS },
];
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Go's `strconv.Atoi` on a decimal string. */
function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

function cronInt(expr: string): number | string {
  const n = atoi(expr);
  if (n === undefined) return `failed to parse int from ${expr}`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

function cronRange(expr: string, r: CronBounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  const intOrName = (s: string) => r.names?.[s.toLowerCase()] ?? cronInt(s);
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = intOrName(lowAndHigh[0]);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) {
      end = start;
    } else if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1]);
      if (typeof e === 'string') return e;
      end = e;
    } else {
      return `too many hyphens: ${expr}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = cronInt(rangeAndStep[1]);
    if (typeof st === 'string') return st;
    step = st;
    if (single) end = r.max;
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** The error robfig/cron's parser gives `spec` (with `CRON_TZ=<timeZone>` in front when a zone is set), or undefined. */
export function cronProblem(spec: string, timeZone = ''): string | undefined {
  if (typeof spec !== 'string' || spec.length === 0) return 'empty spec string';
  if (timeZone !== '' && !goLoadLocation(timeZone)) return `provided bad location ${timeZone}`;
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    const zone = rest.slice(rest.indexOf('=') + 1, space < 0 ? undefined : space);
    if (space < 0 || !goLoadLocation(zone)) return `provided bad location ${zone}`;
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@')) {
    if (DESCRIPTORS.includes(rest)) return undefined;
    if (rest.startsWith('@every ')) {
      return parseGoDuration(rest.slice('@every '.length)) === undefined ? `failed to parse duration ${rest}` : undefined;
    }
    return `unrecognized descriptor: ${rest}`;
  }
  const fields = rest.split(/\s+/).filter(f => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    for (const expr of fields[i].split(',').filter(e => e !== '')) {
      const problem = cronRange(expr, CRON_FIELDS[i]);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Go's `utf8.ValidString` on a JavaScript string: no unpaired surrogates. */
export function isValidUtf8(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** Go's `len(s)`: bytes of UTF-8, not characters. */
export function goLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
