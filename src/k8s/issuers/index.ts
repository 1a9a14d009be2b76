// Issuers (cert-manager ClusterIssuer/Issuer, aws-privateca-issuer) and ACME challenge solvers.
// One file per public concept; each file also holds the renderer its public types need, which stays internal
// because only the names listed here are exported.
export type { SecretKeyRef } from './secret-key-ref';

// ACME solvers: the shared options, one file per solver, and `AcmeSolver` with its factories.
export { ChallengeType, CnameStrategy } from './solvers/solver-options';
export type { AcmeSolverOptions, AcmeSolverSelector, Dns01SolverOptions } from './solvers/solver-options';
export { SolverServiceType } from './solvers/http01';
export type { GatewayParentRef, Http01GatewaySolverProps, Http01IngressSolverProps, Http01SolverPodOptions } from './solvers/http01';
export type { Route53ServiceAccount, Route53SolverProps } from './solvers/route53';
export type { CloudflareSolverProps } from './solvers/cloudflare';
export { Rfc2136Protocol } from './solvers/rfc2136';
// The one TSIG algorithm enum (src/common/tsig.ts), shared with AcmeCertificate's RFC 2136 provider and the runtime.
export { TsigAlgorithm } from '../../common/tsig';
export type { Rfc2136SolverProps, Rfc2136TsigKey } from './solvers/rfc2136';
export { AzureDnsEnvironment, AzureDnsZoneType } from './solvers/azure-dns';
export type { AzureDnsSolverProps, AzureManagedIdentity, AzureServicePrincipal } from './solvers/azure-dns';
export type { CloudDnsSolverProps } from './solvers/cloud-dns';
export type { DigitalOceanSolverProps } from './solvers/digitalocean';
export type { AcmeDnsSolverProps } from './solvers/acme-dns';
export type { WebhookSolverProps } from './solvers/webhook';
export { AcmeSolver } from './solvers/acme-solver';

// Issuer kinds, then the issuer constructs and `IssuerType`.
export type { AcmeAccountOptions, AcmeIssuerProps, ExternalAccountBindingRef } from './acme';
export { LetsEncryptEnvironment } from './lets-encrypt';
export type { LetsEncryptIssuerProps } from './lets-encrypt';
export type { CaIssuerProps, SelfSignedIssuerProps } from './ca';
export { VaultAuth } from './vault';
export type { VaultAppRoleAuthProps, VaultIssuerProps, VaultKubernetesAuthProps } from './vault';
export type { AwsCredentialsSecretRef, AwsPrivateCaIssuerProps } from './aws-private-ca';
export { ClusterIssuer, Issuer, IssuerBase, IssuerType } from './issuer';
export type { ClusterIssuerProps, IssuerProps } from './issuer';
export { LetsEncryptIssuers } from './lets-encrypt-issuers';
// The deployment environment an app or chart declares, and the guard Certificates apply with it (src/k8s/environment.ts;
// re-exported here until src/k8s/index.ts exports it).
export { CertkitEnvironment, DeploymentEnvironment } from '../environment';
export type { LetsEncryptIssuersProps } from './lets-encrypt-issuers';
