// Lambda entry of ClusterCertificateInAcm's sync function (bundled into assets/): wires the sync to AWS.
import { readAcmSyncConfig } from '../../runtime/acm-sync/config';
import { createAcmSyncHandler } from '../../runtime/acm-sync/sync';
import { awsClients } from '../../runtime/handler/aws-clients';
import { putResponse } from '../../runtime/handler/cfn-response';
import { jsonLogger } from '../../runtime/handler/log';

let run: ReturnType<typeof createAcmSyncHandler> | undefined;

export async function handler(event: unknown, context?: { getRemainingTimeInMillis(): number }) {
  if (!run) {
    const config = readAcmSyncConfig();
    run = createAcmSyncHandler({
      config,
      clients: awsClients(),
      log: jsonLogger({ certificate: config.certificateId, secret: config.secretId }),
      respond: putResponse,
    });
  }
  return run(event, context);
}
