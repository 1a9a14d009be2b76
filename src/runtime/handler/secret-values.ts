// Reads credentials (Cloudflare token, TSIG key, EAB HMAC key) from Secrets Manager: the plain string,
// or one field when the secret is JSON, so users can keep either shape.
import { AwsClients, sdk } from './aws-clients';

export function secretReader(clients: AwsClients) {
  return async (arn: string, field: string): Promise<string> => {
    const { GetSecretValueCommand } = sdk.secrets();
    const out = await clients.secrets().send(new GetSecretValueCommand({ SecretId: arn }));
    const text = out.SecretString ?? '';
    try {
      const json = JSON.parse(text);
      if (json && typeof json === 'object') {
        if (typeof json[field] === 'string') return json[field];
        throw new Error(`secret ${arn} is JSON without a string field '${field}'`);
      }
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
    }
    return text.trim();
  };
}
