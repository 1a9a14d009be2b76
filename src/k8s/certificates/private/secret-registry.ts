// Which constructs write which Secret, per app (internal): a singleton construct on the app root.
import { Construct, IConstruct } from 'constructs';
import { formatProblem } from '../../../private/errors';

interface SecretWriter {
  readonly owner: IConstruct;
  readonly field: string;
  /** Writers with equal fingerprints produce the same Secret and may share it. */
  readonly fingerprint: string;
}

const REGISTRY_ID = 'cdk-certkit.SecretWriters';

/**
 * One per app, the child `cdk-certkit.SecretWriters` of the root, found with `node.tryFindChild` (as aws-cdk-lib
 * finds its singletons). Found by id and shape rather than by class, so two copies of this library in one app
 * still share one registry.
 */
class SecretWriters extends Construct {
  public static of(scope: IConstruct): SecretWriters {
    const root = scope.node.root as Construct;
    const existing = root.node.tryFindChild(REGISTRY_ID) as SecretWriters | undefined;
    return existing && typeof existing.claim === 'function' ? existing : new SecretWriters(root, REGISTRY_ID);
  }

  private readonly writers = new Map<string, SecretWriter[]>();

  /** Records a writer of `key`; the writer's validation fails when an earlier writer's fingerprint differs. */
  public claim(key: string, writer: SecretWriter, describe: (other: SecretWriter) => string[]): void {
    const sharing = this.writers.get(key) ?? [];
    this.writers.set(key, sharing);
    const index = sharing.push(writer) - 1;
    writer.owner.node.addValidation({
      validate: () => {
        const other = sharing.slice(0, index).find(w => w.fingerprint !== writer.fingerprint);
        return other ? describe(other) : [];
      },
    });
  }
}

/**
 * Records that `owner` writes Secret `namespace/secretName`. The check runs at synthesis, when the whole app is
 * known (cdk8s validates before it writes any file): a writer whose fingerprint differs from an earlier one fails.
 */
export function claimSecret(owner: IConstruct, field: string, namespace: string | undefined, secretName: string, fingerprint: string): void {
  const ns = namespace ?? 'default';
  SecretWriters.of(owner).claim(`${ns}/${secretName}`, { owner, field, fingerprint }, other => [formatProblem(field,
    `'${secretName}' in namespace '${ns}' is also written by ${other.owner.node.path} with a different spec`,
    'give one of them another secretName, or make both specs identical')]);
}
