import { IConstruct } from 'constructs';
import { checkEnum, required } from './checks';
import { secretKeyRef } from './secret-ref';
import { invalid } from '../../../common/errors';
import * as cm from '../../../imports/cert-manager.io';
import { AzureDnsEnvironment, AzureDnsSolverProps, AzureDnsZoneType } from '../solvers/azure-dns-props';

const ENVIRONMENT: Record<AzureDnsEnvironment, cm.ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment> = {
  [AzureDnsEnvironment.PUBLIC_CLOUD]: cm.ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment.AZURE_PUBLIC_CLOUD,
  [AzureDnsEnvironment.CHINA_CLOUD]: cm.ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment.AZURE_CHINA_CLOUD,
  [AzureDnsEnvironment.GERMAN_CLOUD]: cm.ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment.AZURE_GERMAN_CLOUD,
  [AzureDnsEnvironment.US_GOVERNMENT_CLOUD]: cm.ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment.AZURE_US_GOVERNMENT_CLOUD,
};
const ZONE_TYPE: Record<AzureDnsZoneType, cm.ClusterIssuerSpecAcmeSolversDns01AzureDnsZoneType> = {
  [AzureDnsZoneType.PUBLIC]: cm.ClusterIssuerSpecAcmeSolversDns01AzureDnsZoneType.AZURE_PUBLIC_ZONE,
  [AzureDnsZoneType.PRIVATE]: cm.ClusterIssuerSpecAcmeSolversDns01AzureDnsZoneType.AZURE_PRIVATE_ZONE,
};

export function azureDnsSolver(scope: IConstruct, field: string, props: AzureDnsSolverProps): cm.ClusterIssuerSpecAcmeSolversDns01AzureDns {
  const identity = props.managedIdentity;
  const principal = props.servicePrincipal;
  if (identity && principal) {
    invalid(scope, `${field}.managedIdentity`, 'is set together with servicePrincipal', 'use either a managed identity or a service principal');
  }
  if (identity?.resourceId !== undefined && (identity.clientId !== undefined || identity.tenantId !== undefined)) {
    invalid(scope, `${field}.managedIdentity.resourceId`, 'is set together with clientId or tenantId', 'identify the managed identity by resourceId or by clientId, not both');
  }
  if (identity?.tenantId !== undefined && identity.clientId === undefined) {
    invalid(scope, `${field}.managedIdentity.clientId`, 'is missing while tenantId is set', 'set the clientId of the identity in that tenant');
  }
  const env = checkEnum(scope, `${field}.environment`, props.environment, AzureDnsEnvironment);
  const zoneType = checkEnum(scope, `${field}.zoneType`, props.zoneType, AzureDnsZoneType);
  return {
    subscriptionId: required(scope, `${field}.subscriptionId`, props.subscriptionId, 'set the subscription that holds the DNS zone'),
    resourceGroupName: required(scope, `${field}.resourceGroupName`, props.resourceGroupName, "set the DNS zone's resource group"),
    hostedZoneName: props.hostedZoneName,
    environment: env && ENVIRONMENT[env],
    zoneType: zoneType && ZONE_TYPE[zoneType],
    managedIdentity: identity && { clientId: identity.clientId, resourceId: identity.resourceId, tenantId: identity.tenantId },
    clientId: principal && required(scope, `${field}.servicePrincipal.clientId`, principal.clientId, "set the service principal's application (client) ID"),
    tenantId: principal && required(scope, `${field}.servicePrincipal.tenantId`, principal.tenantId, "set the service principal's tenant ID"),
    clientSecretSecretRef: principal && secretKeyRef(scope, `${field}.servicePrincipal.clientSecretSecretRef`, principal.clientSecretSecretRef, 'the client secret'),
  };
}
