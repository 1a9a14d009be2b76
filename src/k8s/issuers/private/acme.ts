import { IConstruct } from 'constructs';
import { checkEmail, checkEnum, checkObjectName, checkUrl, pemBundle, required } from './checks';
import { LETS_ENCRYPT_DIRECTORY } from './lets-encrypt';
import { secretKeyRef } from './secret-ref';
import { IssuerConfig } from './types';
import { invalid } from '../../../common/errors';
import { AcmeIssuerProps, ExternalAccountBindingRef, LetsEncryptEnvironment, LetsEncryptIssuerProps } from '../acme-issuer-props';
import { ChallengeType } from '../solvers/solver-options';

const SOLVER_FIX = 'add at least one AcmeSolver, e.g. AcmeSolver.http01Ingress() or AcmeSolver.dns01Route53()';

function externalAccountBinding(scope: IConstruct, eab: ExternalAccountBindingRef | undefined) {
  if (eab === undefined) return undefined;
  return {
    keyId: required(scope, 'externalAccountBinding.keyId', eab.keyId, 'set the key ID your CA issued with the HMAC key'),
    keySecretRef: secretKeyRef(scope, 'externalAccountBinding.keySecretRef', eab.keySecretRef, 'the EAB HMAC key'),
  };
}

export function acmeIssuerConfig(scope: IConstruct, issuerName: string, props: AcmeIssuerProps): IssuerConfig {
  const solvers = props.solvers ?? [];
  if (solvers.length === 0) invalid(scope, 'solvers', 'is empty, so no ACME challenge can be answered', SOLVER_FIX);
  solvers.forEach((s, i) => {
    if (typeof s?._render !== 'function') invalid(scope, `solvers[${i}]`, 'is not an AcmeSolver', SOLVER_FIX);
  });
  if (props.caBundle !== undefined && props.skipTlsVerify) {
    invalid(scope, 'skipTlsVerify', 'is set together with caBundle', 'keep caBundle and drop skipTlsVerify');
  }
  const server = checkUrl(scope, 'server', props.server);
  return {
    acmeServer: server,
    supportsWildcards: solvers.some(s => s.challengeType === ChallengeType.DNS01),
    certManagerSpec: {
      acme: {
        server,
        email: checkEmail(scope, 'email', props.email),
        privateKeySecretRef: { name: checkObjectName(scope, 'privateKeySecretName', props.privateKeySecretName ?? `${issuerName}-account-key`) },
        externalAccountBinding: externalAccountBinding(scope, props.externalAccountBinding),
        profile: props.profile,
        preferredChain: props.preferredChain,
        caBundle: pemBundle(scope, 'caBundle', props.caBundle),
        skipTlsVerify: props.skipTlsVerify,
        disableAccountKeyGeneration: props.disableAccountKeyGeneration,
        enableDurationFeature: props.enableDurationFeature,
        solvers: solvers.map((solver, i) => solver._render(scope, `solvers[${i}]`)),
      },
    },
  };
}

export function letsEncryptIssuerConfig(scope: IConstruct, issuerName: string, props: LetsEncryptIssuerProps): IssuerConfig {
  const fix = 'use LetsEncryptEnvironment.STAGING or LetsEncryptEnvironment.PRODUCTION';
  const environment = required(scope, 'environment', checkEnum(scope, 'environment', props.environment, LetsEncryptEnvironment), fix);
  return acmeIssuerConfig(scope, issuerName, { ...props, server: LETS_ENCRYPT_DIRECTORY[environment] });
}
