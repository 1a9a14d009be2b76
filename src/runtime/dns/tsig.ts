// TSIG (RFC 8945): HMAC-signing DNS requests and verifying the server's signed responses.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeMessage, encodeName, encodeRecord, readName, RR_CLASS, RR_TYPE, u16 } from './dns-wire';
import { TSIG_WIRE_NAMES, tsigDigest, TsigWireName } from '../../common/tsig';

export interface TsigKey {
  readonly name: string;
  /** The wire name (`hmac-sha256`); `TsigAlgorithm` in src/common/tsig.ts maps the public enum to it. */
  readonly algorithm: TsigWireName;
  /** Base64, as in BIND's `key` statement. */
  readonly secret: string;
}

interface TsigFields {
  readonly algorithm: string;
  readonly timeSigned: number;
  readonly fudge: number;
  readonly mac: Buffer;
  readonly originalId: number;
  readonly error: number;
  readonly other: Buffer;
}

const FUDGE_SECONDS = 300;
const TSIG_ERRORS: Record<number, string> = { 16: 'BADSIG', 17: 'BADKEY', 18: 'BADTIME', 22: 'BADTRUNC' };

const u48 = (n: number) => { const b = Buffer.alloc(6); b.writeUIntBE(n, 0, 6); return b; };

/** The TSIG variables that follow the message in the MAC input (RFC 8945 section 4.3.3). */
function tsigVariables(keyName: string, f: TsigFields): Buffer {
  return Buffer.concat([encodeName(keyName, true), u16(RR_CLASS.ANY), Buffer.alloc(4), encodeName(f.algorithm, true),
    u48(f.timeSigned), u16(f.fudge), u16(f.error), u16(f.other.length), f.other]);
}

function hmac(key: TsigKey, parts: Buffer[]): Buffer {
  // A key read from configuration is only typed; an unknown name must not reach createHmac ("Invalid digest").
  if (!TSIG_WIRE_NAMES.includes(key.algorithm)) {
    throw new Error(`TSIG algorithm '${key.algorithm}' is not ${TSIG_WIRE_NAMES.join(' or ')}`);
  }
  const h = createHmac(tsigDigest(key.algorithm), Buffer.from(key.secret, 'base64'));
  parts.forEach(p => h.update(p));
  return h.digest();
}

function encodeRdata(f: TsigFields): Buffer {
  return Buffer.concat([encodeName(f.algorithm), u48(f.timeSigned), u16(f.fudge), u16(f.mac.length), f.mac,
    u16(f.originalId), u16(f.error), u16(f.other.length), f.other]);
}

function decodeRdata(rdata: Buffer): TsigFields {
  const { name: algorithm, next } = readName(rdata, 0);
  const macSize = rdata.readUInt16BE(next + 8);
  const after = next + 10 + macSize;
  return {
    algorithm,
    timeSigned: rdata.readUIntBE(next, 6),
    fudge: rdata.readUInt16BE(next + 6),
    mac: rdata.subarray(next + 10, after),
    originalId: rdata.readUInt16BE(after),
    error: rdata.readUInt16BE(after + 2),
    other: rdata.subarray(after + 6, after + 6 + rdata.readUInt16BE(after + 4)),
  };
}

/** Appends a TSIG record to `message`; the returned MAC is needed to verify the response. */
export function signMessage(message: Buffer, key: TsigKey, now = Date.now()): { signed: Buffer; mac: Buffer } {
  const fields = {
    algorithm: key.algorithm,
    timeSigned: Math.floor(now / 1000),
    fudge: FUDGE_SECONDS,
    originalId: message.readUInt16BE(0),
    error: 0,
    other: Buffer.alloc(0),
  };
  const mac = hmac(key, [message, tsigVariables(key.name, { ...fields, mac: Buffer.alloc(0) })]);
  const record = encodeRecord({ name: key.name, type: RR_TYPE.TSIG, class: RR_CLASS.ANY, ttl: 0, rdata: encodeRdata({ ...fields, mac }) });
  const signed = Buffer.concat([message, record]);
  signed.writeUInt16BE(signed.readUInt16BE(10) + 1, 10);
  return { signed, mac };
}

/** Throws unless `response` carries a valid TSIG from `key` covering `requestMac`, signed within the fudge. */
export function verifyResponse(response: Buffer, key: TsigKey, requestMac: Buffer, now = Date.now()): void {
  const decoded = decodeMessage(response);
  const record = decoded.additional[decoded.additional.length - 1];
  if (!record || record.type !== RR_TYPE.TSIG || decoded.lastAdditionalOffset === undefined) {
    throw new Error('the response is not signed (no TSIG record)');
  }
  const fields = decodeRdata(record.rdata);
  if (fields.error !== 0) throw new Error(`the server rejected our TSIG signature (${TSIG_ERRORS[fields.error] ?? fields.error})`);
  if (record.name.toLowerCase() !== key.name.toLowerCase().replace(/\.$/, '')) {
    throw new Error(`the response is signed with another key (${record.name})`);
  }
  // The MAC covers the message as it was before the TSIG record was added, with its original ID.
  const unsigned = Buffer.from(response.subarray(0, decoded.lastAdditionalOffset));
  unsigned.writeUInt16BE(fields.originalId, 0);
  unsigned.writeUInt16BE(decoded.additional.length - 1, 10);
  const expected = hmac(key, [u16(requestMac.length), requestMac, unsigned, tsigVariables(record.name, fields)]);
  if (fields.mac.length !== expected.length || !timingSafeEqual(fields.mac, expected)) {
    throw new Error('the response TSIG signature does not verify');
  }
  if (Math.abs(Math.floor(now / 1000) - fields.timeSigned) > fields.fudge) throw new Error('the response TSIG time is outside the fudge');
}
