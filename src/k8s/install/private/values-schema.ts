// Checks chart values against the chart's own values.schema.json, as `helm install` would, but at synth time (internal).
// A dev dependency vendored into lib/vendor at compile time (build-tools/vendor-deps.ts).
// eslint-disable-next-line import/no-extraneous-dependencies
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { IConstruct } from 'constructs';
import { withoutNulls } from './plain-values';
import { describeValue, formatValuePath, unknownKeyFix } from './value-path';
import { invalid } from '../../../common/errors';
import { readUpstream } from '../../../upstream';

const compiled = new Map<string, ValidateFunction>();

function validatorFor(schemaPath: string): ValidateFunction {
  let validate = compiled.get(schemaPath);
  if (!validate) {
    // verbose: errors carry their schema, so unknown keys can be answered with the keys that are allowed.
    const ajv = new Ajv({ strict: false, allErrors: false, verbose: true, validateFormats: false });
    validate = ajv.compile(JSON.parse(readUpstream(schemaPath)));
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
