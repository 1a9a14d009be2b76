// Reading IAM documents out of synthesized templates, for the role, Private CA and EKS tests.
import { Template } from 'aws-cdk-lib/assertions';

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: { [op: string]: { [key: string]: unknown } };
}

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** Every statement of every AWS::IAM::Policy and inline role policy in the template. */
export function permissionStatements(template: Template): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).map(r => r.Properties.PolicyDocument);
  const inline = Object.values(template.findResources('AWS::IAM::Role')).flatMap(r => (r.Properties.Policies ?? []).map((p: any) => p.PolicyDocument));
  return [...policies, ...inline].flatMap(doc => doc.Statement);
}

/** The statements of the policy attached to the role whose logical ID starts with `rolePrefix`. */
export function statementsOfRole(template: Template, rolePrefix: string): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(p => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith(rolePrefix)));
  return policies.flatMap(p => p.Properties.PolicyDocument.Statement);
}

/** The trust statements of the role whose logical ID starts with `rolePrefix` (exactly one such role). */
export function trustOfRole(template: Template, rolePrefix: string): Statement[] {
  const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith(rolePrefix));
  if (roles.length !== 1) throw new Error(`expected one role ${rolePrefix}*, found ${roles.map(([id]) => id).join(', ') || 'none'}`);
  return roles[0][1].Properties.AssumeRolePolicyDocument.Statement;
}

/** Actions of the Allow statements whose Resource includes `*`. */
export function actionsOnAnyResource(statements: Statement[]): string[] {
  return statements.filter(s => s.Effect === 'Allow' && asArray(s.Resource).includes('*')).flatMap(s => asArray(s.Action)).sort();
}

/** The statement that allows `action` (exactly one). */
export function statementFor(statements: Statement[], action: string): Statement {
  const found = statements.filter(s => asArray(s.Action).includes(action));
  if (found.length !== 1) throw new Error(`expected one statement for ${action}, found ${found.length}`);
  return found[0];
}

export function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap(s => asArray(s.Action)).sort();
}
