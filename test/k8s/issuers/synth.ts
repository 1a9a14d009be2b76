import { Chart, Testing } from 'cdk8s';
import { crdSchemas } from '../../../src/upstream';

/** A chart for one test, optionally with a default namespace. */
export function chart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** Synthesizes `c`, insists every custom resource matches its pinned CRD, and returns the manifests. */
export function synthValid(c: Chart): any[] {
  const manifests = Testing.synth(c);
  expect(manifests.length).toBeGreaterThan(0);
  expect(crdSchemas().validateAll(manifests)).toEqual([]);
  return manifests;
}

/** The single manifest of `kind`. */
export function only(manifests: any[], kind: string): any {
  const found = manifests.filter(m => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

/** A real (self-signed, P-256) CA certificate, for fields that cert-manager parses as a PEM bundle. */
export const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBeDCCAR+gAwIBAgIUZvBLgVV/C/I0DIdbB7357VKpdUIwCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHVGVzdCBDQTAeFw0yNjEyMDExMTEyNDZaFw0zNjExMjgxMTEy
NDZaMBIxEDAOBgNVBAMMB1Rlc3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AAQjh8vdmvSLpw2NussqzRe3hZB7C/6c5xhpHBYewxZH2ET9NEezuFlxA/RZ3QWT
b8ptHpQmBZoE0UJOiEQFWAYVo1MwUTAdBgNVHQ4EFgQUi5OX/vs4h6QUq4b+1Tny
Dej3TYUwHwYDVR0jBBgwFoAUi5OX/vs4h6QUq4b+1TnyDej3TYUwDwYDVR0TAQH/
BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAWywfuWg/ZebrPDRBIQG+BV46l40xI
pZ2nPUp1WpEJVwIgbwJemaWUyGI1Hz+Y4spJJ7iUP6CSnIjKAYDODUGvUeM=
-----END CERTIFICATE-----
`;
