import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CertkitEksExampleStack } from '../../examples/eks/stack';
import { CertManagerRoute53CrossAccountRole, CertManagerRoute53Role, WorkloadIdentity } from '../../src';

const env = { account: '111111111111', region: 'eu-west-1' };

/** cdk-nag 3 reports through CDK's validation plugins; validateScope runs the same AwsSolutions checks on a tree. */
function findings(app: App): string[] {
  return new AwsSolutionsChecks(app).validateScope(app).violations
    .map(v => `${v.ruleName} at ${v.violatingResources.map(r => r.constructPath).join(', ')}`);
}

describe('cdk-nag AwsSolutions', () => {
  test('examples/eks: no unacknowledged errors or warnings', () => {
    const app = new App();
    new CertkitEksExampleStack(app, 'CertkitEksExample', { env });
    expect(findings(app)).toEqual([]);
  });

  test.each([undefined, 'cn-north-1'])('the Route53 roles acknowledge exactly the wildcards AWS requires (region %p)', region => {
    const app = new App();
    const stack = new Stack(app, 'Roles', region ? { env: { ...env, region } } : {});
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'demo' });
    new CertManagerRoute53Role(stack, 'Controller', { identity: WorkloadIdentity.podIdentity(cluster), hostedZoneIds: ['Z0123456789ABCDEFGHIJ'] });
    new CertManagerRoute53CrossAccountRole(stack, 'DnsAccount', { assumedBy: new iam.AccountPrincipal('222222222222'), hostedZoneIds: ['Z0123456789ABCDEFGHIJ'] });
    expect(findings(app)).toEqual([]);
  });

  test('the checks do run: a wildcard the roles did not ask for is reported', () => {
    const app = new App();
    const stack = new Stack(app, 'Roles', { env });
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'demo' });
    const role = new CertManagerRoute53Role(stack, 'Controller', { identity: WorkloadIdentity.podIdentity(cluster), hostedZoneIds: ['Z0123456789ABCDEFGHIJ'] });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['route53:GetHostedZone'], resources: ['arn:aws:route53:::hostedzone/*'] }));
    expect(findings(app)).toEqual(['AwsSolutions-IAM5[Resource::arn:aws:route53:::hostedzone/*] at Roles/Controller/Role/DefaultPolicy/Resource']);
  });
});
