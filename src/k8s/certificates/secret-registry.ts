import { IConstruct } from 'constructs';
import { invalid } from '../../common/errors';

interface SecretWriter {
  readonly owner: IConstruct;
  /** Writers with equal fingerprints produce the same Secret and may share it. */
  readonly fingerprint: string;
}

// Symbol.for, not a module-level map: an app may load two copies of this library and must still see one registry.
const REGISTRY = Symbol.for('cdk-certkit.certificates.secretWriters');

function writersOf(root: IConstruct): Map<string, SecretWriter[]> {
  const holder = root as unknown as { [REGISTRY]?: Map<string, SecretWriter[]> };
  if (!holder[REGISTRY]) Object.defineProperty(holder, REGISTRY, { value: new Map(), enumerable: false });
  return holder[REGISTRY]!;
}

/**
 * Records that `owner` writes Secret `namespace/secretName`. The check runs at synthesis, when the whole app is
 * known (cdk8s validates before it writes any file): a writer whose fingerprint differs from an earlier one fails.
 */
export function claimSecret(owner: IConstruct, field: string, namespace: string | undefined, secretName: string, fingerprint: string): void {
  const key = `${namespace ?? 'default'}/${secretName}`;
  const writers = writersOf(owner.node.root);
  const sharing = writers.get(key) ?? [];
  writers.set(key, sharing);
  const index = sharing.push({ owner, fingerprint }) - 1;
  owner.node.addValidation({
    validate: () => {
      const other = sharing.slice(0, index).find(w => w.fingerprint !== fingerprint);
      if (other) {
        invalid(owner, field, `'${secretName}' in namespace '${namespace ?? 'default'}' is also written by ${other.owner.node.path} with a different spec`,
          'give one of them another secretName, or make both specs identical');
      }
      return [];
    },
  });
}
