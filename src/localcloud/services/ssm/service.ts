// The SSM service over awsJson1.1: parses operation inputs, calls the backend, shapes the outputs.
import { AwsError } from '../../contract.js';
import type { Clock, JsonService, RequestContext, SsmPort, StatefulService } from '../../contract.js';
import type { Parameter, ParameterType, ParameterVersion } from './backend.js';
import { SsmBackend, parameterNotFound } from './backend.js';
import { PublicParameters } from './public-parameters.js';
import type { PublicParameterOverrides } from './public-parameters.js';

type Input = Record<string, unknown>;
type Handler = (input: Input, ctx: RequestContext) => unknown;

const TYPES = ['String', 'StringList', 'SecureString'];

function str(input: Input, key: string, required = true): string {
  const value = input[key];
  if (typeof value === 'string') return value;
  if (value === undefined && !required) return '';
  throw new AwsError('ValidationException', `1 validation error detected: Value at '${key.charAt(0).toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`);
}

function strings(input: Input, key: string): string[] {
  const value = input[key];
  return Array.isArray(value) ? value.map(String) : [];
}

/** One page of `items`: MaxResults 1..max (default 10, as SSM), NextToken an opaque offset. */
function pageOf<T>(items: T[], input: Input, max: number): { page: T[]; next?: string } {
  const limit = typeof input.MaxResults === 'number' ? input.MaxResults : 10;
  if (limit < 1 || limit > max) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${limit}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString('utf8')) : 0;
  const page = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(String(start + limit), 'utf8').toString('base64url') : undefined;
  return { page, next };
}

/** SSM Parameter Store (Put/Get/GetParameters/ByPath/Delete/Describe/History/tags). */
export class SsmService implements JsonService, SsmPort, StatefulService {
  readonly name = 'ssm';
  readonly targetPrefix = 'AmazonSSM';
  readonly backend: SsmBackend;
  private readonly handlers: Record<string, Handler>;

  constructor(clock: Clock, publicParameters?: PublicParameterOverrides) {
    this.backend = new SsmBackend(clock, new PublicParameters(publicParameters));
    this.handlers = {
      PutParameter: (i, c) => this.putParameter(i, c),
      GetParameter: (i, c) => ({ Parameter: this.render(c, this.backend.get(c.account, c.region, str(i, 'Name')), i.WithDecryption === true) }),
      GetParameters: (i, c) => this.getParameters(i, c),
      GetParametersByPath: (i, c) => this.getParametersByPath(i, c),
      DeleteParameter: (i, c) => {
        if (!this.backend.delete(c.account, c.region, str(i, 'Name'))) throw parameterNotFound(str(i, 'Name'));
        return {};
      },
      DeleteParameters: (i, c) => {
        const names = strings(i, 'Names');
        const deleted = names.filter((n) => this.backend.delete(c.account, c.region, n));
        return { DeletedParameters: deleted, InvalidParameters: names.filter((n) => !deleted.includes(n)) };
      },
      DescribeParameters: (i, c) => this.describeParameters(i, c),
      GetParameterHistory: (i, c) => this.getParameterHistory(i, c),
      LabelParameterVersion: (i, c) => this.labelParameterVersion(i, c),
      AddTagsToResource: (i, c) => this.changeTags(i, c, 'add'),
      RemoveTagsFromResource: (i, c) => this.changeTags(i, c, 'remove'),
      ListTagsForResource: (i, c) => ({ TagList: this.taggable(i, c).tags }),
    };
  }

  async handle(operation: string, input: Input, ctx: RequestContext): Promise<unknown> {
    const handler = this.handlers[operation];
    if (!handler) throw new AwsError('UnknownOperationException', `${operation} is not implemented by localcloud`);
    return handler(input, ctx);
  }

  private putParameter(i: Input, c: RequestContext): unknown {
    const type = i.Type === undefined ? undefined : String(i.Type);
    if (type !== undefined && !TYPES.includes(type)) {
      throw new AwsError('ValidationException', `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`);
    }
    const tags = Array.isArray(i.Tags) ? (i.Tags as { Key: string; Value: string }[]) : undefined;
    const opt = (k: string): string | undefined => (typeof i[k] === 'string' ? (i[k] as string) : undefined);
    const result = this.backend.put(c.account, c.region, {
      name: str(i, 'Name'),
      value: str(i, 'Value'),
      type: type as ParameterType | undefined,
      overwrite: i.Overwrite === true,
      description: opt('Description'),
      keyId: opt('KeyId'),
      allowedPattern: opt('AllowedPattern'),
      dataType: opt('DataType'),
      tier: opt('Tier'),
      tags,
    });
    return { Version: result.version, Tier: result.tier };
  }

