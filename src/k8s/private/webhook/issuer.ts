// cert-manager v1.21.1's admission rules for Issuers and ClusterIssuers (internal/apis/certmanager/validation/
// issuer.go, clusterissuer.go and util/nameserver.go), ported as checks over the rendered cert-manager.io/v1 JSON.
// Each check names the Go function it comes from.
import { X509Certificate } from 'node:crypto';
import { goSplitHostPort } from './go';
import { FieldPath, Problems, show } from './problem';
import { parseGoDuration } from '../../../common/duration';
import { dns1123SubdomainProblems } from '../../../common/names';

const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** `ValidateIssuer` / `ValidateClusterIssuer` → `ValidateIssuerSpec` → `ValidateIssuerConfig`. */
export function validateIssuer(obj: any): Problems {
  const out = new Problems();
  validateIssuerConfig(obj?.spec ?? {}, FieldPath.root('spec'), out);
  return out;
}

/** `ValidateIssuerConfig`: exactly one issuer type, each checked by its own function. */
export function validateIssuerConfig(iss: any, path: FieldPath, out: Problems): void {
  const types: Array<[string, (v: any, p: FieldPath, o: Problems) => void]> = [
    ['acme', validateACMEIssuerConfig], ['ca', validateCAIssuerConfig], ['selfSigned', () => undefined],
    ['vault', validateVaultIssuerConfig], ['venafi', validateVenafiIssuerConfig],
  ];
  let configured = 0;
  for (const [name, validate] of types) {
    if (!isSet(iss[name])) continue;
    if (configured > 0) {
      out.add(path.child(name), 'is a second issuer type on one issuer', 'give each Issuer exactly one of acme, ca, selfSigned, vault, venafi');
      continue;
    }
    configured++;
    validate(iss[name], path.child(name), out);
  }
  if (configured === 0) out.add(path, 'configures no issuer type', 'set one of acme, ca, selfSigned, vault, venafi');
}

/**
 * `validateCABundleNotEmpty`: Go's `CertPool.AppendCertsFromPEM` must find at least one `CERTIFICATE` PEM block
 * (without headers) that parses as X.509. `caBundle` is base64 of that PEM in the JSON.
 */
export function caBundleHasCertificate(base64: string): boolean {
  const pem = Buffer.from(base64, 'base64').toString('latin1');
  const blocks = pem.matchAll(/-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g);
  for (const [, type, body] of blocks) {
    if (type !== 'CERTIFICATE' || /^[\w-]+:/m.test(body)) continue;
    try {
      new X509Certificate(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
      return true;
    } catch {
      continue;
    }
  }
  return false;
}

function checkCABundle(bundle: unknown, field: FieldPath, out: Problems): void {
  if (typeof bundle !== 'string' || bundle.length === 0) return;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(bundle.replace(/\s+/g, ''))) {
    out.add(field, 'is not base64', 'give the PEM bundle base64-encoded (Buffer.from(pem).toString(\'base64\'))');
  } else if (!caBundleHasCertificate(bundle)) {
    out.add(field, 'holds no certificate', 'give base64 of a PEM bundle with at least one -----BEGIN CERTIFICATE----- block');
  }
}

/** `ValidateACMEIssuerConfig`. */
function validateACMEIssuerConfig(acme: any, path: FieldPath, out: Problems): void {
  const bundle = str(acme.caBundle);
  if (bundle !== '' && acme.skipTLSVerify === true) {
    out.add(path.child('caBundle'), 'cannot be set together with skipTLSVerify', 'keep caBundle and drop skipTLSVerify');
    out.add(path.child('skipTLSVerify'), 'cannot be set together with caBundle', 'keep caBundle and drop skipTLSVerify');
  }
  checkCABundle(bundle, path.child('caBundle'), out);
  if (str(acme.privateKeySecretRef?.name) === '') out.add(path.child('privateKeySecretRef', 'name'), 'is missing', 'name the Secret that holds (or will hold) the ACME account key');
  if (str(acme.server) === '') out.add(path.child('server'), 'is missing', 'give the ACME directory URL');
  const eab = acme.externalAccountBinding;
  if (isSet(eab)) {
    const eabPath = path.child('externalAccountBinding');
    if (str(eab.keyID) === '') out.add(eabPath.child('keyID'), 'is missing', 'give the key ID your CA issued for external account binding');
    validateSecretKeySelector(eab.keySecretRef, eabPath.child('keySecretRef'), out);
  }
  if (Array.isArray(acme.solvers)) {
    acme.solvers.forEach((s: any, i: number) => validateACMEIssuerChallengeSolverConfig(s ?? {}, path.child('solvers').index(i), out));
  }
}

