// Test harness: a Pebble ACME server and a BIND9 primary for a test zone, on loopback with free ports.
// Pebble validates DNS-01 against this BIND; BIND accepts dynamic updates signed with the TSIG keys below.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import { promises as dns } from 'node:dns';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const PEBBLE = '/usr/bin/pebble';
const NAMED = '/usr/sbin/named';
const ZONE = 'certkit.test';

export interface TsigKey {
  readonly name: string;
  readonly algorithm: 'hmac-sha256' | 'hmac-sha512';
  /** Base64 secret. */
  readonly secret: string;
}

export interface AcmeServersOptions {
  /** PEBBLE_WFE_NONCEREJECT: percentage of good nonces Pebble rejects with badNonce (default 0). */
  readonly nonceReject?: number;
  /** PEBBLE_AUTHZREUSE: percentage of orders that reuse a valid authorization (default 0). */
  readonly authzReuse?: number;
  /** External Account Binding keys (kid to base64url HMAC key); when given, Pebble requires EAB. */
  readonly eabKeys?: Record<string, string>;
  /**
   * Serve `127.0.0.1` for the zone's apex and every name under it (`* IN A`), so Pebble's VA reaches HTTP-01 and
   * TLS-ALPN-01 responders on loopback (at `httpPort` / `tlsPort`). Default false: DNS-01 tests see the bare zone.
   */
  readonly loopbackAddresses?: boolean;
}

/** What Pebble's management interface says about a certificate (`/cert-status-by-serial/<hex serial>`). */
export interface PebbleCertStatus {
  /** `Valid` or `Revoked`. */
  readonly Status: string;
  readonly Serial?: string;
  readonly Reason?: number;
  readonly RevokedAt?: string;
}

export interface AcmeServers {
  readonly directoryUrl: string;
  /** Trust anchor for Pebble's HTTPS listeners (its self-signed TLS certificate). */
  readonly caBundlePem: string;
  /** The zone BIND serves, e.g. `certkit.test`. */
  readonly zone: string;
  readonly dnsServer: { readonly host: string; readonly port: number };
  /** TSIG key allowed to update the zone (hmac-sha256). */
  readonly tsig: TsigKey;
  /** A second key allowed to update the zone (hmac-sha512). */
  readonly tsig512: TsigKey;
  /** The port Pebble's VA connects to for HTTP-01 (its `httpPort`). */
  readonly httpPort: number;
  /** The port Pebble's VA connects to for TLS-ALPN-01 (its `tlsPort`). */
  readonly tlsPort: number;
  /** The certificate's status (serial as hex, any case), from Pebble's management interface. */
  certStatus(serialHex: string): Promise<PebbleCertStatus>;
  /** Pebble's root CA (it makes a new one per start), from its management interface. */
  pebbleRootPem(): Promise<string>;
  /** TXT values BIND serves for `fqdn` right now ([] when there are none). */
  txtRecords(fqdn: string): Promise<string[]>;
  stopBind(): Promise<void>;
  startBind(): Promise<void>;
  /** Stops both servers and removes their files. */
  stop(): Promise<void>;
}

/** Whether Pebble and BIND are installed here. */
export function acmeServersAvailable(): boolean {
  return fs.existsSync(PEBBLE) && fs.existsSync(NAMED);
}

/**
 * `describe` for suites that need the servers: skipped locally when they are not installed, but in CI
 * (`CI` set) a missing binary fails the suite instead of hiding it.
 */
export function describeWithAcmeServers(name: string, fn: () => void): void {
  if (acmeServersAvailable()) return describe(name, fn);
  if (process.env.CI) {
    return describe(name, () => test('Pebble and BIND9 are installed', () => {
      throw new Error(`${PEBBLE} or ${NAMED} is missing; .ci/run installs them`);
    }));
  }
  return describe.skip(name, fn);
}

