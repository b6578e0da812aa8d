// The awsJson protocols (SSM 1.1, CloudWatch 1.0): X-Amz-Target names the operation, JSON in and out.
import { AwsError } from '../contract.js';
import type { WireResponse } from './http.js';

/** How a JSON service answers: its protocol version, and whether errors carry a Query code too. */
export interface JsonDialect {
  version?: '1.0' | '1.1';
  queryCompatible?: boolean;
}

const contentType = (dialect: JsonDialect): string => `application/x-amz-json-${dialect.version ?? '1.1'}`;

/** A query-compatible service's throttling code is the Query protocol's. */
const QUERY_CODES: Record<string, string> = { ThrottlingException: 'Throttling' };

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

export function renderJsonResult(result: unknown, requestId: string, dialect: JsonDialect = {}): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType(dialect), 'x-amzn-requestid': requestId },
    body: JSON.stringify(result ?? {}),
  };
}

/** awsJson errors: `__type` in the body and the x-amzn-ErrorType header (plus x-amzn-query-error: `Code;Sender`). */
export function renderJsonError(err: AwsError, requestId: string, dialect: JsonDialect = {}): WireResponse {
  const headers: Record<string, string> = { 'content-type': contentType(dialect), 'x-amzn-requestid': requestId, 'x-amzn-errortype': err.code };
  if (dialect.queryCompatible) headers['x-amzn-query-error'] = `${QUERY_CODES[err.code] ?? err.code};${err.type}`;
  return { status: err.status, headers, body: JSON.stringify({ __type: err.code, message: err.message }) };
}

export function unknownOperation(operation: string): AwsError {
  return new AwsError('UnknownOperationException', `${operation || '(no operation)'} is not implemented by localcloud`, 400);
}