/** `ValidateACMEIssuerChallengeSolverConfig`. */
function validateACMEIssuerChallengeSolverConfig(sol: any, path: FieldPath, out: Problems): void {
  let providers = 0;
  if (isSet(sol.http01)) {
    providers++;
    validateHTTP01(sol.http01, path.child('http01'), out);
  }
  if (isSet(sol.dns01)) {
    if (providers > 0) {
      out.add(path, 'has both http01 and dns01', 'split them into two solvers');
    } else {
      providers++;
      validateACMEChallengeSolverDNS01(sol.dns01, path.child('dns01'), out);
    }
  }
  if (providers === 0) out.add(path, 'configures no solver type', 'set http01 or dns01');
  if (isSet(sol.waitInsteadOfSelfCheck)) {
    const ms = parseGoDuration(sol.waitInsteadOfSelfCheck);
    if (ms !== undefined && ms < 0) out.add(path.child('waitInsteadOfSelfCheck'), 'is negative', 'give a positive duration, or leave it out');
  }
}

/** `ValidateACMEIssuerChallengeSolverHTTP01Config` and its Ingress and Gateway functions. */
function validateHTTP01(http01: any, path: FieldPath, out: Problems): void {
  const defined = ['ingress', 'gatewayHTTPRoute'].filter(k => isSet(http01[k])).length;
  if (isSet(http01.ingress)) {
    const ingress = http01.ingress;
    const ip = path.child('ingress');
    if ([isSet(ingress.class), isSet(ingress.ingressClassName), str(ingress.name) !== ''].filter(Boolean).length > 1) {
      out.add(ip, 'sets more than one of ingressClassName, name and class', 'keep one of them');
    }
    if (isSet(ingress.ingressClassName)) {
      for (const p of dns1123SubdomainProblems(str(ingress.ingressClassName))) out.add(ip.child('ingressClassName'), `${show(ingress.ingressClassName)} is not an IngressClass name: ${p}`, 'give the IngressClass object\'s name (use class for free-form values)');
    }
    checkServiceType(ingress.serviceType, ip.child('serviceType'), out);
  }
  if (isSet(http01.gatewayHTTPRoute)) {
    const gw = http01.gatewayHTTPRoute;
    // cert-manager reports this under `gateway` although the JSON field is gatewayHTTPRoute.
    const gp = path.child('gatewayHTTPRoute');
    checkServiceType(gw.serviceType, gp.child('serviceType'), out);
    const refs: any[] = Array.isArray(gw.parentRefs) ? gw.parentRefs : [];
    for (let i = 0; i < refs.length; i++) {
      const name = str(refs[i]?.name);
      const hasKind = isSet(refs[i]?.kind);
      if (hasKind && name === '') {
        out.add(gp.child('parentRefs').index(i).child('name'), 'is missing where kind is set', 'name the Gateway');
        break;
      }
      if (name !== '' && !hasKind) {
        out.add(gp.child('parentRefs').index(i).child('kind'), 'is missing where name is set', 'set kind (usually Gateway)');
        break;
      }
    }
  }
  if (defined === 0) out.add(path, 'configures no HTTP-01 solver type', 'set ingress or gatewayHTTPRoute');
  if (defined > 1) out.add(path, 'configures both ingress and gatewayHTTPRoute', 'split them into two solvers');
}

function checkServiceType(value: unknown, field: FieldPath, out: Problems): void {
  const type = str(value);
  if (type !== '' && type !== 'ClusterIP' && type !== 'NodePort') out.add(field, `${show(type)} is not a solver Service type`, 'use ClusterIP or NodePort, or leave it out');
}

