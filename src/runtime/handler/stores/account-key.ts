// The ACME account key, in its own secret as `{"accountKeyPem": ...}`. Created (and stored) before the first order,
// so a run that fails half-way does not register a second account next time.
import { AwsClients, sdk } from '../aws-clients';

export class AccountKeyStore {
  constructor(private readonly clients: AwsClients, private readonly secretId: string) {}

  async getOrCreate(create: () => Promise<string>): Promise<{ pem: string; created: boolean }> {
    const { GetSecretValueCommand, PutSecretValueCommand } = sdk.secrets();
    const out = await this.clients.secrets().send(new GetSecretValueCommand({ SecretId: this.secretId }));
    const existing = parse(out.SecretString);
    if (existing) return { pem: existing, created: false };
    const pem = await create();
    await this.clients.secrets().send(new PutSecretValueCommand({ SecretId: this.secretId, SecretString: JSON.stringify({ accountKeyPem: pem }) }));
    return { pem, created: true };
  }
}

function parse(text: string | undefined): string | undefined {
  try {
    const pem = JSON.parse(text ?? '{}').accountKeyPem;
    return typeof pem === 'string' && pem.includes('PRIVATE KEY') ? pem : undefined;
  } catch {
    return undefined;
  }
}
