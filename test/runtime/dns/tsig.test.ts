import { createHmac } from 'node:crypto';
import { encodeMessage, OPCODE, RR_CLASS, RR_TYPE } from '../../../src/runtime/dns/dns-wire';
import { signMessage } from '../../../src/runtime/dns/tsig';

const SECRET = Buffer.alloc(32, 7).toString('base64');
const message = () => encodeMessage({ id: 0x1234, opcode: OPCODE.UPDATE, questions: [{ name: 'example.com', type: RR_TYPE.SOA, class: RR_CLASS.IN }] });

describe('TSIG signing uses the shared algorithm names', () => {
  test.each([['hmac-sha256', 'sha256', 32], ['hmac-sha512', 'sha512', 64]] as const)('%s signs with %s', (algorithm, digest, size) => {
    const { signed, mac } = signMessage(message(), { name: 'k', algorithm, secret: SECRET }, 1_700_000_000_000);
    expect(mac.length).toBe(size);
    expect(signed.includes(Buffer.from(algorithm))).toBe(true); // the algorithm name on the wire
    expect(createHmac(digest, Buffer.from(SECRET, 'base64')).digest().length).toBe(size);
    expect(signed.readUInt16BE(10)).toBe(1); // ARCOUNT: the TSIG record
  });

  test.each(['HMACSHA256', 'hmac-md5', 'sha256'])("an algorithm the runtime cannot sign with (%p) fails naming it, not as 'Invalid digest'", algorithm => {
    expect(() => signMessage(message(), { name: 'k', algorithm: algorithm as any, secret: SECRET }))
      .toThrow(`TSIG algorithm '${algorithm}' is not hmac-sha256 or hmac-sha512`);
  });
});