/** `ValidateSecretKeySelector`: both name and key. */
function validateSecretKeySelector(sks: any, path: FieldPath, out: Problems): void {
  if (str(sks?.name) === '') out.add(path.child('name'), 'is missing', 'name the Secret');
  if (str(sks?.key) === '') out.add(path.child('key'), 'is missing', 'name the key inside the Secret');
}

// `supportedTSIGAlgorithms`.
const TSIG_ALGORITHMS = ['HMACMD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA512'];
const AZURE_ENVIRONMENTS = ['AzurePublicCloud', 'AzureChinaCloud', 'AzureGermanCloud', 'AzureUSGovernmentCloud'];

/**
 * `ValidNameserver` (util/nameserver.go): `host[:port]`, an IPv6 host in brackets; a missing port means 53.
 * Returns the problem, or undefined.
 */
export function nameserverProblem(nameserver: string): string | undefined {
  const trimmed = nameserver.trim();
  if (trimmed === '') return 'is empty';
  const split = goSplitHostPort(trimmed);
  let host: string;
  if ('error' in split) {
    if (!split.error.includes('missing port')) return `is not host:port (${split.error})`;
    host = trimmed.replace(/^[[\]]+|[[\]]+$/g, '');
  } else {
    host = split.host;
  }
  return host === '' ? 'has no host' : undefined;
}

