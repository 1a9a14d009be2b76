// One synth benchmark case in a fresh process (so peak memory is its own): prints {wallMs[], loadedMiB, peakMiB}.
import { App, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { AcmeSolver, Certificate, ClusterIssuer, IssuerType, LetsEncryptIssuers, RateLimitBudget } from '../src';

const [mode, runs] = [process.argv[2] as 'certkit' | 'yaml', Number(process.argv[3] ?? 5)];
const NAMESPACES = 100;
const CERTIFICATES = 1_000;

function buildApp(): App {
  const app = new App({ outdir: '/nonexistent' });
  // 250 production certificates under example.com are over Let's Encrypt's limit: the budget still counts them
  // (its cost is part of the figure) but does not fail this synthetic app.
  new RateLimitBudget(app, 'budget', { enabled: false });
  const chart = new Chart(app, 'bench');
  const solvers = [AcmeSolver.dns01Cloudflare({ apiTokenSecretRef: { name: 'cloudflare', key: 'token' } })];
  const le = new LetsEncryptIssuers(chart, 'le', { email: 'ops@example.com', solvers });
  const issuers = [
    le.staging, le.production,
    new ClusterIssuer(chart, 'selfsigned', { type: IssuerType.selfSigned() }),
    new ClusterIssuer(chart, 'pca', {
      type: IssuerType.awsPrivateCa({ arn: 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0b8e4c37-1a3e-4a59-9d36-6c6f4bbf1e1a', region: 'eu-west-1' }),
    }),
  ];
  for (let i = 0; i < CERTIFICATES; i++) {
    const ns = `team-${i % NAMESPACES}`;
    new Certificate(chart, `cert-${i}`, {
      metadata: { name: `svc-${i}`, namespace: ns },
      dnsNames: [`svc-${i}.${ns}.example.com`, `www.svc-${i}.${ns}.example.com`],
      issuerRef: issuers[i % issuers.length],
    });
  }
  return app;
}

// The baseline serializes exactly the objects certkit produced, with the yaml package, as cdk8s itself does.
const plain = buildApp().charts[0].toJson();
const mib = (bytes: number) => bytes / 1024 / 1024;
const loadedMiB = mib(process.memoryUsage().rss);
const wallMs: number[] = [];
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  const out = mode === 'certkit' ? buildApp().synthYaml() : plain.map(o => stringify(o)).join('---\n');
  wallMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  bytes = out.length;
}
// maxRSS is in KiB.
console.log(JSON.stringify({ wallMs, loadedMiB, peakMiB: process.resourceUsage().maxRSS / 1024, bytes, objects: plain.length }));
