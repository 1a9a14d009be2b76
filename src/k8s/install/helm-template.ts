// Delivery by rendering the chart with `helm template` at synth time (internal).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Helm } from 'cdk8s';
import { Construct } from 'constructs';
import { HelmDeliveryOptions } from './chart-delivery';
import { ChartSpec } from './chart-spec';
import { invalid } from '../../common/errors';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The path of `executable` (a name looked up on PATH, or a path), or undefined when it cannot be run. */
export function resolveExecutable(executable: string): string | undefined {
  if (executable.includes('/') || executable.includes(path.sep)) return isExecutable(executable) ? executable : undefined;
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  const candidates = (process.env.PATH ?? '').split(path.delimiter).filter(d => d)
    .flatMap(dir => extensions.map(ext => path.join(dir, executable + ext)));
  return candidates.find(isExecutable);
}

export function addHelmTemplate(scope: Construct, spec: ChartSpec, options: HelmDeliveryOptions): Helm {
  const executable = options.helmExecutable ?? 'helm';
  const resolved = resolveExecutable(executable);
  if (resolved === undefined) {
    // Checked here because cdk8s would otherwise fail with a message that names neither the chart nor the alternatives.
    invalid(scope, 'delivery', `ChartDelivery.helm() needs the '${executable}' CLI to render ${spec.label}, and it is not on PATH`,
      'install helm (https://helm.sh/docs/intro/install/) or choose ChartDelivery.argoCd(), ChartDelivery.flux() or ChartDelivery.valuesOnly()');
  }
  const { release } = spec;
  return new Helm(scope, 'Helm', {
    chart: release.chart,
    repo: release.repository,
    version: release.version,
    namespace: release.namespace,
    releaseName: release.releaseName,
    values: release.values,
    // The path found above, so what runs is what was checked.
    helmExecutable: resolved,
    helmFlags: [...(spec.crdsInCrdsDir ? ['--include-crds'] : []), ...(options.helmFlags ?? [])],
  });
}
