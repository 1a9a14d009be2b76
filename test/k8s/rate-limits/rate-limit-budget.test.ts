import { App, Chart, Testing } from 'cdk8s';
import { acmeIssuer, caIssuer, certificate, certificates, platform, PRODUCTION, restore, STAGING } from './support';
import { CertificateBackup } from '../../../src/k8s/backup/certificate-backup';
import { Certificate } from '../../../src/k8s/certificates';
import { AcmeSolver, LetsEncryptIssuers } from '../../../src/k8s/issuers';
import { LetsEncryptRateLimits, RateLimitBudget, RateLimitBudgetProps, SharedRateLimitBudget } from '../../../src/k8s/rate-limits';
import { synthErrors } from '../../support/synth';

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

const warnings = () => warn.mock.calls.map(c => String(c[0]));

/** An app with a Let's Encrypt ClusterIssuer `le` and its budget. */
function app(props: RateLimitBudgetProps = {}, issuer: Parameters<typeof acmeIssuer>[2] = {}) {
  const a = Testing.app();
  const chart = platform(a);
  acmeIssuer(chart, 'le', issuer);
  const budget = new RateLimitBudget(a, 'RateLimitBudget', props);
  return { app: a, chart, budget };
}

/** The budget's rows: [registered domain, certificates, names, restored] per CA. */
function rows(budget: SharedRateLimitBudget | RateLimitBudget) {
  const shared = budget instanceof RateLimitBudget ? (budget as any).budget as SharedRateLimitBudget : budget;
  return shared._evaluate().cas.map(ca => ({
    ca: ca.caLimits.label,
    domains: ca.domains.map(d => [d.domain, d.orders.length, d.names.size, d.restored]),
  }));
}

