import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { env, nagFindings } from './support';
import { EdgeExampleStack } from '../../../examples/edge/stack';

describe('examples/edge', () => {
  const app = new App();
  const stack = new EdgeExampleStack(app, 'CertkitEdgeExample', { env, hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com', alarmEmail: 'ops@example.com' });

  test('the ALB HTTPS listener uses the ACME certificate; backup and alarms are on', () => {
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Certificates: [{ CertificateArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SiteCertificateIssuance'), 'CertificateArn'] } }],
    });
    template.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }] }, 2);
  });

  test('cdk-nag AwsSolutions: no unacknowledged findings', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});
