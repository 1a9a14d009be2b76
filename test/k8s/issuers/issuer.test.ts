import { chart, only, synthValid } from './synth';
import {
  ClusterIssuer, Issuer, IssuerType,
} from '../../../src/k8s/issuers';

describe('issuer references', () => {
  test('a ClusterIssuer in a namespaced chart stays cluster-scoped', () => {
    const c = chart('apps');
    const issuer = new ClusterIssuer(c, 'selfsigned', { type: IssuerType.selfSigned() });
    const resource = only(synthValid(c), 'ClusterIssuer');
    expect(resource.metadata.namespace).toBeUndefined();
    expect(resource.metadata.name).toBe(issuer.issuerName);
    expect([issuer.issuerKind, issuer.issuerGroup, issuer.issuerNamespace]).toEqual(['ClusterIssuer', 'cert-manager.io', undefined]);
  });

  test("an Issuer takes the chart's namespace unless given one", () => {
    const c = chart('apps');
    const inherited = new Issuer(c, 'a', { name: 'a', type: IssuerType.selfSigned() });
    const explicit = new Issuer(c, 'b', { name: 'b', namespace: 'other', type: IssuerType.selfSigned() });
    const [a, b] = synthValid(c);
    expect([a.metadata.namespace, b.metadata.namespace]).toEqual(['apps', 'other']);
    expect([inherited.issuerNamespace, explicit.issuerNamespace]).toEqual(['apps', 'other']);
    expect(inherited.issuerKind).toBe('Issuer');
  });

  test('default names are unique per construct path and valid object names', () => {
    const c = chart();
    const a = new ClusterIssuer(c, 'Selfsigned', { type: IssuerType.selfSigned() });
    const b = new ClusterIssuer(c, 'Other', { type: IssuerType.selfSigned() });
    expect(a.issuerName).not.toBe(b.issuerName);
    expect(a.issuerName).toMatch(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/);
    expect(synthValid(c).map(m => m.metadata.name)).toEqual([a.issuerName, b.issuerName]);
  });
});

describe('issuers this app does not define', () => {
  test('ClusterIssuer.fromClusterIssuerName names a cert-manager ClusterIssuer', () => {
    const ref = ClusterIssuer.fromClusterIssuerName('platform-ca', { supportsWildcards: false });
    expect([ref.issuerName, ref.issuerKind, ref.issuerGroup, ref.issuerNamespace, ref.supportsWildcards])
      .toEqual(['platform-ca', 'ClusterIssuer', 'cert-manager.io', undefined, false]);
  });

  test('Issuer.fromIssuerName names a namespaced cert-manager Issuer; wildcard support stays unknown unless told', () => {
    const ref = Issuer.fromIssuerName('team-ca', 'apps');
    expect([ref.issuerName, ref.issuerKind, ref.issuerGroup, ref.issuerNamespace, ref.supportsWildcards])
      .toEqual(['team-ca', 'Issuer', 'cert-manager.io', 'apps', undefined]);
  });
});
