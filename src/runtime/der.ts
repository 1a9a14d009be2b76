// Just enough DER reading to pick fields out of an X.509 certificate (tags below 31, definite lengths).

export interface Tlv {
  readonly tag: number;
  readonly contentStart: number;
  readonly end: number;
}

export function readTlv(der: Uint8Array, offset: number): Tlv {
  if (offset + 2 > der.length) throw new Error('DER: truncated header');
  const tag = der[offset];
  let length = der[offset + 1];
  let contentStart = offset + 2;
  if (length >= 0x80) { // long form: the low 7 bits count the length octets
    const octets = length - 0x80;
    if (octets === 0 || octets > 4 || contentStart + octets > der.length) throw new Error('DER: unsupported length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[contentStart + i];
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('DER: truncated content');
  return { tag, contentStart, end };
}

/** The elements inside a constructed TLV (SEQUENCE, SET, explicit tag). */
export function childrenOf(der: Uint8Array, parent: Tlv): Tlv[] {
  const children: Tlv[] = [];
  for (let offset = parent.contentStart; offset < parent.end;) {
    const child = readTlv(der, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

export function contentOf(der: Uint8Array, tlv: Tlv): Buffer {
  return Buffer.from(der.subarray(tlv.contentStart, tlv.end));
}
