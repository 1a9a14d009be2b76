import { App as AwsApp, Stack } from 'aws-cdk-lib';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Ingress, IngressBackend, Service } from 'cdk8s-plus-28';
import { AlbIngressCertificate } from '../../../src/k8s/ingress';
import { synthErrors } from '../../support/synth';

const ARN = 'arn:aws:acm:eu-west-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const OTHER = 'arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';

function chart() {
  const app = Testing.app();
  const c = new Chart(app, 'Web', { namespace: 'apps', disableResourceNameHashes: true });
  const service = new Service(c, 'svc', { ports: [{ port: 80 }] });
  const ingress = new Ingress(c, 'ingress', { className: 'alb', defaultBackend: IngressBackend.fromService(service) });
  return { app, chart: c, ingress };
}

const ingressOf = (c: Chart) => Testing.synth(c).find(m => m.kind === 'Ingress');

describe('AlbIngressCertificate', () => {
  test('one typed line puts the ACM certificate on a cdk8s-plus Ingress', () => {
    const { app, chart: c, ingress } = chart();
    AlbIngressCertificate.attach(ingress, ARN);
    expect(synthErrors(app)).toEqual([]);
    expect(ingressOf(c).metadata.annotations).toEqual({ 'alb.ingress.kubernetes.io/certificate-arn': ARN });
  });

  test('several certificates: a comma-separated list, the first the default, each once; an existing annotation is kept first', () => {
    const { chart: c, ingress } = chart();
    ingress.metadata.addAnnotation('alb.ingress.kubernetes.io/certificate-arn', OTHER);
    AlbIngressCertificate.attach(ingress, ARN);
    AlbIngressCertificate.attach(ingress, ARN);
    expect(ingressOf(c).metadata.annotations['alb.ingress.kubernetes.io/certificate-arn']).toBe(`${OTHER},${ARN}`);
  });

  test('redirectHttp listens on 80 and 443 and redirects to 443', () => {
    const { app, chart: c, ingress } = chart();
    AlbIngressCertificate.attach(ingress, ARN, { redirectHttp: true });
    expect(synthErrors(app)).toEqual([]);
    expect(ingressOf(c).metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/certificate-arn': ARN,
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
    });
  });

  test('a plain ApiObject Ingress works too', () => {
    const { app, chart: c } = chart();
    const raw = new ApiObject(c, 'raw', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'raw' }, spec: {} });
    AlbIngressCertificate.attach(raw, ARN);
    expect(synthErrors(app)).toEqual([]);
    expect(Testing.synth(c).find(m => m.metadata.name === 'raw').metadata.annotations).toEqual({ 'alb.ingress.kubernetes.io/certificate-arn': ARN });
  });

  test('an ARN from an aws-cdk-lib stack (a token) passes unchecked', () => {
    const { app, chart: c, ingress } = chart();
    const stack = new Stack(new AwsApp(), 'S');
    const token = stack.formatArn({ service: 'acm', resource: 'certificate', resourceName: 'x' }); // region and account unresolved
    AlbIngressCertificate.attach(ingress, token);
    expect(synthErrors(app)).toEqual([]);
    expect(ingressOf(c).metadata.annotations['alb.ingress.kubernetes.io/certificate-arn']).toBe(token);
  });

  test('refuses: a string that is no ACM ARN; listen-ports without HTTPS (reported at synth); an object that is no Ingress', () => {
    const { app, chart: c, ingress } = chart();
    AlbIngressCertificate.attach(ingress, 'arn:aws:iam::111111111111:role/web');
    ingress.metadata.addAnnotation('alb.ingress.kubernetes.io/listen-ports', '[{"HTTP":80}]');
    AlbIngressCertificate.attach(ingress, ARN);
    expect(synthErrors(app)).toEqual([
      "Web/ingress: certificateArn 'arn:aws:iam::111111111111:role/web' is not an ACM certificate ARN. Fix: use arn:<partition>:acm:<region>:<account>:certificate/<uuid>, e.g. the certificateArn of ClusterCertificateInAcm.",
      "Web/ingress: metadata.annotations['alb.ingress.kubernetes.io/listen-ports'] is '[{\"HTTP\":80}]', with no HTTPS port, so the load balancer would not use the certificate in 'alb.ingress.kubernetes.io/certificate-arn'. Fix: add {\"HTTPS\":443} to listen-ports (or remove the annotation: with a certificate the controller listens on HTTPS 443).",
    ]);
    const service = c.node.findChild('svc');
    expect(() => AlbIngressCertificate.attach(service, ARN)).toThrow('Web/svc: ingress Web/svc is not a networking.k8s.io Ingress. Fix: pass a cdk8s-plus Ingress or the ApiObject of an Ingress.');
  });
});
