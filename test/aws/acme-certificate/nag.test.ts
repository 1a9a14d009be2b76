import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { certificateStack, nagFindings } from './support';
import { AcmeDnsProvider } from '../../../src';

describe('cdk-nag AwsSolutions', () => {
  test('defaults: no unacknowledged findings', () => {
    expect(nagFindings(certificateStack().app)).toEqual([]);
  });

  test('environment-agnostic stack: no unacknowledged findings', () => {
    expect(nagFindings(certificateStack({}, {}).app)).toEqual([]);
  });

  test('backup, SSM parameters, customer managed key, VPC and RFC 2136: no unacknowledged findings', () => {
    const { app } = certificateStack(stack => ({
      backup: true,
      parameterPrefix: '/certs/example',
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'] }),
      dnsProvider: AcmeDnsProvider.rfc2136({
        nameServer: '10.0.0.53', tsigKeyName: 'certkit', tsigSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Tsig', 'tsig'),
      }),
    }));
    expect(nagFindings(app)).toEqual([]);
  });

  test('the checks do run: a wildcard the construct did not ask for is reported', () => {
    const { app, certificate } = certificateStack();
    certificate.renewalFunction.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::other/*'] }));
    expect(nagFindings(app)).toEqual(['AwsSolutions-IAM5[Resource::arn:aws:s3:::other/*] at S/Cert/RenewalRole/DefaultPolicy/Resource']);
  });
});
