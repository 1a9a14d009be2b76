// The answer to a CloudFormation custom resource request: a PUT of JSON to the pre-signed S3 URL it sent.
import * as https from 'node:https';

export interface CfnEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: Record<string, unknown>;
}

export interface CfnAnswer {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export type CfnResponder = (event: CfnEvent, answer: CfnAnswer) => Promise<void>;

export function isCfnEvent(event: unknown): event is CfnEvent {
  const e = event as Partial<CfnEvent> | undefined;
  return !!e && typeof e.RequestType === 'string' && typeof e.ResponseURL === 'string' && typeof e.StackId === 'string';
}

/** The response body; CloudFormation caps it at 4 KiB, so the reason is kept to one short line. */
export function responseBody(event: CfnEvent, answer: CfnAnswer): string {
  const reason = answer.Reason?.replace(/\s+/g, ' ').slice(0, 1000);
  return JSON.stringify({
    ...answer, Reason: reason, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
  });
}

export const putResponse: CfnResponder = (event, answer) => new Promise((resolve, reject) => {
  const body = responseBody(event, answer);
  const request = https.request(event.ResponseURL, {
    method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
  }, response => {
    response.resume();
    response.on('end', () => (response.statusCode ?? 500) < 300
      ? resolve() : reject(new Error(`CloudFormation response upload failed: HTTP ${response.statusCode}`)));
  });
  request.on('error', reject);
  request.end(body);
});
