import { JsonPatch, Testing } from 'cdk8s';
import { acmeIssuer, caIssuer, certificate, platform, restore } from './support';
import { CertificateBackup } from '../../../src/k8s/backup/certificate-backup';
import { clusterOrders, registeredDomainOf, RESTORES_CERTIFICATE_ANNOTATION } from '../../../src/k8s/rate-limits/private/orders';

const ordersOf = (chart: ReturnType<typeof platform>) => clusterOrders('c', Testing.synth(chart).map(manifest => ({ manifest })));

describe('registered domains (Public Suffix List through tldts)', () => {
  test.each([
    ['www.example.com', 'example.com'],
    ['new.blog.example.co.uk', 'example.co.uk'],
    ['example.co.uk', 'example.co.uk'],
    ['*.shop.example.com.au', 'example.com.au'],
    ['alice.github.io', 'alice.github.io'], // a private suffix: each user's site is its own registered domain
    ['docs.alice.github.io', 'alice.github.io'],
    ['bucket.s3.amazonaws.com', 'bucket.s3.amazonaws.com'],
    ['github.io', 'github.io'], // a public suffix itself stands for itself
    ['localhost', 'localhost'],
    ['192.0.2.10', '192.0.2.10'], // IPv4: the address
    ['2001:db8:0:1::5', '2001:db8:0:1::/64'], // IPv6: the /64
    ['2001:0db8:0000:0001:0000:0000:0000:0009', '2001:db8:0:1::/64'],
  ])('%s is under %s', (name, domain) => {
    expect(registeredDomainOf(name)).toBe(domain);
  });
});

describe('orders of one cluster', () => {
  test('names as the CA sees them: case, trailing dot, commonName repeated in dnsNames, order', () => {
    const chart = platform();
    acmeIssuer(chart, 'le');
    certificate(chart, 'web', ['WWW.Example.com.', 'example.com', '*.example.com'], { commonName: 'example.com' });
    const [order] = ordersOf(chart).orders;
    expect(order.identifiers).toEqual(['*.example.com', 'example.com', 'www.example.com']);
    expect(order.registeredDomains).toEqual(['example.com']);
    expect(order.source).toBe('Certificate apps/web'); // from manifests: kind, namespace and name
  });

  test('a namespaced Issuer is looked up in the Certificate\'s namespace; other issuers are not budgeted', () => {
    const chart = platform();
    acmeIssuer(chart, 'team', { kind: 'Issuer' });
    caIssuer(chart, 'internal');
    certificate(chart, 'a', ['a.example.com'], { issuer: 'team', kind: 'Issuer' });
    certificate(chart, 'b', ['b.example.com'], { issuer: 'internal' });
    certificate(chart, 'c', ['c.example.com'], { issuer: 'pca', kind: 'AWSPCAClusterIssuer' as any, group: 'awspca.cert-manager.io' });
    certificate(chart, 'd', ['d.example.com'], { issuer: 'elsewhere' });
    const result = ordersOf(chart);
    expect(result.orders.map(o => o.name)).toEqual(['a']);
    expect(result.otherIssuers).toBe(2);
    expect(result.unresolved).toEqual(['Certificate apps/d (ClusterIssuer elsewhere)']);
  });

  test('the restore annotation is CertificateBackup\'s', () => {
    expect(RESTORES_CERTIFICATE_ANNOTATION).toBe(CertificateBackup.RESTORES_CERTIFICATE_ANNOTATION);
  });

  test('a restore counts only when it writes the Certificate\'s own Secret', () => {
    const chart = platform();
    acmeIssuer(chart, 'le');
    certificate(chart, 'a', ['a.example.com']);
    certificate(chart, 'b', ['b.example.com']);
    restore(chart, 'a');
    // names b but writes another Secret
    restore(chart, 'b').addJsonPatch(JsonPatch.replace('/spec/target/name', 'other-tls'));
    expect(ordersOf(chart).orders.map(o => [o.name, o.restored])).toEqual([['a', true], ['b', false]]);
  });

  test('ingress-shim: one Certificate per Secret of an annotated Ingress, with its hosts', () => {
    const chart = platform();
    acmeIssuer(chart, 'le');
    Testing.synth(chart);
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'apps', annotations: { 'cert-manager.io/cluster-issuer': 'le' } },
      spec: { tls: [{ hosts: ['a.example.com'], secretName: 'web-tls' }, { hosts: ['b.example.com'], secretName: 'web-tls' }, { hosts: ['c.example.org'], secretName: 'org-tls' }] },
    };
    const gateway = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'apps', annotations: { 'cert-manager.io/cluster-issuer': 'le' } },
      spec: { listeners: [{ name: 'https', hostname: 'gw.example.net', protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ name: 'gw-tls' }] } }] },
    };
    const result = clusterOrders('c', [...Testing.synth(chart), ingress, gateway].map(manifest => ({ manifest })));
    expect(result.orders.map(o => [o.name, o.identifiers])).toEqual([
      ['web-tls', ['a.example.com', 'b.example.com']],
      ['org-tls', ['c.example.org']],
      ['gw-tls', ['gw.example.net']],
    ]);
  });

  test('names that are tokens are left out and flagged', () => {
    const chart = platform();
    acmeIssuer(chart, 'le');
    certificate(chart, 'a', ['a.example.com', '${Token[TOKEN.12]}']);
    const [order] = ordersOf(chart).orders;
    expect(order.identifiers).toEqual(['a.example.com']);
    expect(order.namesUnknown).toBe(true);
  });
});
