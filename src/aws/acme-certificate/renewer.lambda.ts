// Lambda entry of AcmeCertificate's renewal function (bundled by projen into assets/): wires the handler to AWS.
import { lazyAcmeCore } from '../../runtime/handler/acme-core';
import { awsClients } from '../../runtime/handler/aws-clients';
import { putResponse } from '../../runtime/handler/cfn-response';
import { readConfig } from '../../runtime/handler/config';
import { createHandler } from '../../runtime/handler/handler';
import { jsonLogger } from '../../runtime/handler/log';

let run: ReturnType<typeof createHandler> | undefined;

export async function handler(event: unknown, context?: { getRemainingTimeInMillis(): number }) {
  if (!run) {
    const config = readConfig();
    run = createHandler({
      config,
      clients: awsClients(),
      core: lazyAcmeCore(),
      log: jsonLogger({ certificate: config.certificateId, domains: config.domains }),
      respond: putResponse,
    });
  }
  return run(event, context);
}
