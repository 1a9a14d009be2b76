// Issuers that sign locally: self-signed, and a CA whose key pair is stored in a Secret.
import { IConstruct } from 'constructs';
import { checkObjectName, checkUrl } from './private/checks';
import { IssuerConfig } from './private/issuer-config';

/** A self-signed issuer: each certificate signs itself (typically to bootstrap a CA certificate). */
export interface SelfSignedIssuerProps {
  /** CRL distribution points written into issued certificates. @default - none */
  readonly crlDistributionPoints?: string[];
}

/** A CA issuer that signs with a key pair stored in a Kubernetes Secret. */
export interface CaIssuerProps {
  /** Secret (type `kubernetes.io/tls`) holding the CA's certificate and private key. */
  readonly secretName: string;
  /** CRL distribution points written into issued certificates. @default - none */
  readonly crlDistributionPoints?: string[];
  /** OCSP responder URLs written into issued certificates. @default - none */
  readonly ocspServers?: string[];
  /** URLs of the issuing CA certificate (Authority Information Access). @default - none */
  readonly issuingCertificateUrls?: string[];
}

const HTTP = ['http:', 'https:'];

function urls(scope: IConstruct, field: string, list: string[] | undefined, protocols = HTTP): string[] | undefined {
  list?.forEach((url, i) => checkUrl(scope, `${field}[${i}]`, url, protocols));
  return list && list.length > 0 ? list : undefined;
}

// CRLs may also be published in a directory (Active Directory CS), so ldap: is accepted there.
const crls = (scope: IConstruct, list: string[] | undefined) => urls(scope, 'crlDistributionPoints', list, [...HTTP, 'ldap:']);

export function renderSelfSignedIssuer(scope: IConstruct, _issuerName: string, props: SelfSignedIssuerProps): IssuerConfig {
  return { supportsWildcards: true, certManagerSpec: { selfSigned: { crlDistributionPoints: crls(scope, props.crlDistributionPoints) } } };
}

export function renderCaIssuer(scope: IConstruct, _issuerName: string, props: CaIssuerProps): IssuerConfig {
  return {
    supportsWildcards: true,
    certManagerSpec: {
      ca: {
        secretName: checkObjectName(scope, 'secretName', props.secretName),
        crlDistributionPoints: crls(scope, props.crlDistributionPoints),
        ocspServers: urls(scope, 'ocspServers', props.ocspServers),
        issuingCertificateUrLs: urls(scope, 'issuingCertificateUrls', props.issuingCertificateUrls),
      },
    },
  };
}
