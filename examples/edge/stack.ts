// An internet-facing ALB whose HTTPS listener uses a Let's Encrypt certificate that AcmeCertificate keeps valid:
// issued during deployment, renewed daily when due, backed up to S3, with alarms to an SNS topic.
import { Duration, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { AcmeCertificate, AcmeCertificateAuthority, AcmeDnsProvider } from 'cdk-certkit';
import { Construct } from 'constructs';

export interface EdgeExampleStackProps extends StackProps {
  /** Public hosted zone that holds the site's name. */
  readonly hostedZoneId: string;
  readonly zoneName: string;
  /** Where the alarms go. */
  readonly alarmEmail: string;
}

export class EdgeExampleStack extends Stack {
  public readonly certificate: AcmeCertificate;

  constructor(scope: Construct, id: string, props: EdgeExampleStackProps) {
    super(scope, id, props);
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: props.hostedZoneId, zoneName: props.zoneName });
    const siteName = `www.${props.zoneName}`;

    const alarms = new sns.Topic(this, 'Alarms', { enforceSSL: true });
    alarms.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    Validations.of(alarms).acknowledge({ id: 'AwsSolutions-SNS2', reason: 'Example: alarm notifications carry no sensitive data.' });

    this.certificate = new AcmeCertificate(this, 'SiteCertificate', {
      domainNames: [siteName, props.zoneName],
      // Start with staging; switch to letsEncrypt() once the deployment works.
      certificateAuthority: AcmeCertificateAuthority.letsEncryptStaging(),
      dnsProvider: AcmeDnsProvider.route53([zone]),
      email: props.alarmEmail,
      backup: true,
      alarmTopic: alarms,
    });

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    const logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
      lifecycleRules: [{ expiration: Duration.days(30) }],
    });
    Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This bucket is the access log destination itself.' });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true, dropInvalidHeaderFields: true });
    alb.logAccessLogs(logs);
    Validations.of(alb).acknowledge({ id: 'AwsSolutions-EC23', reason: 'A public website: the load balancer takes HTTPS (and HTTP to redirect) from anywhere.' });
    alb.addListener('Https', {
      port: 443,
      certificates: [this.certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      defaultAction: elbv2.ListenerAction.fixedResponse(200, { contentType: 'text/plain', messageBody: `Hello from ${siteName}` }),
    });
    alb.addRedirect({ sourcePort: 80, targetPort: 443 });

    new route53.ARecord(this, 'SiteRecord', {
      zone, recordName: siteName, target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(alb)),
    });
  }
}
