import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct, IDependable } from 'constructs';
import { BackupRestore } from '../../k8s/backup';
import { report } from '../../private/errors';

/** Properties of `CertificateRestoreWait`. */
export interface CertificateRestoreWaitProps {
  /** The cluster the backup chart is applied to. */
  readonly cluster: eks.ICluster;
  /** The restores to wait for: `CertificateBackup.restores`. */
  readonly restores: BackupRestore[];
  /** What creates the restores (the backup chart's manifest, e.g. from `cluster.addCdk8sChart`). */
  readonly after: IDependable;
  /**
   * How long each restore may take. ESO sets `status.refreshTime` once it has restored the Secret, or found no
   * backup; a restore that keeps failing (no access, no ESO) fails the deployment after this.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
}

/**
 * On EKS without Argo CD, waits until External Secrets Operator has handled every restoring ExternalSecret.
 *
 * The issuers' and Certificates' manifests (made to depend on this) reach cert-manager only after their Secrets are
 * back: applying the backup chart first is not enough, ESO reconciles after the apply returns.
 */
export class CertificateRestoreWait extends Construct {
  /**
   * @param scope the scope in which to define this construct, in the cluster's stack
   * @param id the scoped construct ID
   * @param props the cluster, the restores to wait for and what creates them
   */
  constructor(scope: Construct, id: string, props: CertificateRestoreWaitProps) {
    super(scope, id);
    const minutes = props.timeout?.toMinutes() ?? 5;
    if (minutes < 1 || minutes > 14) report(this, 'timeout', `${minutes} minutes is out of range`, 'use 1 to 14 minutes (the kubectl provider runs in a Lambda function)');
    props.restores.forEach((restore, i) => {
      const value = new eks.KubernetesObjectValue(this, `Restore${i}`, {
        cluster: props.cluster,
        objectType: 'externalsecrets.external-secrets.io',
        objectName: restore.externalSecretName,
        objectNamespace: restore.namespace,
        jsonPath: '.status.refreshTime',
        timeout: props.timeout ?? Duration.minutes(5),
      });
      value.node.addDependency(props.after);
    });
  }
}
