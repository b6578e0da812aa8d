// A stand-in endpoint in front of localcloud: each request is passed through unless `answer` answers
// it first. Tests use it for an endpoint that lacks an API (HTTP 501, as LocalStack answers) or a
// principal without a permission (AccessDenied), without changing localcloud itself.
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ProxyAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface InterceptingProxy {
  endpoint: string;
  /** How many requests `answer` answered. */
  answered: () => number;
  close: () => Promise<void>;
}

/** Starts the proxy on 127.0.0.1; `answer` returns an answer, or undefined to pass the request on. */
export async function interceptingProxy(target: string, answer: (req: ProxyRequest) => ProxyAnswer | undefined): Promise<InterceptingProxy> {
  let answered = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const own = answer({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: body.toString('utf8') });
      if (own) {
        answered++;
        res.writeHead(own.status, { 'content-type': own.contentType }).end(own.body);
        return;
      }
      const url = new URL(req.url ?? '/', target);
      const fwd = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      fwd.on('error', (err) => res.writeHead(502).end(err.message));
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, answered: () => answered, close: () => new Promise((r) => server.close(() => r())) };
}

/** AWS's query-protocol error document (CloudFormation, as LocalStack sends a missing action). */
export const queryError = (status: number, code: string, message: string): ProxyAnswer => ({
  status,
  contentType: 'text/xml',
  body: `<ErrorResponse><Error><Code>${code}</Code><Message>${message}</Message></Error></ErrorResponse>`,
});

/** An awsJson error document (SSM, CloudWatch). */
export const jsonError = (status: number, type: string, message: string, version = '1.1'): ProxyAnswer => ({
  status,
  contentType: `application/x-amz-json-${version}`,
  body: JSON.stringify({ __type: type, message }),
});
