import { App, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk8s from 'cdk8s';
import { Certificate, ClusterIssuer, EksCertManager, IssuerType, KeyUsage, PrivateCaCertificateTemplate } from '../../../src';
import { synthErrors } from '../../support/synth';

const CA = 'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555';
const template = (name: string) => `arn:aws:acm-pca:::template/${name}`;

function setup(templateArn?: string) {
  const s = new Stack(new App(), 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });
  const cluster = eks.Cluster.fromClusterAttributes(s, 'Cluster', {
    clusterName: 'platform',
    kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl',
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(s, 'Oidc',
      'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'),
  });
  const cm = new EksCertManager(s, 'CertManager', {
    cluster,
    privateCaIssuer: { certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', CA), templateArn },
  });
  const chart = new cdk8s.Chart(new cdk8s.App(), 'issuers');
  return { s, cm, chart };
}

describe('EksCertManager.addCdk8sChart: Private CA templates against the issuer role', () => {
  const cases: Array<[string, string | undefined, boolean, KeyUsage[] | undefined, string[]]> = [
    ['default usages with the role limited to EndEntityCertificate/V1 are denied', template(PrivateCaCertificateTemplate.END_ENTITY), false, undefined,
      ["Platform/CertManager: addCdk8sChart('Issuers') Certificate web/web makes aws-privateca-issuer request BlankEndEntityCertificate_APICSRPassthrough/V1 (from its usages (cert-manager's default)), but privateCaIssuer.templateArn allows only EndEntityCertificate/V1, so AWS Private CA denies IssueCertificate"]],
    ['default usages with the role limited to the CSR-passthrough template', template(PrivateCaCertificateTemplate.BLANK_END_ENTITY_CSR_PASSTHROUGH), false, undefined, []],
    ['server and client auth with EndEntityCertificate/V1', template(PrivateCaCertificateTemplate.END_ENTITY), false, [KeyUsage.SERVER_AUTH, KeyUsage.CLIENT_AUTH], []],
    ['server auth only with EndEntityCertificate/V1', template(PrivateCaCertificateTemplate.END_ENTITY), false, [KeyUsage.SERVER_AUTH],
      ['request EndEntityServerAuthCertificate/V1']],
    ['an unlimited role', undefined, false, undefined, []],
    ['the issuer\'s default template from issuerProps() decides', template(PrivateCaCertificateTemplate.END_ENTITY), true, undefined, []],
    ['the issuer\'s default template does not give the usages', template(PrivateCaCertificateTemplate.END_ENTITY_SERVER_AUTH), true, [KeyUsage.SERVER_AUTH, KeyUsage.CLIENT_AUTH],
      ["is issued from its issuer's default template: EndEntityServerAuthCertificate/V1 writes digital signature, key encipherment, server auth, but the Certificate requests client auth"]],
  ];
  test.each(cases)('%s', (_name, templateArn, withIssuerTemplate, usages, expected) => {
    const { s, cm, chart } = setup(templateArn);
    const issuer = new ClusterIssuer(chart, 'pca', {
      name: 'private-ca',
      type: IssuerType.awsPrivateCa(withIssuerTemplate ? cm.privateCaIssuerRole!.issuerProps() : { arn: CA }),
    });
    new Certificate(chart, 'web', { issuerRef: issuer, metadata: { name: 'web', namespace: 'web' }, dnsNames: ['web.internal.example.com'], usages });
    cm.addCdk8sChart('Issuers', chart);
    const errors = synthErrors(s);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(errors[i]).toContain(e));
  });

  test('an issuer that assumes a role in the CA\'s account is not held to this role\'s template', () => {
    const { s, cm, chart } = setup(template(PrivateCaCertificateTemplate.END_ENTITY));
    const issuer = new ClusterIssuer(chart, 'pca', { name: 'private-ca', type: IssuerType.awsPrivateCa({ arn: CA, role: 'arn:aws:iam::222222222222:role/pca-issuer' }) });
    new Certificate(chart, 'web', { issuerRef: issuer, metadata: { name: 'web', namespace: 'web' }, dnsNames: ['web.internal.example.com'] });
    cm.addCdk8sChart('Issuers', chart);
    expect(synthErrors(s)).toEqual([]);
  });
});
