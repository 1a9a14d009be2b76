/* eslint-disable @typescript-eslint/no-require-imports */
// The clients are dev dependencies on purpose: the Lambda runtime provides them and the bundle keeps them external.
/* eslint-disable import/no-extraneous-dependencies */
// AWS SDK clients, each loaded on first use: keeps cold start short (a run that finds a fresh certificate
// never loads the S3 or Route53 clients) and works the same bundled or not.
import type { ACMClient } from '@aws-sdk/client-acm';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';

export const sdk = {
  acm: () => require('@aws-sdk/client-acm') as typeof import('@aws-sdk/client-acm'),
  cloudwatch: () => require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch'),
  dynamodb: () => require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb'),
  s3: () => require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3'),
  secrets: () => require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager'),
  ssm: () => require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm'),
};

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export interface AwsClients {
  readonly acm: () => ACMClient;
  readonly cloudwatch: () => CloudWatchClient;
  readonly dynamodb: () => DynamoDBClient;
  readonly s3: () => S3Client;
  readonly secrets: () => SecretsManagerClient;
  readonly ssm: () => SSMClient;
}

/** No AWS request runs longer than this (the connection gets 5 s of it). */
export const AWS_REQUEST_TIMEOUT_MS = 15_000;

/**
 * One attempt per `send` (retries are the handler's own, bounded by the run's deadline: retry.ts) and no request
 * longer than AWS_REQUEST_TIMEOUT_MS.
 */
const CLIENT_CONFIG = {
  maxAttempts: 1,
  requestHandler: { requestTimeout: AWS_REQUEST_TIMEOUT_MS, connectionTimeout: 5_000, throwOnRequestTimeout: true },
};

export function awsClients(): AwsClients {
  return {
    acm: once(() => new (sdk.acm().ACMClient)(CLIENT_CONFIG)),
    cloudwatch: once(() => new (sdk.cloudwatch().CloudWatchClient)(CLIENT_CONFIG)),
    dynamodb: once(() => new (sdk.dynamodb().DynamoDBClient)(CLIENT_CONFIG)),
    s3: once(() => new (sdk.s3().S3Client)(CLIENT_CONFIG)),
    secrets: once(() => new (sdk.secrets().SecretsManagerClient)(CLIENT_CONFIG)),
    ssm: once(() => new (sdk.ssm().SSMClient)(CLIENT_CONFIG)),
  };
}

/** The SDK's error name (`ResourceNotFoundException`, `ConditionalCheckFailedException`, ...). */
export function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}
