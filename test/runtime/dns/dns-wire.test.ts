import { decodeMessage, encodeMessage, encodeName, OPCODE, readName, RR_CLASS, RR_TYPE, txtRdata } from '../../../src/runtime/dns/dns-wire';

test('names: length-prefixed labels ending in the root, lower-cased only in canonical form', () => {
  expect(encodeName('Ab.example.')).toEqual(Buffer.from('\x02Ab\x07example\x00', 'latin1'));
  expect(encodeName('Ab.example', true)).toEqual(Buffer.from('\x02ab\x07example\x00', 'latin1'));
  expect(encodeName('.')).toEqual(Buffer.from([0]));
  expect(() => encodeName(`${'a'.repeat(64)}.example`)).toThrow(/label too long/);
});

test('TXT values are split into character-strings of at most 255 bytes', () => {
  const rdata = txtRdata('x'.repeat(300));
  expect(rdata[0]).toBe(255);
  expect(rdata[256]).toBe(45);
  expect(rdata.length).toBe(302);
  expect(txtRdata('')).toEqual(Buffer.from([0]));
});

test('an UPDATE survives encoding and decoding', () => {
  const message = {
    id: 4242,
    opcode: OPCODE.UPDATE,
    questions: [{ name: 'example.com', type: RR_TYPE.SOA, class: RR_CLASS.IN }],
    authority: [
      { name: '_acme-challenge.example.com', type: RR_TYPE.TXT, class: RR_CLASS.IN, ttl: 60, rdata: txtRdata('one') },
      { name: '_acme-challenge.example.com', type: RR_TYPE.TXT, class: RR_CLASS.NONE, ttl: 0, rdata: txtRdata('two') },
    ],
  };
  const decoded = decodeMessage(encodeMessage(message));
  expect(decoded).toMatchObject({ ...message, answers: [], additional: [], rcode: 0, authoritative: false });
});

test('compressed names are followed; loops and truncation are refused', () => {
  // Header, question "a.example", answer named by a pointer to offset 12.
  const question = Buffer.concat([encodeName('a.example'), Buffer.from([0, 16, 0, 1])]);
  const answer = Buffer.concat([Buffer.from([0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 2, 1, 0x78])]);
  const header = Buffer.from([0, 1, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
  const decoded = decodeMessage(Buffer.concat([header, question, answer]));
  expect(decoded.answers[0]).toMatchObject({ name: 'a.example', type: 16, ttl: 60 });
  expect(decoded.authoritative).toBe(true);
  expect(() => readName(Buffer.from([0xc0, 0]), 0)).toThrow(/compression loop/);
  expect(() => decodeMessage(Buffer.concat([header, question, answer.subarray(0, 12)]))).toThrow(/truncated/);
  expect(() => decodeMessage(Buffer.alloc(5))).toThrow(/shorter than its header/);
});
