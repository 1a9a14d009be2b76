// cdk-nag findings in aws-eks' kubectl provider (the nested stack that runs kubectl and helm for an imported
// cluster). It is AWS-maintained code this app cannot change; each finding is acknowledged with its reason.
import { CfnCondition, CfnElement, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagFindings } from 'cdk-certkit';
import { Construct } from 'constructs';

export function acknowledgeKubectlProvider(scope: Construct, cluster: eks.ICluster): void {
  const provider = eks.KubectlProvider.getOrCreate(scope, cluster);
  const handler = provider.node.findChild('Handler') as lambda.Function;
  const logicalIdOf = (element: CfnElement) => Stack.of(element).resolve(element.logicalId);
  const handlerId = logicalIdOf(handler.node.defaultChild as lambda.CfnFunction);
  const ecrPublicCondition = logicalIdOf(handler.node.findChild('HasEcrPublic') as CfnCondition);
  const managed = (name: string) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`;
  const ecrPublic = JSON.stringify({ 'Fn::If': [ecrPublicCondition, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly']] }, { Ref: 'AWS::NoValue' }] });

  const reasons: [string, string][] = [
    [managed('service-role/AWSLambdaBasicExecutionRole'), 'aws-eks attaches it to the kubectl handler and the provider framework: it only lets them write their own CloudWatch logs.'],
    [managed('AmazonEC2ContainerRegistryPullOnly'), 'aws-eks attaches it so the kubectl handler can pull Helm charts from ECR OCI registries; it is read-only.'],
    [`AwsSolutions-IAM4[Policy::${ecrPublic}]`, 'aws-eks attaches it in the aws partition only, for charts in ECR Public; it is read-only.'],
    [`AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`, 'The provider framework may invoke any version of its own kubectl handler, and nothing else.'],
    ['AwsSolutions-L1', 'aws-cdk-lib picks the runtimes of the kubectl handler (matched to its kubectl layer) and of the provider framework; they move with aws-cdk-lib upgrades.'],
  ];
  reasons.forEach(([id, reason]) => NagFindings.acknowledge(provider, id, reason));
}
