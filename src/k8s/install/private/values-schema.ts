// Checks chart values against the chart's own values.schema.json, as `helm install` would, but at synth time (internal).
// ajv is a dev dependency vendored into lib/vendor at compile time (build-tools/vendor-deps.ts).
/* eslint-disable import/no-extraneous-dependencies */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
/* eslint-enable import/no-extraneous-dependencies */
import { IConstruct } from 'constructs';
import { withoutNulls } from './plain-values';
import { describeValue, formatValuePath, unknownKeyFix } from './value-path';
import { invalid } from '../../../private/errors';
import { readUpstream } from '../../../upstream';

const compiled = new Map<string, ValidateFunction>();

function validatorFor(schemaPath: string): ValidateFunction {
  let validate = compiled.get(schemaPath);
  if (!validate) {
    const schema = JSON.parse(readUpstream(schemaPath));
    // verbose: errors carry their schema, so unknown keys can be answered with the keys that are allowed.
    const options = { strict: false, allErrors: false, verbose: true, validateFormats: false };
    // Charts declare their draft: most are draft-07 (ajv's default), some (external-secrets) 2020-12.
    const ajv = /draft\/2020-12\/schema/.test(schema.$schema ?? '') ? new Ajv2020(options) : new Ajv(options);
    validate = ajv.compile(schema);
    compiled.set(schemaPath, validate);
  }
  return validate;
}

function segmentsOf(error: ErrorObject): string[] {
  return error.instancePath.split('/').slice(1).map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Throws one line naming the construct, the first offending value path and a fix when `values` do not
 * satisfy the chart's JSON schema (`chartLabel` like `cert-manager v1.21.1` names the chart in the message).
 */
export function assertValuesMatchSchema(scope: IConstruct, chartLabel: string, schemaPath: string, values: object): void {
  const validate = validatorFor(schemaPath);
  if (validate(withoutNulls(values))) return;
  const error = validate.errors![0];
  const path = segmentsOf(error);
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as any).additionalProperty as string;
    const known = Object.keys((error.parentSchema as any)?.properties ?? {});
    invalid(scope, formatValuePath([...path, key]), `is not a value of the ${chartLabel} chart`, unknownKeyFix(key, known));
  }
  const field = formatValuePath(path);
  if (error.keyword === 'type') {
    invalid(scope, field, `is ${describeValue(error.data)} but the ${chartLabel} chart expects ${(error.params as any).type}`,
      `set ${field} to a ${(error.params as any).type} (in the typed props or extraValues)`);
  }
  invalid(scope, field, `${error.message} (values.schema.json of the ${chartLabel} chart)`, `correct ${field} (in the typed props or extraValues)`);
}