describe('the limits', () => {
  test('one place, with the date read and the page', () => {
    expect(LetsEncryptRateLimits.PRODUCTION).toEqual({
      certificatesPerRegisteredDomainPerWeek: 50, ordersPerAccountPer3Hours: 300, certificatesPerExactSetPerWeek: 5, namesPerCertificate: 100,
    });
    expect(LetsEncryptRateLimits.STAGING).toEqual({
      certificatesPerRegisteredDomainPerWeek: 30000, ordersPerAccountPer3Hours: 1500, certificatesPerExactSetPerWeek: 30000, namesPerCertificate: 100,
    });
    expect(LetsEncryptRateLimits.SOURCE).toBe('https://letsencrypt.org/docs/rate-limits/');
    expect(LetsEncryptRateLimits.READ_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('grouping by registered domain', () => {
  test('multi-label public suffixes and private suffixes', () => {
    const { chart, budget } = app();
    certificate(chart, 'a', ['shop.example.co.uk', 'www.shop.example.co.uk']);
    certificate(chart, 'b', ['example.co.uk']);
    certificate(chart, 'c', ['other.co.uk']);
    certificate(chart, 'd', ['alice.github.io', 'docs.alice.github.io']);
    certificate(chart, 'e', ['bob.github.io']);
    certificate(chart, 'f', ['a.example.co.uk', 'bob.github.io']); // one certificate, two registered domains: counts for both
    expect(rows(budget)).toEqual([{
      ca: "Let's Encrypt production",
      domains: [
        ['example.co.uk', 3, 4, 0],
        ['bob.github.io', 2, 1, 0],
        ['alice.github.io', 1, 2, 0],
        ['other.co.uk', 1, 1, 0],
      ],
    }]);
  });

  test('wildcard plus apex in one certificate counts once', () => {
    const { chart, budget } = app();
    certificate(chart, 'web', ['example.com', '*.example.com']);
    expect(rows(budget)[0].domains).toEqual([['example.com', 1, 2, 0]]);
  });
});

describe('over and close to the limit', () => {
  test.each([
    [39, [], []],
    [40, [], ['registered domain example.com gets 40 new certificates']],
    [50, [], ['registered domain example.com gets 50 new certificates']],
    [51, ['RateLimitBudget: registered domain example.com gets 51 new certificates'], []],
  ])('%i certificates over one registered domain', (count, errors, warned) => {
    const { app: a, chart } = app();
    certificates(chart, count, 'example.com');
    const lines = synthErrors(a);
    expect(lines.map(l => l.split(" from Let's Encrypt")[0])).toEqual(errors);
    expect(warnings().map(l => l.replace(/^warning: \[RateLimitBudget\] /, '').split(" from Let's Encrypt")[0])).toEqual(warned);
  });

  test('the error names the domain, the count, the limit and the ways out', () => {
    const { app: a, chart } = app();
    certificates(chart, 51, 'example.com');
    const [line] = synthErrors(a);
    expect(line).toBe("RateLimitBudget: registered domain example.com gets 51 new certificates from Let's Encrypt production on a fresh install " +
      '(Platform/c0, Platform/c1, Platform/c2 and 48 more), 102% of the limit of 50 per registered domain per week. ' +
      'Fix: cover the hosts under example.com with a wildcard (*.example.com) through DNS-01, after adding a DNS-01 solver to ClusterIssuer le (a wildcard needs DNS-01); ' +
      'use fewer distinct certificates (one certificate takes up to 100 names); ' +
      'restore certificates from a CertificateBackup instead of ordering them again (51 of these are not restored); ' +
      "use the Let's Encrypt staging issuer for non-production clusters; or, with a raised limit from the CA, give it in limits.");
  });

  test('with a DNS-01 issuer the wildcard is offered through it', () => {
    const { app: a, chart } = app({}, { dns01: true });
    certificates(chart, 51, 'example.com');
    expect(synthErrors(a)[0]).toContain('Fix: cover the hosts under example.com with a wildcard (*.example.com) in one certificate, through the DNS-01 solver of ClusterIssuer le;');
  });

  test('a certificate over 100 names, named by its construct', () => {
    const { app: a, chart } = app();
    certificate(chart, 'big', Array.from({ length: 101 }, (_, i) => `h${i}.example.com`));
    expect(synthErrors(a)).toEqual([
      "RateLimitBudget: Certificate Platform/big has 101 names, over the 100 names per certificate Let's Encrypt production allows. Fix: split it into certificates of at most 100 names, or cover hosts with a wildcard through DNS-01.",
    ]);
  });

  test('orders per account per 3 hours, and an account with a raised limit', () => {
    const many = (props: RateLimitBudgetProps) => {
      const { app: a, chart } = app(props);
      for (let d = 0; d < 7; d++) certificates(chart, 43, `example${d}.com`, { prefix: `d${d}-` }); // 301 orders, 43 per domain
      return synthErrors(a);
    };
    expect(many({})).toEqual([expect.stringMatching(/^RateLimitBudget: ACME account le-account places 301 new orders from Let's Encrypt production on a fresh install, 100% of the limit of 300 per account per 3 hours\. Fix: /)]);
    expect(many({ accountLimits: [{ directoryUrl: PRODUCTION, accountKeySecretName: 'le-account', limits: { ordersPerAccountPer3Hours: 1000 } }] })).toEqual([]);
  });

  test('the same names in several clusters, rebuilt twice a week: the exact-set limit', () => {
    const shared = RateLimitBudget.shared({ rebuildsPerWeek: 2 });
    const apps = ['eu', 'us', 'ap'].map(name => {
      const a = Testing.app();
      const chart = platform(a);
      acmeIssuer(chart, 'le');
      certificate(chart, 'web', ['www.example.com', 'example.com']);
      new RateLimitBudget(a, 'RateLimitBudget', { shared, clusterName: name });
      return a;
    });
    expect(synthErrors(apps[0])).toEqual([
      "RateLimitBudget: names [example.com,www.example.com] are ordered 6 times a week from Let's Encrypt production (3 certificates: eu:Platform/web, us:Platform/web, ap:Platform/web, 2 rebuilds a week), " +
      '120% of the limit of 5 per exact set of names per week. Fix: restore these certificates from a CertificateBackup instead of ordering them on every rebuild; rebuild less often; ' +
      "use the Let's Encrypt staging issuer for non-production clusters; or give the clusters distinct names.",
    ]);
  });
});

describe('staging vs production', () => {
  test.each([
    [PRODUCTION, 1],
    [STAGING, 0],
    ['https://ACME-STAGING-V02.api.letsencrypt.org/directory/', 0],
  ])('51 certificates over one domain from %s: %i errors', (server, errors) => {
    const { app: a, chart } = app({}, { server });
    certificates(chart, 51, 'example.com');
    expect(synthErrors(a)).toHaveLength(errors);
  });

  test('the report says staging has far higher limits and uses them', () => {
    const { chart, budget } = app({}, { server: STAGING });
    certificates(chart, 51, 'example.com');
    const report = budget.report();
    expect(report).toContain("Let's Encrypt staging: 51 orders (staging limits are far higher than production's: 30000 per registered domain and 30000 per exact set a week, 1500 orders per account per 3 hours;");
    expect(report).toMatch(/example\.com\s+51\s+51\s+0% of 30000\s+0% of 30000\s+1% of 100\s+0/);
  });

  test('another ACME CA: counted without limits, or against the limits given', () => {
    const zerossl = 'https://acme.zerossl.com/v2/DV90';
    const { chart, budget } = app({}, { server: zerossl });
    certificates(chart, 60, 'example.com');
    expect(budget.errors()).toEqual([]);
    expect(budget.report()).toContain('acme.zerossl.com/v2/DV90: 60 orders (no limits known for this CA; give them in limits)');

    const limited = app({ limits: [{ directoryUrl: zerossl, limits: { certificatesPerRegisteredDomainPerWeek: 55 } }] }, { server: zerossl });
    certificates(limited.chart, 60, 'example.com');
    expect(limited.budget.errors()).toEqual([expect.stringMatching(/^registered domain example\.com gets 60 new certificates from acme\.zerossl\.com\/v2\/DV90 .* of the limit of 55 per registered domain per week\./)]);
  });

  test('a raised Let\'s Encrypt limit replaces only the limit given', () => {
    const { app: a, chart } = app({ limits: [{ directoryUrl: PRODUCTION, limits: { certificatesPerRegisteredDomainPerWeek: 200 } }] });
    certificates(chart, 120, 'example.com');
    expect(synthErrors(a)).toEqual([]);
    certificate(chart, 'big', Array.from({ length: 101 }, (_, i) => `x${i}.example.org`));
    expect(synthErrors(a)).toEqual([expect.stringContaining('Certificate Platform/big has 101 names, over the 100 names')]);
  });
});

describe('the opt-out', () => {
  test('enabled: false: no error, no warning, still a report', () => {
    const { app: a, chart, budget } = app({ enabled: false });
    certificates(chart, 60, 'example.com');
    expect(synthErrors(a)).toEqual([]);
    expect(warnings()).toEqual([]);
    expect(budget.report()).toContain('OVER: registered domain example.com gets 60 new certificates');
  });

  test('an app without a budget is not checked; RateLimitBudget.of gives it the default one', () => {
    const a = Testing.app();
    const chart = platform(a);
    acmeIssuer(chart, 'le');
    certificates(chart, 51, 'example.com');
    expect(synthErrors(a)).toEqual([]);
    const budget = RateLimitBudget.of(chart);
    expect(RateLimitBudget.of(a)).toBe(budget);
    expect(synthErrors(a)).toHaveLength(1);
  });

  test('an explicit budget replaces the default one; a second explicit one is refused', () => {
    const a = Testing.app();
    const chart = platform(a);
    acmeIssuer(chart, 'le');
    certificates(chart, 51, 'example.com');
    RateLimitBudget.of(chart);
    const off = new RateLimitBudget(a, 'Budget', { enabled: false });
    expect(RateLimitBudget.of(a)).toBe(off);
    expect(a.node.children.filter(RateLimitBudget.isRateLimitBudget)).toEqual([off]);
    expect(synthErrors(a)).toEqual([]);
    expect(() => new RateLimitBudget(a, 'Other')).toThrow('Other: RateLimitBudget the app already has one (Budget). Fix: configure that one: an app has one rate-limit budget.');
  });
});

describe('the restore discount', () => {
  test('restored certificates are not ordered on a rebuild; the report says how many a rebuild saves', () => {
    const { app: a, chart, budget } = app();
    certificates(chart, 52, 'example.com');
    restore(chart, 'c0');
    restore(chart, 'c1');
    expect(rows(budget)[0].domains).toEqual([['example.com', 50, 50, 2]]);
    expect(synthErrors(a)).toEqual([]);
    expect(warnings()).toEqual([expect.stringContaining('registered domain example.com gets 50 new certificates')]);
    expect(budget.report()).toContain('A rebuild saves 2 orders through CertificateBackup restores.');
  });

  test('the first install, before any backup exists, orders them all', () => {
    const { app: a, chart, budget } = app({ assumeBackupsExist: false });
    certificates(chart, 52, 'example.com');
    restore(chart, 'c0');
    restore(chart, 'c1');
    expect(synthErrors(a)).toEqual([expect.stringContaining('(50 of these are not restored)')]);
    expect(budget.report()).toContain('Once the backups exist, a rebuild saves 2 orders through CertificateBackup restores.');
  });

  test('through the real constructs: CertificateBackup over a chart\'s Certificates', () => {
    const a = Testing.app();
    const chart = new Chart(a, 'Platform', { namespace: 'apps', disableResourceNameHashes: true });
    const le = new LetsEncryptIssuers(chart, 'le', { email: 'ops@example.com', solvers: [AcmeSolver.dns01Route53({ region: 'eu-west-1' })] });
    new Certificate(chart, 'web', { metadata: { name: 'web' }, dnsNames: ['example.com', '*.example.com'], issuerRef: le.production });
    new Certificate(chart, 'api', { metadata: { name: 'api' }, dnsNames: ['api.example.com'], issuerRef: le.production });
    new Certificate(chart, 'test', { metadata: { name: 'test' }, dnsNames: ['test.example.com'], issuerRef: le.staging });
    const backupChart = new Chart(a, 'Backup', { disableResourceNameHashes: true });
    new CertificateBackup(backupChart, 'backup', { location: { prefix: 'cdk-certkit/', region: 'eu-west-1', kmsKeyId: 'mrk-0123456789abcdef0123456789abcdef' }, certificates: [], scopes: [chart] });
    const budget = new RateLimitBudget(a, 'RateLimitBudget');
    expect(synthErrors(a)).toEqual([]);
    expect(rows(budget)).toEqual([
      { ca: "Let's Encrypt production", domains: [['example.com', 0, 0, 2]] }, // web (apex and wildcard) and api
      { ca: "Let's Encrypt staging", domains: [['example.com', 0, 0, 1]] },
    ]);
    expect(budget.report()).toContain('A rebuild saves 3 orders through CertificateBackup restores.');
  });
});

describe('several apps sharing an ACME account', () => {
  function cluster(shared: SharedRateLimitBudget, name: string, count: number, enabled = true): App {
    const a = Testing.app();
    const chart = platform(a);
    acmeIssuer(chart, 'le');
    certificates(chart, count, 'example.com', { prefix: `${name}-` });
    new RateLimitBudget(a, 'RateLimitBudget', { shared, clusterName: name, enabled });
    return a;
  }

  test('two apps are summed: each fits, together they do not', () => {
    const alone = RateLimitBudget.shared();
    expect(synthErrors(cluster(alone, 'eu', 30))).toEqual([]);

    const shared = RateLimitBudget.shared();
    const eu = cluster(shared, 'eu', 30);
    const us = cluster(shared, 'us', 30);
    const expected = expect.stringMatching(/^RateLimitBudget: registered domain example\.com gets 60 new certificates from Let's Encrypt production on a fresh install \(eu:Platform\/eu-0, eu:Platform\/eu-1, eu:Platform\/eu-2 and 57 more\), 120% of the limit of 50/);
    expect(synthErrors(eu)).toEqual([expected]);
    expect(synthErrors(us)).toEqual([expected]);
    expect(shared.report()).toMatch(/every cluster/);
  });

  test('an opted-out app still uses the shared limits, but its own synth passes', () => {
    const shared = RateLimitBudget.shared();
    const eu = cluster(shared, 'eu', 30);
    const lab = cluster(shared, 'lab', 30, false);
    expect(synthErrors(lab)).toEqual([]);
    expect(synthErrors(eu)).toHaveLength(1);
  });

  test('a cluster whose manifests were synthesized elsewhere (the examples\' report)', () => {
    const shared = RateLimitBudget.shared({ warnAt: 0.5 });
    const chart = platform();
    acmeIssuer(chart, 'le');
    certificates(chart, 20, 'example.com');
    certificate(chart, 'web', ['example.org', '*.example.org']);
    caIssuer(chart, 'internal');
    certificate(chart, 'internal', ['internal.example.net'], { issuer: 'internal' });
    shared.addManifests('edge', Testing.synth(chart));
    const eu = cluster(shared, 'eu', 10);
    expect(synthErrors(eu)).toEqual([]);
    expect(shared.warnings()).toEqual([expect.stringMatching(/^registered domain example\.com gets 30 new certificates .*60% of the limit of 50/)]);
    expect(shared.report().split('\n')).toEqual([
      "ACME rate-limit budget of a fresh install of every cluster (restored certificates not ordered); Let's Encrypt limits read 2026-12-01 from https://letsencrypt.org/docs/rate-limits/",
      "Let's Encrypt production: 31 orders",
      '  registered domain  certificates  names  per domain/week  same names/week  names/certificate  restored',
      '  example.com                  30     30        60% of 50         20% of 5          1% of 100         0',
      '  example.org                   1      2         2% of 50         20% of 5          2% of 100         0',
      '  account le-account: 31 orders, 10% of 300 per 3 hours',
      'A rebuild saves nothing: no certificate is restored from a CertificateBackup.',
      "close: registered domain example.com gets 30 new certificates from Let's Encrypt production on a fresh install (edge:Certificate apps/c0, edge:Certificate apps/c1, edge:Certificate apps/c2 and 27 more), 60% of the limit of 50 per registered domain per week.",
    ]);
  });

  test('an app of Certificates finds its ClusterIssuer in another app of the budget (the same cluster\'s platform app)', () => {
    const shared = RateLimitBudget.shared();
    const platformApp = Testing.app();
    acmeIssuer(platform(platformApp), 'le');
    new RateLimitBudget(platformApp, 'RateLimitBudget', { shared, clusterName: 'platform' });
    const team = Testing.app();
    certificates(platform(team), 51, 'example.com');
    new RateLimitBudget(team, 'RateLimitBudget', { shared, clusterName: 'team' });
    expect(synthErrors(team)).toEqual([expect.stringContaining('registered domain example.com gets 51 new certificates')]);
    // two apps holding issuers of that name on different CAs: not counted, and said so
    const other = Testing.app();
    acmeIssuer(platform(other), 'le', { server: STAGING });
    new RateLimitBudget(other, 'RateLimitBudget', { shared, clusterName: 'other' });
    expect(synthErrors(team)).toEqual([]);
    expect(shared.report()).toContain('Not counted, issuer not found (or on different CAs in different apps): team:Platform/c0 (ClusterIssuer le)');
  });

  test('two apps may not take the same cluster name', () => {
    const shared = RateLimitBudget.shared();
    cluster(shared, 'eu', 1);
    expect(() => cluster(shared, 'eu', 1)).toThrow("RateLimitBudget: clusterName 'eu' is already a cluster of this shared budget");
  });

  test('options belong to the shared budget', () => {
    expect(() => new RateLimitBudget(Testing.app(), 'RateLimitBudget', { shared: RateLimitBudget.shared(), warnAt: 0.5 }))
      .toThrow('RateLimitBudget: warnAt is set on an app that joins a shared budget, whose options apply. Fix: give the options to RateLimitBudget.shared(...) instead.');
  });
});

describe('options', () => {
  test.each([
    [{ warnAt: 0 }, 'warnAt is 0 but must be a share above 0 and at most 1'],
    [{ warnAt: 1.5 }, 'warnAt is 1.5 but must be a share above 0 and at most 1'],
    [{ rebuildsPerWeek: 0.5 }, 'rebuildsPerWeek is 0.5 but must be a whole number of at least 1'],
    [{ limits: [{ directoryUrl: PRODUCTION, limits: { namesPerCertificate: 0 } }] }, 'limits[0].limits.namesPerCertificate is 0 but must be a whole number of at least 1'],
  ])('%j', (props, message) => {
    expect(() => new RateLimitBudget(Testing.app(), 'RateLimitBudget', props as RateLimitBudgetProps)).toThrow(`RateLimitBudget: ${message}.`);
  });

  test('printReport prints the table once per synth however many charts the app has', () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const { app: a, chart } = app({ printReport: true });
      platform(a, 'Second');
      certificate(chart, 'web', ['www.example.com']);
      a.synthYaml();
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0][0])).toContain('example.com                   1      1');
    } finally {
      log.mockRestore();
    }
  });
});

describe('counted again only when something changed', () => {
  test('the counting is kept while the rendered objects stay the same, and a change is counted', () => {
    const { app: a, chart, budget } = app();
    certificates(chart, 30, 'example.com');
    expect(synthErrors(a)).toEqual([]);
    const shared = (budget as any).budget as SharedRateLimitBudget;
    const first = shared._evaluate();
    expect(shared._evaluate()).toBe(first); // nothing changed: the same counting
    certificates(platform(a, 'Other', 'other'), 30, 'example.com', { prefix: 'more' });
    expect(synthErrors(a).join('\n')).toMatch(/example\.com/);
    expect(shared._evaluate()).not.toBe(first);
    expect(rows(budget)[0].domains[0]).toEqual(['example.com', 60, 60, 0]);
  });
});
