// Stacks with an AcmeCertificate for template and cdk-nag tests.
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AcmeCertificate, AcmeCertificateAuthority, AcmeCertificateProps, AcmeDnsProvider } from '../../../src';

export const env = { account: '111111111111', region: 'eu-west-1' };

type PropsIn = Partial<AcmeCertificateProps> | ((stack: Stack, zone: route53.IHostedZone) => Partial<AcmeCertificateProps>);

/** A stack with a public zone for example.com and a certificate for example.com and *.example.com in it. */
export function certificateStack(props: PropsIn = {}, stackProps: StackProps = { env }) {
  const app = new App();
  const stack = new Stack(app, 'S', stackProps);
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const certificate = new AcmeCertificate(stack, 'Cert', {
    domainNames: ['example.com', '*.example.com'],
    certificateAuthority: AcmeCertificateAuthority.letsEncryptStaging(),
    dnsProvider: AcmeDnsProvider.route53([zone]),
    ...(typeof props === 'function' ? props(stack, zone) : props),
  });
  return { app, stack, zone, certificate };
}

/** cdk-nag 3 reports through CDK's validation plugins; validateScope runs the AwsSolutions checks on a tree. */
export function nagFindings(app: App): string[] {
  return new AwsSolutionsChecks(app).validateScope(app).violations
    .map(v => `${v.ruleName} at ${v.violatingResources.map(r => r.constructPath).join(', ')}`);
}
