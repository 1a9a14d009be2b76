// An RFC 4514 distinguished name read the way cert-manager's `pki.UnmarshalSubjectStringToRDNSequence` reads a
// Certificate's `literalSubject`: go-ldap v3.4.13's `ldap.ParseDN`, then each attribute type looked up (case-sensitively)
// among cert-manager's short names, else read as a dotted OID, else left without a type (which the webhook refuses).

export interface DnAttribute {
  /** The type as written (`CN`, `2.5.4.3`, ...). */
  readonly type: string;
  /** Its OID, or undefined when the type is neither a known short name nor an OID. */
  readonly oid?: readonly number[];
  readonly value: string;
}

/** `pki.OIDConstants.CommonName`. */
export const OID_COMMON_NAME = [2, 5, 4, 3];

// `attributeTypeNames` in cert-manager's pkg/util/pki/subject.go.
const ATTRIBUTE_TYPES: Record<string, number[]> = {
  C: [2, 5, 4, 6],
  O: [2, 5, 4, 10],
  OU: [2, 5, 4, 11],
  CN: OID_COMMON_NAME,
  SERIALNUMBER: [2, 5, 4, 5],
  L: [2, 5, 4, 7],
  ST: [2, 5, 4, 8],
  STREET: [2, 5, 4, 9],
  DC: [0, 9, 2342, 19200300, 100, 1, 25],
  UID: [0, 9, 2342, 19200300, 100, 1, 1],
};

/** `pki.ParseObjectIdentifier`: dot-separated `strconv.Atoi` parts. */
export function parseObjectIdentifier(oid: string): number[] | undefined {
  if (typeof oid !== 'string' || oid.length === 0) return undefined;
  const parts = oid.split('.');
  if (!parts.every(p => /^[+-]?[0-9]+$/.test(p))) return undefined;
  return parts.map(Number);
}

class DnError extends Error {}

// go-ldap's `stripLeadingAndTrailingSpaces`: an escaped trailing space stays.
function strip(value: string): string {
  const trimmed = value.replace(/^ +| +$/g, '');
  return trimmed.endsWith('\\') && value.endsWith(' ') ? `${trimmed} ` : trimmed;
}

const ESCAPABLE = ' "#+,;<=>\\';

// go-ldap's `decodeString`: `\` + special character, or `\` + two hex digits (raw bytes, so UTF-8 can be escaped).
function decodeString(raw: string): string {
  const s = strip(raw);
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    if (i + 1 >= s.length) throw new DnError(`got corrupted escaped character: '${s}'`);
    if (ESCAPABLE.includes(s[i + 1])) {
      bytes.push(s.charCodeAt(i + 1));
      i++;
      continue;
    }
    const hex = s.slice(i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new DnError(`failed to decode escaped character: encoding/hex: invalid byte: ${hex}`);
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(bytes).toString('utf8');
}

// go-ldap's `decodeEncodedString`: `#` + hex of one BER element, whose content becomes the value.
function decodeBer(hex: string): string {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new DnError('failed to decode BER encoding: encoding/hex: invalid byte');
  const der = Buffer.from(hex, 'hex');
  if (der.length < 2) throw new DnError('failed to decode BER encoding: unexpected EOF');
  let length = der[1];
  let offset = 2;
  if (length >= 0x80) {
    const n = length - 0x80;
    if (n === 0 || n > 4 || der.length < 2 + n) throw new DnError('failed to decode BER encoding: invalid length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[2 + i];
    offset += n;
  }
  if (der.length < offset + length) throw new DnError('failed to decode BER encoding: unexpected EOF');
  return der.subarray(offset, offset + length).toString('latin1');
}

/** `ldap.ParseDN` (go-ldap v3.4.13): the RDNs in written order, or the error text it gives. */
export function parseDn(dn: string): { rdns: DnAttribute[][] } | { error: string } {
  const rdns: DnAttribute[][] = [];
  if (dn.trim() === '') return { rdns };
  try {
    let rdn: DnAttribute[] = [];
    let type = '';
    let escaping = false;
    let start = 0;
    const push = (value: string, end: boolean) => {
      rdn.push(attribute(type, value));
      type = '';
      if (end) {
        rdns.push(rdn);
        rdn = [];
      }
    };
    const valueOf = (raw: string) => (raw.length > 0 && raw[0] === '#' ? decodeBer(raw.slice(1)) : decodeString(raw));
    for (let i = 0; i < dn.length; i++) {
      const c = dn[i];
      if (escaping) {
        escaping = false;
      } else if (c === '\\') {
        escaping = true;
      } else if (c === '=' && type.length === 0) {
        type = decodeString(dn.slice(start, i));
        start = i + 1;
      } else if (c === ',' || c === '+' || c === ';') {
        if (type.length === 0) return { error: 'incomplete type, value pair' };
        push(valueOf(dn.slice(start, i)), c !== '+');
        start = i + 1;
      }
    }
    if (type.length === 0) return { error: 'DN ended with incomplete type, value pair' };
    push(valueOf(dn.slice(start)), true);
    return { rdns };
  } catch (e) {
    if (e instanceof DnError) return { error: e.message };
    throw e;
  }
}

function attribute(type: string, value: string): DnAttribute {
  return { type, oid: ATTRIBUTE_TYPES[type] ?? parseObjectIdentifier(type), value };
}

export function sameOid(a: readonly number[] | undefined, b: readonly number[]): boolean {
  return a !== undefined && a.length === b.length && a.every((n, i) => n === b[i]);
}
