import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk8s from 'cdk8s';
import { parse } from 'yaml';
import { AwsPrivateCaIssuerRelease, CertManagerRelease, EksCertManager, EksCertManagerDelivery, EksCertManagerProps } from '../../../src';
import { readUpstream } from '../../../src/upstream';
import { certManagerSchemaErrors } from '../../k8s/install/helpers';
import { synthErrors } from '../../support/synth';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const CA = 'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555';

function stack(): Stack {
  return new Stack(new App(), 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function cluster(s: Stack): eks.ICluster {
  return eks.Cluster.fromClusterAttributes(s, 'Cluster', {
    clusterName: 'platform',
    kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl',
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(s, 'Oidc', `arn:aws:iam::111111111111:oidc-provider/${ISSUER}`),
  });
}

function addons(s: Stack, props: Partial<EksCertManagerProps> = {}): EksCertManager {
  return new EksCertManager(s, 'CertManager', {
    cluster: cluster(s),
    delivery: EksCertManagerDelivery.EKS_ADDON,
    route53: { hostedZoneIds: ['Z0123456789ABCDEFGHIJ'] },
    privateCaIssuer: props.privateCaIssuer ?? { certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', CA) },
    ...props,
  });
}

function logicalIdOf(t: Template, type: string, prefix: string): string {
  const ids = Object.keys(t.findResources(type)).filter(id => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** An add-on's configuration values, parsed; tokens come back as `<logical ID>`. */
function configuration(t: Template, addonName: string): any {
  const [addon] = Object.values(t.findResources('AWS::EKS::Addon', { Properties: { AddonName: addonName } }));
  const v = addon.Properties.ConfigurationValues;
  const text = typeof v === 'string' ? v : v['Fn::Join'][1].map((p: any) => typeof p === 'string' ? p : `<${p['Fn::GetAtt'][0]}>`).join('');
  return JSON.parse(text);
}

const PCA_DEFAULTS = parse(readUpstream('aws-privateca-issuer-v1.9.1/values.yaml'));

describe('EksCertManager with EKS add-on delivery', () => {
  test('cert-manager as the community add-on and aws-privateca-issuer as aws-privateca-connector-for-kubernetes, no Helm releases', () => {
    const s = stack();
    const cm = addons(s, {
      certManagerAddonVersion: 'v1.21.1-eksbuild.1',
      privateCaIssuer: {
        certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', CA), addonVersion: 'v1.9.1-eksbuild.2',
      },
    });
    expect(synthErrors(s)).toEqual([]);
    const t = Template.fromStack(s);
    t.resourceCountIs('Custom::AWSCDK-EKS-HelmChart', 0);
    t.hasResourceProperties('AWS::EKS::Addon', { ClusterName: 'platform', AddonName: 'cert-manager', AddonVersion: 'v1.21.1-eksbuild.1', ResolveConflicts: 'OVERWRITE' });
    t.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'aws-privateca-connector-for-kubernetes', AddonVersion: 'v1.9.1-eksbuild.2' });
    expect([cm.certManagerChart, cm.privateCaIssuerChart]).toEqual([undefined, undefined]);
    expect(cm.delivery).toBe(EksCertManagerDelivery.EKS_ADDON);

    // The configuration values are the same typed values the Helm releases get, valid for the charts.
    const route53Role = logicalIdOf(t, 'AWS::IAM::Role', 'CertManagerRoute53Role');
    const cmValues = configuration(t, 'cert-manager');
    expect(cmValues).toMatchObject({ serviceAccount: { name: 'cert-manager', annotations: { 'eks.amazonaws.com/role-arn': `<${route53Role}>` } } });
    expect(cmValues).toEqual(JSON.parse(JSON.stringify(cm.certManagerRelease.values, (_k, v) => typeof v === 'string' && v.includes('${Token') ? `<${route53Role}>` : v)));
    expect(certManagerSchemaErrors(cmValues)).toEqual([]);
    const pcaValues = configuration(t, 'aws-privateca-connector-for-kubernetes');
    expect(Object.keys(pcaValues).every(k => k in PCA_DEFAULTS)).toBe(true);
    expect(pcaValues.approverRole).toEqual({ serviceAccountName: 'cert-manager', namespace: 'cert-manager' });
  });

  test('ordering: each add-on after its role, the connector after cert-manager, addCdk8sChart after both', () => {
    const s = stack();
    const cm = addons(s);
    const chart = new cdk8s.Chart(new cdk8s.App(), 'issuers');
    new cdk8s.ApiObject(chart, 'issuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } } as any);
    cm.addCdk8sChart('Issuers', chart);
    const t = Template.fromStack(s);
    const all = t.findResources('AWS::EKS::Addon');
    const cmAddon = logicalIdOf(t, 'AWS::EKS::Addon', 'CertManagerCertManagerAddon');
    const pcaAddon = logicalIdOf(t, 'AWS::EKS::Addon', 'CertManagerPrivateCaIssuerAddon');
    expect(all[cmAddon].DependsOn).toEqual(expect.arrayContaining([logicalIdOf(t, 'AWS::IAM::Role', 'CertManagerRoute53Role')]));
    expect(all[pcaAddon].DependsOn).toEqual(expect.arrayContaining([cmAddon, logicalIdOf(t, 'AWS::IAM::Role', 'CertManagerPrivateCaIssuerRole')]));
    const [manifest] = Object.values(t.findResources('Custom::AWSCDK-EKS-KubernetesResource'));
    expect(manifest.DependsOn).toEqual(expect.arrayContaining([cmAddon, pcaAddon]));
  });

  test('Pod Identity: associations as their own resources, for the add-ons\' fixed service accounts', () => {
    const s = stack();
    addons(s, { identityType: eks.IdentityType.POD_IDENTITY });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'platform', Namespace: 'cert-manager', ServiceAccount: 'cert-manager' });
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'aws-privateca-issuer', ServiceAccount: 'aws-privateca-issuer' });
    const [pca] = Object.values(t.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'aws-privateca-connector-for-kubernetes' } }));
    expect(pca.Properties.PodIdentityAssociations).toBeUndefined();
    expect(pca.DependsOn).toEqual(expect.arrayContaining([logicalIdOf(t, 'AWS::EKS::PodIdentityAssociation', 'CertManagerPrivateCaIssuerRole')]));
    // Nothing to annotate: the service account carries no role.
    expect(configuration(t, 'aws-privateca-connector-for-kubernetes').serviceAccount).toEqual({ name: 'aws-privateca-issuer' });
  });

  test('Helm stays the default', () => {
    const s = stack();
    const cm = new EksCertManager(s, 'CertManager', { cluster: cluster(s) });
    expect(cm.delivery).toBe(EksCertManagerDelivery.HELM);
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::EKS::Addon', 0);
    t.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', { Chart: 'cert-manager', Version: CertManagerRelease.VERSION });
    expect(AwsPrivateCaIssuerRelease.VERSION).toBe('v1.9.1');
  });
});

