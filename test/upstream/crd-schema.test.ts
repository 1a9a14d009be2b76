import { crdSchemas, structuralToJsonSchema } from '../../src/upstream';

describe('CrdSchemas', () => {
  const schemas = crdSchemas();
  const cert = (spec: any) => ({
    apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: 'apps' }, spec,
  });

  test('accepts a valid Certificate', () => {
    expect(schemas.validate(cert({ secretName: 'web-tls', dnsNames: ['a.example.com'], issuerRef: { name: 'le' } }))).toEqual([]);
  });

  test('rejects a missing required field and names it', () => {
    const errors = schemas.validate(cert({ dnsNames: ['a.example.com'], issuerRef: { name: 'le' } }));
    expect(errors.map(e => e.message)).toContain("must have required property 'secretName'");
  });

  test('rejects a field the API server would prune', () => {
    const errors = schemas.validate(cert({ secretName: 's', issuerRef: { name: 'le' }, dnsName: ['typo'] }));
    expect(errors).toEqual([expect.objectContaining({ path: '/spec', message: "unknown field 'dnsName'" })]);
  });

  test('rejects a wrong enum value', () => {
    const errors = schemas.validate(cert({ secretName: 's', issuerRef: { name: 'le' }, privateKey: { algorithm: 'DSA' } }));
    expect(errors[0].path).toBe('/spec/privateKey/algorithm');
  });

  test('knows every pinned group and refuses unknown kinds in them', () => {
    for (const v of ['cert-manager.io/v1', 'acme.cert-manager.io/v1', 'awspca.cert-manager.io/v1beta1', 'argoproj.io/v1alpha1', 'helm.toolkit.fluxcd.io/v2']) {
      expect(schemas.coversGroup(v)).toBe(true);
    }
    expect(schemas.coversGroup('v1')).toBe(false);
    expect(schemas.validate({ apiVersion: 'cert-manager.io/v1', kind: 'Nope', metadata: { name: 'x' } })[0].message).toMatch(/no pinned CRD/);
  });

  test('nullable admits null; preserved fields stay open', () => {
    const converted = structuralToJsonSchema({
      type: 'object',
      properties: { a: { type: 'string', nullable: true }, b: { 'type': 'object', 'properties': { c: {} }, 'x-kubernetes-preserve-unknown-fields': true } },
    });
    expect(converted.properties.a.type).toEqual(['string', 'null']);
    expect(converted.additionalProperties).toBe(false);
    expect(converted.properties.b.additionalProperties).toBeUndefined();
  });
});
