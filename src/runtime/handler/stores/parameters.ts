// Optional SSM parameters with the public parts only (certificate, chain, full chain); the key stays in the secret.
// Three writes cannot be atomic: they go certificate, chain, full chain, and the full chain (written last) is the
// marker `holds` reads, so parameters left half-written by a failed run are all written again by the next one.
import { AwsClients, errorName, sdk } from '../aws-clients';
import { CertificateRecord, toStoredJson } from '../certificate-record';
import type { ChainChoice } from '../config';

export interface ParameterNames {
  readonly certificate: string;
  readonly chain: string;
  readonly fullchain: string;
}

export class ParameterStore {
  constructor(private readonly clients: AwsClients, private readonly names: ParameterNames, private readonly chain: ChainChoice) {}

  /** Whether the parameters already carry this certificate (checked on the full chain, which `write` writes last). */
  async holds(record: CertificateRecord): Promise<boolean> {
    const { GetParameterCommand } = sdk.ssm();
    try {
      const out = await this.clients.ssm().send(new GetParameterCommand({ Name: this.names.fullchain }));
      return out.Parameter?.Value === toStoredJson(record, this.chain).fullchain;
    } catch (e) {
      if (errorName(e) === 'ParameterNotFound') return false;
      throw e;
    }
  }

  /** The three values as they are (undefined where a parameter is missing), to put back with `restore`. */
  async read(): Promise<(string | undefined)[]> {
    const { GetParameterCommand } = sdk.ssm();
    return Promise.all(this.ordered().map(async name => {
      try {
        return (await this.clients.ssm().send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
      } catch (e) {
        if (errorName(e) === 'ParameterNotFound') return undefined;
        throw e;
      }
    }));
  }

  /** Puts back what `read` returned (a parameter that was missing is left as it is: there is no delete grant). */
  async restore(values: readonly (string | undefined)[]): Promise<void> {
    const names = this.ordered();
    for (const [i, value] of values.entries()) if (value !== undefined) await this.put(names[i], value);
  }

  async write(record: CertificateRecord): Promise<void> {
    const json = toStoredJson(record, this.chain);
    // A chain can pass the standard tier's 4 KiB; intelligent tiering picks advanced only then.
    const [certificate, chain, fullchain] = this.ordered();
    for (const [name, value] of [[certificate, json.certificate], [chain, json.chain || 'none'], [fullchain, json.fullchain]]) await this.put(name, value);
  }

  private ordered(): string[] {
    return [this.names.certificate, this.names.chain, this.names.fullchain];
  }

  private async put(name: string, value: string): Promise<void> {
    const { PutParameterCommand } = sdk.ssm();
    await this.clients.ssm().send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true, Tier: 'Intelligent-Tiering' }));
  }
}