describe('EksCertManager with EKS add-on delivery refuses', () => {
  const thrown: Array<[string, (s: Stack) => Partial<EksCertManagerProps>, string]> = [
    ['an add-on configuration the chart schema refuses', () => ({ certManager: { extraValues: { notAValue: true } } }),
      'Platform/CertManager: values.notAValue is not a value of the cert-manager v1.21.1 chart'],
    ['a connector configuration its values.yaml does not know', s => ({
      privateCaIssuer: { certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', CA), release: { extraValues: { replicas: 2 } } },
    }), 'Platform/CertManager: values.replicas'],
  ];
  test.each(thrown)('%s', (_name, props, message) => {
    const s = stack();
    expect(() => addons(s, props(s))).toThrow(message);
  });

  const reported: Array<[string, (s: Stack) => Partial<EksCertManagerProps>, string[]]> = [
    ['an add-on version that is not one', () => ({ certManagerAddonVersion: '1.21.1' }), ["certManagerAddonVersion '1.21.1' is not an EKS add-on version"]],
    ['an add-on build of another chart version', () => ({ certManagerAddonVersion: 'v1.19.2-eksbuild.1' }),
      ["certManagerAddonVersion 'v1.19.2-eksbuild.1' carries cert-manager v1.19.2, but the typed values are checked against v1.21.1"]],
    ['another namespace (the add-on\'s is fixed)', () => ({ certManager: { namespace: 'certs' } }),
      ["certManager.namespace is 'certs', but the cert-manager add-on always installs into 'cert-manager'"]],
    ['another release name for the connector', s => ({
      privateCaIssuer: { certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(s, 'Ca', CA), release: { releaseName: 'pca' } },
    }), ["privateCaIssuer.release names the controller's service account 'pca-aws-privateca-issuer'"]],
    ['an add-on version with Helm delivery', () => ({ delivery: EksCertManagerDelivery.HELM, certManagerAddonVersion: 'v1.21.1-eksbuild.1' }),
      ['certManagerAddonVersion is set, but cert-manager is delivered as a Helm release']],
  ];
  test.each(reported)('%s', (_name, props, expected) => {
    const s = stack();
    addons(s, props(s));
    const errors = synthErrors(s);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(errors[i]).toContain(e));
  });
});
