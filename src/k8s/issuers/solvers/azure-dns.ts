// DNS-01 through Azure DNS.
import { IConstruct } from 'constructs';
import { Dns01ProviderSpec, Dns01SolverOptions } from './solver-options';
import * as cm from '../../../imports/cert-manager.io';
import { report } from '../../../private/errors';
import { checkEnum, required } from '../private/checks';
import { renderSecretKeyRef, SecretKeyRef } from '../secret-key-ref';

/** Azure cloud the DNS zone lives in. */
export enum AzureDnsEnvironment {
  /** Azure public cloud (`AzurePublicCloud`), the global Azure. */
  PUBLIC_CLOUD = 'AzurePublicCloud',
  /** Azure China, operated by 21Vianet (`AzureChinaCloud`). */
  CHINA_CLOUD = 'AzureChinaCloud',
  /** Azure Germany (`AzureGermanCloud`), a retired sovereign cloud. */
  GERMAN_CLOUD = 'AzureGermanCloud',
  /** Azure Government, the US government cloud (`AzureUSGovernmentCloud`). */
  US_GOVERNMENT_CLOUD = 'AzureUSGovernmentCloud',
}

/** Whether the zone is a public or a private Azure DNS zone. */
export enum AzureDnsZoneType {
  /** A public Azure DNS zone (`AzurePublicZone`), resolvable from the internet. */
  PUBLIC = 'AzurePublicZone',
  /** An Azure Private DNS zone (`AzurePrivateZone`), resolvable only from linked virtual networks. */
  PRIVATE = 'AzurePrivateZone',
}

/** A managed identity (or workload identity) to authenticate with. Set `clientId` or `resourceId`, not both. */
export interface AzureManagedIdentity {
  /** Client ID of the identity. @default - the only identity available */
  readonly clientId?: string;
  /** Resource ID of the identity. @default - the only identity available */
  readonly resourceId?: string;
  /** Tenant of the identity. Needs `clientId`. @default - the identity's home tenant */
  readonly tenantId?: string;
}

/** A service principal whose client secret is held in a Secret. */
export interface AzureServicePrincipal {
  /** Application (client) ID of the service principal. */
  readonly clientId: string;
  /** Tenant (directory) ID of the service principal. */
  readonly tenantId: string;
  /** The Secret key that holds the service principal's client secret. */
  readonly clientSecretSecretRef: SecretKeyRef;
}

/** DNS-01 through Azure DNS. Set at most one of `managedIdentity` and `servicePrincipal`. */
export interface AzureDnsSolverProps extends Dns01SolverOptions {
  /** ID of the Azure subscription that holds the DNS zone. */
  readonly subscriptionId: string;
  /** Resource group of the DNS zone. */
  readonly resourceGroupName: string;
  /**
   * Name of the DNS zone the challenge records go into.
   * @default - looked up from the DNS name
   */
  readonly hostedZoneName?: string;
  /**
   * Azure cloud the zone lives in.
   * @default AzureDnsEnvironment.PUBLIC_CLOUD
   */
  readonly environment?: AzureDnsEnvironment;
  /**
   * Whether the zone is public or private.
   * @default AzureDnsZoneType.PUBLIC
   */
  readonly zoneType?: AzureDnsZoneType;
  /**
   * A managed identity (or workload identity) to authenticate with.
   * @default - ambient (workload) identity
   */
  readonly managedIdentity?: AzureManagedIdentity;
  /**
   * A service principal to authenticate with, its client secret in a Secret.
   * @default - ambient (workload) identity
   */
  readonly servicePrincipal?: AzureServicePrincipal;
}

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

function checkIdentity(scope: IConstruct, field: string, identity: AzureManagedIdentity | undefined) {
  if (identity?.resourceId !== undefined && (identity.clientId !== undefined || identity.tenantId !== undefined)) {
    report(scope, `${field}.resourceId`, 'is set together with clientId or tenantId', 'identify the managed identity by resourceId or by clientId, not both');
  }
  if (identity?.tenantId !== undefined && identity.clientId === undefined) {
    report(scope, `${field}.clientId`, 'is missing while tenantId is set', 'set the clientId of the identity in that tenant');
  }
  return identity && { clientId: identity.clientId, resourceId: identity.resourceId, tenantId: identity.tenantId };
}

export function renderAzureDnsSolver(scope: IConstruct, field: string, props: AzureDnsSolverProps): Dns01ProviderSpec {
  const principal = props.servicePrincipal;
  if (props.managedIdentity && principal) {
    report(scope, `${field}.managedIdentity`, 'is set together with servicePrincipal', 'use either a managed identity or a service principal');
  }
  const env = checkEnum(scope, `${field}.environment`, props.environment, AzureDnsEnvironment);
  const zoneType = checkEnum(scope, `${field}.zoneType`, props.zoneType, AzureDnsZoneType);
  const principalField = `${field}.servicePrincipal`;
  return {
    azureDns: {
      subscriptionId: required(scope, `${field}.subscriptionId`, props.subscriptionId, 'set the subscription that holds the DNS zone'),
      resourceGroupName: required(scope, `${field}.resourceGroupName`, props.resourceGroupName, "set the DNS zone's resource group"),
      hostedZoneName: props.hostedZoneName,
      environment: env && ENVIRONMENT[env],
      zoneType: zoneType && ZONE_TYPE[zoneType],
      managedIdentity: checkIdentity(scope, `${field}.managedIdentity`, props.managedIdentity),
      clientId: principal && required(scope, `${principalField}.clientId`, principal.clientId, "set the service principal's application (client) ID"),
      tenantId: principal && required(scope, `${principalField}.tenantId`, principal.tenantId, "set the service principal's tenant ID"),
      clientSecretSecretRef: principal && renderSecretKeyRef(scope, `${principalField}.clientSecretSecretRef`, principal.clientSecretSecretRef, 'the client secret'),
    },
  };
}
