import { CfnJson, Fn, Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { invalid } from '../../private/errors';

const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';
const ISSUER_URL = /^(?:https:\/\/)?([a-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~-]+)*)\/?$/;

/** The Kubernetes service account a role is for. */
export interface ServiceAccountSubject {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly name: string;
}

/**
 * How a Kubernetes service account gets AWS credentials: IAM Roles for Service Accounts (IRSA, web identity
 * federation through the cluster's OIDC provider) or EKS Pod Identity. Both trust exactly one service account.
 */
export abstract class WorkloadIdentity {
  /**
   * IRSA through an IAM OIDC provider (e.g. `cluster.openIdConnectProvider`, or one imported by ARN).
   *
   * @param provider the IAM OIDC provider of the cluster's issuer
   */
  public static irsa(provider: iam.IOpenIdConnectProvider): WorkloadIdentity {
    return new IrsaIdentity(() => ({ providerArn: provider.openIdConnectProviderArn, issuer: provider.openIdConnectProviderIssuer }));
  }

  /**
   * IRSA through the cluster's OIDC provider. A cluster created in this app gets one on first use; an imported
   * cluster must have been imported with `openIdConnectProvider`.
   *
   * @param cluster the EKS cluster whose service account assumes the role
   */
  public static irsaFromCluster(cluster: eks.ICluster): WorkloadIdentity {
    return new IrsaIdentity(scope => oidcTrustOfCluster(scope, cluster));
  }

  /**
   * IRSA through the IAM OIDC provider registered for an issuer URL in this stack's account, e.g. the cluster's
   * `identity.oidc.issuer` (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`), with or without the `https://`.
   *
   * @param issuerUrl the cluster's OIDC issuer URL, with an IAM OIDC provider for it already in this account
   */
  public static irsaFromIssuerUrl(issuerUrl: string): WorkloadIdentity {
    return new IrsaIdentity(scope => {
      const issuer = issuerHost(scope, issuerUrl);
      const providerArn = Stack.of(scope).formatArn({ service: 'iam', region: '', resource: 'oidc-provider', resourceName: issuer });
      return { providerArn, issuer };
    });
  }

  /**
   * EKS Pod Identity.
   *
   * The role trusts `pods.eks.amazonaws.com` and an `AWS::EKS::PodIdentityAssociation` binds it to the service
   * account. The cluster needs the `eks-pod-identity-agent` add-on (added for clusters created here).
   *
   * @param cluster the EKS cluster the association is created in
   */
  public static podIdentity(cluster: eks.ICluster): WorkloadIdentity {
    return new PodIdentity(cluster);
  }

  /** Which mechanism this is. */
  public abstract readonly identityType: eks.IdentityType;

  /**
   * The principal a role for `subject` must trust.
   * @internal
   */
  public abstract _principal(scope: Construct, subject: ServiceAccountSubject): iam.IPrincipal;

  /**
   * Binds a role created for `subject` to it: the Pod Identity association; nothing for IRSA (the service
   * account's `eks.amazonaws.com/role-arn` annotation does that).
   * @internal
   */
  public abstract _associate(scope: Construct, subject: ServiceAccountSubject, role: iam.IRole): eks.CfnPodIdentityAssociation | undefined;
}

class IrsaIdentity extends WorkloadIdentity {
  public readonly identityType: eks.IdentityType = eks.IdentityType.IRSA;

  constructor(private readonly oidc: (scope: Construct) => OidcTrust) {
    super();
  }

  /** IRSA pins both `sub` and `aud`; the issuer may be a token, so the condition keys go through CfnJson (as aws-eks does). */
  public _principal(scope: Construct, subject: ServiceAccountSubject): iam.IPrincipal {
    const { providerArn, issuer } = this.oidc(scope);
    const claims = {
      [`${issuer}:sub`]: `system:serviceaccount:${subject.namespace}:${subject.name}`,
      [`${issuer}:aud`]: 'sts.amazonaws.com',
    };
    const keysAreTokens = Token.isUnresolved(issuer) || Token.isUnresolved(subject.namespace) || Token.isUnresolved(subject.name);
    const stringEquals = keysAreTokens ? new CfnJson(scope, 'IrsaTrustConditions', { value: claims }) : claims;
    return new iam.WebIdentityPrincipal(providerArn, { StringEquals: stringEquals });
  }

  public _associate(): undefined {
    return undefined;
  }
}

class PodIdentity extends WorkloadIdentity {
  public readonly identityType: eks.IdentityType = eks.IdentityType.POD_IDENTITY;

  constructor(private readonly cluster: eks.ICluster) {
    super();
  }

  public _principal(scope: Construct): iam.IPrincipal {
    if (this.cluster instanceof eks.FargateCluster) {
      invalid(scope, 'identity', 'uses EKS Pod Identity, which Fargate does not support', 'use WorkloadIdentity.irsaFromCluster');
    }
    return new iam.ServicePrincipal(POD_IDENTITY_SERVICE).withSessionTags();
  }

  public _associate(scope: Construct, subject: ServiceAccountSubject, role: iam.IRole): eks.CfnPodIdentityAssociation {
    // Reading the property adds the agent add-on to clusters created in this app, as aws-eks' ServiceAccount does.
    void this.cluster.eksPodIdentityAgent;
    return new eks.CfnPodIdentityAssociation(scope, 'PodIdentityAssociation', {
      clusterName: this.cluster.clusterName,
      namespace: subject.namespace,
      serviceAccount: subject.name,
      roleArn: role.roleArn,
    });
  }
}

function oidcTrustOfCluster(scope: Construct, cluster: eks.ICluster): OidcTrust {
  let provider: iam.IOpenIdConnectProvider;
  try {
    provider = cluster.openIdConnectProvider;
  } catch {
    return invalid(scope, 'identity', `uses IRSA but cluster '${cluster.node.path}' has no OpenID Connect provider`,
      'import the cluster with `openIdConnectProvider`, use WorkloadIdentity.irsaFromIssuerUrl, or WorkloadIdentity.podIdentity');
  }
  return { providerArn: provider.openIdConnectProviderArn, issuer: provider.openIdConnectProviderIssuer };
}

/** The issuer without `https://`, as IAM condition keys want it; tokens are stripped at deploy time. */
function issuerHost(scope: Construct, issuerUrl: string): string {
  if (Token.isUnresolved(issuerUrl)) return Fn.join('', Fn.split('https://', issuerUrl));
  const m = ISSUER_URL.exec(issuerUrl.trim());
  if (!m) {
    invalid(scope, 'identity', `issuer URL '${issuerUrl}' is not an https OIDC issuer`,
      'pass the cluster\'s OIDC issuer, e.g. https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE');
  }
  return m[1];
}

interface OidcTrust {
  readonly providerArn: string;
  /** Issuer host and path without `https://`: the prefix of the IAM condition keys. */
  readonly issuer: string;
}
