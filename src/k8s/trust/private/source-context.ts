// What the rendering of a TrustSource needs to know about its bundle (internal).
import { IConstruct } from 'constructs';
import { TrustManager } from '../../install/trust-manager';

export interface SourceContext {
  /** The TrustBundle, which problems are reported on. */
  readonly scope: IConstruct;
  /** The source's field, e.g. `sources[0]`. */
  readonly field: string;
  readonly trustNamespace: string;
  readonly trustManager?: TrustManager;
}
