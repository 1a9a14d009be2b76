import { IConstruct } from 'constructs';
import { checkObjectName, checkUrl } from './checks';
import { IssuerConfig } from './types';
import { CaIssuerProps, SelfSignedIssuerProps } from '../ca-issuer-props';

const HTTP = ['http:', 'https:'];

function urls(scope: IConstruct, field: string, list: string[] | undefined, protocols = HTTP): string[] | undefined {
  list?.forEach((url, i) => checkUrl(scope, `${field}[${i}]`, url, protocols));
  return list && list.length > 0 ? list : undefined;
}

// CRLs may also be published in a directory (Active Directory CS), so ldap: is accepted there.
const crls = (scope: IConstruct, list: string[] | undefined) => urls(scope, 'crlDistributionPoints', list, [...HTTP, 'ldap:']);

export function selfSignedIssuerConfig(scope: IConstruct, props: SelfSignedIssuerProps): IssuerConfig {
  return { supportsWildcards: true, certManagerSpec: { selfSigned: { crlDistributionPoints: crls(scope, props.crlDistributionPoints) } } };
}

export function caIssuerConfig(scope: IConstruct, props: CaIssuerProps): IssuerConfig {
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
