// A UDP DNS server that answers TXT queries from a set of values: a stand-in "authoritative server" that the
// ACME CA does not consult, for making the CA's validation fail on purpose.
import * as dgram from 'node:dgram';
import { decodeMessage, encodeMessage, RR_CLASS, RR_TYPE, txtRdata } from '../../../src/runtime/dns/dns-wire';
import { DnsProvider, TxtRecord } from '../../../src/runtime/types';

export interface FakeTxtServer {
  readonly provider: DnsProvider;
  readonly records: TxtRecord[];
  close(): Promise<void>;
}

export async function startFakeTxtServer(): Promise<FakeTxtServer> {
  const records: TxtRecord[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, from) => {
    const { id, questions } = decodeMessage(query);
    const answers = records.filter(r => r.fqdn === questions[0].name)
      .map(r => ({ name: r.fqdn, type: RR_TYPE.TXT, class: RR_CLASS.IN, ttl: 0, rdata: txtRdata(r.value) }));
    const response = encodeMessage({ id, opcode: 0, questions, answers });
    response[2] += 0x84; // QR and AA
    socket.send(response, from.port, from.address);
  });
  await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${socket.address().port}`;
  return {
    records,
    provider: {
      name: 'fake',
      publish: async published => { records.push(...published); },
      remove: async removed => {
        const keep = records.filter(r => !removed.some(x => x.fqdn === r.fqdn && x.value === r.value));
        records.splice(0, records.length, ...keep);
      },
      authoritativeServers: async () => [address],
    },
    close: () => new Promise(resolve => socket.close(() => resolve())),
  };
}
