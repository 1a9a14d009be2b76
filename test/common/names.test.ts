import { isDns1123Label, isDnsName, isEmail, isInZone } from '../../src/common/names';

test.each([
  ['example.com', true], ['*.example.com', true], ['a-b.c.example.com', true],
  ['Example.com', false], ['localhost', false], ['a..b', false], ['-a.com', false], ['a_b.com', false],
  ['*.*.example.com', false], ['a.123', false], [`${'a'.repeat(64)}.com`, false],
])('isDnsName(%s) = %s', (name, ok) => expect(isDnsName(name)).toBe(ok));

test('wildcards can be refused', () => expect(isDnsName('*.example.com', false)).toBe(false));
test('DNS-1123 labels', () => {
  expect(isDns1123Label('cert-manager')).toBe(true);
  expect(isDns1123Label('Cert_Manager')).toBe(false);
});
test('emails', () => {
  expect(isEmail('ops@example.com')).toBe(true);
  expect(isEmail('ops@localhost')).toBe(false);
  expect(isEmail('not an email')).toBe(false);
});
test('zone membership', () => {
  expect(isInZone('*.example.com', 'example.com.')).toBe(true);
  expect(isInZone('a.example.com', 'example.com')).toBe(true);
  expect(isInZone('badexample.com', 'example.com')).toBe(false);
});
