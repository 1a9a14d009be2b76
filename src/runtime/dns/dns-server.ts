// DNS server addresses (`host`, `host:port`, `[v6]:port`) and one request/response exchange over TCP.
import * as net from 'node:net';
import { parseHostPort } from '../../common/host-port';

export interface DnsServer {
  readonly host: string;
  readonly port: number;
}

/** `host`, `host:port`, `[v6]:port` or a bare IPv6 address, by the rule src/common/host-port.ts holds for every part. */
export function parseDnsServer(spec: string, defaultPort = 53): DnsServer {
  const parsed = parseHostPort(spec, defaultPort);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return { host: parsed.host, port: parsed.port };
}

export function formatDnsServer(server: DnsServer): string {
  return net.isIP(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/** Sends one message over TCP (two-byte length prefix, RFC 1035 section 4.2.2) and returns the response. */
export function exchangeTcp(server: DnsServer, message: Buffer, timeoutMs = 5_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, server.host);
    let received = Buffer.alloc(0);
    const fail = (e: Error & { code?: string }) => {
      socket.destroy();
      reject(new Error(`DNS server ${formatDnsServer(server)}: ${e.code ?? e.message}`));
    };
    socket.setTimeout(timeoutMs, () => fail(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    socket.on('error', fail);
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(message.length);
    socket.on('connect', () => socket.write(Buffer.concat([prefix, message])));
    socket.on('data', chunk => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        socket.end();
        resolve(received.subarray(2, 2 + received.readUInt16BE(0)));
      }
    });
    socket.on('end', () => fail(new Error('connection closed before a complete response')));
  });
}
