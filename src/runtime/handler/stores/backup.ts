// Optional S3 backup (versioned bucket): holds the committed certificate like the other stores, and the issued one
// when a run had to give up before staging it or was stopped by CloudFormation's deadline (a rollback deletes the
// secret, the bucket stays); read to restore a certificate instead of issuing a new one (a re-created stack).
import { AwsClients, errorName, sdk } from '../aws-clients';
import { CertificateRecord, fromStoredJson, toStoredJson } from '../certificate-record';

export class BackupStore {
  constructor(private readonly clients: AwsClients, private readonly bucket: string, private readonly key: string) {}

  async read(): Promise<CertificateRecord | undefined> {
    const { GetObjectCommand } = sdk.s3();
    try {
      const out = await this.clients.s3().send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
      return fromStoredJson(await out.Body?.transformToString());
    } catch (e) {
      if (errorName(e) === 'NoSuchKey' || errorName(e) === 'NotFound') return undefined;
      throw e;
    }
  }

  async write(record: CertificateRecord): Promise<void> {
    const { PutObjectCommand } = sdk.s3();
    await this.clients.s3().send(new PutObjectCommand({
      Bucket: this.bucket,
      Key: this.key,
      Body: JSON.stringify(toStoredJson(record, 'full')),
      ContentType: 'application/json',
    }));
  }
}
