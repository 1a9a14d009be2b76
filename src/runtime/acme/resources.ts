// The ACME resources the issuance reads (RFC 8555 section 7.1), reduced to the fields it uses.
import { AcmeIdentifier, AcmeProblem } from './problem';

export interface AcmeOrder {
  readonly status: 'pending' | 'ready' | 'processing' | 'valid' | 'invalid';
  readonly identifiers: readonly AcmeIdentifier[];
  readonly authorizations: readonly string[];
  readonly finalize: string;
  readonly certificate?: string;
  readonly error?: AcmeProblem;
}

export interface AcmeChallenge {
  readonly type: string;
  readonly url: string;
  readonly token: string;
  readonly status: 'pending' | 'processing' | 'valid' | 'invalid';
  readonly error?: AcmeProblem;
}

export interface AcmeAuthorization {
  readonly identifier: AcmeIdentifier;
  readonly status: 'pending' | 'valid' | 'invalid' | 'deactivated' | 'expired' | 'revoked';
  readonly wildcard?: boolean;
  readonly challenges: readonly AcmeChallenge[];
}

/** The name an authorization is for, as requested: `*.example.com` for a wildcard. */
export function authorizationName(authz: AcmeAuthorization): string {
  return authz.wildcard ? `*.${authz.identifier.value}` : authz.identifier.value;
}

/** The first problem an invalid authorization reports, from its challenges. */
export function authorizationProblem(authz: AcmeAuthorization): AcmeProblem {
  return authz.challenges.find(c => c.error)?.error ?? { type: `authorization ${authz.status}` };
}
