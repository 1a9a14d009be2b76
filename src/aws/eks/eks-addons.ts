// The EKS add-ons EksCertManager can deliver instead of Helm releases: what AWS publishes about them, pinned here,
// and their checks (internal; not re-exported).
//
// Sources (read 2026-12-01):
// - cert-manager, a community add-on: Amazon EKS User Guide, "Community add-ons", section "Cert Manager"
//   (https://docs.aws.amazon.com/eks/latest/userguide/community-addons.html#addon-cert-manager; awsdocs/amazon-eks-user-guide
//   latest/ug/workloads/community-addons.adoc): add-on name `cert-manager`, namespace `cert-manager`, no IAM policy.
// - AWS Private CA Connector for Kubernetes: Amazon EKS User Guide, "AWS add-ons", section "AWS Private CA Connector for
//   Kubernetes" (https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html#add-ons-aws-privateca-connector):
//   add-on name `aws-privateca-connector-for-kubernetes`, namespace `aws-privateca-issuer`, service account
//   `aws-privateca-issuer` (Pod Identity), requires the cert-manager add-on; its configuration values are the
//   aws-privateca-issuer chart's values.yaml "of the version of the add-on installed".
// - Add-on versions are `v<chart version>-eksbuild.<n>` (e.g. `v2.14.0-eksbuild.1` in the same guide); the builds
//   available for a cluster are listed by `aws eks describe-addon-versions --addon-name <name>`.
import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { report } from '../../private/errors';

/** One EKS add-on that carries a chart cdk-certkit pins. */
export interface PinnedAddon {
  /** The add-on name in the EKS API. */
  readonly addonName: string;
  /** The namespace EKS installs it into (fixed). */
  readonly namespace: string;
  /** The service account of its controller, which the role for it trusts. */
  readonly serviceAccountName: string;
  /** The chart version the typed values are written for, e.g. `v1.21.1`. */
  readonly chartVersion: string;
}

export const CERT_MANAGER_ADDON: PinnedAddon = {
  addonName: 'cert-manager',
  namespace: 'cert-manager',
  // The chart's controller service account for release `cert-manager` (the add-on keeps the chart's names).
  serviceAccountName: 'cert-manager',
  chartVersion: 'v1.21.1',
};

export const PCA_CONNECTOR_ADDON: PinnedAddon = {
  addonName: 'aws-privateca-connector-for-kubernetes',
  namespace: 'aws-privateca-issuer',
  serviceAccountName: 'aws-privateca-issuer',
  chartVersion: 'v1.9.1',
};

const ADDON_VERSION = /^v(\d+\.\d+\.\d+)-eksbuild\.\d+$/;

/**
 * Checks an add-on version: EKS's `v<x.y.z>-eksbuild.<n>` form, and the chart version the typed values are for
 * (another build's chart may not know them). Returns the version to give EKS (undefined lets EKS choose).
 */
export function checkAddonVersion(scope: IConstruct, field: string, addon: PinnedAddon, version: string | undefined): string | undefined {
  if (version === undefined || Token.isUnresolved(version)) return version;
  const m = ADDON_VERSION.exec(version);
  if (!m) {
    report(scope, field, `'${version}' is not an EKS add-on version`, `use the form v<version>-eksbuild.<n>, as listed by \`aws eks describe-addon-versions --addon-name ${addon.addonName}\``);
  } else if (`v${m[1]}` !== addon.chartVersion) {
    report(scope, field, `'${version}' carries ${addon.addonName} v${m[1]}, but the typed values are checked against ${addon.chartVersion}`,
      `use a build of ${addon.chartVersion} (v${addon.chartVersion.slice(1)}-eksbuild.<n>)`);
  }
  return version;
}

/** The add-on installs into its own namespace with the chart's names; a release placed elsewhere cannot be honoured. */
export function checkAddonRelease(scope: IConstruct, field: string, addon: PinnedAddon,
  release: { namespace: string; serviceAccountName: string }): void {
  if (release.namespace !== addon.namespace) {
    report(scope, `${field}.namespace`, `is '${release.namespace}', but the ${addon.addonName} add-on always installs into '${addon.namespace}'`,
      'drop namespace, or deliver with EksCertManagerDelivery.HELM');
  }
  if (release.serviceAccountName !== addon.serviceAccountName) {
    report(scope, field, `names the controller's service account '${release.serviceAccountName}', but the ${addon.addonName} add-on runs it as '${addon.serviceAccountName}'`,
      'drop releaseName and serviceAccount.name, or deliver with EksCertManagerDelivery.HELM');
  }
}
