// Let's Encrypt: an ACME issuer whose directory URL follows from the environment.
// The staging + production pair of ClusterIssuers is `LetsEncryptIssuers` (lets-encrypt-issuers.ts).
import { IConstruct } from 'constructs';
import { AcmeAccountOptions, renderAcmeIssuer } from './acme';
import { checkEnum, required } from './private/checks';
import { IssuerConfig } from './private/issuer-config';

/** Which Let's Encrypt directory an issuer talks to. */
export enum LetsEncryptEnvironment {
  /** Untrusted certificates with generous rate limits, for everything that is not production. */
  STAGING = 'staging',
  /** Publicly trusted certificates with strict rate limits. */
  PRODUCTION = 'production',
}

/** An issuer for Let's Encrypt; the directory URL follows from `environment`. */
export interface LetsEncryptIssuerProps extends AcmeAccountOptions {
  readonly environment: LetsEncryptEnvironment;
  /** Secret that stores the ACME account key; never share one between issuers. @default - '<issuer name>-account-key' */
  readonly privateKeySecretName?: string;
}

const LETS_ENCRYPT_DIRECTORY: Readonly<Record<LetsEncryptEnvironment, string>> = {
  [LetsEncryptEnvironment.STAGING]: 'https://acme-staging-v02.api.letsencrypt.org/directory',
  [LetsEncryptEnvironment.PRODUCTION]: 'https://acme-v02.api.letsencrypt.org/directory',
};

export function renderLetsEncryptIssuer(scope: IConstruct, issuerName: string, props: LetsEncryptIssuerProps): IssuerConfig {
  const fix = 'use LetsEncryptEnvironment.STAGING or LetsEncryptEnvironment.PRODUCTION';
  const environment = required(scope, 'environment', checkEnum(scope, 'environment', props.environment, LetsEncryptEnvironment), fix);
  return renderAcmeIssuer(scope, issuerName, { ...props, server: LETS_ENCRYPT_DIRECTORY[environment] });
}
