/**
 * The upstream files cdk-certkit is built and tested against, pinned by release and checksum.
 * Paths are relative to an upstream root laid out like `../shared/upstream/`.
 */
export interface PinnedFile {
  /** Path under the upstream root, e.g. `cert-manager-v1.21.1/values.schema.json`. */
  readonly path: string;
  /** Where the same bytes are published upstream. */
  readonly url: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
}

const RAW = 'https://raw.githubusercontent.com';
const CERT_MANAGER = `${RAW}/cert-manager/cert-manager/v1.21.1`;
const PCA_ISSUER = `${RAW}/cert-manager/aws-privateca-issuer/v1.9.1`;
const ARGO_CD = `${RAW}/argoproj/argo-cd/v3.5.1`;
const HELM_CONTROLLER = `${RAW}/fluxcd/helm-controller/v1.6.3`;
const EXTERNAL_SECRETS = `${RAW}/external-secrets/external-secrets/helm-chart-2.9.0`;
const TRUST_MANAGER = `${RAW}/cert-manager/trust-manager/v0.24.0`;
const CSI_DRIVER = `${RAW}/cert-manager/csi-driver/v0.16.0`;
const PROMETHEUS_OPERATOR = `${RAW}/prometheus-operator/prometheus-operator/v0.93.0`;

export const CERT_MANAGER_VERSION = 'v1.21.1';
export const PCA_ISSUER_VERSION = 'v1.9.1';
export const EXTERNAL_SECRETS_CHART_VERSION = '2.9.0';
export const TRUST_MANAGER_VERSION = 'v0.24.0';
export const CSI_DRIVER_VERSION = 'v0.16.0';
export const PROMETHEUS_OPERATOR_VERSION = 'v0.93.0';

function pin(path: string, url: string, sha256: string): PinnedFile {
  return { path, url, sha256 };
}

