import { PrivateCaCertificateTemplate as T } from '../../../src/aws/private-ca';

describe('PrivateCaCertificateTemplate.forUsages: the template aws-privateca-issuer v1.9.1 requests', () => {
  test.each([
    [undefined, false, T.BLANK_END_ENTITY_CSR_PASSTHROUGH],
    [[], false, T.BLANK_END_ENTITY_CSR_PASSTHROUGH],
    [['digital signature', 'key encipherment'], false, T.BLANK_END_ENTITY_CSR_PASSTHROUGH],
    [['server auth'], false, T.END_ENTITY_SERVER_AUTH],
    [['client auth'], false, T.END_ENTITY_CLIENT_AUTH],
    [['code signing'], false, T.CODE_SIGNING],
    [['ocsp signing'], false, T.OCSP_SIGNING],
    [['server auth', 'client auth'], false, T.END_ENTITY],
    [['client auth', 'server auth'], false, T.END_ENTITY],
    [['digital signature', 'server auth'], false, T.BLANK_END_ENTITY_CSR_PASSTHROUGH],
    [['server auth', 'client auth', 'digital signature'], false, T.BLANK_END_ENTITY_CSR_PASSTHROUGH],
    [['server auth'], true, T.SUBORDINATE_CA_PATH_LEN_0],
  ])('%j (isCa %s) -> %s', (usages, isCa, template) => {
    expect(T.forUsages(usages as string[] | undefined, isCa)).toBe(template);
  });
});

describe('PrivateCaCertificateTemplate.mismatch', () => {
  test.each([
    [T.END_ENTITY, undefined, false, undefined],
    [T.END_ENTITY, ['server auth', 'client auth'], false, undefined],
    [`arn:aws:acm-pca:::template/${T.END_ENTITY_SERVER_AUTH}`, ['server auth'], false, undefined],
    [T.BLANK_END_ENTITY_CSR_PASSTHROUGH, ['email protection', 'content commitment'], false, undefined],
    [T.END_ENTITY_SERVER_AUTH, ['server auth', 'client auth'], false, 'but the Certificate requests client auth, which it would not get'],
    [T.END_ENTITY_CLIENT_AUTH, undefined, false, "but the Certificate has cert-manager's default usages key encipherment"],
    [T.END_ENTITY, [], true, 'issues end-entity certificates, but the Certificate is a CA'],
    [T.SUBORDINATE_CA_PATH_LEN_0, undefined, false, 'issues CA certificates, but the Certificate is not a CA'],
    ['SomeFutureTemplate/V2', ['server auth'], false, undefined],
  ])('%s with %j (isCa %s)', (template, usages, isCa, problem) => {
    const found = T.mismatch(template, usages as string[] | undefined, isCa);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
