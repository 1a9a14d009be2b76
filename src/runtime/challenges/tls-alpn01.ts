// TLS-ALPN-01 (RFC 8737): the CA connects to NAME:443 offering only the `acme-tls/1` protocol, with NAME as SNI,
// and expects a self-signed certificate for NAME carrying the critical id-pe-acmeIdentifier extension
// (1.3.6.1.5.5.7.1.31) with the SHA-256 digest of the key authorization.
import * as net from 'node:net';
import * as tls from 'node:tls';
import { crypto as acmeCrypto } from 'acme-client';
import { ChallengeSolver, listenProblem, SolverChallenge } from './solver';

export const ACME_TLS_PROTOCOL = 'acme-tls/1';

export interface TlsAlpnOptions {
  /** Default 443, the port the CA connects to. */
  readonly port?: number;
  /** Address to bind; default every interface. */
  readonly host?: string;
}

/** Answers with the acme-tls/1 certificate of the SNI name, from a TLS server bound only while challenges are pending. */
export class TlsAlpnSolver implements ChallengeSolver {
  readonly type = 'tls-alpn-01';
  readonly name: string;
  private readonly port: number;
  private server?: tls.Server;
  private readonly contexts = new Map<string, tls.SecureContext>();
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly options: TlsAlpnOptions = {}) {
    this.port = options.port ?? 443;
    this.name = `TLS server (acme-tls/1) on port ${this.port}`;
  }

  async present(challenges: readonly SolverChallenge[]): Promise<void> {
    // One P-256 key for every name: quick to make, and the certificates live for this run only.
    const key = (await acmeCrypto.createPrivateEcdsaKey('P-256')).toString();
    for (const c of challenges) {
      const [, cert] = await acmeCrypto.createAlpnCertificate({ identifier: { type: 'dns', value: c.name } } as never, c.keyAuthorization, key);
      this.contexts.set(c.name.toLowerCase(), tls.createSecureContext({ key, cert: cert.toString() }));
    }
    if (this.server) return;
    const server = tls.createServer({
      ALPNProtocols: [ACME_TLS_PROTOCOL],
      SNICallback: (servername, done) => {
        const context = this.contexts.get(servername.toLowerCase().replace(/\.$/, ''));
        if (context) done(null, context);
        else done(new Error(`no acme-tls/1 certificate for ${servername}`));
      },
    });
    // A client that is not the CA (no SNI, another protocol) only gets its handshake refused.
    server.on('tlsClientError', () => undefined);
    server.on('secureConnection', socket => socket.end());
    server.on('connection', socket => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', e => reject(listenProblem(this.port, e, 'use --http-port or --webroot (HTTP-01)')));
      server.listen({ port: this.port, host: this.options.host }, () => resolve());
    });
    this.server = server;
  }

  async cleanUp(challenges: readonly SolverChallenge[]): Promise<string[]> {
    for (const c of challenges) this.contexts.delete(c.name.toLowerCase());
    const server = this.server;
    if (!server || this.contexts.size > 0) return [];
    this.server = undefined;
    const closed = new Promise<void>(resolve => server.close(() => resolve()));
    this.sockets.forEach(socket => socket.destroy());
    await closed;
    return [];
  }
}
