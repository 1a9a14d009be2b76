// Rendered objects the budget reads, written as cert-manager and External Secrets Operator see them, so the tests do
// not depend on how the constructs that make them are arranged.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { CertificateBackup } from '../../../src/k8s/backup/certificate-backup';
import { LetsEncryptRateLimits } from '../../../src/k8s/rate-limits';

export const PRODUCTION = LetsEncryptRateLimits.PRODUCTION_DIRECTORY;
export const STAGING = LetsEncryptRateLimits.STAGING_DIRECTORY;

export function platform(app: App = Testing.app(), id = 'Platform', namespace = 'apps'): Chart {
  return new Chart(app, id, { namespace, disableResourceNameHashes: true });
}

export interface IssuerOptions {
  readonly server?: string;
  readonly dns01?: boolean;
  readonly account?: string;
  readonly kind?: 'Issuer' | 'ClusterIssuer';
}

/** An ACME issuer (a ClusterIssuer unless told), HTTP-01 unless `dns01`. */
export function acmeIssuer(chart: Chart, name: string, options: IssuerOptions = {}): ApiObject {
  return new ApiObject(chart, `issuer-${name}`, {
    apiVersion: 'cert-manager.io/v1',
    kind: options.kind ?? 'ClusterIssuer',
    metadata: { name },
    spec: {
      acme: {
        server: options.server ?? PRODUCTION,
        email: 'ops@example.com',
        privateKeySecretRef: { name: options.account ?? `${name}-account` },
        solvers: [options.dns01 ? { dns01: { route53: { region: 'eu-west-1' } } } : { http01: { ingress: { ingressClassName: 'nginx' } } }],
      },
    },
  });
}

export function caIssuer(chart: Chart, name: string): ApiObject {
  return new ApiObject(chart, `issuer-${name}`, { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name }, spec: { ca: { secretName: `${name}-ca` } } });
}

export interface CertOptions {
  readonly issuer?: string;
  readonly kind?: 'Issuer' | 'ClusterIssuer';
  readonly group?: string;
  readonly commonName?: string;
}

export function certificate(chart: Chart, name: string, dnsNames: string[], options: CertOptions = {}): ApiObject {
  return new ApiObject(chart, name, {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name },
    spec: {
      secretName: `${name}-tls`,
      commonName: options.commonName,
      dnsNames,
      issuerRef: { name: options.issuer ?? 'le', kind: options.kind ?? 'ClusterIssuer', group: options.group },
    },
  });
}

/** `count` Certificates named `<prefix>0..`, each for the host of its name under `domain`. */
export function certificates(chart: Chart, count: number, domain: string, options: CertOptions & { prefix?: string } = {}): ApiObject[] {
  const prefix = options.prefix ?? 'c';
  return Array.from({ length: count }, (_, i) => certificate(chart, `${prefix}${i}`, [`${prefix}${i}.${domain}`], options));
}

/** The restoring ExternalSecret CertificateBackup renders for a Certificate's Secret. */
export function restore(chart: Chart, certificateName: string, namespace = 'apps'): ApiObject {
  return new ApiObject(chart, `${certificateName}-restore`, {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: `${certificateName}-tls-restore`,
      annotations: { [CertificateBackup.RESTORES_CERTIFICATE_ANNOTATION]: `${namespace}/${certificateName}` },
    },
    spec: { refreshPolicy: 'CreatedOnce', target: { name: `${certificateName}-tls`, creationPolicy: 'Orphan' } },
  });
}
