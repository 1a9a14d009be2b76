// One mistake in a rendered object, as the webhook port reports it: the field path inside the object (Kubernetes
// style: `spec.dnsNames[0]`), what is wrong and what to do instead (neither with a trailing full stop).

export interface WebhookProblem {
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

/** A field path the way `k8s.io/apimachinery/pkg/util/validation/field.Path` prints it. */
export class FieldPath {
  static root(name: string): FieldPath {
    return new FieldPath(name);
  }

  private constructor(private readonly text: string) {}

  child(...names: string[]): FieldPath {
    return new FieldPath([this.text, ...names].filter(n => n !== '').join('.'));
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

/** Collects problems for one object. */
export class Problems {
  readonly list: WebhookProblem[] = [];

  add(field: FieldPath | string, problem: string, fix: string): void {
    this.list.push({ field: String(field), problem, fix });
  }
}

/** A value shown in a message: quoted and cut short (CA bundles and the like are not worth printing whole). */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const cut = text !== undefined && text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return `'${cut}'`;
}
