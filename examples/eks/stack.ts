// cert-manager on an existing EKS cluster: Route53 DNS-01 through IRSA for Let's Encrypt, AWS Private CA through
// aws-privateca-issuer (the `aws-privateca-connector-for-kubernetes` EKS add-on), every certificate backed up to
// Secrets Manager and restored on a rebuild, and an ALB serving a cert-manager certificate through ACM.
import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  AcmeSolver, AlbIngressCertificate, Certificate, CertificateBackup, ClusterCertificateInAcm, ClusterCertificateSource, ClusterIssuer,
  EksCertManager, EksCertManagerDelivery, IssuerType, LetsEncryptIssuers, PrivateCaCertificateTemplate, PrivateCaKeyAlgorithm,
  PrivateCertificateAuthority, RestoreOrdering,
} from 'cdk-certkit';
import * as cdk8s from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
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
  /** The Let's Encrypt wildcard certificate in ACM, for the ALB. */
  public readonly wildcardInAcm: ClusterCertificateInAcm;

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
      // `delivery` applies to cert-manager and aws-privateca-issuer together: both become EKS add-ons
      // (`cert-manager`, `aws-privateca-connector-for-kubernetes`). External Secrets Operator stays a Helm release.
      delivery: EksCertManagerDelivery.EKS_ADDON,
      certManager: { highAvailability: true },
      route53: { hostedZones: [route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', ZONE)] },
      privateCaIssuer: {
        certificateAuthority: issuingCa,
        // What aws-privateca-issuer requests for cert-manager's default usages.
        templateArn: `arn:${this.partition}:acm-pca:::template/${PrivateCaCertificateTemplate.BLANK_END_ENTITY_CSR_PASSTHROUGH}`,
      },
      // The Secrets Manager prefix, its KMS key and ESO's role; ESO installed with that role.
      backup: { prefix: 'cdk-certkit/platform/' },
    });

    const k8s = new cdk8s.App();
    // 1. The namespaces, before the backup restores Secrets into them.
    this.certManager.addCdk8sChart('Namespaces', namespaces(k8s));
    // 2. The issuers and certificates as constructs (applied in 4.), so the backup knows what to restore.
    const { chart: certificates, wildcard } = issuersAndCertificates(k8s, this.certManager);
    const backupChart = new cdk8s.Chart(k8s, 'backup');
    const backup = new CertificateBackup(backupChart, 'Backup', {
      location: this.certManager.backupStore!.location,
      scopes: [certificates],
      ordering: RestoreOrdering.SEPARATE_APPLY,
    });
    // 3. The backup, then a wait until ESO has restored (or found nothing to restore for) every Secret.
    this.certManager.addBackupChart('Backup', backupChart, backup);

    // The wildcard certificate kept in ACM under one ARN, re-imported on every renewal, and put on an ALB.
    this.wildcardInAcm = new ClusterCertificateInAcm(this, 'WildcardInAcm', {
      source: ClusterCertificateSource.fromCertificate(wildcard, backup, this.certManager.backupStore!),
    });
    webIngress(certificates, this.wildcardInAcm.certificateArn);
    // 4. Issuers, certificates and the Ingress, once the restores are done.
    this.certManager.addCdk8sChart('Certificates', certificates);
    acknowledgeKubectlProvider(this, cluster);
  }
}

function namespaces(app: cdk8s.App): cdk8s.Chart {
  const chart = new cdk8s.Chart(app, 'namespaces');
  for (const name of ['web', 'payments']) new kplus.Namespace(chart, name, { metadata: { name } });
  return chart;
}

/** The cluster-side objects, built with the same constructs as a plain cdk8s app. */
function issuersAndCertificates(app: cdk8s.App, certManager: EksCertManager): { chart: cdk8s.Chart; wildcard: Certificate } {
  const chart = new cdk8s.Chart(app, 'certificates');
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
  const wildcard = new Certificate(chart, 'Wildcard', {
    issuerRef: letsEncrypt.production,
    metadata: { name: 'wildcard-example-com', namespace: 'web' },
    dnsNames: ['example.com', '*.example.com'],
  });
  new Certificate(chart, 'PaymentsInternal', {
    issuerRef: privateCa,
    metadata: { name: 'payments-internal', namespace: 'payments' },
    dnsNames: ['payments.internal.example.com', 'payments.payments.svc.cluster.local'],
  });
  return { chart, wildcard };
}

/** A web app behind an ALB (AWS Load Balancer Controller) that serves the wildcard certificate from ACM. */
function webIngress(chart: cdk8s.Chart, certificateArn: string): void {
  const web = new kplus.Deployment(chart, 'web', {
    metadata: { name: 'web', namespace: 'web' },
    containers: [{ image: 'public.ecr.aws/nginx/nginx-unprivileged:1.27', portNumber: 8080, securityContext: { user: 101, group: 101 } }],
  });
  const service = web.exposeViaService({ name: 'web', ports: [{ port: 80, targetPort: 8080 }] });
  const ingress = new kplus.Ingress(chart, 'web-ingress', {
    metadata: {
      name: 'web',
      namespace: 'web',
      annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing', 'alb.ingress.kubernetes.io/target-type': 'ip' },
    },
    className: 'alb',
  });
  ingress.addHostDefaultBackend('www.example.com', kplus.IngressBackend.fromService(service));
  AlbIngressCertificate.attach(ingress, certificateArn, { redirectHttp: true });
}
