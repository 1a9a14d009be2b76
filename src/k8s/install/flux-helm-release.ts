// Delivery through a Flux HelmRepository and HelmRelease (internal).
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { FluxDeliveryOptions } from './chart-delivery';
import { ChartSpec } from './chart-spec';
import { invalid } from '../../common/errors';
import {
  HelmRelease, HelmReleaseSpecChartSpecSourceRefKind, HelmReleaseSpecInstallCrds, HelmReleaseSpecUpgradeCrds,
} from '../../imports/helm.toolkit.fluxcd.io';

export const FLUX_NAMESPACE = 'flux-system';

/** Where a chart's `HelmRelease` lives, so that other releases can depend on it. */
export function fluxReleaseRef(releaseName: string, options: FluxDeliveryOptions): { name: string; namespace: string } {
  return { name: releaseName, namespace: options.namespace ?? FLUX_NAMESPACE };
}

export function addFluxHelmRelease(scope: Construct, spec: ChartSpec, options: FluxDeliveryOptions): ApiObject[] {
  const { release } = spec;
  const retries = options.remediationRetries ?? 3;
  if (!Number.isInteger(retries) || retries < 0) invalid(scope, 'delivery.remediationRetries', `is ${retries} but must be a whole number`, 'set 0 or more');
  const ref = fluxReleaseRef(release.releaseName, options);
  // No CRD of source.toolkit.fluxcd.io is pinned, so the repository is a plain ApiObject.
  const repository = new ApiObject(scope, 'HelmRepository', {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: spec.repositoryName, namespace: ref.namespace },
    spec: { interval: options.repositoryInterval ?? '12h', url: release.repository },
  });
  const helmRelease = new HelmRelease(scope, 'HelmRelease', {
    metadata: { name: ref.name, namespace: ref.namespace },
    spec: {
      interval: options.interval ?? '30m',
      releaseName: release.releaseName,
      targetNamespace: release.namespace,
      // Keep Helm's release record next to the workload, where `helm ls -n <namespace>` finds it.
      storageNamespace: release.namespace,
      chart: {
        spec: {
          chart: release.chart,
          version: release.version,
          sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: spec.repositoryName, namespace: ref.namespace },
        },
      },
      dependsOn: spec.fluxDependsOn?.map(d => ({ name: d.name, namespace: d.namespace })),
      install: { crds: HelmReleaseSpecInstallCrds.CREATE_REPLACE, createNamespace: true, remediation: { retries } },
      upgrade: { crds: HelmReleaseSpecUpgradeCrds.CREATE_REPLACE, remediation: { retries, remediateLastFailure: true } },
      values: release.values,
    },
  });
  return [repository, helmRelease];
}
