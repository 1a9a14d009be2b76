// ACM: the first import creates the certificate (tagged, so IAM can scope every later call to it); later imports
// go into the same ARN, so listeners and distributions keep working.
import { AwsClients, errorName, sdk } from '../aws-clients';
import { CertificateRecord, chainFor, normalizeSerial } from '../certificate-record';
import type { ChainChoice } from '../config';

export class AcmStore {
  constructor(
    private readonly clients: AwsClients,
    private readonly chain: ChainChoice,
    private readonly tag: { readonly key: string; readonly value: string },
  ) {}

  /** Serial of the certificate at `arn` (normalized), or undefined when it is gone. */
  async serialOf(arn: string): Promise<string | undefined> {
    const { DescribeCertificateCommand } = sdk.acm();
    try {
      const out = await this.clients.acm().send(new DescribeCertificateCommand({ CertificateArn: arn }));
      return out.Certificate?.Serial ? normalizeSerial(out.Certificate.Serial) : undefined;
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return undefined;
      throw e;
    }
  }

  /** Imports into `arn` when given (re-import), else as a new tagged certificate; returns the ARN. */
  async import(record: CertificateRecord, arn?: string): Promise<string> {
    const { ImportCertificateCommand } = sdk.acm();
    const chain = chainFor(record, this.chain);
    const out = await this.clients.acm().send(new ImportCertificateCommand({
      CertificateArn: arn,
      Certificate: Buffer.from(record.certificatePem),
      PrivateKey: Buffer.from(record.privateKeyPem),
      CertificateChain: chain ? Buffer.from(chain) : undefined,
      // ACM refuses tags on a re-import; the first import's tag stays.
      Tags: arn ? undefined : [{ Key: this.tag.key, Value: this.tag.value }],
    }));
    if (!out.CertificateArn) throw new Error('ACM ImportCertificate returned no CertificateArn');
    return out.CertificateArn;
  }

  /** Deletes the certificate; false when ACM refuses because it is still in use. */
  async delete(arn: string): Promise<boolean> {
    const { DeleteCertificateCommand } = sdk.acm();
    try {
      await this.clients.acm().send(new DeleteCertificateCommand({ CertificateArn: arn }));
      return true;
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return true;
      if (errorName(e) === 'ResourceInUseException') return false;
      throw e;
    }
  }
}
