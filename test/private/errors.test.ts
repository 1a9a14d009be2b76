import * as cdk from 'aws-cdk-lib';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CertkitError, invalid, report } from '../../src/private/errors';
import { synthErrors } from '../support/synth';

describe('CertkitError', () => {
  test('one line: path, field, problem and fix; no stack frames', () => {
    const error = new CertkitError('Platform/web-cert', 'dnsNames[0]', "'Bad_Name' is not a valid DNS name", "use lower-case letters, digits, '-' and '.'");
    expect(error.message).toBe("Platform/web-cert: dnsNames[0] 'Bad_Name' is not a valid DNS name. Fix: use lower-case letters, digits, '-' and '.'.");
    expect(error.stack).toBe(error.message);
    expect(error.stack).not.toMatch(/\.ts/);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CertkitError);
    expect([error.constructPath, error.field]).toEqual(['Platform/web-cert', 'dnsNames[0]']);
  });

  test('invalid throws it at once, naming the construct', () => {
    const chart = new Chart(new App(), 'Platform');
    const c = new Construct(chart, 'web-cert');
    let thrown: unknown;
    try { invalid(c, 'dnsNames[0]', 'is bad', 'do better'); } catch (e) { thrown = e; }
    expect(thrown).toBeInstanceOf(CertkitError);
    expect((thrown as Error).message).toBe('Platform/web-cert: dnsNames[0] is bad. Fix: do better.');
    expect((thrown as Error).stack).not.toMatch(/src\/.*\.ts/);
  });
});

describe('report collects every mistake of a synth, one line each', () => {
  test('cdk8s: three mistakes in three constructs', () => {
    const app = new App();
    const chart = new Chart(app, 'Platform');
    report(new Construct(chart, 'a'), 'dnsNames[0]', "'Bad_Name' is not a valid DNS name", 'use lower-case letters');
    report(new Construct(chart, 'b'), 'email', "'mailto:x@example.com' is not a bare address", "drop 'mailto:'");
    report(new Construct(chart, 'c'), 'duration', 'is negative', 'give a positive duration');
    expect(synthErrors(app)).toEqual([
      "Platform/a: dnsNames[0] 'Bad_Name' is not a valid DNS name. Fix: use lower-case letters.",
      "Platform/b: email 'mailto:x@example.com' is not a bare address. Fix: drop 'mailto:'.",
      'Platform/c: duration is negative. Fix: give a positive duration.',
    ]);
    expect(() => app.synthYaml()).toThrow(/\[Platform\/a\] dnsNames\[0\] 'Bad_Name' is not a valid DNS name\. Fix: use lower-case letters\.\n/);
  });

  test('cdk8s: several on one construct, one validation, duplicates once', () => {
    const app = new App();
    const c = new Construct(new Chart(app, 'Platform'), 'c');
    report(c, 'a', 'is bad', 'fix a');
    report(c, 'b', 'is bad', 'fix b');
    report(c, 'a', 'is bad', 'fix a');
    expect(c.node.validate()).toEqual(['a is bad. Fix: fix a.', 'b is bad. Fix: fix b.']);
    expect(synthErrors(app)).toEqual(['Platform/c: a is bad. Fix: fix a.', 'Platform/c: b is bad. Fix: fix b.']);
  });

  test('aws-cdk-lib: three mistakes in three constructs, given the App or a Stack', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Certs');
    report(new Construct(stack, 'a'), 'challengeDomains', 'is empty', 'list the names');
    report(new Construct(stack, 'b'), 'parameterPrefix', "'/aws/reserved/x' is reserved by AWS", 'use another prefix');
    report(new Construct(new cdk.Stack(app, 'Other'), 'c'), 'vpcSubnets', 'is set without vpc', 'give vpc too');
    const expected = [
      'Certs/a: challengeDomains is empty. Fix: list the names.',
      "Certs/b: parameterPrefix '/aws/reserved/x' is reserved by AWS. Fix: use another prefix.",
      'Other/c: vpcSubnets is set without vpc. Fix: give vpc too.',
    ];
    expect(synthErrors(stack)).toEqual(expected);
    expect(synthErrors(app)).toEqual(expected);
  });

  test('a clean synth gives no lines; a CertkitError thrown during synth gives its line', () => {
    const app = new App();
    const chart = new Chart(app, 'Platform');
    expect(synthErrors(app)).toEqual([]);
    new Construct(chart, 'x').node.addValidation({ validate: () => invalid(chart, 'f', 'is bad', 'fix it') });
    expect(synthErrors(chart)).toEqual(['Platform: f is bad. Fix: fix it.']);
  });
});
