// Release names, and the names charts derive from them following the charts' own `_helpers.tpl` (internal).
import { IConstruct } from 'constructs';
import { isDns1123Label } from '../../../common/names';
import { invalid } from '../../../private/errors';

/** Checks the names every delivery mode relies on; Helm release names are at most 53 characters. */
export function checkReleaseNames(scope: IConstruct, namespace: string, releaseName: string): void {
  if (!isDns1123Label(namespace)) {
    invalid(scope, 'namespace', `'${namespace}' is not a valid namespace name`, 'use lower-case letters, digits and \'-\' (at most 63)');
  }
  if (!isDns1123Label(releaseName) || releaseName.length > 53) {
    invalid(scope, 'releaseName', `'${releaseName}' is not a valid Helm release name`, 'use lower-case letters, digits and \'-\' (at most 53)');
  }
}

function trimmed(name: string): string {
  return name.slice(0, 63).replace(/-+$/, '');
}

/** `<chart>.fullname`: fullnameOverride, else the release name when it contains the chart name, else `<release>-<chart>`. */
export function chartFullname(values: { [key: string]: any }, releaseName: string, chartName: string): string {
  if (values.fullnameOverride) return trimmed(values.fullnameOverride);
  const name = values.nameOverride || chartName;
  return trimmed(releaseName.includes(name) ? releaseName : `${releaseName}-${name}`);
}

/** `<chart>.serviceAccountName` for the chart's main workload (`serviceAccount.name`/`create` at the top level). */
export function chartServiceAccountName(values: { [key: string]: any }, releaseName: string, chartName: string): string {
  const account = values.serviceAccount ?? {};
  if (account.create === false) return account.name || 'default';
  return account.name || chartFullname(values, releaseName, chartName);
}