/** `ValidateACMEChallengeSolverDNS01`. */
function validateACMEChallengeSolverDNS01(p: any, path: FieldPath, out: Problems): void {
  const strategy = str(p.cnameStrategy);
  if (strategy !== '' && strategy !== 'None' && strategy !== 'Follow') out.add(path.child('cnameStrategy'), `${show(strategy)} is not a CNAME strategy`, 'use None or Follow');
  let providers = 0;
  // Akamai and acmeDNS do not take part in the "more than one provider" check upstream; the others do.
  const second = (name: string) => {
    if (providers > 0) {
      out.add(path.child(name), 'is a second DNS provider in one solver', 'give each dns01 solver exactly one provider');
      return true;
    }
    providers++;
    return false;
  };
  if (isSet(p.akamai)) {
    providers++;
    for (const ref of ['accessTokenSecretRef', 'clientSecretSecretRef', 'clientTokenSecretRef']) validateSecretKeySelector(p.akamai[ref], path.child('akamai', ref), out);
    if (str(p.akamai.serviceConsumerDomain) === '') out.add(path.child('akamai', 'serviceConsumerDomain'), 'is missing', 'give the Akamai service consumer domain');
  }
  if (isSet(p.azureDNS) && !second('azureDNS')) {
    const az = p.azureDNS;
    const ap = path.child('azureDNS');
    if (str(az.clientID) !== '' || str(az.tenantID) !== '' || isSet(az.clientSecretSecretRef)) {
      if (str(az.clientID) === '') out.add(ap.child('clientID'), 'is missing', 'give clientID, clientSecretSecretRef and tenantID together');
      if (!isSet(az.clientSecretSecretRef)) out.add(ap.child('clientSecretSecretRef'), 'is missing', 'give clientID, clientSecretSecretRef and tenantID together');
      else validateSecretKeySelector(az.clientSecretSecretRef, ap.child('clientSecretSecretRef'), out);
      if (str(az.tenantID) === '') out.add(ap.child('tenantID'), 'is missing', 'give clientID, clientSecretSecretRef and tenantID together');
      if (isSet(az.managedIdentity)) out.add(ap.child('managedIdentity'), 'cannot be used together with clientID, clientSecretSecretRef or tenantID', 'use either a service principal or a managed identity');
    } else if (isSet(az.managedIdentity)) {
      const mi = az.managedIdentity;
      if (str(mi.clientID) !== '' && str(mi.resourceID) !== '') out.add(ap.child('managedIdentity'), 'sets both clientID and resourceID', 'keep one of them');
      if (str(mi.tenantID) !== '' && str(mi.resourceID) !== '') out.add(ap.child('managedIdentity'), 'sets both tenantID and resourceID', 'keep one of them');
      if (str(mi.tenantID) !== '' && str(mi.clientID) === '') out.add(ap.child('managedIdentity'), 'sets tenantID without clientID', 'add clientID');
    }
    if (str(az.subscriptionID) === '') out.add(ap.child('subscriptionID'), 'is missing', 'give the Azure subscription ID');
    if (str(az.resourceGroupName) === '') out.add(ap.child('resourceGroupName'), 'is missing', 'give the resource group of the DNS zone');
    const env = str(az.environment);
    if (env !== '' && !AZURE_ENVIRONMENTS.includes(env)) out.add(ap.child('environment'), `${show(env)} is not an Azure environment`, `use one of ${AZURE_ENVIRONMENTS.join(', ')}`);
  }
  if (isSet(p.cloudDNS) && !second('cloudDNS')) {
    if (isSet(p.cloudDNS.serviceAccountSecretRef)) validateSecretKeySelector(p.cloudDNS.serviceAccountSecretRef, path.child('cloudDNS', 'serviceAccountSecretRef'), out);
    if (str(p.cloudDNS.project) === '') out.add(path.child('cloudDNS', 'project'), 'is missing', 'give the Google Cloud project of the zone');
  }
  if (isSet(p.cloudflare) && !second('cloudflare')) {
    const cf = p.cloudflare;
    const cp = path.child('cloudflare');
    if (isSet(cf.apiKeySecretRef)) validateSecretKeySelector(cf.apiKeySecretRef, cp.child('apiKeySecretRef'), out);
    if (isSet(cf.apiTokenSecretRef)) validateSecretKeySelector(cf.apiTokenSecretRef, cp.child('apiTokenSecretRef'), out);
    if (isSet(cf.apiKeySecretRef) && isSet(cf.apiTokenSecretRef)) out.add(cp, 'sets both apiKeySecretRef and apiTokenSecretRef', 'keep one (an API token is preferred)');
    if (!isSet(cf.apiKeySecretRef) && !isSet(cf.apiTokenSecretRef)) out.add(cp, 'sets neither apiKeySecretRef nor apiTokenSecretRef', 'give an API token (apiTokenSecretRef)');
    if (str(cf.email) === '' && isSet(cf.apiKeySecretRef)) out.add(cp.child('email'), 'is missing for a global API key', 'give the account e-mail, or use an API token');
  }
  if (isSet(p.route53) && !second('route53')) {
    const r = p.route53;
    if (str(r.accessKeyID) !== '' && isSet(r.accessKeyIDSecretRef)) out.add(path.child('route53'), 'sets both accessKeyID and accessKeyIDSecretRef', 'keep one of them');
    if (isSet(r.accessKeyIDSecretRef)) validateSecretKeySelector(r.accessKeyIDSecretRef, path.child('route53', 'accessKeyIDSecretRef'), out);
  }
  if (isSet(p.acmeDNS)) {
    providers++;
    validateSecretKeySelector(p.acmeDNS.accountSecretRef, path.child('acmeDNS', 'accountSecretRef'), out);
    if (str(p.acmeDNS.host) === '') out.add(path.child('acmeDNS', 'host'), 'is missing', 'give the acme-dns server URL');
  }
  if (isSet(p.digitalocean) && !second('digitalocean')) {
    validateSecretKeySelector(p.digitalocean.tokenSecretRef, path.child('digitalocean', 'tokenSecretRef'), out);
  }
  if (isSet(p.rfc2136) && !second('rfc2136')) {
    const r = p.rfc2136;
    const rp = path.child('rfc2136');
    const ns = str(r.nameserver);
    if (ns === '') {
      out.add(rp.child('nameserver'), 'is missing', 'give the DNS server as host or host:port (port 53 when left out)');
    } else {
      const problem = nameserverProblem(ns);
      if (problem) out.add(rp.child('nameserver'), `${show(ns)} ${problem}`, 'give host[:port]: an IPv4 address, a [bracketed] IPv6 address or a host name, with an optional port');
    }
    const alg = str(r.tsigAlgorithm);
    if (alg !== '' && !TSIG_ALGORITHMS.includes(alg.toUpperCase())) out.add(rp.child('tsigAlgorithm'), `${show(alg)} is not a TSIG algorithm cert-manager supports`, `use one of ${TSIG_ALGORITHMS.join(', ')}`);
    const keyName = str(r.tsigKeyName);
    if (keyName !== '') validateSecretKeySelector(r.tsigSecretSecretRef, rp.child('tsigSecretSecretRef'), out);
    const secretComplete = str(r.tsigSecretSecretRef?.name) !== '' && str(r.tsigSecretSecretRef?.key) !== '';
    if (secretComplete && keyName === '') out.add(rp.child('tsigKeyName'), 'is missing where tsigSecretSecretRef is set', 'give the TSIG key\'s name');
  }
  if (isSet(p.webhook) && !second('webhook')) {
    if (str(p.webhook.solverName) === '') out.add(path.child('webhook', 'solverName'), 'is missing', 'name the webhook solver');
  }
  if (providers === 0) out.add(path, 'configures no DNS provider', 'set one provider (route53, cloudflare, rfc2136, webhook, ...)');
}

