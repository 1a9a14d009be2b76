import { Stack, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { env, exportStack, nagFindings } from './support';
import { KeyUsage, PrivateKeyAlgorithm } from '../../../src/k8s/certificates';
import { ClusterIssuer, IssuerType } from '../../../src/k8s/issuers';
import { ACM_SYNC_CONFIG_ENV } from '../../../src/runtime/acm-sync/config';
import { actionsOf, permissionStatements, Statement, statementFor } from '../roles/iam-assertions';

const SECRET = 'cdk-certkit/platform/apps/web-tls';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const certificateArnAttr = { 'Fn::GetAtt': ['WebInAcmImportBD92899F', 'CertificateArn'] };

function synth(options: Parameters<typeof exportStack>[0] = {}) {
  const built = exportStack(options);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** The sync function (the one configured by the construct). */
function syncFunction(template: Template): any {
  const found = Object.values(template.findResources('AWS::Lambda::Function')).filter(f => f.Properties.Environment?.Variables?.[ACM_SYNC_CONFIG_ENV]);
  expect(found).toHaveLength(1);
  return found[0];
}

function syncStatements(template: Template): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(p => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith('WebInAcmSyncRole')));
  return policies.flatMap(p => p.Properties.PolicyDocument.Statement);
}

describe('ClusterCertificateInAcm template', () => {
  test('a custom resource imports the pushed secret; its ARN is the certificateArn (ICertificate)', () => {
    const { inAcm, stack } = exportStack();
    // It goes where an ICertificate goes: an ALB listener in the same stack.
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
    alb.addListener('Https', { port: 443, certificates: [inAcm], defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::ClusterCertificateInAcm', { SecretId: SECRET, CloudFront: false, KeyAlgorithm: 'EC_prime256v1' });
    expect(stack.resolve(inAcm.certificateArn)).toEqual(certificateArnAttr);
    expect(inAcm.secretName).toBe(SECRET);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Certificates: [{ CertificateArn: certificateArnAttr }] });
    const fn = syncFunction(template);
    expect(fn.Properties.Runtime).toBe('nodejs22.x');
    const config = JSON.parse(fn.Properties.Environment.Variables[ACM_SYNC_CONFIG_ENV]);
    expect(config).toEqual(expect.objectContaining({
      secretId: SECRET,
      cloudFront: false,
      deleteOnRemoval: true,
      // The placeholder: the Certificate's names and key type, serverAuth as Let's Encrypt gives.
      placeholderNames: ['web.example.com'],
      placeholderKeyAlgorithm: 'EC_prime256v1',
      placeholderExtendedKeyUsages: [SERVER_AUTH],
    }));
  });

  test.each<[string, Parameters<typeof exportStack>[0], string, string[]]>([
    ['RSA 3072', { certificate: { privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 3072 } } }, 'RSA_3072', [SERVER_AUTH]],
    ['ECDSA P-384', { certificate: { privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 384 } } }, 'EC_secp384r1', [SERVER_AUTH]],
    ['usages listing server and client auth', { certificate: { usages: [KeyUsage.DIGITAL_SIGNATURE, KeyUsage.SERVER_AUTH, KeyUsage.CLIENT_AUTH] } }, 'EC_prime256v1', [SERVER_AUTH, CLIENT_AUTH]],
  ])('the placeholder follows the Certificate (%s): same key type, at most its extended key usages', (_name, options, keyAlgorithm, ekus) => {
    const { template } = synth(options);
    const config = JSON.parse(syncFunction(template).Properties.Environment.Variables[ACM_SYNC_CONFIG_ENV]);
    expect([config.placeholderKeyAlgorithm, config.placeholderExtendedKeyUsages]).toEqual([keyAlgorithm, ekus]);
    template.hasResourceProperties('Custom::ClusterCertificateInAcm', { KeyAlgorithm: keyAlgorithm });
  });

  test('a CA issuer (cert-manager signs, no extended key usage unless usages ask): a placeholder without one', () => {
    const built = exportStack({
      issuer: chart => new ClusterIssuer(chart, 'ca', { name: 'internal-ca', type: IssuerType.ca({ secretName: 'internal-ca' }) }),
    });
    const config = JSON.parse(syncFunction(Template.fromStack(built.stack)).Properties.Environment.Variables[ACM_SYNC_CONFIG_ENV]);
    expect(config.placeholderExtendedKeyUsages).toEqual([]);
  });

  test('the trigger: Secret Label Updated (AWSCURRENT) and the CloudTrail calls that write this secret, with the ARN as input', () => {
    const { template } = synth();
    const arnPrefix = partitionArn(`:secretsmanager:eu-west-1:111111111111:secret:${SECRET}-`);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.secretsmanager'],
        'detail-type': ['Secret Label Updated', 'AWS API Call via CloudTrail'],
        'detail': {
          $or: [
            { name: [SECRET], labelUpdated: ['AWSCURRENT'] },
            { eventSource: ['secretsmanager.amazonaws.com'], eventName: ['PutSecretValue', 'UpdateSecret'], requestParameters: { secretId: [SECRET, { prefix: arnPrefix }] } },
            { eventSource: ['secretsmanager.amazonaws.com'], eventName: ['CreateSecret'], requestParameters: { name: [SECRET] } },
          ],
        },
      },
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': ['WebInAcmSyncFunctionF81F1DBE', 'Arn'] },
        Input: { 'Fn::Join': ['', ['{"trigger":"secret-changed","certificateArn":"', certificateArnAttr, '"}']] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      })],
    });
  });

  test('the schedule: every 6 hours by default, with the ARN; starts after the first import and the re-import policy', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(6 hours)',
      Target: Match.objectLike({ Input: { 'Fn::Join': ['', ['{"trigger":"schedule","certificateArn":"', certificateArnAttr, '"}']] }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }) }),
    });
    for (const type of ['AWS::Scheduler::Schedule', 'AWS::Events::Rule']) {
      const [resource] = Object.values(template.findResources(type));
      expect(resource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^WebInAcmImport/), expect.stringMatching(/^WebInAcmReimportPolicy/)]));
    }
    const custom = synth({ props: { schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)) } });
    custom.template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)' });
  });

  test('the alarms: failed runs (metric and function errors), ACM copy behind the secret, expiry; all to one topic', () => {
    const { template } = synth({ props: { expiryAlarmDays: 20 } });
    const dims = [{ Name: 'Certificate', Value: 'EdgeWebInAcmD257FE55' }];
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^ACM copy of cdk-certkit/platform/apps/web-tls failed to update'),
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'failed', MetricStat: Match.objectLike({ Metric: { Namespace: 'CdkCertkit', MetricName: 'IssuanceFailed', Dimensions: dims } }) }),
        Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/Lambda', MetricName: 'Errors' }) }) }),
      ]),
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^ACM copy is older than the certificate in'),
      Namespace: 'CdkCertkit',
      MetricName: 'AcmCopyBehindSecret',
      Dimensions: dims,
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('expires in less than 20 days'),
      MetricName: 'DaysToExpiry',
      Dimensions: dims,
      Threshold: 20,
      ComparisonOperator: 'LessThanThreshold',
    });
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
  });

  test('IAM: ACM import only tagged (first) or into its own ARN (re-import); the one secret; KMS only through Secrets Manager', () => {
    const { template } = synth();
    const statements = syncStatements(template);
    expect(actionsOf(statements)).toEqual([
      'acm:AddTagsToCertificate', 'acm:DeleteCertificate', 'acm:DescribeCertificate', 'acm:ImportCertificate', 'acm:ImportCertificate',
      'cloudwatch:PutMetricData', 'kms:Decrypt', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue',
    ]);
    const certificates = partitionArn(':acm:eu-west-1:111111111111:certificate/*');
    const imports = statements.filter(s => ([] as string[]).concat(s.Action).includes('acm:ImportCertificate'));
    expect(imports).toEqual(expect.arrayContaining([
      expect.objectContaining({ Resource: certificates, Condition: { 'StringEquals': { 'aws:RequestTag/cdk-certkit:certificate': 'EdgeWebInAcmD257FE55' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['cdk-certkit:certificate'] } } }),
      expect.objectContaining({ Action: 'acm:ImportCertificate', Resource: certificateArnAttr }),
    ]));
    expect(imports.find(s => s.Resource === certificates || (s.Resource as any)?.['Fn::Join'])!.Condition).toBeDefined();
    expect(statementFor(statements, 'acm:DescribeCertificate')).toEqual(expect.objectContaining({
      Resource: certificates, Condition: { StringEquals: { 'aws:ResourceTag/cdk-certkit:certificate': 'EdgeWebInAcmD257FE55' } },
    }));
    const secretArn = partitionArn(`:secretsmanager:eu-west-1:111111111111:secret:${SECRET}-??????`);
    expect(statementFor(statements, 'secretsmanager:GetSecretValue')).toEqual(expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: secretArn }));
    expect(statementFor(statements, 'kms:Decrypt')).toEqual(expect.objectContaining({
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StoreKey/), 'Arn'] },
      Condition: {
        StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.eu-west-1.', { Ref: 'AWS::URLSuffix' }]] } },
        StringLike: { 'kms:EncryptionContext:SecretARN': secretArn },
      },
    }));
    expect(statementFor(statements, 'cloudwatch:PutMetricData').Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'CdkCertkit' } });
    // Nothing else in the stack grants the sync role anything.
    expect(permissionStatements(template).filter(s => ([] as string[]).concat(s.Action).some(a => a.startsWith('acm:'))).length).toBe(3);
  });

  test('CloudFront in us-east-1 reading the replica: the replica key by its ID, Secrets Manager of us-east-1', () => {
    const { stack, template } = synth({
      stackProps: { env: { ...env, region: 'us-east-1' }, crossRegionReferences: true },
      storeEnv: env,
      store: { replicaRegions: ['us-east-1'] },
      props: { cloudFront: true, firstCertificateTimeout: Duration.minutes(5) },
    });
    const kms = statementFor(syncStatements(template), 'kms:Decrypt');
    expect(JSON.stringify(stack.resolve(kms.Resource))).toMatch(/:kms:us-east-1:111111111111:key\//);
    expect(JSON.stringify(kms.Condition)).toMatch(/secretsmanager\.us-east-1\./);
    template.hasResourceProperties('Custom::ClusterCertificateInAcm', { CloudFront: true });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)' });
    const fn = syncFunction(template);
    const config = JSON.parse(fn.Properties.Environment.Variables[ACM_SYNC_CONFIG_ENV]);
    expect(config).toEqual(expect.objectContaining({ cloudFront: true, firstCertificateTimeoutSeconds: 300 }));
    expect(fn.Properties.Timeout).toBe(420);
  });

  test('an environment-agnostic stack with cloudFront checks the region at deployment', () => {
    const { template } = synth({ stackProps: {}, props: { cloudFront: true } });
    expect(JSON.stringify(template.toJSON().Rules)).toMatch(/CloudFront only uses certificates from us-east-1/);
  });

  test('RemovalPolicy.RETAIN keeps the certificate on delete', () => {
    const { template } = synth({ props: { removalPolicy: RemovalPolicy.RETAIN } });
    const fn = syncFunction(template);
    expect(JSON.parse(fn.Properties.Environment.Variables[ACM_SYNC_CONFIG_ENV]).deleteOnRemoval).toBe(false);
  });

  test('cdk-nag AwsSolutions: no unacknowledged findings', () => {
    const { app } = exportStack();
    expect(nagFindings(app)).toEqual([]);
    const cloudFront = exportStack({
      stackProps: { env: { ...env, region: 'us-east-1' }, crossRegionReferences: true },
      storeEnv: env,
      store: { replicaRegions: ['us-east-1'] },
      props: { cloudFront: true },
    });
    expect(nagFindings(cloudFront.app)).toEqual([]);
  });

  test('synthesizes with no errors', () => {
    const { app } = exportStack();
    expect(() => app.synth()).not.toThrow();
    expect(Stack.of(app.node.findChild('Edge')).region).toBe('eu-west-1');
  });
});
