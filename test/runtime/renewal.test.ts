import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import nock from 'nock';
import { useNockStrictly } from './support/http-mock';
import { ariCertificateId } from '../../src/runtime/ari';
import { decideRenewal } from '../../src/runtime/renewal';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const leafPem = fixture('ari-leaf.pem');
const leaf = new X509Certificate(leafPem);
const notBefore = new Date(leaf.validFrom);
const notAfter = new Date(leaf.validTo);
const DAY = 86_400_000;
const at = (base: Date, days: number) => new Date(base.getTime() + days * DAY);

// RFC 9773 section 4.1's example identifier, which the fixture reproduces.
const RFC_9773_ID = 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE';
const CA = 'https://acme.test';
const directoryUrl = `${CA}/dir`;

// No request leaves the process; any the interceptors do not expect is recorded and fails the test.
useNockStrictly();

test('the ARI identifier is base64url(AKI keyIdentifier).base64url(serial)', () => {
  expect(ariCertificateId(leaf)).toBe(RFC_9773_ID);
});

test('a certificate without authority key identifier has no ARI identifier', () => {
  expect(() => ariCertificateId(new X509Certificate(fixture('no-aki.pem')))).toThrow(/no authority key identifier/);
});

describe('without ARI: renew once less than 1/3 of the lifetime is left', () => {
  test.each([
    [10, false, /^more than 1\/3 of lifetime left \(renew from 2\d{3}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/],
    [61, true, /^less than 1\/3 of lifetime left \(expires /],
  ])('%i days in: renew %s', async (days, renew, reason) => {
    const decision = await decideRenewal(leafPem, { now: at(notBefore, days) });
    expect(decision).toEqual({ renew, reason: expect.stringMatching(reason), renewAt: at(notBefore, 60), certificateId: RFC_9773_ID });
  });

  test('an expired certificate is renewed', async () => {
    const decision = await decideRenewal(leafPem, { now: at(notAfter, 1) });
    expect(decision).toMatchObject({ renew: true, reason: `expired at ${notAfter.toISOString().replace('.000Z', 'Z')}` });
  });

  test('a certificate without AKI never asks the CA', async () => {
    const pem = fixture('no-aki.pem');
    const decision = await decideRenewal(pem, { directoryUrl, now: new Date(new X509Certificate(pem).validFrom) });
    // Had it asked, the request would be unmatched (failing the test) and add an "ARI unavailable" note.
    expect(decision).toMatchObject({ renew: false, reason: expect.stringMatching(/^more than 1\/3 of lifetime left \(renew from [^)]+\)$/) });
    expect(decision.certificateId).toBeUndefined();
  });
});

describe('with ARI', () => {
  const window = { start: at(notBefore, 50), end: at(notBefore, 52) };
  const ari = (status: number, body: nock.Body) => nock(CA)
    .get('/dir').reply(200, { newNonce: 'n', newAccount: 'a', newOrder: 'o', renewalInfo: `${CA}/ari/` })
    .get(`/ari/${RFC_9773_ID}`).reply(status, body);
  const suggested = { suggestedWindow: { start: window.start.toISOString(), end: window.end.toISOString() } };

  test('before the window: no renewal, and when the window opens', async () => {
    ari(200, suggested);
    const decision = await decideRenewal(leafPem, { directoryUrl, now: at(notBefore, 10) });
    expect(decision).toEqual({
      renew: false,
      reason: `ARI window opens ${window.start.toISOString().replace('.000Z', 'Z')}`,
      renewAt: expect.any(Date),
      certificateId: RFC_9773_ID,
    });
    expect(decision.renewAt!.getTime()).toBeGreaterThanOrEqual(window.start.getTime());
    expect(decision.renewAt!.getTime()).toBeLessThanOrEqual(window.end.getTime());
  });

  test('inside the window, past the chosen point: renew, with the explanation URL', async () => {
    ari(200, { ...suggested, explanationURL: 'https://ca.example/why' });
    const decision = await decideRenewal(leafPem, { directoryUrl, now: at(notBefore, 51), random: () => 0.25 });
    expect(decision.renew).toBe(true);
    expect(decision.renewAt).toEqual(at(notBefore, 50.5));
    expect(decision.reason).toMatch(/^ARI window .+ to .+ is open \(see https:\/\/ca\.example\/why\)$/);
  });

  test('ARI overrides the 1/3 rule: a window the CA moved early renews a young certificate', async () => {
    ari(200, { suggestedWindow: { start: at(notBefore, 1).toISOString(), end: at(notBefore, 2).toISOString() } });
    const decision = await decideRenewal(leafPem, { directoryUrl, now: at(notBefore, 3) });
    expect(decision.renew).toBe(true);
  });

  test('an ARI failure falls back to the 1/3 rule and says so', async () => {
    ari(404, { type: 'urn:ietf:params:acme:error:malformed', detail: 'unknown certificate' });
    const decision = await decideRenewal(leafPem, { directoryUrl, now: at(notBefore, 61) });
    expect(decision.renew).toBe(true);
    expect(decision.reason).toMatch(/^less than 1\/3 of lifetime left \(expires .+\) \(ARI unavailable: urn:ietf:params:acme:error:malformed: unknown certificate\)$/);
  });

  test('a window that makes no sense falls back too', async () => {
    ari(200, { suggestedWindow: { start: window.end.toISOString(), end: window.start.toISOString() } });
    const decision = await decideRenewal(leafPem, { directoryUrl, now: at(notBefore, 10) });
    expect(decision.reason).toMatch(/^more than 1\/3 .+ \(ARI unavailable: the renewal information has no valid suggestedWindow\)$/);
  });

  test('a CA without renewalInfo gets the 1/3 rule, without a note', async () => {
    nock(CA).get('/dir').reply(200, { newNonce: 'n', newAccount: 'a', newOrder: 'o' });
    const decision = await decideRenewal(leafPem, { directoryUrl, now: at(notBefore, 10) });
    expect(decision.reason).toMatch(/^more than 1\/3 of lifetime left \(renew from [^)]+\)$/);
  });
});
