import { Dns01SolverOptions } from './solver-options';
import { SecretKeyRef } from '../secret-key-ref';

/** Azure cloud the DNS zone lives in. */
export enum AzureDnsEnvironment {
  PUBLIC_CLOUD = 'AzurePublicCloud',
  CHINA_CLOUD = 'AzureChinaCloud',
  GERMAN_CLOUD = 'AzureGermanCloud',
  US_GOVERNMENT_CLOUD = 'AzureUSGovernmentCloud',
}

/** Whether the zone is a public or a private Azure DNS zone. */
export enum AzureDnsZoneType {
  PUBLIC = 'AzurePublicZone',
  PRIVATE = 'AzurePrivateZone',
}

/** A managed identity (or workload identity) to authenticate with. Set `clientId` or `resourceId`, not both. */
export interface AzureManagedIdentity {
  /** Client ID of the identity. @default - the only identity available */
  readonly clientId?: string;
  /** Resource ID of the identity. @default - the only identity available */
  readonly resourceId?: string;
  /** Tenant of the identity; needs `clientId`. @default - the identity's home tenant */
  readonly tenantId?: string;
}

/** A service principal whose client secret is held in a Secret. */
export interface AzureServicePrincipal {
  readonly clientId: string;
  readonly tenantId: string;
  readonly clientSecretSecretRef: SecretKeyRef;
}

/** DNS-01 through Azure DNS. Set at most one of `managedIdentity` and `servicePrincipal`. */
export interface AzureDnsSolverProps extends Dns01SolverOptions {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  /** @default - looked up from the DNS name */
  readonly hostedZoneName?: string;
  /** @default AzureDnsEnvironment.PUBLIC_CLOUD */
  readonly environment?: AzureDnsEnvironment;
  /** @default AzureDnsZoneType.PUBLIC */
  readonly zoneType?: AzureDnsZoneType;
  /** @default - ambient (workload) identity */
  readonly managedIdentity?: AzureManagedIdentity;
  /** @default - ambient (workload) identity */
  readonly servicePrincipal?: AzureServicePrincipal;
}
