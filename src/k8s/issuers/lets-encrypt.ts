// Let's Encrypt: an ACME issuer whose directory URL follows from the environment.
// The staging + production pair of ClusterIssuers is `LetsEncryptIssuers` (lets-encrypt-issuers.ts).
import { IConstruct } from 'constructs';
import { AcmeAccountOptions, renderAcmeAccount } from './acme';
import { checkEnum, required } from './private/checks';
import { IssuerConfig } from './private/issuer-config';
import { letsEncryptDirectory } from '../../common/acme-directories';

/** Which Let's Encrypt directory an issuer talks to. */
export enum LetsEncryptEnvironment {
  /** Untrusted certificates with generous rate limits, for everything that is not production. */
  STAGING = 'staging',
  /** Publicly trusted certificates with strict rate limits. */
  PRODUCTION = 'production',
}

/** An issuer for Let's Encrypt. The directory URL follows from `environment`. */
export interface LetsEncryptIssuerProps extends AcmeAccountOptions {
  /** Staging or production. The directory URL follows from it. */
  readonly environment: LetsEncryptEnvironment;
  /** Secret that stores the ACME account key. Never share one between issuers. @default - '<issuer name>-account-key' */
  readonly privateKeySecretName?: string;
  /** Use an existing account key from `privateKeySecretName` instead of registering a new account. @default false */
  readonly disableAccountKeyGeneration?: boolean;
}

export function renderLetsEncryptIssuer(scope: IConstruct, issuerName: string, props: LetsEncryptIssuerProps): IssuerConfig {
  const fix = 'use LetsEncryptEnvironment.STAGING or LetsEncryptEnvironment.PRODUCTION';
  const environment = props.environment === undefined
    ? required(scope, 'environment', props.environment, fix)
    : checkEnum(scope, 'environment', props.environment, LetsEncryptEnvironment);
  // An unknown environment is reported above; rendering goes on without a directory so other mistakes show too.
  const server = environment === undefined ? undefined! : letsEncryptDirectory(environment);
  return renderAcmeAccount(scope, issuerName, props, server);
}