/** `ValidateCAIssuerConfig`. */
function validateCAIssuerConfig(ca: any, path: FieldPath, out: Problems): void {
  if (str(ca.secretName) === '') out.add(path.child('secretName'), 'is missing', 'name the Secret holding the CA\'s tls.crt and tls.key');
  for (const field of ['ocspServers', 'issuingCertificateURLs']) {
    const urls = ca[field];
    if (!Array.isArray(urls)) continue;
    urls.forEach((u, i) => {
      if (u === '') out.add(path.child(field).index(i), 'is empty', 'give a URL, e.g. http://ocsp.example.com, or drop the entry');
    });
  }
}

// `containsDotDotSegment`.
function hasDotDot(p: unknown): boolean {
  return typeof p === 'string' && p.split('/').includes('..');
}

/** `ValidateVaultIssuerConfig`. */
function validateVaultIssuerConfig(v: any, path: FieldPath, out: Problems): void {
  if (str(v.server) === '') out.add(path.child('server'), 'is missing', 'give the Vault server URL');
  if (str(v.path) === '') out.add(path.child('path'), 'is missing', 'give the Vault signing path, e.g. pki/sign/my-role');
  else if (hasDotDot(v.path)) out.add(path.child('path'), `${show(v.path)} contains a '..' segment`, 'give the path without \'..\'');
  checkCABundle(v.caBundle, path.child('caBundle'), out);
  if (str(v.caBundle) !== '' && isSet(v.caBundleSecretRef)) {
    out.add(path.child('caBundle'), 'cannot be set together with caBundleSecretRef', 'keep one of them');
    out.add(path.child('caBundleSecretRef'), 'cannot be set together with caBundle', 'keep one of them');
  }
  if (isSet(v.clientCertSecretRef) && !isSet(v.clientKeySecretRef)) out.add(path.child('clientKeySecretRef'), 'is missing where clientCertSecretRef is set', 'give both, or neither');
  else if (!isSet(v.clientCertSecretRef) && isSet(v.clientKeySecretRef)) out.add(path.child('clientCertSecretRef'), 'is missing where clientKeySecretRef is set', 'give both, or neither');
  validateVaultIssuerAuth(v.auth ?? {}, path.child('auth'), out);
}

