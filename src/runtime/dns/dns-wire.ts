// DNS messages in wire format (RFC 1035 section 4, UPDATE sections per RFC 2136 section 2).

export const RR_TYPE = { SOA: 6, TXT: 16, TSIG: 250 } as const;
export const RR_CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;
export const OPCODE = { QUERY: 0, UPDATE: 5 } as const;

// Header flag layout: QR(1) OPCODE(4) AA TC RD RA Z(3) RCODE(4); arithmetic, as the lint rules ban bitwise operators.
const OPCODE_SHIFT = 2 ** 11;
const AA_SHIFT = 2 ** 10;
const POINTER = 0xc0; // a length octet with both top bits set starts a compression pointer

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
export const rcodeName = (rcode: number) => RCODES[rcode] ?? `RCODE${rcode}`;
export const RCODE = { NOERROR: 0, NXDOMAIN: 3 } as const;

export interface Question {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

export interface ResourceRecord extends Question {
  readonly ttl: number;
  readonly rdata: Buffer;
}

/** For UPDATE, the sections are zone, prerequisite, update and additional (RFC 2136 section 2.2). */
export interface DnsMessage {
  readonly id: number;
  readonly opcode: number;
  readonly rcode?: number;
  /** Authoritative answer (responses only). */
  readonly authoritative?: boolean;
  readonly questions: readonly Question[];
  readonly answers?: readonly ResourceRecord[];
  readonly authority?: readonly ResourceRecord[];
  readonly additional?: readonly ResourceRecord[];
}

export interface DecodedMessage extends Required<DnsMessage> {
  /** Where the last additional record starts: TSIG verification signs the message up to there. */
  readonly lastAdditionalOffset?: number;
}

/** A name in wire format, uncompressed; lower-cased when `canonical` (TSIG's MAC input). */
export function encodeName(name: string, canonical = false): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(l => l.length > 0);
  const parts = labels.map(label => {
    const bytes = Buffer.from(canonical ? label.toLowerCase() : label, 'ascii');
    if (bytes.length > 63) throw new Error(`DNS label too long in ${name}`);
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  });
  return Buffer.concat([...parts, Buffer.from([0])]);
}

/** A big-endian 16-bit field. */
export const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };

export function encodeRecord(rr: ResourceRecord): Buffer {
  return Buffer.concat([encodeName(rr.name), u16(rr.type), u16(rr.class), u32(rr.ttl), u16(rr.rdata.length), rr.rdata]);
}

export function encodeMessage(message: DnsMessage): Buffer {
  const { answers = [], authority = [], additional = [] } = message;
  const flags = message.opcode * OPCODE_SHIFT;
  const header = Buffer.concat([u16(message.id), u16(flags), u16(message.questions.length), u16(answers.length),
    u16(authority.length), u16(additional.length)]);
  const questions = message.questions.map(q => Buffer.concat([encodeName(q.name), u16(q.type), u16(q.class)]));
  return Buffer.concat([header, ...questions, ...[...answers, ...authority, ...additional].map(encodeRecord)]);
}

/** TXT RDATA: the value as character-strings of at most 255 bytes. */
export function txtRdata(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const strings: Buffer[] = [];
  for (let i = 0; i === 0 || i < bytes.length; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    strings.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(strings);
}

/** Reads a possibly compressed name at `offset`; returns it (no trailing dot) and the offset after it. */
export function readName(buf: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let next = -1;
  for (let at = offset, jumps = 0; ;) {
    if (at >= buf.length) throw new Error('DNS: truncated name');
    const len = buf[at];
    if (len === 0) return { name: labels.join('.'), next: next < 0 ? at + 1 : next };
    if (len >= POINTER) {
      if (++jumps > 64) throw new Error('DNS: compression loop');
      if (next < 0) next = at + 2;
      at = buf.readUInt16BE(at) - POINTER * 256;
      continue;
    }
    labels.push(buf.toString('ascii', at + 1, at + 1 + len));
    at += 1 + len;
  }
}

export function decodeMessage(buf: Buffer): DecodedMessage {
  if (buf.length < 12) throw new Error('DNS: message shorter than its header');
  const flags = buf.readUInt16BE(2);
  const counts = [4, 6, 8, 10].map(o => buf.readUInt16BE(o));
  let offset = 12;
  const questions: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const { name, next } = readName(buf, offset);
    questions.push({ name, type: buf.readUInt16BE(next), class: buf.readUInt16BE(next + 2) });
    offset = next + 4;
  }
  let lastAdditionalOffset: number | undefined;
  const sections = counts.slice(1).map((count, section) => {
    const records: ResourceRecord[] = [];
    for (let i = 0; i < count; i++) {
      if (section === 2) lastAdditionalOffset = offset;
      const { name, next } = readName(buf, offset);
      const rdlength = buf.readUInt16BE(next + 8);
      if (next + 10 + rdlength > buf.length) throw new Error('DNS: truncated record');
      records.push({
        name,
        type: buf.readUInt16BE(next),
        class: buf.readUInt16BE(next + 2),
        ttl: buf.readUInt32BE(next + 4),
        rdata: buf.subarray(next + 10, next + 10 + rdlength),
      });
      offset = next + 10 + rdlength;
    }
    return records;
  });
  return {
    id: buf.readUInt16BE(0),
    opcode: Math.floor(flags / OPCODE_SHIFT) % 16,
    rcode: flags % 16,
    authoritative: Math.floor(flags / AA_SHIFT) % 2 === 1,
    questions,
    answers: sections[0],
    authority: sections[1],
    additional: sections[2],
    lastAdditionalOffset,
  };
}
