// AWS Private CA certificate templates: which one aws-privateca-issuer requests for a Certificate, and whether a
// template fits a Certificate's usages.
//
// aws-privateca-issuer v1.9.1 (cert-manager/aws-privateca-issuer, pkg/aws/pca.go, `templateArn`) picks, unless the
// issuer sets `pcaTemplate.defaultTemplateName`: a CA → SubordinateCACertificate_PathLen0/V1; exactly one usage
// `code signing`, `client auth`, `server auth` or `ocsp signing` → CodeSigningCertificate/V1,
// EndEntityClientAuthCertificate/V1, EndEntityServerAuthCertificate/V1, OCSPSigningCertificate/V1; exactly the two
// usages `client auth` and `server auth` → EndEntityCertificate/V1; anything else (cert-manager's default usages
// `digital signature, key encipherment` included) → BlankEndEntityCertificate_APICSRPassthrough/V1.
// What each template puts in the certificate: AWS Private CA User Guide, "Template definitions".

/** cert-manager's usages when a Certificate lists none. */
const DEFAULT_USAGES = ['digital signature', 'key encipherment'];
const EXTENDED = new Set(['server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel',
  'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc', 'any']);

interface TemplateContent {
  /** Key usages the template writes (cert-manager's names). */
  readonly keyUsages: readonly string[];
  /** Extended key usages the template writes. */
  readonly extendedKeyUsages: readonly string[];
  readonly ca: boolean;
}

const FIXED: { readonly [name: string]: TemplateContent } = {
  'EndEntityCertificate/V1': { keyUsages: ['digital signature', 'key encipherment'], extendedKeyUsages: ['server auth', 'client auth'], ca: false },
  'EndEntityServerAuthCertificate/V1': { keyUsages: ['digital signature', 'key encipherment'], extendedKeyUsages: ['server auth'], ca: false },
  'EndEntityClientAuthCertificate/V1': { keyUsages: ['digital signature', 'key agreement'], extendedKeyUsages: ['client auth'], ca: false },
  'CodeSigningCertificate/V1': { keyUsages: ['digital signature'], extendedKeyUsages: ['code signing'], ca: false },
  'OCSPSigningCertificate/V1': { keyUsages: ['digital signature'], extendedKeyUsages: ['ocsp signing'], ca: false },
};

/**
 * The AWS Private CA certificate templates aws-privateca-issuer uses, and how they match a Certificate's usages.
 *
 * `forUsages` tells which template the issuer requests for a Certificate. `mismatch` tells whether a fixed template
 * (an issuer's `template`, or the one an issuer role's `templateArn` allows) gives the Certificate what it asks for.
 */
export class PrivateCaCertificateTemplate {
  /** Server and client authentication (digital signature, key encipherment). */
  public static readonly END_ENTITY = 'EndEntityCertificate/V1';
  /** Server authentication only. */
  public static readonly END_ENTITY_SERVER_AUTH = 'EndEntityServerAuthCertificate/V1';
  /** Client authentication only. */
  public static readonly END_ENTITY_CLIENT_AUTH = 'EndEntityClientAuthCertificate/V1';
  /** Code signing. */
  public static readonly CODE_SIGNING = 'CodeSigningCertificate/V1';
  /** OCSP signing. */
  public static readonly OCSP_SIGNING = 'OCSPSigningCertificate/V1';
  /**
   * Extensions passed through from the CSR.
   *
   * The certificate gets whatever usages the Certificate requests, cert-manager's default ones included.
   */
  public static readonly BLANK_END_ENTITY_CSR_PASSTHROUGH = 'BlankEndEntityCertificate_APICSRPassthrough/V1';
  /** A subordinate CA that may sign no further CA. */
  public static readonly SUBORDINATE_CA_PATH_LEN_0 = 'SubordinateCACertificate_PathLen0/V1';

  /**
   * The templates a CA shared through AWS RAM lets another account use.
   *
   * An issuer in another account that calls the CA directly can only request these (AWS Private CA User Guide,
   * "Resource-based policies").
   */
  public static readonly RAM_SHARED_TEMPLATES: string[] = [
    'EndEntityCertificate/V1', 'EndEntityClientAuthCertificate/V1', 'EndEntityServerAuthCertificate/V1',
    'BlankEndEntityCertificate_APIPassthrough/V1', 'BlankEndEntityCertificate_APICSRPassthrough/V1', 'SubordinateCACertificate_PathLen0/V1',
  ];

  /**
   * The template aws-privateca-issuer requests for a Certificate with these usages, when its issuer sets no default template.
   *
   * The choice follows aws-privateca-issuer v1.9.1 and reads the usages in the Certificate's order.
   * @param usages the Certificate's `usages` as cert-manager's strings, such as `server auth` (none means cert-manager's default)
   * @param isCa whether the Certificate is a CA
   */
  public static forUsages(usages?: string[], isCa?: boolean): string {
    if (isCa) return PrivateCaCertificateTemplate.SUBORDINATE_CA_PATH_LEN_0;
    const list = usages && usages.length > 0 ? usages : DEFAULT_USAGES;
    if (list.length === 1) {
      const single: { [usage: string]: string } = {
        'code signing': PrivateCaCertificateTemplate.CODE_SIGNING,
        'client auth': PrivateCaCertificateTemplate.END_ENTITY_CLIENT_AUTH,
        'server auth': PrivateCaCertificateTemplate.END_ENTITY_SERVER_AUTH,
        'ocsp signing': PrivateCaCertificateTemplate.OCSP_SIGNING,
      };
      if (single[list[0]]) return single[list[0]];
    }
    if (list.length === 2 && [...list].sort().join(',') === 'client auth,server auth') return PrivateCaCertificateTemplate.END_ENTITY;
    return PrivateCaCertificateTemplate.BLANK_END_ENTITY_CSR_PASSTHROUGH;
  }

  /**
   * What is wrong when a Certificate with these usages is issued from `template`, or undefined when it fits.
   *
   * A mismatch is a CA from an end-entity template or the reverse, or a requested usage the template does not write.
   * Templates this library does not know are not judged.
   * @param template a template name such as `EndEntityCertificate/V1` (or its ARN)
   * @param usages the Certificate's `usages` (none means cert-manager's default)
   * @param isCa whether the Certificate is a CA
   */
  public static mismatch(template: string, usages?: string[], isCa?: boolean): string | undefined {
    const name = template.includes(':template/') ? template.split(':template/')[1] : template;
    const caTemplate = /^SubordinateCACertificate_PathLen[0-3](_CSRPassthrough|_APIPassthrough|_APICSRPassthrough)?\/V1$/.test(name);
    if (isCa) return caTemplate ? undefined : `${name} issues end-entity certificates, but the Certificate is a CA (isCa)`;
    if (caTemplate) return `${name} issues CA certificates, but the Certificate is not a CA`;
    const content = FIXED[name];
    if (!content) return undefined;
    const list = usages && usages.length > 0 ? usages : DEFAULT_USAGES;
    const missing = list.filter(u => !(EXTENDED.has(u) ? content.extendedKeyUsages : content.keyUsages).includes(u));
    if (missing.length === 0) return undefined;
    const given = usages && usages.length > 0 ? 'requests' : "has cert-manager's default usages";
    return `${name} writes ${[...content.keyUsages, ...content.extendedKeyUsages].join(', ')}, but the Certificate ${given} ${missing.join(', ')}, which it would not get`;
  }

  private constructor() {}
}
