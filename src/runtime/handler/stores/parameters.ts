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

  async write(record: CertificateRecord): Promise<void> {
    const { PutParameterCommand } = sdk.ssm();
    const json = toStoredJson(record, this.chain);
    // A chain can pass the standard tier's 4 KiB; intelligent tiering picks advanced only then.
    for (const [name, value] of [[this.names.certificate, json.certificate], [this.names.chain, json.chain || 'none'], [this.names.fullchain, json.fullchain]]) {
      await this.clients.ssm().send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true, Tier: 'Intelligent-Tiering' }));
    }
  }
}
