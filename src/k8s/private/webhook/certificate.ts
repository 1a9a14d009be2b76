// cert-manager v1.21.1's admission rules for Certificates (internal/apis/certmanager/validation/certificate.go),
// ported as checks over the rendered cert-manager.io/v1 JSON. Each check names the Go function it comes from.
import { OID_COMMON_NAME, parseDn, parseObjectIdentifier, sameOid } from './dn';
import { cronProblem, goLen, goLoadLocation, goParseIP, isGoBareMailAddress, isValidUtf8 } from './go';
import { validateAnnotations, validateLabels } from './kube';
import { FieldPath, Problems, show } from './problem';
import { formatGoDuration, parseGoDuration } from '../../../common/duration';
import { dns1123SubdomainProblems } from '../../../common/names';

/** The webhook feature gates cert-manager v1.21.1 checks Certificates against (all on by default). */
export const WEBHOOK_FEATURE_GATES = ['AdditionalCertificateOutputFormats', 'LiteralCertificateSubject', 'DisallowInsecureCSRUsageDefinition', 'NameConstraints', 'OtherNames'] as const;

export interface WebhookOptions {
  /** Webhook feature gates turned off (cert-manager v1.21.1 has every one on by default). */
  readonly disabledFeatureGates?: ReadonlySet<string>;
}

const HOUR_MS = 3600_000;
/** `cmapi.MinimumCertificateDuration`, `cmapi.DefaultCertificateDuration`, `cmapi.MinimumRenewBefore`. */
const MINIMUM_DURATION_MS = HOUR_MS;
const DEFAULT_DURATION_MS = 90 * 24 * HOUR_MS;
const MINIMUM_RENEW_BEFORE_MS = 5 * 60_000;
/** `pki.MinRSAKeySize`, `pki.MaxRSAKeySize`. */
const MIN_RSA = 2048;
const MAX_RSA = 8192;

// `keyAlgToAllowedSigAlgs`.
const SIGNATURE_ALGORITHMS: Record<string, string[]> = {
  RSA: ['SHA256WithRSA', 'SHA384WithRSA', 'SHA512WithRSA'],
  ECDSA: ['ECDSAWithSHA256', 'ECDSAWithSHA384', 'ECDSAWithSHA512'],
  Ed25519: ['PureEd25519'],
};

// pkg/api/util/usages.go `keyUsages` and `extKeyUsages`.
const USAGES = new Set([
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign',
  'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime',
  'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
]);

