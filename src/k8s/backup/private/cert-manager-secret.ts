// What cert-manager v1.21.1 writes on a Certificate's Secret (pkg/apis/certmanager/v1/types.go), shared by the
// adoption rules and the restore's template (internal).

/** cert-manager's annotation keys on a Certificate's Secret. */
export const CERT_MANAGER_SECRET_ANNOTATIONS = {
  issuerName: 'cert-manager.io/issuer-name',
  issuerKind: 'cert-manager.io/issuer-kind',
  issuerGroup: 'cert-manager.io/issuer-group',
  certificateName: 'cert-manager.io/certificate-name',
} as const;

/** The label cert-manager puts on every Secret it writes (`PartOfCertManagerControllerLabelKey`). */
export const CERT_MANAGER_SECRET_LABEL = 'controller.cert-manager.io/fao';
