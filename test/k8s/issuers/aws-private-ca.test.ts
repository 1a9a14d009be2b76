import { CfnParameter, Stack } from 'aws-cdk-lib';
import { chart, only, synthValid } from './synth';
import {
  ClusterIssuer, Issuer, IssuerType,
} from '../../../src/k8s/issuers';

const PCA_ARN = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

describe('AWS Private CA', () => {
  test('a ClusterIssuer becomes an AWSPCAClusterIssuer; region defaults to the one in the ARN', () => {
    const c = chart('cert-manager');
    const issuer = new ClusterIssuer(c, 'pca', { name: 'private-ca', type: IssuerType.awsPrivateCa({ arn: PCA_ARN }) });
    const resource = only(synthValid(c), 'AWSPCAClusterIssuer');
    expect(resource.apiVersion).toBe('awspca.cert-manager.io/v1beta1');
    expect(resource.metadata).toEqual({ name: 'private-ca' });
    expect(resource.spec).toEqual({ arn: PCA_ARN, region: 'eu-west-1' });
    expect([issuer.issuerKind, issuer.issuerGroup, issuer.issuerNamespace]).toEqual(['AWSPCAClusterIssuer', 'awspca.cert-manager.io', undefined]);
  });

  test('an Issuer becomes an AWSPCAIssuer with template, role and static keys', () => {
    const c = chart();
    const issuer = new Issuer(c, 'pca', {
      name: 'private-ca',
      namespace: 'apps',
      type: IssuerType.awsPrivateCa({
        arn: PCA_ARN,
        region: 'eu-west-1',
        template: 'EndEntityServerAuthCertificate/V1',
        role: 'arn:aws:iam::123456789012:role/pca-issuer',
        credentialsSecretRef: { name: 'pca-keys', namespace: 'apps' },
      }),
    });
    const resource = only(synthValid(c), 'AWSPCAIssuer');
    expect(resource.metadata).toEqual({ name: 'private-ca', namespace: 'apps' });
    expect(resource.spec).toEqual({
      arn: PCA_ARN,
      region: 'eu-west-1',
      role: 'arn:aws:iam::123456789012:role/pca-issuer',
      pcaTemplate: { defaultTemplateName: 'EndEntityServerAuthCertificate/V1' },
      secretRef: { name: 'pca-keys', namespace: 'apps', accessKeyIDSelector: { key: 'AWS_ACCESS_KEY_ID' }, secretAccessKeySelector: { key: 'AWS_SECRET_ACCESS_KEY' } },
    });
    expect([issuer.issuerKind, issuer.issuerGroup, issuer.issuerNamespace]).toEqual(['AWSPCAIssuer', 'awspca.cert-manager.io', 'apps']);
  });
});

describe('values only known at deploy time (chart applied by an EKS stack)', () => {
  test('a token CA ARN is accepted and its region is read from it by CloudFormation', () => {
    const stack = new Stack();
    const arn = new CfnParameter(stack, 'CaArn').valueAsString;
    const c = chart();
    new ClusterIssuer(c, 'pca', { name: 'private-ca', type: IssuerType.awsPrivateCa({ arn }) });
    const spec = only(synthValid(c), 'AWSPCAClusterIssuer').spec;
    expect(stack.resolve(spec)).toEqual({ arn: { Ref: 'CaArn' }, region: { 'Fn::Select': [3, { 'Fn::Split': [':', { Ref: 'CaArn' }] }] } });
  });

  test('an explicit region still wins over the token ARN', () => {
    const stack = new Stack();
    const c = chart();
    new ClusterIssuer(c, 'pca', { type: IssuerType.awsPrivateCa({ arn: new CfnParameter(stack, 'CaArn').valueAsString, region: 'eu-west-1' }) });
    expect(only(synthValid(c), 'AWSPCAClusterIssuer').spec.region).toBe('eu-west-1');
  });
});
