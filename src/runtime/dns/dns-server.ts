// DNS server addresses (`host`, `host:port`, `[v6]:port`) and one request/response exchange over TCP.
import * as net from 'node:net';

export interface DnsServer {
  readonly host: string;
  readonly port: number;
}

export function parseDnsServer(spec: string, defaultPort = 53): DnsServer {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (bracketed) return withPort(spec, bracketed[1], Number(bracketed[2] ?? defaultPort));
  if (net.isIP(spec) === 6) return { host: spec, port: defaultPort };
  const [host, port, extra] = spec.split(':');
  if (!host || extra !== undefined || (port !== undefined && !/^\d+$/.test(port))) {
    throw new Error(`'${spec}' is not a DNS server address; use HOST or HOST:PORT`);
  }
  return withPort(spec, host, port === undefined ? defaultPort : Number(port));
}

function withPort(spec: string, host: string, port: number): DnsServer {
  if (port < 1 || port > 65535) throw new Error(`'${spec}' has port ${port}; use a port from 1 to 65535`);
  return { host, port };
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