/** `ValidateVaultIssuerAuth`. Secret refs' `key` may be left out: cert-manager then reads its default key. */
function validateVaultIssuerAuth(auth: any, path: FieldPath, out: Problems): void {
  let methods = 0;
  if (isSet(auth.tokenSecretRef)) methods++;
  if (isSet(auth.appRole)) {
    methods++;
    const ar = auth.appRole;
    if (str(ar.roleId) === '') out.add(path.child('appRole', 'roleId'), 'is missing', 'give the AppRole role ID');
    if (str(ar.secretRef?.name) === '') out.add(path.child('appRole', 'secretRef', 'name'), 'is missing', 'name the Secret holding the AppRole secret ID');
    if (hasDotDot(ar.path)) out.add(path.child('appRole', 'path'), `${show(ar.path)} contains a '..' segment`, 'give the path without \'..\'');
  }
  if (isSet(auth.clientCertificate)) {
    methods++;
    if (hasDotDot(auth.clientCertificate.mountPath)) out.add(path.child('clientCertificate', 'mountPath'), `${show(auth.clientCertificate.mountPath)} contains a '..' segment`, 'give the path without \'..\'');
  }
  if (isSet(auth.kubernetes)) {
    methods++;
    const k = auth.kubernetes;
    const kp = path.child('kubernetes');
    if (str(k.role) === '') out.add(kp.child('role'), 'is missing', 'give the Vault role to log in as');
    if (hasDotDot(k.mountPath)) out.add(kp.child('mountPath'), `${show(k.mountPath)} contains a '..' segment`, 'give the path without \'..\'');
    let refs = 0;
    if (str(k.secretRef?.name) !== '') refs++;
    if (isSet(k.serviceAccountRef)) {
      refs++;
      if (str(k.serviceAccountRef.name) === '') out.add(kp.child('serviceAccountRef', 'name'), 'is missing', 'name the ServiceAccount whose token logs in to Vault');
    }
    if (refs === 0) out.add(kp, 'has neither secretRef nor serviceAccountRef', 'give serviceAccountRef (a named ServiceAccount) or secretRef (a token Secret)');
    if (refs > 1) out.add(kp, 'has both secretRef and serviceAccountRef', 'keep one of them');
  }
  if (isSet(auth.aws)) {
    methods++;
    const a = auth.aws;
    const ap = path.child('aws');
    if (str(a.role) === '') out.add(ap.child('role'), 'is missing', 'give the Vault role to log in as');
    if (hasDotDot(a.mountPath)) out.add(ap.child('mountPath'), `${show(a.mountPath)} contains a '..' segment`, 'give the path without \'..\'');
    if (isSet(a.serviceAccountRef)) {
      if (str(a.serviceAccountRef.name) === '') out.add(ap.child('serviceAccountRef', 'name'), 'is missing', 'name the ServiceAccount used for IRSA');
      if (str(a.iamRoleArn) === '') out.add(ap.child('iamRoleArn'), 'is missing where serviceAccountRef is set', 'give the IAM role ARN the ServiceAccount assumes');
    }
  }
  if (methods === 0) out.add(path, 'configures no authentication', 'set one of appRole, kubernetes, tokenSecretRef, clientCertificate, aws');
}

/** `ValidateVenafiIssuerConfig` with `ValidateVenafiTPP`, `ValidateVenafiCloud` and `ValidateVenafiNGTS`. */
function validateVenafiIssuerConfig(v: any, path: FieldPath, out: Problems): void {
  if (str(v.zone) === '') out.add(path.child('zone'), 'is missing', 'give the Venafi zone (policy folder)');
  let count = 0;
  if (isSet(v.tpp)) {
    count++;
    if (str(v.tpp.url) === '') out.add(path.child('tpp', 'url'), 'is missing', 'give the TPP URL');
    if (str(v.tpp.caBundle) !== '' && isSet(v.tpp.caBundleSecretRef)) out.add(path.child('tpp'), 'sets both caBundle and caBundleSecretRef', 'keep one of them');
  }
  if (isSet(v.cloud)) count++;
  if (isSet(v.ngts)) {
    count++;
    if (str(v.ngts.tsgID) === '') out.add(path.child('ngts', 'tsgID'), 'is missing', 'give the tenant service group ID');
    if (str(v.ngts.credentialsRef?.name) === '') out.add(path.child('ngts', 'credentialsRef', 'name'), 'is missing', 'name the Secret holding the credentials');
  }
  if (count === 0) out.add(path, 'configures none of tpp, cloud, ngts', 'set one of them');
  if (count > 1) out.add(path, 'configures more than one of tpp, cloud, ngts', 'keep one of them');
}