const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const len = (v: unknown) => (Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function gateOn(options: WebhookOptions, gate: string): boolean {
  return !options.disabledFeatureGates?.has(gate);
}

/** `ValidateCertificate` → `ValidateCertificateSpec`. */
export function validateCertificate(obj: any, options: WebhookOptions = {}): Problems {
  const out = new Problems();
  validateCertificateSpec(obj?.spec ?? {}, FieldPath.root('spec'), out, options);
  return out;
}

/** `ValidateCertificateSpec`. */
export function validateCertificateSpec(crt: any, path: FieldPath, out: Problems, options: WebhookOptions): void {
  const secretName = str(crt.secretName);
  if (secretName === '') {
    out.add(path.child('secretName'), 'is missing', 'name the Secret the certificate is stored in');
  } else {
    for (const p of dns1123SubdomainProblems(secretName)) out.add(path.child('secretName'), `${show(secretName)} is not a valid Secret name: ${p}`, 'use lower-case letters, digits, \'-\' and \'.\'');
  }
  validateIssuerRef(crt.issuerRef ?? {}, path, out);

  let commonName = str(crt.commonName);
  const literalSubject = str(crt.literalSubject);
  if (literalSubject !== '') {
    if (!gateOn(options, 'LiteralCertificateSubject')) {
      out.add(path.child('literalSubject'), 'needs the LiteralCertificateSubject feature gate, which this cert-manager turns off', 'turn the gate on in CertManager\'s webhook and controller feature gates, or use commonName and subject');
    }
    if (commonName !== '') out.add(path.child('commonName'), 'cannot be set together with literalSubject', 'put the CN inside literalSubject and drop commonName');
    const s = crt.subject ?? {};
    const subjectFields = ['organizations', 'countries', 'organizationalUnits', 'localities', 'provinces', 'streetAddresses', 'postalCodes'];
    if (subjectFields.some(f => len(s[f]) > 0) || str(s.serialNumber) !== '') {
      out.add(path.child('subject'), 'cannot be set together with literalSubject', 'write those attributes into literalSubject and drop subject');
    }
    const parsed = parseDn(literalSubject);
    if ('error' in parsed) {
      out.add(path.child('literalSubject'), `${show(literalSubject)} is not an RFC 4514 distinguished name: ${parsed.error}`, 'write it as comma-separated TYPE=value pairs, escaping , + ; " \\ < > = with a backslash');
    } else {
      for (const rdn of parsed.rdns) {
        for (const atv of rdn) {
          if (sameOid(atv.oid, OID_COMMON_NAME)) commonName = atv.value;
          if (atv.oid === undefined) {
            out.add(path.child('literalSubject'), `contains the unrecognized attribute type ${show(atv.type)} (with value ${show(atv.value)})`, 'use one of C, O, OU, CN, SERIALNUMBER, L, ST, STREET, DC, UID (upper case) or a dotted OID');
          }
        }
      }
    }
  }

  if (commonName === '' && len(crt.dnsNames) === 0 && len(crt.uris) === 0 && len(crt.emailAddresses) === 0 &&
      len(crt.ipAddresses) === 0 && len(crt.otherNames) === 0) {
    out.add(path, 'names nothing to certify', 'set at least one of commonName (or a CN in literalSubject), dnsNames, emailAddresses, ipAddresses, otherNames or uris');
  }
  if (goLen(commonName) > 64) {
    out.add(path.child('commonName'), `${show(commonName)} is ${goLen(commonName)} bytes long, more than the 64 X.509 allows`, 'shorten it (put long names in dnsNames; the CN is optional)');
  }
  validateIPAddresses(crt, path, out);
  validateEmailAddresses(crt, path, out);

  if (len(crt.otherNames) > 0) {
    if (!gateOn(options, 'OtherNames')) {
      out.add(path.child('otherNames'), 'needs the OtherNames feature gate, which this cert-manager turns off', 'turn the gate on in CertManager\'s webhook and controller feature gates, or drop otherNames');
    } else {
      (crt.otherNames as any[]).forEach((on, i) => {
        const oid = str(on?.oid);
        if (oid === '') out.add(path.child('otherNames').index(i).child('oid'), 'is missing', 'give the other name\'s type as a dotted OID, e.g. 1.3.6.1.4.1.311.20.2.3');
        else if (!parseObjectIdentifier(oid)) out.add(path.child('otherNames').index(i).child('oid'), `${show(oid)} is not an OID`, 'write it as dot-separated numbers, e.g. 1.3.6.1.4.1.311.20.2.3');
        const value = on?.utf8Value;
        if (typeof value !== 'string' || value === '' || !isValidUtf8(value)) {
          out.add(path.child('otherNames').index(i).child('utf8Value'), 'is empty or not valid UTF-8', 'give the other name\'s value');
        }
      });
    }
  }

  const key = crt.privateKey;
  if (isSet(key)) {
    const size = typeof key.size === 'number' ? key.size : 0;
    const algorithm = str(key.algorithm);
    if (algorithm === '' || algorithm === 'RSA') {
      if (size > 0 && (size < MIN_RSA || size > MAX_RSA)) {
        out.add(path.child('privateKey', 'size'), `${size} is not an RSA key size cert-manager generates`, `use a size from ${MIN_RSA} to ${MAX_RSA} (2048, 3072 or 4096 are usual)`);
      }
    } else if (algorithm === 'ECDSA') {
      if (size > 0 && ![256, 384, 521].includes(size)) out.add(path.child('privateKey', 'size'), `${size} is not an ECDSA curve size`, 'use 256, 384 or 521');
    } else if (algorithm !== 'Ed25519') {
      out.add(path.child('privateKey', 'algorithm'), `${show(algorithm)} is not a key algorithm`, 'use RSA, ECDSA or Ed25519 (or leave it out)');
    }
  }

  const signatureAlgorithm = str(crt.signatureAlgorithm);
  if (signatureAlgorithm !== '') {
    const keyAlgorithm = str(key?.algorithm) || 'RSA';
    const allowed = SIGNATURE_ALGORITHMS[keyAlgorithm];
    if (allowed && !allowed.includes(signatureAlgorithm)) {
      out.add(path.child('signatureAlgorithm'), `${show(signatureAlgorithm)} cannot sign with a ${keyAlgorithm} key`, `use one of ${allowed.join(', ')}, or leave it out`);
    }
  }

  if (isSet(crt.duration) || isSet(crt.renewBefore)) validateDuration(crt, path, out);
  if (Array.isArray(crt.usages)) {
    crt.usages.forEach((u: unknown, i: number) => {
      if (!USAGES.has(u as string)) out.add(path.child('usages').index(i), `${show(u)} is not a key usage`, 'use one of cert-manager\'s usages, e.g. \'digital signature\', \'key encipherment\', \'server auth\', \'client auth\'');
    });
  }
  if (typeof crt.revisionHistoryLimit === 'number' && crt.revisionHistoryLimit < 1) {
    out.add(path.child('revisionHistoryLimit'), `${crt.revisionHistoryLimit} is less than 1`, 'keep at least 1 CertificateRequest, or leave it out to keep them all');
  }
  const template = crt.secretTemplate;
  if (isSet(template)) {
    if (template.labels && Object.keys(template.labels).length > 0) validateLabels(template.labels, path.child('secretTemplate', 'labels'), out);
    if (template.annotations && Object.keys(template.annotations).length > 0) validateSecretTemplateAnnotations(template.annotations, path, out);
  }

  if (isSet(crt.nameConstraints)) {
    if (!gateOn(options, 'NameConstraints')) {
      out.add(path.child('nameConstraints'), 'needs the NameConstraints feature gate, which this cert-manager turns off', 'turn the gate on in CertManager\'s webhook and controller feature gates, or drop nameConstraints');
    } else {
      if (crt.isCA !== true) out.add(path.child('nameConstraints'), 'is set on a certificate that is not a CA', 'set isCA: true, or drop nameConstraints');
      if (!isSet(crt.nameConstraints.permitted) && !isSet(crt.nameConstraints.excluded)) {
        out.add(path.child('nameConstraints'), 'has neither permitted nor excluded', 'give permitted or excluded subtrees, or drop nameConstraints');
      }
    }
  }
  validateAdditionalOutputFormats(crt, path, out);
  if (isSet(crt.keystores)) validateKeystores(crt.keystores, path, out);
  if (isSet(crt.renewal)) validateCertificateRenewal(crt.renewal, path, out);
}

/** `validateIssuerRef`. */
export function validateIssuerRef(ref: any, path: FieldPath, out: Problems): void {
  const refPath = path.child('issuerRef');
  if (str(ref.name) === '') out.add(refPath.child('name'), 'is missing', 'name the Issuer or ClusterIssuer that signs this certificate');
  const group = str(ref.group);
  const kind = str(ref.kind);
  if ((group === '' || group === 'cert-manager.io') && kind !== '' && kind !== 'Issuer' && kind !== 'ClusterIssuer') {
    out.add(refPath.child('kind'), `${show(kind)} is not a kind of group cert-manager.io`,
      group === '' ? `use Issuer or ClusterIssuer, or set ${refPath.child('group')} to the external issuer's API group (e.g. awspca.cert-manager.io)` : 'use Issuer or ClusterIssuer');
  }
}

/** `validateIPAddresses`. */
function validateIPAddresses(crt: any, path: FieldPath, out: Problems): void {
  if (!Array.isArray(crt.ipAddresses)) return;
  crt.ipAddresses.forEach((ip: unknown, i: number) => {
    if (!goParseIP(ip as string)) {
      out.add(path.child('ipAddresses').index(i), `${show(ip)} is not an IP address Go can parse`, 'give a plain IPv4 or IPv6 address: no zone (%eth0), brackets, prefix length or leading zeros');
    }
  });
}

/** `validateEmailAddresses`. */
function validateEmailAddresses(crt: any, path: FieldPath, out: Problems): void {
  if (!Array.isArray(crt.emailAddresses)) return;
  crt.emailAddresses.forEach((e: unknown, i: number) => {
    if (!isGoBareMailAddress(e as string)) {
      out.add(path.child('emailAddresses').index(i), `${show(e)} is not a bare e-mail address`, 'give only local@domain: no display name, mailto:, spaces, quotes or consecutive dots');
    }
  });
}

/** `validateSecretTemplateAnnotations`. */
function validateSecretTemplateAnnotations(annotations: Record<string, unknown>, path: FieldPath, out: Problems): void {
  const annotationsPath = path.child('secretTemplate', 'annotations');
  for (const key of Object.keys(annotations)) {
    if (key.startsWith('cert-manager.io/') && key !== 'cert-manager.io/allow-direct-injection') {
      out.add(annotationsPath, `key ${show(key)} is reserved: cert-manager.io/* annotations are not allowed`, 'drop it (cert-manager sets its own annotations on the Secret) or use your own prefix');
    }
  }
  validateAnnotations(annotations, annotationsPath, out);
}

function durationMs(value: unknown, field: FieldPath, out: Problems): number | undefined {
  const ms = parseGoDuration(value as string);
  if (ms === undefined) out.add(field, `${show(value)} is not a Go duration`, 'write it like 2160h, 720h or 90m (units h, m, s)');
  return ms;
}

/** `ValidateDuration`. */
function validateDuration(crt: any, path: FieldPath, out: Problems): void {
  const duration = isSet(crt.duration) ? durationMs(crt.duration, path.child('duration'), out) : DEFAULT_DURATION_MS;
  const renewBefore = isSet(crt.renewBefore) ? durationMs(crt.renewBefore, path.child('renewBefore'), out) : undefined;
  if (duration === undefined || (isSet(crt.renewBefore) && renewBefore === undefined)) return;
  if (duration < MINIMUM_DURATION_MS) {
    out.add(path.child('duration'), `${formatGoDuration(duration)} is shorter than the 1h cert-manager allows`, 'use a duration of at least 1h');
  }
  const pct = crt.renewBeforePercentage;
  if (renewBefore !== undefined && isSet(pct)) {
    out.add(path.child('renewBefore'), 'cannot be set together with renewBeforePercentage', 'keep only one of renewBefore and renewBeforePercentage');
    out.add(path.child('renewBeforePercentage'), 'cannot be set together with renewBefore', 'keep only one of renewBefore and renewBeforePercentage');
  }
  if (renewBefore !== undefined && renewBefore < MINIMUM_RENEW_BEFORE_MS) {
    out.add(path.child('renewBefore'), `${formatGoDuration(renewBefore)} is shorter than the 5m cert-manager allows`, 'renew at least 5m before expiry');
  }
  if (renewBefore !== undefined && renewBefore >= duration) {
    out.add(path.child('renewBefore'), `${formatGoDuration(renewBefore)} is not shorter than the duration ${formatGoDuration(duration)}`, 'renew before the certificate expires: make renewBefore shorter than duration');
  }
  if (typeof pct === 'number') {
    const before = (duration * (100 - pct)) / 100;
    if (before < MINIMUM_RENEW_BEFORE_MS) {
      out.add(path.child('renewBeforePercentage'), `${pct} leaves ${formatGoDuration(before)} before expiry, less than the 5m cert-manager allows`, 'use a lower percentage');
    }
    if (before >= duration) {
      out.add(path.child('renewBeforePercentage'), `${pct} makes renewal due before the certificate is issued`, 'use a percentage above 0');
    }
  }
}

/** `validateAdditionalOutputFormats`. */
function validateAdditionalOutputFormats(crt: any, path: FieldPath, out: Problems): void {
  if (!Array.isArray(crt.additionalOutputFormats)) return;
  const seen = new Set<string>();
  for (const format of crt.additionalOutputFormats) {
    const type = str(format?.type);
    if (seen.has(type)) {
      out.add(path.child('additionalOutputFormats').key('type'), `lists ${show(type)} twice`, 'list each output format once');
    }
    seen.add(type);
  }
}

/** `validateKeystores`. */
function validateKeystores(keystores: any, path: FieldPath, out: Problems): void {
  for (const [field, label] of [['jks', 'JKS'], ['pkcs12', 'PKCS#12']] as const) {
    const ks = keystores[field];
    if (!isSet(ks)) continue;
    const literal = isSet(ks.password);
    const fromSecret = str(ks.passwordSecretRef?.name) !== '';
    if (literal && fromSecret) out.add(path.child('keystores', field), `sets both password and passwordSecretRef for the ${label} keystore`, 'keep exactly one of them');
    if (!literal && !fromSecret) out.add(path.child('keystores', field), `sets neither password nor passwordSecretRef for the ${label} keystore`, 'give exactly one of them');
    if (literal && str(ks.password) === '') out.add(path.child('keystores', field, 'password'), `is empty for the ${label} keystore`, 'give a non-empty password or use passwordSecretRef');
  }
}

/** `validateCertificateRenewal` and `validateCertificateRenewalWindows`. */
function validateCertificateRenewal(renewal: any, path: FieldPath, out: Problems): void {
  const policy = str(renewal.policy);
  const windows: any[] = Array.isArray(renewal.windows) ? renewal.windows : [];
  if (policy === 'Disabled') {
    if (windows.length > 0) out.add(path.child('renewal', 'windows'), 'cannot be set when renewal.policy is Disabled', 'drop the windows, or use policy RenewBefore');
    return;
  }
  if (policy !== 'RenewBefore') {
    out.add(path.child('renewal', 'policy'), `${show(policy)} is not a renewal policy`, 'use RenewBefore or Disabled');
  }
  windows.forEach((w, i) => {
    const wp = path.child('renewal', 'windows').index(i);
    if (!isSet(w?.windowDuration)) out.add(wp.child('windowDuration'), 'is missing', 'say how long each window stays open, e.g. 2h');
    const tz = str(w?.timezone);
    if (tz !== '' && !goLoadLocation(tz)) out.add(wp.child('timezone'), `${show(tz)} is not an IANA time zone`, 'use a time zone database name such as Europe/Berlin or America/Denver, or leave it out for UTC');
    const problem = cronProblem(str(w?.cron), tz);
    if (problem) out.add(wp.child('cron'), `${show(w?.cron ?? '')} is not a cron schedule: ${problem}`, 'use five fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12) day-of-week (0-6), or @daily and the like');
  });
}
