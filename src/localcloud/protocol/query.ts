// The AWS Query protocol: form-encoded requests, XML responses (CloudFormation, STS).
import type { QueryParams, XmlValue } from '../contract.js';
import { AwsError } from '../contract.js';
import type { WireResponse } from './http.js';
import { escapeXml, renderXml } from './xml.js';

/** The flat parameters of a Query request: the form body merged over the query string. */
export function parseQueryParams(body: Buffer, query: URLSearchParams): QueryParams {
  const params: QueryParams = {};
  for (const [k, v] of query) params[k] = v;
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v;
  return params;
}

/** `<{Action}Response xmlns><{Action}Result>...</{Action}Result><ResponseMetadata>...` */
export function renderQueryResult(action: string, xmlns: string, result: XmlValue, requestId: string): WireResponse {
  const inner = result === undefined || result === null ? '' : renderXml(`${action}Result`, result);
  const body =
    `<${action}Response xmlns="${escapeXml(xmlns)}">${inner}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

/** The Query protocol's error envelope. */
export function renderQueryError(err: AwsError, xmlns: string | undefined, requestId: string): WireResponse {
  const ns = xmlns ? ` xmlns="${escapeXml(xmlns)}"` : '';
  const body =
    `<ErrorResponse${ns}><Error><Type>${err.type}</Type><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: err.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

/** The error for a Query action no service implements. */
export function invalidAction(action: string): AwsError {
  return new AwsError('InvalidAction', `${action || '(no Action)'} is not implemented by localcloud`, 400);
}
