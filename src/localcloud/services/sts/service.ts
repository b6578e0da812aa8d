// STS over the Query protocol: who the caller is, and AssumeRole credentials for another account.
import { AwsError } from '../../contract.js';
import type { Clock, QueryParams, QueryService, RequestContext, StatefulService, XmlValue } from '../../contract.js';
import { accountForAccessKey, mintAccessKeyId } from '../../accounts.js';
import type { IdSource } from '../../ids.js';

interface Session {
  arn: string;
  userId: string;
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

export class StsService implements QueryService, StatefulService {
  readonly name = 'sts';
  readonly xmlns = 'https://sts.amazonaws.com/doc/2011-06-15/';
  /** Identities of keys minted by AssumeRole. */
  private sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  async handle(action: string, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
    switch (action) {
      case 'GetCallerIdentity':
        return this.getCallerIdentity(ctx);
      case 'AssumeRole':
        return this.assumeRole(params);
      default:
        throw new AwsError('InvalidAction', `${action} is not implemented by localcloud`);
    }
  }

  private getCallerIdentity(ctx: RequestContext): XmlValue {
    const session = this.sessions.get(ctx.accessKeyId);
    const account = accountForAccessKey(ctx.accessKeyId);
    return {
      UserId: session?.userId ?? account,
      Account: account,
      Arn: session?.arn ?? `arn:aws:iam::${account}:root`,
    };
  }

  private assumeRole(params: QueryParams): XmlValue {
    const roleArn = params.RoleArn ?? '';
    const sessionName = params.RoleSessionName ?? '';
    const role = ROLE_ARN.exec(roleArn);
    if (!role?.[1] || !role[2]) throw new AwsError('ValidationError', `${roleArn} is invalid`);
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new AwsError('ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    const duration = params.DurationSeconds ? Number(params.DurationSeconds) : 3600;
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw new AwsError('ValidationError', `1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
    }
    const account = role[1];
    const accessKeyId = mintAccessKeyId(account, this.ids.upper(4));
    const roleId = `AROA${this.ids.upper(17)}`;
    const session: Session = { arn: `arn:aws:sts::${account}:assumed-role/${role[2]}/${sessionName}`, userId: `${roleId}:${sessionName}` };
    this.sessions.set(accessKeyId, session);
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: this.ids.token(40),
        SessionToken: `FwoGZXIvYXdzE${this.ids.token(120)}`,
        Expiration: new Date(this.clock.now() + duration * 1000).toISOString(),
      },
      AssumedRoleUser: { AssumedRoleId: session.userId, Arn: session.arn },
      PackedPolicySize: 0,
    };
  }

  reset(): void {
    this.sessions.clear();
  }

  snapshot(): unknown {
    return [...this.sessions];
  }

  restore(state: unknown): void {
    this.sessions = new Map(Array.isArray(state) ? (state as [string, Session][]) : []);
  }
}
