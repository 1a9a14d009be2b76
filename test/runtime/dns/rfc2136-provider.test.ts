import * as net from 'node:net';
import { DnsError, maybePublished } from '../../../src/runtime/dns/dns-errors';
import { exchangeTcp } from '../../../src/runtime/dns/dns-server';
import { encodeMessage, OPCODE, RR_CLASS, RR_TYPE } from '../../../src/runtime/dns/dns-wire';
import { Rfc2136DnsProvider } from '../../../src/runtime/dns/rfc2136-provider';
import { signMessage, verifyResponse } from '../../../src/runtime/dns/tsig';
import { AcmeServers, describeWithAcmeServers, startAcmeServers } from '../../support/acme-servers';

describeWithAcmeServers('RFC 2136 provider against BIND9', () => {
  let servers: AcmeServers;
  let server: string;
  beforeAll(async () => {
    servers = await startAcmeServers();
    server = `${servers.dnsServer.host}:${servers.dnsServer.port}`;
  }, 30_000);
  afterAll(() => servers?.stop());

  test.each(['tsig', 'tsig512'] as const)('publishes an RRset with two values and removes them (%s)', async key => {
    const dns = new Rfc2136DnsProvider({ server, tsig: servers[key] });
    const fqdn = `_acme-challenge.${key}.${servers.zone}`;
    const records = [{ fqdn, value: 'first-value' }, { fqdn, value: 'second-value' }];
    await dns.publish(records);
    expect((await servers.txtRecords(fqdn)).sort()).toEqual(['first-value', 'second-value']);
    await dns.remove([records[0]]);
    expect(await servers.txtRecords(fqdn)).toEqual(['second-value']);
    await dns.remove(records); // one of them is already gone
    expect(await servers.txtRecords(fqdn)).toEqual([]);
  });

  test('uses the given zone and reports the server as authoritative', async () => {
    const dns = new Rfc2136DnsProvider({ server, tsig: servers.tsig, zone: `${servers.zone}.` });
    const fqdn = `_acme-challenge.deep.sub.${servers.zone}`;
    await dns.publish([{ fqdn, value: 'v' }]);
    expect(await servers.txtRecords(fqdn)).toEqual(['v']);
    await dns.remove([{ fqdn, value: 'v' }]);
    expect(await servers.txtRecords(fqdn)).toEqual([]);
    expect(await dns.authoritativeServers()).toEqual([server]);
  });

  test('a name outside the served zones fails to publish and is skipped on removal', async () => {
    const dns = new Rfc2136DnsProvider({ server, tsig: servers.tsig });
    const outside = { fqdn: '_acme-challenge.www.example.org', value: 'v' };
    await expect(dns.publish([outside])).rejects.toThrow(
      `_acme-challenge.www.example.org: not in any zone DNS server ${server} manages`);
    await expect(dns.remove([outside])).resolves.toBeUndefined();
  });

  test('a wrong secret is rejected with the TSIG error', async () => {
    const dns = new Rfc2136DnsProvider({ server, tsig: { ...servers.tsig, secret: Buffer.alloc(32, 1).toString('base64') }, zone: servers.zone });
    await expect(dns.publish([{ fqdn: `_acme-challenge.x.${servers.zone}`, value: 'v' }]))
      .rejects.toThrow(/key certkit-key\): the server rejected our TSIG signature \(BADSIG\), NOTAUTH/);
  });

  test('an unknown key is rejected with the TSIG error', async () => {
    const dns = new Rfc2136DnsProvider({ server, tsig: { ...servers.tsig, name: 'nobody' }, zone: servers.zone });
    await expect(dns.publish([{ fqdn: `_acme-challenge.x.${servers.zone}`, value: 'v' }])).rejects.toThrow(/BADKEY/);
  });

  test.each([
    ['a wrong secret', { secret: Buffer.alloc(32, 1).toString('base64') }, undefined, /\(BADSIG\), NOTAUTH$/],
    ['an unknown key', { name: 'nobody' }, undefined, /\(BADKEY\), NOTAUTH$/],
    ['a wrong secret, zone given (no SOA lookup)', { secret: Buffer.alloc(32, 1).toString('base64') }, 'certkit.test', /\(BADSIG\), NOTAUTH$/],
    ['a zone the server is not authoritative for', {}, 'other.test', /refused the update of zone other\.test: NOTAUTH$/],
  ])('%s: a permanent error that published nothing', async (_, key, zone, message) => {
    const dns = new Rfc2136DnsProvider({ server, tsig: { ...servers.tsig, ...key }, zone });
    const records = [{ fqdn: `_acme-challenge.x.${zone ?? servers.zone}`, value: 'v' }];
    const error = await dns.publish(records).catch(e => e);
    expect(error).toBeInstanceOf(DnsError);
    expect(error.message).toMatch(message);
    expect(error.permanent).toBe(true);
    expect(maybePublished(error, records)).toEqual([]);
  });

  test('an unreachable server fails with its address', async () => {
    await servers.stopBind();
    try {
      const dns = new Rfc2136DnsProvider({ server, tsig: servers.tsig, zone: servers.zone });
      const error = await dns.publish([{ fqdn: `_acme-challenge.x.${servers.zone}`, value: 'v' }]).catch(e => e);
      expect(error.message).toBe(`DNS server ${server}: ECONNREFUSED`);
      expect(error.permanent).toBe(false); // worth retrying
    } finally {
      await servers.startBind();
    }
  });

  test('TSIG: BIND\'s signed answer verifies; a changed byte, another request MAC, a stale clock or another key do not', async () => {
    const query = encodeMessage({ id: 7, opcode: OPCODE.QUERY, questions: [{ name: servers.zone, type: RR_TYPE.SOA, class: RR_CLASS.IN }] });
    const { signed, mac } = signMessage(query, servers.tsig512);
    const response = await exchangeTcp(servers.dnsServer, signed);
    expect(() => verifyResponse(response, servers.tsig512, mac)).not.toThrow();

    const tampered = Buffer.from(response);
    tampered[13] = tampered[13] === 0x61 ? 0x62 : 0x61; // a letter of the question name
    expect(() => verifyResponse(tampered, servers.tsig512, mac)).toThrow('the response TSIG signature does not verify');
    expect(() => verifyResponse(response, servers.tsig512, Buffer.alloc(mac.length))).toThrow('does not verify');
    expect(() => verifyResponse(response, servers.tsig512, mac, Date.now() + 3_600_000)).toThrow('outside the fudge');
    expect(() => verifyResponse(response, servers.tsig, mac)).toThrow('the response is signed with another key (certkit-key-512)');
    expect(() => verifyResponse(query, servers.tsig, mac)).toThrow('the response is not signed');
  });
});

test('a server that answers REFUSED (unsigned, as servers refusing a key often do): permanent, nothing published', async () => {
  // A stand-in primary: every request gets its own header back with QR set and RCODE 5 (REFUSED), nothing else.
  const server = net.createServer(socket => socket.on('data', data => {
    const request = data.subarray(2, 2 + data.readUInt16BE(0));
    const response = Buffer.alloc(12);
    request.copy(response, 0, 0, 2);
    response.writeUInt16BE(0x8000 + (request.readUInt16BE(2) % 0x8000) - (request.readUInt16BE(2) % 16) + 5, 2);
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(response.length);
    socket.end(Buffer.concat([prefix, response]));
  }));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  try {
    const dns = new Rfc2136DnsProvider({ server: address, tsig: { name: 'k', algorithm: 'hmac-sha256', secret: 'c2VjcmV0' }, zone: 'example.com' });
    const records = [{ fqdn: '_acme-challenge.example.com', value: 'v' }];
    const error = await dns.publish(records).catch(e => e);
    expect(error.message).toBe(`DNS server ${address} (key k): the response is not signed (no TSIG record), REFUSED`);
    expect(error.permanent).toBe(true);
    expect(maybePublished(error, records)).toEqual([]);
  } finally {
    server.close();
  }
});
