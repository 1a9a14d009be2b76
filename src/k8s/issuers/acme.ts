// ACME issuers for any RFC 8555 CA: account settings, External Account Binding and the solvers that answer challenges.
// Let's Encrypt's preset is in lets-encrypt.ts.
import { IConstruct } from 'constructs';
import { checkEmail, checkObjectName, checkUrl, pemBundle, required } from './private/checks';
import { IssuerConfig } from './private/issuer-config';
import { renderSecretKeyRef, SecretKeyRef } from './secret-key-ref';
import { AcmeSolver } from './solvers/acme-solver';
import { ChallengeType } from './solvers/solver-options';
import { letsEncryptEnvironmentOf } from '../../common/acme-directories';
import { report } from '../../private/errors';

/** The ACME account settings shared by Let's Encrypt and any other ACME CA. */
export interface AcmeAccountOptions {
  /**
   * How challenges are answered, by at least one solver. Add a DNS-01 solver to allow wildcard names.
   * Stricter than cert-manager on purpose: its webhook accepts an ACME issuer without solvers, but such an issuer
   * can answer no challenge and so never issues a certificate.
   */
  readonly solvers: AcmeSolver[];
  /** Contact for the ACME account (expiry and policy notices). @default - no contact (strongly discouraged) */
  readonly email?: string;
  /** Certificate profile offered by the CA's directory, e.g. `tlsserver` or `shortlived`. @default - the CA's default profile */
  readonly profile?: string;
  /** Common name of the root to prefer when the CA offers several chains, e.g. `ISRG Root X1`. @default - the CA's default chain */
  readonly preferredChain?: string;
}

/** External Account Binding: ties the ACME account to an account at a commercial CA (ZeroSSL, Google, Sectigo...). */
export interface ExternalAccountBindingRef {
  /** Key ID issued by the CA. */
  readonly keyId: string;
  /** Secret holding the base64url HMAC key issued with `keyId`. */
  readonly keySecretRef: SecretKeyRef;
}

/** An issuer for any RFC 8555 ACME server. */
export interface AcmeIssuerProps extends AcmeAccountOptions {
  /**
   * HTTPS URL of the ACME directory.
   * Let's Encrypt's own directories are refused here (cert-manager accepts them): use `IssuerType.letsEncrypt` or
   * `LetsEncryptIssuers`, which pick the URL from the environment, so staging and production cannot be confused.
   */
  readonly server: string;
  /** Secret that stores the ACME account key. Never share one between issuers. @default - '<issuer name>-account-key' */
  readonly privateKeySecretName?: string;
  /** Required by CAs that only accept pre-registered accounts. @default - no binding */
  readonly externalAccountBinding?: ExternalAccountBindingRef;
  /**
   * PEM bundle of CAs that sign the ACME server's TLS certificate (a private ACME server). It must hold at least one
   * certificate that parses.
   * @default - the system trust store
   */
  readonly caBundle?: string;
  /** INSECURE: skip TLS verification of the ACME server. Development only. Conflicts with `caBundle`. @default false */
  readonly skipTlsVerify?: boolean;
  /** Use an existing account key from `privateKeySecretName` instead of registering a new account. @default false */
  readonly disableAccountKeyGeneration?: boolean;
  /** Ask for a NotAfter matching the Certificate's duration (not supported by Let's Encrypt). @default false */
  readonly enableDurationFeature?: boolean;
}

const SOLVER_FIX = 'add at least one AcmeSolver, e.g. AcmeSolver.http01Ingress() or AcmeSolver.dns01Route53()';

function renderExternalAccountBinding(scope: IConstruct, eab: ExternalAccountBindingRef | undefined) {
  if (eab === undefined) return undefined;
  return {
    keyId: required(scope, 'externalAccountBinding.keyId', eab.keyId, 'set the key ID your CA issued with the HMAC key'),
    keySecretRef: renderSecretKeyRef(scope, 'externalAccountBinding.keySecretRef', eab.keySecretRef, 'the EAB HMAC key'),
  };
}

export function renderAcmeIssuer(scope: IConstruct, issuerName: string, props: AcmeIssuerProps): IssuerConfig {
  const server = checkUrl(scope, 'server', props.server);
  const environment = typeof server === 'string' ? letsEncryptEnvironmentOf(server) : undefined;
  if (environment !== undefined) {
    const constant = environment === 'production' ? 'PRODUCTION' : 'STAGING';
    report(scope, 'server', `'${server}' is Let's Encrypt's ${environment} directory, given as a raw URL`,
      `use IssuerType.letsEncrypt({ environment: LetsEncryptEnvironment.${constant}, ... }), or LetsEncryptIssuers for the staging and production pair`);
  }
  return renderAcmeAccount(scope, issuerName, props, server);
}

/** The `acme` spec for the directory `server` (already checked: given by the user, or Let's Encrypt's). */
export function renderAcmeAccount(scope: IConstruct, issuerName: string, props: Omit<AcmeIssuerProps, 'server'>, server: string): IssuerConfig {
  const given = props.solvers ?? [];
  if (given.length === 0) {
    report(scope, 'solvers', 'is empty; cert-manager accepts this, but then no ACME challenge can be answered and no certificate is ever issued', SOLVER_FIX);
  }
  // Each entry keeps its index, so errors name the solver as the user wrote the list.
  const solvers = given.map((solver, i) => ({ solver, field: `solvers[${i}]` })).filter(({ solver, field }) => {
    const ok = typeof solver?._render === 'function';
    if (!ok) report(scope, field, 'is not an AcmeSolver', SOLVER_FIX);
    return ok;
  });
  if (props.caBundle !== undefined && props.skipTlsVerify) {
    report(scope, 'skipTlsVerify', 'is set together with caBundle', 'keep caBundle and drop skipTlsVerify');
  }
  return {
    acmeServer: server,
    supportsWildcards: solvers.some(({ solver }) => solver.challengeType === ChallengeType.DNS01),
    certManagerSpec: {
      acme: {
        server,
        email: checkEmail(scope, 'email', props.email),
        privateKeySecretRef: { name: checkObjectName(scope, 'privateKeySecretName', props.privateKeySecretName ?? `${issuerName}-account-key`) },
        externalAccountBinding: renderExternalAccountBinding(scope, props.externalAccountBinding),
        profile: props.profile,
        preferredChain: props.preferredChain,
        caBundle: pemBundle(scope, 'caBundle', props.caBundle),
        skipTlsVerify: props.skipTlsVerify,
        disableAccountKeyGeneration: props.disableAccountKeyGeneration,
        enableDurationFeature: props.enableDurationFeature,
        solvers: solvers.map(({ solver, field }) => solver._render(scope, field)),
      },
    },
  };
}
