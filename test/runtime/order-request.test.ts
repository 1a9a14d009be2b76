import { AcmeDirectory } from '../../src/runtime/acme/acme-session';
import { IssueError } from '../../src/runtime/issue-error';
import { newOrderPayload, normalizeDomains } from '../../src/runtime/order-request';

const directory: AcmeDirectory = { newNonce: 'n', newAccount: 'a', newOrder: 'o' };

test('names are lower-cased, stripped of trailing dots and deduplicated in order', () => {
  expect(normalizeDomains(['WWW.Example.com.', '*.example.com', 'www.example.com'])).toEqual(['www.example.com', '*.example.com']);
});

test('invalid names fail together, naming each', () => {
  const error = (() => { try { normalizeDomains(['ok.example.com', 'bad_name.example.com', 'localhost']); } catch (e) { return e as IssueError; } return undefined; })();
  expect(error).toBeInstanceOf(IssueError);
  expect(error!.message).toMatch(/^'bad_name\.example\.com', 'localhost': not a valid DNS name/);
  expect(error!.names).toEqual(['bad_name.example.com', 'localhost']);
  expect(() => normalizeDomains([])).toThrow('no domain names given');
});

test('identifiers are DNS identifiers', () => {
  expect(newOrderPayload(directory, ['a.example', '*.a.example'], {}, () => undefined)).toEqual({
    identifiers: [{ type: 'dns', value: 'a.example' }, { type: 'dns', value: '*.a.example' }],
  });
});

describe('profiles', () => {
  const offering = { ...directory, meta: { profiles: { classic: 'the usual', shortlived: '6 days' } } };

  test('an offered profile is requested', () => {
    expect(newOrderPayload(offering, ['a.example'], { profile: 'shortlived' }, () => undefined)).toMatchObject({ profile: 'shortlived' });
  });

  test('a profile the CA does not offer fails, listing what it offers', () => {
    expect(() => newOrderPayload(offering, ['a.example'], { profile: 'tlsserver' }, () => undefined))
      .toThrow("a.example: profile 'tlsserver' is not offered by the CA (it offers classic, shortlived)");
  });

  test('a CA without profiles gets none, with a note', () => {
    const notes: string[] = [];
    expect(newOrderPayload(directory, ['a.example'], { profile: 'shortlived' }, l => notes.push(l))).not.toHaveProperty('profile');
    expect(notes).toEqual(['profile shortlived not used: the CA offers no profiles']);
  });
});

test('replaces is sent only to a CA that offers ARI', () => {
  expect(newOrderPayload(directory, ['a.example'], { replaces: 'id' }, () => undefined)).not.toHaveProperty('replaces');
  expect(newOrderPayload({ ...directory, renewalInfo: 'r' }, ['a.example'], { replaces: 'id' }, () => undefined)).toMatchObject({ replaces: 'id' });
});
