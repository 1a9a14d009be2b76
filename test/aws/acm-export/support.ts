// An AWS app with a CertificateBackupStore and a ClusterCertificateInAcm, next to the cdk8s app whose Certificate
// CertificateBackup pushes (two construct trees, as in a real project).
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Chart, Testing } from 'cdk8s';
import { ClusterCertificateInAcm, ClusterCertificateInAcmProps, ClusterCertificateSource } from '../../../src/aws/acm-export';
import { CertificateBackupStore, CertificateBackupStoreProps } from '../../../src/aws/backup';
import { WorkloadIdentity } from '../../../src/aws/roles';
import { CertificateBackup } from '../../../src/k8s/backup';
import { Certificate, CertificateProps } from '../../../src/k8s/certificates';
import { IIssuerRef } from '../../../src/k8s/issuer-ref';
import { AcmeSolver, LetsEncryptIssuers } from '../../../src/k8s/issuers';

export const env = { account: '111111111111', region: 'eu-west-1' };
export const PREFIX = 'cdk-certkit/platform/';

export interface ExportOptions {
  readonly stackProps?: StackProps;
  readonly store?: Partial<CertificateBackupStoreProps>;
  /** Another stack for the store (e.g. eu-west-1 while the certificate is in us-east-1). */
  readonly storeEnv?: StackProps['env'];
  readonly certificate?: Partial<CertificateProps>;
  /** Leave the Certificate out of the backup. */
  readonly notBackedUp?: boolean;
  readonly props?: Partial<ClusterCertificateInAcmProps>;
  /** The web Certificate's issuer (default Let's Encrypt production, ACME). */
  readonly issuer?: (chart: Chart) => IIssuerRef;
}

export function exportStack(options: ExportOptions = {}) {
  const k8sApp = Testing.app();
  const chart = new Chart(k8sApp, 'Platform', { namespace: 'apps', disableResourceNameHashes: true });
  const le = new LetsEncryptIssuers(chart, 'le', { email: 'ops@example.com', solvers: [AcmeSolver.dns01Route53({ region: 'eu-west-1' })] });
  const issuerRef = options.issuer?.(chart) ?? le.production;
  const web = new Certificate(chart, 'web', { metadata: { name: 'web' }, dnsNames: ['web.example.com'], issuerRef, ...options.certificate });
  const other = new Certificate(chart, 'other', { metadata: { name: 'other' }, dnsNames: ['other.example.com'], issuerRef: le.production });

  const app = new App();
  const stack = new Stack(app, 'Edge', options.stackProps ?? { env });
  const storeStack = options.storeEnv ? new Stack(app, 'Backup', { env: options.storeEnv, crossRegionReferences: true }) : stack;
  const cluster = eks.Cluster.fromClusterAttributes(storeStack, 'Cluster', { clusterName: 'demo' });
  const store = new CertificateBackupStore(storeStack, 'Store', { prefix: PREFIX, identity: WorkloadIdentity.podIdentity(cluster), ...options.store });
  const backup = new CertificateBackup(chart, 'backup', { location: store.location, certificates: options.notBackedUp ? [other] : [web, other] });
  const inAcm = new ClusterCertificateInAcm(stack, 'WebInAcm', {
    source: ClusterCertificateSource.fromCertificate(web, backup, store),
    ...options.props,
  });
  return { app, stack, storeStack, store, k8sApp, chart, web, backup, inAcm };
}

/** cdk-nag 3 reports through CDK's validation plugins; validateScope runs the AwsSolutions checks on a tree. */
export function nagFindings(app: App): string[] {
  return new AwsSolutionsChecks(app).validateScope(app).violations
    .map(v => `${v.ruleName} at ${v.violatingResources.map(r => r.constructPath).join(', ')}`);
}
