// Mistakes refused at synth, one line each, all of a synth together.
import { Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { env, exportStack, PREFIX } from './support';
import { ClusterCertificateInAcm, ClusterCertificateSource } from '../../../src/aws/acm-export';
import { PrivateKeyAlgorithm } from '../../../src/k8s/certificates';
import { ClusterIssuer, IssuerType } from '../../../src/k8s/issuers';
import { ACM_SYNC_CONFIG_ENV } from '../../../src/runtime/acm-sync/config';
import { synthErrors } from '../../support/synth';

const PATH = 'Edge/WebInAcm';

describe('ClusterCertificateInAcm refuses', () => {
  test('a Certificate that is not backed up', () => {
    const { app } = exportStack({ notBackedUp: true });
    expect(synthErrors(app)).toEqual([
      `${PATH}: source Certificate Platform/web (Secret apps/web-tls) is not backed up by Platform/backup, so nothing would reach Secrets Manager. Fix: pass it to the CertificateBackup (certificates, scopes or addCertificate), or give the CertificateBackup that backs it up.`,
    ]);
  });

  test.each([
    ['Ed25519', { algorithm: PrivateKeyAlgorithm.ED25519 }, 'has a Ed25519 key, which ACM cannot import'],
    ['RSA 8192', { algorithm: PrivateKeyAlgorithm.RSA, size: 8192 }, 'has a RSA 8192 key, which ACM cannot import (it takes RSA 2048, 3072 or 4096 bits)'],
    ['RSA 2560', { algorithm: PrivateKeyAlgorithm.RSA, size: 2560 }, 'has a RSA 2560 key, which ACM cannot import'],
  ])('a key type ACM cannot import (%s)', (_name, privateKey, problem) => {
    const { app } = exportStack({ certificate: { privateKey } });
    const errors = synthErrors(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${PATH}: source Certificate Platform/web ${problem}`);
  });

  test.each([
    [{ algorithm: PrivateKeyAlgorithm.RSA, size: 2048 }],
    [{ algorithm: PrivateKeyAlgorithm.RSA, size: 4096 }],
    [{ algorithm: PrivateKeyAlgorithm.ECDSA, size: 384 }],
    [{ algorithm: PrivateKeyAlgorithm.ECDSA, size: 521 }],
    [{}],
  ])('accepts the key types ACM imports for load balancers (%o)', privateKey => {
    expect(synthErrors(exportStack({ certificate: { privateKey } }).app)).toEqual([]);
  });

  const usEast1 = { stackProps: { env: { ...env, region: 'us-east-1' }, crossRegionReferences: true }, storeEnv: env };

  test('CloudFront with an ECDSA P-384 key (CloudFront serves RSA and P-256 only)', () => {
    const { app } = exportStack({ ...usEast1, store: { replicaRegions: ['us-east-1'] }, certificate: { privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 384 } }, props: { cloudFront: true } });
    expect(synthErrors(app)).toEqual([
      `${PATH}: source Certificate Platform/web has a ECDSA 384 key, which CloudFront does not serve (cloudFront: true). Fix: use ECDSA 256 (P-256) or an RSA key of 2048 to 4096 bits.`,
    ]);
  });

  test('CloudFront with a Certificate from a private CA (CloudFront serves publicly trusted ones only)', () => {
    const { app } = exportStack({
      ...usEast1,
      store: { replicaRegions: ['us-east-1'] },
      issuer: chart => new ClusterIssuer(chart, 'ca', { name: 'internal-ca', type: IssuerType.ca({ secretName: 'internal-ca' }) }),
      props: { cloudFront: true },
    });
    expect(synthErrors(app)).toEqual([
      `${PATH}: cloudFront is true but Certificate Platform/web is signed by a CA issuer (a private CA in a Secret), and CloudFront serves only certificates from a publicly trusted CA. Fix: issue it from a public ACME CA such as Let's Encrypt, or use it on a load balancer (cloudFront: false).`,
    ]);
  });

  test('CloudFront outside us-east-1', () => {
    const { app } = exportStack({ props: { cloudFront: true } });
    expect(synthErrors(app)).toEqual([
      `${PATH}: cloudFront is true but the stack deploys to eu-west-1, and CloudFront only uses certificates from us-east-1. Fix: put this construct in a stack with env: { region: 'us-east-1' } and add 'us-east-1' to the CertificateBackupStore's replicaRegions (it keeps the secret in eu-west-1).`,
    ]);
  });

  test('CloudFront in us-east-1 without replication of the secret there', () => {
    const { app } = exportStack({ ...usEast1, props: { cloudFront: true } });
    expect(synthErrors(app)).toEqual([
      `${PATH}: source is read in us-east-1, but the store keeps the secret in eu-west-1 only (CloudFront needs the certificate in us-east-1). Fix: add 'us-east-1' to the CertificateBackupStore's replicaRegions, so the secret is replicated to us-east-1 for CloudFront.`,
    ]);
  });

  test('a load balancer certificate in a region without the secret', () => {
    const { app } = exportStack({ stackProps: { env: { ...env, region: 'eu-central-1' }, crossRegionReferences: true }, storeEnv: env });
    expect(synthErrors(app)).toEqual([
      `${PATH}: source is read in eu-central-1, but the store keeps the secret in eu-west-1 only. Fix: put this construct in a stack of eu-west-1, or add 'eu-central-1' to the store's replicaRegions.`,
    ]);
  });

  test('a secret name outside the store\'s prefix; a one-time schedule; timeouts and alarm days out of range (all together)', () => {
    const { stack, store, app } = exportStack();
    new ClusterCertificateInAcm(stack, 'Other', {
      source: ClusterCertificateSource.fromSecretName(store, 'elsewhere/web-tls'),
      schedule: scheduler.ScheduleExpression.at(new Date(Date.UTC(2030, 0, 1))),
      firstCertificateTimeout: Duration.minutes(20),
      expiryAlarmDays: 0,
    });
    expect(synthErrors(app)).toEqual([
      'Edge/Other: firstCertificateTimeout 20 minutes is out of range. Fix: use 1 to 13 minutes.',
      "Edge/Other: schedule 'at(2030-01-01T00:00:00)' runs at most once, so it is no safety net. Fix: use a repeating schedule, e.g. ScheduleExpression.rate(Duration.hours(6)).",
      'Edge/Other: expiryAlarmDays 0 is out of range. Fix: use 1 to 60 days.',
      `Edge/Other: source secret 'elsewhere/web-tls' is not under the store's prefix '${PREFIX}', so the store's key and the backup role do not cover it. Fix: name a secret '${PREFIX}<namespace>/<secret name>'.`,
    ]);
  });

  test('fromSecretName under the prefix is fine, and its names feed the placeholder', () => {
    const { stack, store, app } = exportStack();
    const other = new ClusterCertificateInAcm(stack, 'Other', {
      source: ClusterCertificateSource.fromSecretName(store, `${PREFIX}apps/api-tls`, { dnsNames: ['api.example.com'], keyAlgorithm: acm.KeyAlgorithm.RSA_2048 }),
    });
    expect(synthErrors(app)).toEqual([]);
    expect(other.secretName).toBe(`${PREFIX}apps/api-tls`);
    const variables = Stack.of(other).resolve((other.syncFunction.node.defaultChild as any).environment).variables;
    expect(JSON.parse(variables[ACM_SYNC_CONFIG_ENV])).toEqual(expect.objectContaining({
      secretId: `${PREFIX}apps/api-tls`, placeholderNames: ['api.example.com'], placeholderKeyAlgorithm: 'RSA_2048', placeholderExtendedKeyUsages: ['1.3.6.1.5.5.7.3.1'],
    }));
  });
});
