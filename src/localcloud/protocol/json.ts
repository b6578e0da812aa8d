// The awsJson1.1 protocol (SSM): X-Amz-Target names the operation, JSON in and out.
import { AwsError } from '../contract.js';
import type { WireResponse } from './http.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Splits `AmazonSSM.GetParameter` into prefix and operation. */
export function parseTarget(target: string): { prefix: string; operation: string } {
  const dot = target.lastIndexOf('.');
  return dot < 0 ? { prefix: '', operation: target } : { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

/** The JSON request body as an object; AwsError SerializationException if it is not one. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new AwsError('SerializationException', 'The request body is not a JSON object');
}

export function renderJsonResult(result: unknown, requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(result ?? {}),
  };
}

/** awsJson1.1 errors: `__type` in the body and the x-amzn-ErrorType header. */
export function renderJsonError(err: AwsError, requestId: string): WireResponse {
  return {
    status: err.status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId, 'x-amzn-errortype': err.code },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}

export function unknownOperation(operation: string): AwsError {
  return new AwsError('UnknownOperationException', `${operation || '(no operation)'} is not implemented by localcloud`, 400);
}
