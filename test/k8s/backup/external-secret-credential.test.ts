import { Chart, Testing } from 'cdk8s';
import { AwsSecretsManagerAuth } from '../../../src/k8s/backup/certificate-backup';
import { CredentialSource, ExternalSecretCredential } from '../../../src/k8s/backup/external-secret-credential';
import { AcmeSolver, LetsEncryptIssuers } from '../../../src/k8s/issuers';
import { crdSchemas, formatViolations } from '../../../src/upstream';
import { synthErrors } from '../../support/synth';

function chart(namespace?: string) {
  const app = Testing.app();
  return new Chart(app, 'Platform', { namespace, disableResourceNameHashes: true });
}

function synth(c: Chart): any[] {
  expect(synthErrors(c)).toEqual([]);
  const manifests = Testing.synth(c);
  expect(formatViolations(crdSchemas().validateAll(manifests))).toBe('');
  return manifests;
}

describe('ExternalSecretCredential', () => {
  test('a Cloudflare token from AWS Secrets Manager feeds the solver; the value is never in a manifest', () => {
    const c = chart();
    const token = new ExternalSecretCredential(c, 'cloudflare', {
      secretName: 'cloudflare-api-token',
      source: CredentialSource.awsSecretsManager({ region: 'eu-west-1', secretName: 'platform/dns/cloudflare', property: 'apiToken' }),
    });
    new LetsEncryptIssuers(c, 'le', { email: 'ops@example.com', solvers: [AcmeSolver.dns01Cloudflare({ apiTokenSecretRef: token.secretKeyRef })] });
    const manifests = synth(c);
    const [store, es] = manifests.filter(m => m.apiVersion.startsWith('external-secrets.io/'));
    expect(store).toMatchObject({ kind: 'SecretStore', metadata: { name: 'cloudflare-api-token-source', namespace: 'cert-manager' }, spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } } } });
    expect(store.spec.provider.aws.auth).toBeUndefined();
    expect(es.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'SecretStore', name: 'cloudflare-api-token-source' },
      target: { name: 'cloudflare-api-token', creationPolicy: 'Owner' },
      data: [{ secretKey: 'api-token', remoteRef: { key: 'platform/dns/cloudflare', property: 'apiToken' } }],
    });
    expect([store, es].map(m => m.metadata.annotations['argocd.argoproj.io/sync-wave'])).toEqual(['-15', '-12']);
    const issuer = manifests.find(m => m.kind === 'ClusterIssuer');
    expect(issuer.spec.acme.solvers[0].dns01.cloudflare.apiTokenSecretRef).toEqual({ name: 'cloudflare-api-token', key: 'api-token' });
    expect(manifests.filter(m => m.kind === 'Secret')).toEqual([]);
  });

  test('from Vault KV v2 with Kubernetes auth (a service account token), in an Issuer\'s namespace', () => {
    const c = chart('apps');
    const cred = new ExternalSecretCredential(c, 'tsig', {
      secretName: 'tsig-secret',
      key: 'secret',
      source: CredentialSource.vault({ server: 'https://vault.example.com:8200', mountPath: 'secret', secretPath: 'dns/tsig', property: 'secret', role: 'cert-manager', serviceAccountName: 'dns-reader' }),
    });
    const [store, es] = synth(c);
    expect(cred.namespace).toBe('apps');
    expect(store.spec.provider.vault).toEqual({
      server: 'https://vault.example.com:8200',
      path: 'secret',
      version: 'v2',
      auth: { kubernetes: { mountPath: 'kubernetes', role: 'cert-manager', serviceAccountRef: { name: 'dns-reader' } } },
    });
    expect(es.spec.data).toEqual([{ secretKey: 'secret', remoteRef: { key: 'dns/tsig', property: 'secret' } }]);
    expect(cred.secretKeyRef).toEqual({ name: 'tsig-secret', key: 'secret' });
  });

  test('IRSA through another service account token', () => {
    const c = chart();
    new ExternalSecretCredential(c, 'cf', {
      secretName: 'cf', source: CredentialSource.awsSecretsManager({ region: 'us-east-1', secretName: 'cf', auth: AwsSecretsManagerAuth.serviceAccount('dns-reader', 'cert-manager') }),
    });
    expect(synth(c)[0].spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'dns-reader', namespace: 'cert-manager' } } });
  });

  test('bad input, all at once', () => {
    const c = chart();
    new ExternalSecretCredential(c, 'bad', {
      secretName: 'Bad_Name',
      key: 'a key',
      namespace: 'Cert Manager',
      source: CredentialSource.vault({ server: 'http://vault', mountPath: '', secretPath: 'x', property: 'y', role: 'r', kvVersion: 'v3' }),
    });
    new ExternalSecretCredential(c, 'aws', { secretName: 'ok', source: CredentialSource.awsSecretsManager({ region: 'Ireland', secretName: 'has space' }) });
    // The rendered-object check (pinned CRD) adds its own lines for the same objects; ours name the prop.
    expect(synthErrors(c).map(e => e.split('. Fix:')[0]).filter(e => !/ (SecretStore|ExternalSecret)\//.test(e))).toEqual([
      "Platform/bad: namespace 'Cert Manager' is not a valid namespace",
      "Platform/bad: secretName 'Bad_Name' is not a valid Secret name",
      "Platform/bad: key 'a key' is not a valid Secret key",
      "Platform/bad: source.server 'http://vault' is not an https URL",
      "Platform/bad: source.kvVersion 'v3' is not a KV version",
      'Platform/bad: source.mountPath is empty',
      "Platform/aws: source.region 'Ireland' is not an AWS region",
      "Platform/aws: source.secretName 'has space' is not a Secrets Manager name or ARN",
    ]);
  });
});
