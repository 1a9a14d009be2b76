// What the construct hands the handler (JSON in CERTKIT_CONFIG): names, CA, DNS provider and where results go.
import type { TsigWireName } from '../../common/tsig';
import type { KeyType } from '../types';

/** Which certificates follow the leaf: all intermediates the CA sent, only the leaf's issuer, or none. */
export type ChainChoice = 'full' | 'issuer' | 'leaf';

export type DnsConfig =
  | { readonly type: 'route53'; readonly zones: readonly { readonly id: string; readonly name: string }[] }
  | { readonly type: 'cloudflare'; readonly apiTokenSecretArn: string }
  | {
    readonly type: 'rfc2136';
    readonly server: string;
    readonly port: number;
    readonly keyName: string;
    /** The wire name (`hmac-sha256`); the runtime also reads cert-manager's spelling (`HMACSHA256`). */
    readonly algorithm: TsigWireName;
    /** Secret holding the base64 TSIG key (plain string or JSON field `secret`). */
    readonly keySecretArn: string;
  };

export interface HandlerConfig {
  /** Stable id of the construct: ACM tag value, lock key and metric dimension. */
  readonly certificateId: string;
  readonly domains: readonly string[];
  readonly email?: string;
  readonly directoryUrl: string;
  /** PEM bundle trusted for the CA's TLS (a private CA); the system roots otherwise. */
  readonly caBundlePem?: string;
  readonly eab?: { readonly kid: string; readonly hmacKeySecretArn: string };
  readonly keyType: KeyType;
  readonly dns: DnsConfig;
  readonly accountKeySecretArn: string;
  readonly certificateSecretArn: string;
  readonly secretChain: ChainChoice;
  readonly acmChain: ChainChoice;
  /** Tag put on the first ACM import; IAM lets the function touch only certificates carrying it. */
  readonly acmTag: { readonly key: string; readonly value: string };
  /** Delete the ACM certificate when the custom resource is deleted. */
  readonly deleteAcmCertificateOnRemoval: boolean;
  readonly backup?: { readonly bucket: string; readonly key: string };
  readonly parameters?: { readonly certificate: string; readonly chain: string; readonly fullchain: string };
  readonly lockTable: string;
  readonly metricsNamespace: string;
  /** Time the deployment-time issuance may take before CloudFormation gets a FAILED answer. */
  readonly issuanceTimeoutSeconds: number;
}

export const CONFIG_ENV = 'CERTKIT_CONFIG';

export function readConfig(env: NodeJS.ProcessEnv = process.env): HandlerConfig {
  const raw = env[CONFIG_ENV];
  if (!raw) throw new Error(`${CONFIG_ENV} is not set; the function is configured by the AcmeCertificate construct`);
  const config = JSON.parse(raw) as HandlerConfig;
  if (!Array.isArray(config.domains) || config.domains.length === 0) throw new Error(`${CONFIG_ENV}.domains is empty`);
  return config;
}
