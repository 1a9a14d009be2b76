// Helpers for issuance tests against the Pebble + BIND harness.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { isInZone } from '../../../src/common/names';
import { Rfc2136DnsProvider } from '../../../src/runtime/dns/rfc2136-provider';
import { DnsProvider, IssuedCertificate, IssueRequest, TxtRecord } from '../../../src/runtime/types';
import { AcmeServers } from '../../support/acme-servers';

export function rfc2136(servers: AcmeServers): Rfc2136DnsProvider {
  return new Rfc2136DnsProvider({ server: `${servers.dnsServer.host}:${servers.dnsServer.port}`, tsig: servers.tsig });
}

/** A request against the harness, collecting progress lines into `lines`. */
export function requestFor(servers: AcmeServers, domains: string[], lines: string[] = [], extra: Partial<IssueRequest> = {}): IssueRequest {
  return {
    directoryUrl: servers.directoryUrl,
    caBundlePem: servers.caBundlePem,
    domains,
    dns: rfc2136(servers),
    onProgress: line => lines.push(line),
    propagationTimeoutMs: 10_000,
    ...extra,
  };
}

/** A provider that records every value it published, to check nothing remains afterwards. */
export class RecordingProvider implements DnsProvider {
  readonly published: TxtRecord[] = [];
  readonly name: string;

  constructor(private readonly inner: DnsProvider, private readonly afterPublish?: (records: readonly TxtRecord[]) => Promise<void>) {
    this.name = inner.name;
  }

  async publish(records: readonly TxtRecord[]): Promise<void> {
    this.published.push(...records);
    await this.inner.publish(records);
    await this.afterPublish?.(records);
  }

  remove(records: readonly TxtRecord[]): Promise<void> {
    return this.inner.remove(records);
  }

  authoritativeServers(fqdn: string): Promise<string[]> {
    return this.inner.authoritativeServers!(fqdn);
  }
}

/** BIND serves none of these records any more (names outside its zone are not asked: it refuses them). */
export async function expectNoTxtLeft(servers: AcmeServers, records: readonly TxtRecord[]): Promise<void> {
  const inZone = records.filter(r => isInZone(r.fqdn, servers.zone));
  for (const fqdn of new Set(inZone.map(r => r.fqdn))) expect(await servers.txtRecords(fqdn)).toEqual([]);
}

/**
 * Checks the issued certificate: its names, its key type against the private key, the chain order, and that
 * it verifies up to Pebble's root.
 */
export async function expectValidCertificate(servers: AcmeServers, issued: IssuedCertificate, names: string[],
  key: { type: 'ec' | 'rsa'; curve?: string; bits?: number }): Promise<void> {
  const leaf = new X509Certificate(issued.certificatePem);
  expect(leaf.subjectAltName?.split(', ').map(n => n.replace(/^DNS:/, '')).sort()).toEqual([...names].sort());
  expect([...issued.names].sort()).toEqual([...names].sort());
  expect(issued.notAfter.getTime()).toBe(new Date(leaf.validTo).getTime());
  expect(issued.notBefore.getTime()).toBe(new Date(leaf.validFrom).getTime());

  expect(issued.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/); // PKCS#8
  const privateKey = createPrivateKey(issued.privateKeyPem);
  expect(leaf.checkPrivateKey(privateKey)).toBe(true);
  expect(leaf.publicKey.asymmetricKeyType).toBe(key.type);
  if (key.curve) expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe(key.curve);
  if (key.bits) expect(leaf.publicKey.asymmetricKeyDetails?.modulusLength).toBe(key.bits);
  expect(createPublicKey(privateKey).export({ format: 'jwk' })).toEqual(leaf.publicKey.export({ format: 'jwk' }));

  expect(issued.fullchainPem).toBe(issued.certificatePem + issued.chainPem);
  const chain = [leaf, ...pemBlocks(issued.chainPem).map(p => new X509Certificate(p)), new X509Certificate(await servers.pebbleRootPem())];
  expect(chain.length).toBeGreaterThanOrEqual(3);
  for (let i = 0; i + 1 < chain.length; i++) {
    expect(chain[i].checkIssued(chain[i + 1])).toBe(true);
    expect(chain[i].verify(chain[i + 1].publicKey)).toBe(true);
  }
}

export function pemBlocks(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}
