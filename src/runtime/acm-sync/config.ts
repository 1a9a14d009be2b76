// Settings of the ACM sync function, written by ClusterCertificateInAcm into one environment variable.

export const ACM_SYNC_CONFIG_ENV = 'CERTKIT_ACM_SYNC_CONFIG';

/** Metric names of the sync function besides those it shares with the renewal function (METRIC in metric-names). */
export const ACM_SYNC_METRIC = {
  /** 1 when, after a run, ACM does not hold the certificate the secret holds (or the secret is unusable). */
  behind: 'AcmCopyBehindSecret',
  /** 1 when a run imported into ACM. */
  imported: 'AcmImported',
} as const;

export interface AcmSyncConfig {
  /** Metric dimension value and the ACM tag's value. */
  readonly certificateId: string;
  /** The Secrets Manager secret the cluster pushes to (its name). */
  readonly secretId: string;
  readonly acmTag: { readonly key: string; readonly value: string };
  readonly metricsNamespace: string;
  /** The certificate is used by CloudFront: no placeholder, and CloudFront's key algorithms only. */
  readonly cloudFront: boolean;
  /** Names of the interim self-signed certificate (load balancers only). */
  readonly placeholderNames: readonly string[];
  /**
   * Key algorithm (ACM's name) of the placeholder: the Certificate's, since ACM re-imports only the same key type
   * into an ARN.
   */
  readonly placeholderKeyAlgorithm: string;
  /** Extended key usage OIDs of the placeholder: at most those the real certificate will have. */
  readonly placeholderExtendedKeyUsages: readonly string[];
  /** How long a first deployment waits for the first push when no placeholder may be used. */
  readonly firstCertificateTimeoutSeconds: number;
  /** Delete the ACM certificate when the custom resource is deleted. */
  readonly deleteOnRemoval: boolean;
}

export function readAcmSyncConfig(env: NodeJS.ProcessEnv = process.env): AcmSyncConfig {
  const raw = env[ACM_SYNC_CONFIG_ENV];
  if (!raw) throw new Error(`${ACM_SYNC_CONFIG_ENV} is not set; the function is configured by the ClusterCertificateInAcm construct`);
  const config = JSON.parse(raw) as AcmSyncConfig;
  if (!config.secretId) throw new Error(`${ACM_SYNC_CONFIG_ENV}.secretId is empty`);
  return config;
}
