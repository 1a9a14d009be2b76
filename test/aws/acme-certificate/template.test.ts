import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import { certificateStack } from './support';
import { ChainContent } from '../../../src';

function configOf(template: Template): any {
  const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as any;
  const value = fn.Properties.Environment.Variables.CERTKIT_CONFIG;
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function statements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('AcmeCertificate template', () => {
  const { stack, certificate } = certificateStack({ backup: true, parameterPrefix: '/certs/example' });
  const template = Template.fromStack(stack);

  test('the renewal function: nodejs22.x on arm64, bundled asset, no automatic retries', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', Timeout: 720,
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });

  test('a daily EventBridge Scheduler schedule invokes it with {}', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 day)',
      Target: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('CertRenewalFunction'), 'Arn'] }, Input: '{}', RetryPolicy: { MaximumRetryAttempts: 0 } },
    });
    template.hasResource('AWS::Scheduler::Schedule', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('CertIssuance')]) });
  });

  test('the first certificate comes from a custom resource with a timeout, backed by the same function', () => {
    template.hasResourceProperties('Custom::AcmeCertificate', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('CertRenewalFunction'), 'Arn'] },
      ServiceTimeout: '780',
      DomainNames: ['example.com', '*.example.com'],
      KeyType: 'ec256',
      DirectoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory',
    });
    expect(stack.resolve(certificate.certificateArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CertIssuance/), 'CertificateArn'] });
  });

  test('the handler gets its names, stores and tag through CERTKIT_CONFIG', () => {
    const config = JSON.stringify(configOf(template));
    for (const part of ['"domains\\":[\\"example.com\\",\\"*.example.com\\"]', 'cdk-certkit/example.com-ec256.json', '{"Ref":"CertStoresfullchainParameter', '"key\\":\\"cdk-certkit:certificate\\"']) {
      expect(config).toContain(part);
    }
  });

  test('failure and expiry alarms notify a created topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DaysToExpiry',
      Namespace: 'CdkCertkit',
      Threshold: 14,
      ComparisonOperator: 'LessThanThreshold',
      Statistic: 'Minimum',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('CertAlarmsTopic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(failed, 0) + FILL(errors, 0)' })]),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('CertAlarmsTopic') }],
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('backup bucket: versioned, encrypted, public access blocked, TLS only, retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('ACM: first import only with the tag in the request; re-import only into the issued ARN; describe and delete on the tag', () => {
    const tagValue = expect.stringMatching(/^SCert[0-9A-F]{8}$/);
    const acm = statements(template).filter(s => [s.Action].flat().some((a: string) => a.startsWith('acm:')));
    expect(acm).toEqual([
      expect.objectContaining({
        Action: ['acm:ImportCertificate', 'acm:AddTagsToCertificate'],
        Condition: {
          'StringEquals': { 'aws:RequestTag/cdk-certkit:certificate': tagValue },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['cdk-certkit:certificate'] },
        },
      }),
      expect.objectContaining({
        Action: ['acm:DescribeCertificate', 'acm:DeleteCertificate'],
        Condition: { StringEquals: { 'aws:ResourceTag/cdk-certkit:certificate': tagValue } },
      }),
      {
        Effect: 'Allow',
        Action: 'acm:ImportCertificate',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CertIssuance/), 'CertificateArn'] },
      },
    ]);
    expect(JSON.stringify(configOf(template))).toContain(acm[0].Condition.StringEquals['aws:RequestTag/cdk-certkit:certificate']);
  });

  test('ACM: no statement lets ImportCertificate overwrite an existing certificate on a tag condition', () => {
    const imports = statements(template).filter(s => [s.Action].flat().some((a: string) => a === 'acm:ImportCertificate' || a === 'acm:*'));
    for (const s of imports) {
      expect(JSON.stringify(s.Condition ?? {})).not.toContain('aws:ResourceTag');
      // Either pinned to the custom resource's ARN, or only with the tag in the request (a new certificate).
      if (s.Condition) expect(s.Condition.StringEquals).toHaveProperty(['aws:RequestTag/cdk-certkit:certificate']);
      else expect(s.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CertIssuance/), 'CertificateArn'] });
    }
    expect(imports).toHaveLength(2);
  });

  test('ACM: the pinned re-import policy is its own, on the renewal role, created after the custom resource', () => {
    const pinned = template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyDocument: { Statement: [Match.objectLike({ Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CertIssuance'), 'CertificateArn'] } })] } },
    });
    expect(Object.keys(pinned)).toEqual([expect.stringMatching(/^CertReimportPolicy/)]);
    const policy = Object.values(pinned)[0] as any;
    expect(policy.Properties.Roles).toEqual([{ Ref: expect.stringMatching(/^CertRenewalRole/) }]);
    // The attribute reference alone orders it after the custom resource (no explicit DependsOn needed).
    expect(JSON.stringify(policy.Properties)).toMatch(/"Fn::GetAtt":\["CertIssuance[0-9A-F]{8}","CertificateArn"\]/);
    // Nothing the custom resource needs depends on it (that would be a cycle, or a Delete without permissions).
    const issuance = Object.values(template.findResources('Custom::AcmeCertificate'))[0] as any;
    expect(issuance.DependsOn ?? []).not.toContain(Object.keys(pinned)[0]);
  });

  test('ACM: scheduled renewals start only once the pinned re-import policy exists', () => {
    const pinnedId = Object.keys(template.findResources('AWS::IAM::Policy')).find(id => id.startsWith('CertReimportPolicy'))!;
    template.hasResource('AWS::Scheduler::Schedule', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^CertIssuance'), pinnedId]),
    });
  });

  test('ACM: the Delete path (run after the pinned policy is gone) stays authorized by the role\'s own policy', () => {
    const pinnedId = Object.keys(template.findResources('AWS::IAM::Policy')).find(id => id.startsWith('CertReimportPolicy'))!;
    const others = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id, p]: [string, any]) => id !== pinnedId && JSON.stringify(p.Properties.Roles).includes('CertRenewalRole'));
    const deleting = others.flatMap(([, p]: [string, any]) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => [s.Action].flat().includes('acm:DeleteCertificate'));
    expect(deleting).toEqual([expect.objectContaining({
      Condition: { StringEquals: { 'aws:ResourceTag/cdk-certkit:certificate': expect.stringMatching(/^SCert[0-9A-F]{8}$/) } },
    })]);
    // That policy does not depend on the custom resource, and the custom resource depends on it, so CloudFormation
    // deletes it only after the custom resource's Delete has run.
    const [defaultId, defaultPolicy] = others.find(([, p]: [string, any]) => JSON.stringify(p).includes('acm:DeleteCertificate'))! as [string, any];
    expect(JSON.stringify(defaultPolicy)).not.toContain('CertIssuance');
    const issuance = Object.values(template.findResources('Custom::AcmeCertificate'))[0] as any;
    expect(issuance.DependsOn).toContain(defaultId);
  });

  test('Route53: TXT _acme-challenge changes in the named zone only; GetChange on change/*', () => {
    const all = statements(template);
    expect(all).toContainEqual(expect.objectContaining({
      Action: 'route53:ChangeResourceRecordSets',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/', { Ref: expect.stringMatching(/^Zone/) }]] },
      Condition: {
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] },
        'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_acme-challenge.example.com'] },
      },
    }));
    expect(all).toContainEqual(expect.objectContaining({
      Action: 'route53:GetChange', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::change/*']] },
    }));
  });

  test('Secrets Manager, DynamoDB, S3 and SSM only on its own resources; no wildcard actions', () => {
    const all = statements(template);
    expect(all.flatMap(s => [s.Action].flat()).filter((a: string) => a.includes('*'))).toEqual([]);
    const secretStatement = all.find(s => [s.Action].flat().includes('secretsmanager:UpdateSecretVersionStage'));
    expect(secretStatement.Resource).toEqual({ Ref: expect.stringMatching(/^CertStoresCertificateSecret/) });
    const s3 = all.filter(s => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(s3.map(s => s.Action)).toEqual([['s3:GetObject', 's3:PutObject'], 's3:ListBucket']);
    expect(JSON.stringify(s3[0].Resource)).toContain('/cdk-certkit/example.com-ec256.json');
    const metrics = all.find(s => s.Action === 'cloudwatch:PutMetricData');
    expect(metrics.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'CdkCertkit' } });
  });

  test('SSM parameters for certificate, chain and full chain under the prefix', () => {
    for (const name of ['certificate', 'chain', 'fullchain']) {
      template.hasResourceProperties('AWS::SSM::Parameter', { Name: `/certs/example/${name}`, Type: 'String' });
    }
  });
});

describe('AcmeCertificate in use', () => {
  test('an ALB HTTPS listener takes it as an ICertificate', () => {
    const { stack, certificate } = certificateStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Https', { port: 443, certificates: [certificate], defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Certificates: [{ CertificateArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('CertIssuance'), 'CertificateArn'] } }],
    });
  });

  test('grantRead gives the secret and the SSM parameters', () => {
    const { stack, certificate } = certificateStack({ parameterPrefix: '/certs/example' });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    certificate.grantRead(role);
    const policy = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('Reader') }] } });
    const actions = Object.values(policy).flatMap((p: any) => p.Properties.PolicyDocument.Statement).flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 'ssm:GetParameter']));
    expect(actions).not.toContain('secretsmanager:PutSecretValue');
  });

  test('a given topic, schedule, chain choices and issuance timeout', () => {
    const { stack } = certificateStack(s => ({
      alarmTopic: new sns.Topic(s, 'Ops'),
      renewalSchedule: scheduler.ScheduleExpression.cron({ minute: '17', hour: '3' }),
      acmChain: ChainContent.ISSUER_ONLY,
      secretChain: ChainContent.LEAF_ONLY,
      issuanceTimeout: Duration.minutes(5),
      expiryAlarmDays: 21,
    }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 21, AlarmActions: [{ Ref: Match.stringLikeRegexp('^Ops') }] });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(17 3 * * ? *)' });
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 420 });
    template.hasResourceProperties('Custom::AcmeCertificate', { AcmChain: 'issuer', SecretChain: 'leaf', ServiceTimeout: '480' });
  });

  test('an environment-agnostic stack with cloudFront checks the region at deployment', () => {
    const { stack } = certificateStack({ cloudFront: true }, {});
    const rules = Template.fromStack(stack).toJSON().Rules;
    expect(Object.entries(rules).filter(([id]) => id.startsWith('CertCloudFrontRegion')).map(([, rule]) => rule)).toEqual([
      expect.objectContaining({
        Assertions: [expect.objectContaining({ Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } })],
      }),
    ]);
  });
});
