import { IConstruct } from 'constructs';
import { checkDnsName, checkLabels } from './checks';
import * as cm from '../../../imports/cert-manager.io';
import { AcmeSolverSelector } from '../solvers/solver-options';

const nonEmpty = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);

type SelectorSpec = cm.ClusterIssuerSpecAcmeSolversSelector;

export function selectorSpec(scope: IConstruct, field: string, selector: AcmeSolverSelector | undefined): SelectorSpec | undefined {
  if (!selector) return undefined;
  selector.dnsZones?.forEach((zone, i) => checkDnsName(scope, `${field}.dnsZones[${i}]`, zone, false));
  selector.dnsNames?.forEach((name, i) => checkDnsName(scope, `${field}.dnsNames[${i}]`, name, true));
  return {
    dnsZones: nonEmpty(selector.dnsZones),
    dnsNames: nonEmpty(selector.dnsNames),
    matchLabels: checkLabels(scope, `${field}.matchLabels`, selector.matchLabels),
  };
}