export async function startAcmeServers(options: AcmeServersOptions = {}): Promise<AcmeServers> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-acme-'));
  const [acmePort, managementPort, dnsPort, httpPort, tlsPort] = await freePorts(5);
  const tsig: TsigKey = { name: 'certkit-key', algorithm: 'hmac-sha256', secret: randomBytes(32).toString('base64') };
  const tsig512: TsigKey = { name: 'certkit-key-512', algorithm: 'hmac-sha512', secret: randomBytes(64).toString('base64') };
  const tls = writeTlsCertificate(dir);
  const namedConf = writeBindConfig(dir, dnsPort, [tsig, tsig512], options.loopbackAddresses ?? false);
  const pebbleConf = path.join(dir, 'pebble.json');
  fs.writeFileSync(pebbleConf, JSON.stringify({
    pebble: {
      listenAddress: `127.0.0.1:${acmePort}`,
      managementListenAddress: `127.0.0.1:${managementPort}`,
      certificate: tls.certFile,
      privateKey: tls.keyFile,
      httpPort,
      tlsPort,
      ocspResponderURL: '',
      externalAccountBindingRequired: options.eabKeys !== undefined,
      externalAccountMACKeys: options.eabKeys,
    },
  }));

  const dnsServer = { host: '127.0.0.1', port: dnsPort };
  const resolver = new dns.Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([`${dnsServer.host}:${dnsServer.port}`]);
  let bind: Managed | undefined;
  let pebble: Managed | undefined;
  const startBind = async () => {
    bind = launch(NAMED, ['-g', '-n', '1', '-u', 'root', '-c', namedConf]);
    await waitUntil(bind, () => resolver.resolveSoa(ZONE).then(() => true));
  };
  const stopBind = async () => {
    await bind?.stop();
    bind = undefined;
  };
  const stop = async () => {
    await Promise.all([stopBind(), pebble?.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
  try {
    await startBind();
    pebble = launch(PEBBLE, ['-config', pebbleConf, '-dnsserver', `127.0.0.1:${dnsPort}`], {
      PEBBLE_VA_NOSLEEP: '1',
      PEBBLE_WFE_NONCEREJECT: String(options.nonceReject ?? 0),
      PEBBLE_AUTHZREUSE: String(options.authzReuse ?? 0),
    });
    await waitUntil(pebble, () => httpsGet(directoryUrl, tls.certPem).then(() => true));
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    directoryUrl,
    caBundlePem: tls.certPem,
    zone: ZONE,
    dnsServer,
    tsig,
    tsig512,
    httpPort,
    tlsPort,
    certStatus: async serialHex => JSON.parse(await httpsGet(`https://127.0.0.1:${managementPort}/cert-status-by-serial/${serialHex.toLowerCase()}`,
      tls.certPem)) as PebbleCertStatus,
    pebbleRootPem: () => httpsGet(`https://127.0.0.1:${managementPort}/roots/0`, tls.certPem),
    txtRecords: fqdn => resolver.resolveTxt(fqdn)
      .then(rows => rows.map(chunks => chunks.join('')))
      .catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENODATA' || e.code === 'ENOTFOUND') return [];
        throw e;
      }),
    stopBind,
    startBind,
    stop,
  };
}

/** A child process whose output is kept for error messages, killed when the test process exits. */
interface Managed {
  readonly exited: Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach(child => child.kill('SIGKILL')));

function launch(command: string, args: string[], env: Record<string, string> = {}): Managed {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>(resolve => child.once('exit', () => {
    running.delete(child);
    resolve();
  }));
  return {
    exited,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Retries `probe` until it resolves true; fails with the server's output when it exits or takes over 15 s. */
async function waitUntil(server: Managed, probe: () => Promise<boolean>): Promise<void> {
  let exited = false;
  void server.exited.then(() => { exited = true; });
  const deadline = Date.now() + 15_000;
  while (!exited && Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise(r => setTimeout(r, 50));
  }
  await server.stop();
  throw new Error(`server did not become ready:\n${server.output()}`);
}

/** Ports free for both TCP and UDP on 127.0.0.1 (BIND needs both), held together so they differ. */
async function freePorts(count: number): Promise<number[]> {
  const held: Array<{ close(): void }> = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
      held.push(server);
      const port = (server.address() as net.AddressInfo).port;
      const udp = dgram.createSocket('udp4');
      const udpFree = await new Promise<boolean>(resolve => {
        udp.once('error', () => resolve(false));
        udp.bind(port, '127.0.0.1', () => resolve(true));
      });
      if (udpFree) {
        held.push(udp);
        ports.push(port);
      }
    }
    return ports;
  } finally {
    held.forEach(h => h.close());
  }
}

function writeTlsCertificate(dir: string) {
  const certFile = path.join(dir, 'tls-cert.pem');
  const keyFile = path.join(dir, 'tls-key.pem');
  const openssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { encoding: 'utf8' });
  if (openssl.status !== 0) throw new Error(`openssl failed: ${openssl.stderr}`);
  return { certFile, keyFile, certPem: fs.readFileSync(certFile, 'utf8') };
}

function writeBindConfig(dir: string, port: number, keys: TsigKey[], loopbackAddresses: boolean): string {
  fs.writeFileSync(path.join(dir, 'zone.db'), [
    '$TTL 60',
    `@ IN SOA ns1.${ZONE}. hostmaster.${ZONE}. 1 60 60 600 60`,
    `@ IN NS ns1.${ZONE}.`,
    'ns1 IN A 127.0.0.1',
    ...(loopbackAddresses ? ['@ IN A 127.0.0.1', '* IN A 127.0.0.1'] : []),
    '',
  ].join('\n'));
  const conf = path.join(dir, 'named.conf');
  fs.writeFileSync(conf, [
    ...keys.map(k => `key "${k.name}" { algorithm ${k.algorithm}; secret "${k.secret}"; };`),
    'controls { };',
    `options { directory "${dir}"; pid-file "${dir}/named.pid"; session-keyfile "${dir}/session.key";`,
    `  listen-on port ${port} { 127.0.0.1; }; listen-on-v6 { none; }; recursion no; dnssec-validation no; };`,
    `zone "${ZONE}" { type primary; file "${dir}/zone.db";`,
    `  allow-update { ${keys.map(k => `key "${k.name}";`).join(' ')} }; };`,
    '',
  ].join('\n'));
  return conf;
}

function httpsGet(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, res => {
      let body = '';
      res.setEncoding('utf8').on('data', c => { body += c; }).on('end', () => {
        if ((res.statusCode ?? 0) >= 400) reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
        else resolve(body);
      });
    }).on('error', reject);
  });
}
