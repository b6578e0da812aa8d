// Tells the protocol and service of a request apart the way SDK v3 sends them, and turns it into a Call:
// Query (form body with Action; STS vs CloudFormation from the credential scope or Version),
// awsJson 1.0/1.1 (X-Amz-Target), REST-XML S3 (anything else).
import type { AwsError, JsonService, QueryService, RequestContext } from './contract.js';
import type { WireRequest, WireResponse } from './protocol/http.js';
import { parseJsonBody, parseTarget, renderJsonError, renderJsonResult, unknownOperation } from './protocol/json.js';
import { invalidAction, parseQueryParams, renderQueryError, renderQueryResult } from './protocol/query.js';
import { renderS3Error } from './services/s3/render.js';
import type { S3Service } from './services/s3/service.js';

export type Protocol = 'query' | 'json' | 'rest-xml';

/** One request resolved to protocol, service and action, ready to run. */
export interface Call {
  protocol: Protocol;
  service: string;
  action: string;
  mutating: boolean;
  stackName?: string;
  clientRequestToken?: string;
  run(): Promise<WireResponse>;
  renderError(err: AwsError): WireResponse;
}

export interface Services {
  query: QueryService[];
  json: JsonService[];
  s3: S3Service;
}

const READ_ONLY = /^(Get|Describe|List|Validate|Estimate|Head)/;
const QUERY_VERSIONS: Record<string, string> = { '2011-06-15': 'sts', '2010-05-15': 'cloudformation' };

function isQuery(req: WireRequest, signedService: string | undefined): boolean {
  if (signedService === 'sts' || signedService === 'cloudformation') return true;
  if (signedService === 's3') return false;
  const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return req.method === 'POST' && req.rawPath === '/' && (form || req.query.has('Action'));
}

function queryCall(req: WireRequest, ctx: RequestContext, services: Services, signedService: string | undefined): Call {
  const params = parseQueryParams(req.body, req.query);
  const action = params.Action ?? '';
  const name = signedService === 'sts' || signedService === 'cloudformation' ? signedService : QUERY_VERSIONS[params.Version ?? ''];
  const service = services.query.find((s) => s.name === name);
  return {
    protocol: 'query',
    service: name ?? 'unknown',
    action,
    mutating: !READ_ONLY.test(action),
    stackName: params.StackName,
    clientRequestToken: params.ClientRequestToken,
    async run() {
      if (!service || !action) throw invalidAction(action);
      return renderQueryResult(action, service.xmlns, await service.handle(action, params, ctx), ctx.requestId);
    },
    renderError: (err) => renderQueryError(err, service?.xmlns, ctx.requestId),
  };
}

function jsonCall(req: WireRequest, ctx: RequestContext, services: Services, target: string): Call {
  const { prefix, operation } = parseTarget(target);
  const service = services.json.find((s) => s.targetPrefix === prefix);
  const dialect = { version: service?.jsonVersion, queryCompatible: service?.queryCompatible };
  return {
    protocol: 'json',
    service: service?.name ?? (prefix || 'unknown'),
    action: operation,
    mutating: !READ_ONLY.test(operation),
    async run() {
      if (!service) throw unknownOperation(operation);
      return renderJsonResult(await service.handle(operation, parseJsonBody(req.body), ctx), ctx.requestId, dialect);
    },
    renderError: (err) => renderJsonError(err, ctx.requestId, dialect),
  };
}

function s3Call(req: WireRequest, ctx: RequestContext, services: Services): Call {
  const route = services.s3.route(req, ctx);
  return {
    protocol: 'rest-xml',
    service: 's3',
    action: route.action,
    mutating: ['PUT', 'POST', 'DELETE'].includes(req.method),
    async run() {
      const response = route.run();
      response.headers['x-amz-request-id'] = ctx.requestId;
      response.headers['x-amz-id-2'] = ctx.requestId;
      return response;
    },
    renderError: (err) => renderS3Error(err, req.method, ctx.requestId),
  };
}

/** Resolves a request to a Call. */
export function resolveCall(req: WireRequest, ctx: RequestContext, services: Services, signedService: string | undefined): Call {
  const target = req.headers['x-amz-target'];
  if (target) return jsonCall(req, ctx, services, target);
  if (isQuery(req, signedService)) return queryCall(req, ctx, services, signedService);
  return s3Call(req, ctx, services);
}