export const PINNED_FILES: readonly PinnedFile[] = [
  pin('cert-manager-v1.21.1/LICENSE', `${CERT_MANAGER}/LICENSE`, 'c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4'),
  pin('cert-manager-v1.21.1/crds/acme.cert-manager.io_challenges.yaml', `${CERT_MANAGER}/deploy/crds/acme.cert-manager.io_challenges.yaml`, 'dff7542a2ee6581e3963a076410212ad3207201b70df8a328aa50826d569161c'),
  pin('cert-manager-v1.21.1/crds/acme.cert-manager.io_orders.yaml', `${CERT_MANAGER}/deploy/crds/acme.cert-manager.io_orders.yaml`, 'b1e9c938b9724482cc0612aac949b40e062001fc9732234c591f24cb9ffc5ca7'),
  pin('cert-manager-v1.21.1/crds/cert-manager.io_certificaterequests.yaml', `${CERT_MANAGER}/deploy/crds/cert-manager.io_certificaterequests.yaml`, '74cf3801ab146a1745498de5f3b619cde6f2dc89ae03755084be08129ce726c3'),
  pin('cert-manager-v1.21.1/crds/cert-manager.io_certificates.yaml', `${CERT_MANAGER}/deploy/crds/cert-manager.io_certificates.yaml`, '7ad91029c00ec959d54215b19d3b1a9b7e0247eaa60f987151c2b70d8661f8af'),
  pin('cert-manager-v1.21.1/crds/cert-manager.io_clusterissuers.yaml', `${CERT_MANAGER}/deploy/crds/cert-manager.io_clusterissuers.yaml`, '30008001b78aafb8e110af61359561104b5fafc3a4dc6ac0013245d0ee3fe4ca'),
  pin('cert-manager-v1.21.1/crds/cert-manager.io_issuers.yaml', `${CERT_MANAGER}/deploy/crds/cert-manager.io_issuers.yaml`, '05e37efb02777e0362d24269fa103c2fc11419f9c85e31854ef873e5d9e5c5cc'),
  pin('cert-manager-v1.21.1/values.schema.json', `${CERT_MANAGER}/deploy/charts/cert-manager/values.schema.json`, '47730ad9154f6cde7a081de7541f88e085ff92a5e5fd65a41a3d0223ff735bea'),
  pin('cert-manager-v1.21.1/values.yaml', `${CERT_MANAGER}/deploy/charts/cert-manager/values.yaml`, '4d818a0facf6c8462fcd316f40bcc1c693f3a4aa0a2ad445bf4c54fa950203cf'),
  pin('aws-privateca-issuer-v1.9.1/LICENSE', `${PCA_ISSUER}/LICENSE`, 'c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4'),
  pin('aws-privateca-issuer-v1.9.1/crds/awspca.cert-manager.io_awspcaclusterissuers.yaml', `${PCA_ISSUER}/charts/aws-pca-issuer/crds/awspca.cert-manager.io_awspcaclusterissuers.yaml`, 'de5e14587e7ea23d44e12ab505d1034b91a9a2ccb4e41527914a8d3559927fdc'),
  pin('aws-privateca-issuer-v1.9.1/crds/awspca.cert-manager.io_awspcaissuers.yaml', `${PCA_ISSUER}/charts/aws-pca-issuer/crds/awspca.cert-manager.io_awspcaissuers.yaml`, '896e514237717d1b4b7d21bbc82df874ab73e7471c8bfd0f2cc382600ade567f'),
  pin('aws-privateca-issuer-v1.9.1/values.yaml', `${PCA_ISSUER}/charts/aws-pca-issuer/values.yaml`, '3268c713890ca709837dc56b96933938bd1fc317c0f5d69553257d8b7ea4531c'),
  pin('argo-cd-v3.5.1/LICENSE', `${ARGO_CD}/LICENSE`, 'c996fc213c94f4a4a838407d355b081226caa7b103a4f239bb87fb8f1d8e3a60'),
  pin('argo-cd-v3.5.1/crds/application-crd.yaml', `${ARGO_CD}/manifests/crds/application-crd.yaml`, '5dde0e229249b6b707beb98674c1deae3949d5c319a6c45b9f5a80c99618e40c'),
  pin('flux-helm-controller-v1.6.3/LICENSE', `${HELM_CONTROLLER}/LICENSE`, 'c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4'),
  pin('flux-helm-controller-v1.6.3/crds/helm.toolkit.fluxcd.io_helmreleases.yaml', `${HELM_CONTROLLER}/config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml`, 'aa8638ac68465ceac1f93a617baf5be833c589c51fd78a7384a4a274c252becc'),
  pin('external-secrets-v2.9.0/LICENSE', `${EXTERNAL_SECRETS}/LICENSE`, '58d1e17ffe5109a7ae296caafcadfdbe6a7d176f0bc4ab01e12a689b0499d8bd'),
  pin('external-secrets-v2.9.0/Chart.yaml', `${EXTERNAL_SECRETS}/deploy/charts/external-secrets/Chart.yaml`, '20afd15a4ae9a20195ca1df538a49d88a12e962a8d261cf3ec39fd1ae238bb3d'),
  pin('external-secrets-v2.9.0/values.schema.json', `${EXTERNAL_SECRETS}/deploy/charts/external-secrets/values.schema.json`, 'a6cdce7b4f5ca9debdbf4164816daedc41d71589cf7d90bb513159603ed81312'),
  pin('external-secrets-v2.9.0/values.yaml', `${EXTERNAL_SECRETS}/deploy/charts/external-secrets/values.yaml`, '13811e7dd028c69c933d299728181f5b094bcab03de0cea26a8a020b2c7d402d'),
  pin('external-secrets-v2.9.0/crds/external-secrets.io_externalsecrets.yaml', `${EXTERNAL_SECRETS}/config/crds/bases/external-secrets.io_externalsecrets.yaml`, '5044be5a610ca90a075f34f03ed20b462695c43387ba9410db7f4250e47b1e2f'),
  pin('external-secrets-v2.9.0/crds/external-secrets.io_clusterexternalsecrets.yaml', `${EXTERNAL_SECRETS}/config/crds/bases/external-secrets.io_clusterexternalsecrets.yaml`, '9f5563a19efb4bce47f3916937eac160eae1eaec56560e4f6f77b1b2047a8664'),
  pin('external-secrets-v2.9.0/crds/external-secrets.io_secretstores.yaml', `${EXTERNAL_SECRETS}/config/crds/bases/external-secrets.io_secretstores.yaml`, '7f750858d393913915a2f15daff9e1d2f56ca207c09920c055d7a68cceacb641'),
  pin('external-secrets-v2.9.0/crds/external-secrets.io_clustersecretstores.yaml', `${EXTERNAL_SECRETS}/config/crds/bases/external-secrets.io_clustersecretstores.yaml`, 'f847c69ae317a76527fc37c163ddfe15d9026e14eb47dd325319e914e0433c2a'),
  pin('external-secrets-v2.9.0/crds/external-secrets.io_pushsecrets.yaml', `${EXTERNAL_SECRETS}/config/crds/bases/external-secrets.io_pushsecrets.yaml`, '1d97b97b4aca0799bc8dc05d45d34adf2265ae5c3a87268026b6aafb1718f4ec'),
  pin('external-secrets-v2.9.0/crds/external-secrets.io_clusterpushsecrets.yaml', `${EXTERNAL_SECRETS}/config/crds/bases/external-secrets.io_clusterpushsecrets.yaml`, '04a739caa297b02c7295fb89923fc1e375c6e2beecca8b232fe6bbd98104e5ef'),
  pin('trust-manager-v0.24.0/LICENSE', `${TRUST_MANAGER}/LICENSE`, 'c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4'),
  // The Bundle CRD (trust.cert-manager.io/v1alpha1) is the one the v0.24.0 chart installs; ClusterBundle is not pinned.
  pin('trust-manager-v0.24.0/crds/trust.cert-manager.io_bundles.yaml', `${TRUST_MANAGER}/deploy/crds/trust.cert-manager.io_bundles.yaml`, '712b2ede1c7cd9c9b86c3eef4d1c894b3b0913b3467cf96981dd35ac166bf334'),
  pin('trust-manager-v0.24.0/values.schema.json', `${TRUST_MANAGER}/deploy/charts/trust-manager/values.schema.json`, 'c724d271d37e0c6943fda411e1868b0b6ed9d50cbb1839ab4a5f6b22f0323527'),
  pin('trust-manager-v0.24.0/values.yaml', `${TRUST_MANAGER}/deploy/charts/trust-manager/values.yaml`, 'e94abd835b8b2e33ad4a522418a09006f072ed3500a2c14690c1bd4ef7cbaa3d'),
  pin('csi-driver-v0.16.0/LICENSE', `${CSI_DRIVER}/LICENSE`, 'c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4'),
  pin('csi-driver-v0.16.0/values.schema.json', `${CSI_DRIVER}/deploy/charts/csi-driver/values.schema.json`, '00e70e4402874a08ad3fda91d7d9310743d093a06d08a9e0711ff709f795cdbf'),
  pin('csi-driver-v0.16.0/values.yaml', `${CSI_DRIVER}/deploy/charts/csi-driver/values.yaml`, '3e53ca1e6dbf1c63de1e95e0d2571315c2f206607aa4da32851cf97b7606d53d'),
  pin('prometheus-operator-v0.93.0/LICENSE', `${PROMETHEUS_OPERATOR}/LICENSE`, 'd944a57b4a9807adbf98cf93ebe7b30e70b43d4742dda15640b86d099a7f65f3'),
  pin('prometheus-operator-v0.93.0/crds/monitoring.coreos.com_prometheusrules.yaml', `${PROMETHEUS_OPERATOR}/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml`, '78be98554b9c8506ab2b4f4feb91c5f3a56e536a0a510f3a8e876a459970d56d'),
  pin('prometheus-operator-v0.93.0/crds/monitoring.coreos.com_servicemonitors.yaml', `${PROMETHEUS_OPERATOR}/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml`, 'a99047972c9dd7679ce2050b9968e8a08773492e671b3e17abd476d42aa78a32'),
];

/** The CRD files, in the order `cdk8s import` and schema validation read them. */
export const PINNED_CRDS: readonly PinnedFile[] = PINNED_FILES.filter(f => f.path.includes('/crds/'));
