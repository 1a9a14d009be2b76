// cert-manager on an existing EKS cluster: Route53 DNS-01 through IRSA for Let's Encrypt, and AWS Private CA
// through aws-privateca-issuer, with issuers and certificates applied after the Helm releases.
import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  AcmeSolver, Certificate, ClusterIssuer, EksCertManager, IssuerType, LetsEncryptIssuers, PrivateCaKeyAlgorithm, PrivateCertificateAuthority,
} from 'cdk-certkit';
import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { acknowledgeKubectlProvider } from './nag-acknowledgments';

// The cluster exists already; these are its attributes (see `aws eks describe-cluster`).
const CLUSTER = {
  name: 'platform',
  kubectlRoleArn: 'arn:aws:iam::111111111111:role/platform-kubectl',
  oidcProviderArn: 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
};
const ZONE = { zoneName: 'example.com', hostedZoneId: 'Z0123456789EXAMPLEZONE' };

export class CertkitEksExampleStack extends Stack {
  public readonly certManager: EksCertManager;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const cluster = eks.Cluster.fromClusterAttributes(this, 'Cluster', {
      clusterName: CLUSTER.name,
      kubectlRoleArn: CLUSTER.kubectlRoleArn,
      openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(this, 'Oidc', CLUSTER.oidcProviderArn),
      kubectlLayer: new KubectlV33Layer(this, 'KubectlLayer'),
    });

    // A private PKI in this account: an offline-style root, and the issuing CA the cluster signs with.
    const root = new PrivateCertificateAuthority(this, 'RootCa', {
      subject: { commonName: 'Example Internal Root CA', organization: 'Example' },
      keyAlgorithm: PrivateCaKeyAlgorithm.EC_SECP384R1,
    });
    const issuingCa = new PrivateCertificateAuthority(this, 'IssuingCa', {
      subject: { commonName: 'Example Platform Issuing CA', organization: 'Example' },
      parent: root,
      keyAlgorithm: PrivateCaKeyAlgorithm.EC_PRIME256V1,
      validity: Duration.days(3 * 365),
    });

    this.certManager = new EksCertManager(this, 'CertManager', {
      cluster,
      certManager: { highAvailability: true },
      route53: { hostedZones: [route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', ZONE)] },
      privateCaIssuer: {
        certificateAuthority: issuingCa,
        templateArn: `arn:${this.partition}:acm-pca:::template/EndEntityCertificate/V1`,
      },
    });

    this.certManager.addCdk8sChart('Issuers', issuersAndCertificates(this.certManager));
    acknowledgeKubectlProvider(this, cluster);
  }
}

/** The cluster-side objects, built with the same constructs as a plain cdk8s app. */
function issuersAndCertificates(certManager: EksCertManager): cdk8s.Chart {
  const chart = new cdk8s.Chart(new cdk8s.App(), 'issuers');
  // kubectl applies the chart in order: the namespaces before the Certificates in them.
  for (const name of ['web', 'payments']) {
    new cdk8s.ApiObject(chart, `${name}-namespace`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const letsEncrypt = new LetsEncryptIssuers(chart, 'LetsEncrypt', {
    email: 'platform-team@example.com',
    solvers: [AcmeSolver.dns01Route53(certManager.route53Role!.solverProps({ selector: { dnsZones: [ZONE.zoneName] } }))],
  });
  const privateCa = new ClusterIssuer(chart, 'PrivateCa', {
    name: 'example-private-ca',
    type: IssuerType.awsPrivateCa(certManager.privateCaIssuerRole!.issuerProps()),
  });

  new Certificate(chart, 'WildcardStaging', {
    issuerRef: letsEncrypt.staging,
    metadata: { name: 'wildcard-example-com-staging', namespace: 'web' },
    dnsNames: ['example.com', '*.example.com'],
  });
  new Certificate(chart, 'Wildcard', {
    issuerRef: letsEncrypt.production,
    metadata: { name: 'wildcard-example-com', namespace: 'web' },
    dnsNames: ['example.com', '*.example.com'],
  });
  new Certificate(chart, 'PaymentsInternal', {
    issuerRef: privateCa,
    metadata: { name: 'payments-internal', namespace: 'payments' },
    dnsNames: ['payments.internal.example.com', 'payments.payments.svc.cluster.local'],
  });
  return chart;
}

