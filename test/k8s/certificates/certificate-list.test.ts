import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { certificates, chart, expectInvalid, synthValid } from './support';
import { CertificateList, PrivateKeyAlgorithm } from '../../../src/k8s/certificates';
import { IssuerReference } from '../../../src/k8s/issuer-ref';

const production = IssuerReference.of('letsencrypt-production', { supportsWildcards: false });
const staging = IssuerReference.of('letsencrypt-staging');
const teamCa = IssuerReference.of('team-ca', { kind: 'Issuer', namespace: 'team-a' });

const VALUES = `
certificates:
  - name: web
    namespace: shop
    dnsNames: [shop.example.com, www.shop.example.com]
  - name: api
    dnsNames: [api.example.com]
    secretName: api-cert
    issuer: letsencrypt-staging
  - name: internal
    namespace: team-a
    dnsNames: [internal.team-a.example.com]
    issuer: team-ca
`;

describe('CertificateList', () => {
  test('a parsed values file becomes one valid Certificate per entry, issuers resolved by name or default', () => {
    const c = chart();
    const list = CertificateList.fromValues(c, 'Certs', parse(VALUES).certificates, {
      defaultIssuer: production,
      issuers: [staging, teamCa],
    });
    const [web, api, internal] = certificates(synthValid(c));

    expect(list.certificates.map(cert => cert.name)).toEqual(['web', 'api', 'internal']);
    expect(web.metadata).toEqual({ name: 'web', namespace: 'shop' });
    expect(web.spec).toMatchObject({
      secretName: 'web-tls',
      dnsNames: ['shop.example.com', 'www.shop.example.com'],
      issuerRef: { name: 'letsencrypt-production', kind: 'ClusterIssuer' },
    });
    expect(api.metadata.namespace).toBe('apps');
    expect(api.spec).toMatchObject({ secretName: 'api-cert', issuerRef: { name: 'letsencrypt-staging' } });
    expect(internal.spec.issuerRef).toEqual({ name: 'team-ca', kind: 'Issuer', group: 'cert-manager.io' });
  });

  test('typed entries take list-wide defaults; the entry wins', () => {
    const c = chart();
    new CertificateList(c, 'Certs', {
      defaultIssuer: production,
      defaults: { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 4096 }, duration: Duration.days(30), secretName: 'ignored' },
      entries: [{ name: 'a', dnsNames: ['a.example.com'] }, { name: 'b', dnsNames: ['b.example.com'], secretName: 'b-own' }],
    });
    const [a, b] = certificates(synthValid(c));
    expect(a.spec).toMatchObject({ secretName: 'a-tls', duration: '720h0m0s', privateKey: { algorithm: 'RSA', size: 4096 } });
    expect(b.spec.secretName).toBe('b-own');
  });

  test('a namespaced issuer in the entry namespace wins over a cluster issuer of the same name', () => {
    const c = chart();
    const clusterCa = IssuerReference.of('team-ca');
    new CertificateList(c, 'Certs', {
      issuers: [clusterCa, teamCa],
      entries: [
        { name: 'inside', namespace: 'team-a', dnsNames: ['a.example.com'], issuer: 'team-ca' },
        { name: 'outside', namespace: 'team-b', dnsNames: ['b.example.com'], issuer: 'team-ca' },
      ],
    });
    expect(certificates(synthValid(c)).map(m => m.spec.issuerRef.kind)).toEqual(['Issuer', 'ClusterIssuer']);
  });

  test.each([
    ['not a list', { certificates: [] }, 'entries', /list of/],
    ['an entry that is not a mapping', ['web'], 'entries[0]', /\{ name, dnsNames/],
    ['a misspelled key', [{ name: 'web', dnsName: ['a.example.com'] }], 'entries[0].dnsName', /use only name, dnsNames/],
    ['a missing key', [{ name: 'web' }], 'entries[0].dnsNames', /add dnsNames/],
    ['a wrong type', [{ name: 'web', dnsNames: 'a.example.com' }], 'entries[0].dnsNames', /list of strings/],
    ['an unknown issuer', [{ name: 'web', dnsNames: ['a.example.com'], issuer: 'letsencrypt-prod' }], 'entries[0].issuer',
      /add the issuer to the list's issuers/],
    ['a repeated name', [{ name: 'web', dnsNames: ['a.example.com'] }, { name: 'web', dnsNames: ['b.example.com'] }], 'entries[1].name',
      /its own name/],
  ])('refuses %s', (_case, values, field, fix) => {
    expectInvalid(() => CertificateList.fromValues(chart(), 'Certs', values, { defaultIssuer: production }), 'Platform/Certs', field, fix);
  });

  test('an entry without issuer needs a default', () => {
    expectInvalid(() => new CertificateList(chart(), 'Certs', { entries: [{ name: 'web', dnsNames: ['a.example.com'] }] }),
      'Platform/Certs', 'entries[0].issuer', /set defaultIssuer/);
  });

  test('checks of the Certificate apply to each entry and name it', () => {
    const values = [{ name: 'wild', namespace: 'shop', dnsNames: ['*.shop.example.com'] }];
    expectInvalid(() => CertificateList.fromValues(chart(), 'Certs', values, { defaultIssuer: production }),
      'Platform/Certs/shop:wild', 'dnsNames[0]', /DNS-01 solver/);
  });
});