  /** Public parameters' ARNs carry no account, as AWS's do. */
  private arn(c: RequestContext, name: string): string {
    const account = name.startsWith('/aws/') ? '' : c.account;
    return `arn:aws:ssm:${c.region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  }

  /** SecureString values read without decryption come back as an opaque ciphertext. */
  private valueOf(v: ParameterVersion, decrypt: boolean): string {
    if (v.type !== 'SecureString' || decrypt) return v.value;
    return Buffer.from(`localcloud-kms:${v.keyId ?? 'alias/aws/ssm'}:${v.value}`, 'utf8').toString('base64');
  }

  private render(c: RequestContext, found: { parameter: Parameter; version: ParameterVersion }, decrypt: boolean): unknown {
    const { parameter, version } = found;
    const latest = parameter.history.at(-1) === version;
    return {
      Name: parameter.name,
      Type: version.type,
      Value: this.valueOf(version, decrypt),
      Version: version.version,
      Selector: latest ? undefined : `:${version.version}`,
      LastModifiedDate: version.lastModified / 1000,
      ARN: this.arn(c, parameter.name),
      DataType: version.dataType,
    };
  }

  private getParameters(i: Input, c: RequestContext): unknown {
    const names = strings(i, 'Names');
    const found: unknown[] = [];
    const invalid: string[] = [];
    for (const name of names) {
      try {
        found.push(this.render(c, this.backend.get(c.account, c.region, name), i.WithDecryption === true));
      } catch (err) {
        if (!(err instanceof AwsError)) throw err;
        invalid.push(name);
      }
    }
    return { Parameters: found, InvalidParameters: invalid };
  }

  private getParametersByPath(i: Input, c: RequestContext): unknown {
    const path = str(i, 'Path');
    if (!path.startsWith('/')) throw new AwsError('ValidationException', 'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".');
    const base = path.endsWith('/') ? path : `${path}/`;
    const recursive = i.Recursive === true;
    // Public parameters live under /aws/, where nobody may put their own.
    const own = [...this.backend.store(c.account, c.region).values()];
    const candidates = base.startsWith('/aws/') ? this.backend.publicParameters.list(c.region) : own;
    const matching = candidates
      .filter((p) => p.name.startsWith(base) && (recursive || !p.name.slice(base.length).includes('/')))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { page, next } = pageOf(matching, i, 10);
    const decrypt = i.WithDecryption === true;
    return { Parameters: page.map((p) => this.render(c, { parameter: p, version: p.history.at(-1) as ParameterVersion }, decrypt)), NextToken: next };
  }

  private describeParameters(i: Input, c: RequestContext): unknown {
    const filters = Array.isArray(i.ParameterFilters) ? (i.ParameterFilters as { Key: string; Option?: string; Values?: string[] }[]) : [];
    const matches = (p: Parameter): boolean =>
      filters.every((f) => {
        const values = f.Values ?? [];
        const latest = p.history.at(-1) as ParameterVersion;
        if (f.Key === 'Name') return values.some((v) => (f.Option === 'BeginsWith' ? p.name.startsWith(v) : f.Option === 'Contains' ? p.name.includes(v) : p.name === v));
        if (f.Key === 'Type') return values.includes(latest.type);
        if (f.Key === 'Path') {
          return values.some((v) => {
            const base = v.endsWith('/') ? v : `${v}/`;
            return p.name.startsWith(base) && (f.Option === 'Recursive' || !p.name.slice(base.length).includes('/'));
          });
        }
        if (f.Key.startsWith('tag:')) return p.tags.some((t) => t.Key === f.Key.slice(4) && (values.length === 0 || values.includes(t.Value)));
        return true;
      });
    const all = [...this.backend.store(c.account, c.region).values()].filter(matches).sort((a, b) => a.name.localeCompare(b.name));
    const { page, next } = pageOf(all, i, 50);
    return {
      Parameters: page.map((p) => {
        const v = p.history.at(-1) as ParameterVersion;
        return { Name: p.name, ARN: this.arn(c, p.name), Type: v.type, KeyId: v.keyId, Description: v.description, AllowedPattern: v.allowedPattern, Version: v.version, LastModifiedDate: v.lastModified / 1000, LastModifiedUser: `arn:aws:iam::${c.account}:root`, Tier: v.tier, DataType: v.dataType, Policies: [] };
      }),
      NextToken: next,
    };
  }

  private getParameterHistory(i: Input, c: RequestContext): unknown {
    const name = str(i, 'Name');
    const parameter = this.backend.find(c.account, c.region, name);
    if (!parameter) throw parameterNotFound(name);
    const { page, next } = pageOf(parameter.history, i, 50);
    const decrypt = i.WithDecryption === true;
    return {
      Parameters: page.map((v) => ({ Name: name, Type: v.type, KeyId: v.keyId, Value: this.valueOf(v, decrypt), Version: v.version, Description: v.description, AllowedPattern: v.allowedPattern, LastModifiedDate: v.lastModified / 1000, LastModifiedUser: `arn:aws:iam::${c.account}:root`, Labels: v.labels, Tier: v.tier, DataType: v.dataType, Policies: [] })),
      NextToken: next,
    };
  }

  /** Moves each label to the given version (default: the latest); a label lives on one version at a time. */
  private labelParameterVersion(i: Input, c: RequestContext): unknown {
    const name = str(i, 'Name');
    const parameter = this.backend.find(c.account, c.region, name);
    if (!parameter) throw parameterNotFound(name);
    const wanted = typeof i.ParameterVersion === 'number' ? i.ParameterVersion : (parameter.history.at(-1) as ParameterVersion).version;
    const target = parameter.history.find((v) => v.version === wanted);
    if (!target) throw new AwsError('ParameterVersionNotFound', `Systems Manager could not find version ${wanted} of ${name}. Verify the version and try again.`);
    const labels = strings(i, 'Labels');
    const invalid = labels.filter((l) => /^\d/.test(l) || /^(aws|ssm)/i.test(l) || !/^[\w.-]{1,100}$/.test(l));
    const valid = labels.filter((l) => !invalid.includes(l));
    for (const v of parameter.history) v.labels = v.labels.filter((l) => !valid.includes(l));
    target.labels.push(...valid);
    return { InvalidLabels: invalid, ParameterVersion: target.version };
  }

  private taggable(i: Input, c: RequestContext): Parameter {
    if (i.ResourceType !== 'Parameter') throw new AwsError('InvalidResourceType', `${String(i.ResourceType)} tags are not implemented by localcloud`);
    const parameter = this.backend.find(c.account, c.region, str(i, 'ResourceId'));
    if (!parameter) throw new AwsError('InvalidResourceId', 'The resource ID is not valid. Verify that you entered the correct ID and try again.');
    return parameter;
  }

  private changeTags(i: Input, c: RequestContext, how: 'add' | 'remove'): unknown {
    const parameter = this.taggable(i, c);
    if (how === 'add') {
      for (const tag of (Array.isArray(i.Tags) ? i.Tags : []) as { Key: string; Value: string }[]) {
        parameter.tags = [...parameter.tags.filter((t) => t.Key !== tag.Key), { Key: tag.Key, Value: tag.Value }];
      }
    } else {
      const keys = strings(i, 'TagKeys');
      parameter.tags = parameter.tags.filter((t) => !keys.includes(t.Key));
    }
    return {};
  }

  get(account: string, region: string, name: string): ReturnType<SsmPort['get']> {
    const latest = this.backend.find(account, region, name)?.history.at(-1);
    return latest && { value: latest.value, type: latest.type, version: latest.version };
  }

  resolve(account: string, region: string, selector: string): ReturnType<SsmPort['get']> {
    try {
      const { version } = this.backend.get(account, region, selector);
      return { value: version.value, type: version.type, version: version.version };
    } catch (err) {
      if (err instanceof AwsError) return undefined;
      throw err;
    }
  }

  put(account: string, region: string, name: string, value: string, type: ParameterType, options?: { overwrite?: boolean; description?: string }): number {
    return this.backend.put(account, region, { name, value, type, overwrite: options?.overwrite, description: options?.description }).version;
  }

  delete(account: string, region: string, name: string): boolean {
    return this.backend.delete(account, region, name);
  }

  reset(): void {
    this.backend.reset();
  }

  snapshot(): unknown {
    return Object.fromEntries([...this.backend.stores].map(([id, store]) => [id, [...store.values()]]));
  }

  restore(state: unknown): void {
    this.backend.reset();
    for (const [id, params] of Object.entries((state ?? {}) as Record<string, Parameter[]>)) {
      this.backend.stores.set(id, new Map(params.map((p) => [p.name, p])));
    }
  }

  /** Parameters per account x region (values of SecureStrings hidden), for GET /_localcloud/state. */
  state(): Record<string, Record<string, unknown[]>> {
    const out: Record<string, Record<string, unknown[]>> = {};
    for (const [id, store] of this.backend.stores) {
      const [account = '', region = ''] = id.split('/');
      if (store.size === 0) continue;
      (out[account] ??= {})[region] = [...store.values()].map((p) => {
        const v = p.history.at(-1) as ParameterVersion;
        return { name: p.name, type: v.type, version: v.version, value: v.type === 'SecureString' ? '(secure)' : v.value };
      });
    }
    return out;
  }
}
