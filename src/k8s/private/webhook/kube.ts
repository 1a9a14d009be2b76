// The Kubernetes label and annotation rules cert-manager's webhook applies through k8s.io/apimachinery
// (`metavalidation.ValidateLabels`, `apivalidation.ValidateAnnotations`), over the shared name rules in src/common.
import { FieldPath, Problems, show } from './problem';
import { annotationsSize, labelValueProblems, qualifiedNameProblems, TOTAL_ANNOTATION_SIZE_LIMIT } from '../../../common/names';

/** `metavalidation.ValidateLabels`. */
export function validateLabels(labels: Record<string, unknown>, path: FieldPath, out: Problems): void {
  for (const [key, value] of Object.entries(labels)) {
    for (const p of qualifiedNameProblems(key)) {
      out.add(path, `key ${show(key)} is not a valid label key: ${p}`, 'use [prefix/]name with a DNS subdomain prefix and a name of letters, digits, \'-\', \'_\' and \'.\' (at most 63)');
    }
    const text = typeof value === 'string' ? value : String(value);
    for (const p of labelValueProblems(text)) {
      out.add(path.key(key), `value ${show(text)} is not a valid label value: ${p}`, 'use at most 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit');
    }
  }
}

/** `apivalidation.ValidateAnnotations`: keys are qualified names (checked lower-cased), keys plus values at most 256 KiB. */
export function validateAnnotations(annotations: Record<string, unknown>, path: FieldPath, out: Problems): void {
  for (const key of Object.keys(annotations)) {
    for (const p of qualifiedNameProblems(key.toLowerCase())) {
      out.add(path, `key ${show(key)} is not a valid annotation key: ${p}`, 'use [prefix/]name with a DNS subdomain prefix and a name of letters, digits, \'-\', \'_\' and \'.\' (at most 63)');
    }
  }
  const total = annotationsSize(annotations as Record<string, string>);
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    out.add(path, `total size ${total} bytes is more than the ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes Kubernetes allows`, 'keep large data out of annotations (put it in the Secret\'s data or a ConfigMap)');
  }
}
