// SSM Parameter Store: parameters per account x region, with versions and tags.
import { AwsError } from '../../contract.js';
import type { Clock } from '../../contract.js';
import { PublicParameters } from './public-parameters.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface ParameterVersion {
  version: number;
  value: string;
  type: ParameterType;
  description?: string;
  keyId?: string;
  allowedPattern?: string;
  dataType: string;
  tier: string;
  lastModified: number;
  labels: string[];
}

export interface Parameter {
  name: string;
  history: ParameterVersion[];
  tags: { Key: string; Value: string }[];
}

export interface PutInput {
  name: string;
  value: string;
  type?: ParameterType;
  overwrite?: boolean;
  description?: string;
  keyId?: string;
  allowedPattern?: string;
  dataType?: string;
  tier?: string;
  tags?: { Key: string; Value: string }[];
}

const NAME = /^\/?[a-zA-Z0-9_.\-/]+$/;
const MAX_VALUE = { Standard: 4096, Advanced: 8192 } as Record<string, number>;

function patternOf(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    throw new AwsError('ValidationException', `AllowedPattern ${source} is not a valid regular expression.`);
  }
}

export function parameterNotFound(name: string): AwsError {
  return new AwsError('ParameterNotFound', `Parameter ${name} not found.`);
}

/** Parameters keyed by account, then region, then name. */
export class SsmBackend {
  stores = new Map<string, Map<string, Parameter>>();

  constructor(
    private readonly clock: Clock,
    /** AWS's public parameters (`/aws/service/...`): readable in every account, never stored. */
    readonly publicParameters = new PublicParameters(),
  ) {}

  store(account: string, region: string): Map<string, Parameter> {
    const id = `${account}/${region}`;
    let store = this.stores.get(id);
    if (!store) this.stores.set(id, (store = new Map()));
    return store;
  }

  find(account: string, region: string, name: string): Parameter | undefined {
    return this.store(account, region).get(name) ?? this.publicParameters.find(region, name);
  }

  /** Creates a parameter or, with `overwrite`, a new version of it; returns the version number. */
  put(account: string, region: string, input: PutInput): { version: number; tier: string } {
    if (!NAME.test(input.name) || input.name.length > 2048 || /^\/?aws|^\/?ssm/i.test(input.name)) {
      throw new AwsError('ValidationException', `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive), and must use only a-zA-Z0-9_.-/ (got "${input.name}").`);
    }
    if (input.name.includes('/') && !input.name.startsWith('/')) {
      throw new AwsError('ValidationException', 'Parameter name must be a fully qualified name.');
    }
    const tier = input.tier === 'Advanced' ? 'Advanced' : 'Standard';
    if (input.value.length === 0 || input.value.length > (MAX_VALUE[tier] ?? 4096)) {
      throw new AwsError('ValidationException', `1 validation error detected: Value '${input.value.length === 0 ? '' : '...'}' at 'value' failed to satisfy constraint: Member must have length between 1 and ${MAX_VALUE[tier]}`);
    }
    if (input.allowedPattern && !patternOf(input.allowedPattern).test(input.value)) {
      throw new AwsError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${input.allowedPattern}`);
    }
    const store = this.store(account, region);
    const existing = store.get(input.name);
    if (existing && !input.overwrite) {
      throw new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    }
    if (existing && input.tags && input.tags.length > 0) {
      throw new AwsError('ValidationException', 'Invalid request: tags and overwrite can\'t be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.');
    }
    const previous = existing?.history.at(-1);
    const type = input.type ?? previous?.type;
    if (!type) throw new AwsError('ValidationException', 'A parameter type is required when you create a parameter.');
    if (previous && input.type && input.type !== previous.type && !input.overwrite) {
      throw new AwsError('HierarchyTypeMismatchException', 'The parameter type cannot be changed.');
    }
    const version: ParameterVersion = {
      version: (previous?.version ?? 0) + 1,
      value: input.value,
      type,
      description: input.description ?? previous?.description,
      keyId: type === 'SecureString' ? (input.keyId ?? previous?.keyId ?? 'alias/aws/ssm') : undefined,
      allowedPattern: input.allowedPattern ?? previous?.allowedPattern,
      dataType: input.dataType ?? previous?.dataType ?? 'text',
      tier,
      lastModified: this.clock.now(),
      labels: [],
    };
    if (existing) existing.history.push(version);
    else store.set(input.name, { name: input.name, history: [version], tags: input.tags ?? [] });
    return { version: version.version, tier };
  }

  /** `name`, `name:3` (a version) or `name:label`. */
  get(account: string, region: string, selector: string): { parameter: Parameter; version: ParameterVersion } {
    const colon = selector.lastIndexOf(':');
    const name = colon > 0 ? selector.slice(0, colon) : selector;
    const parameter = this.find(account, region, name);
    if (!parameter) throw parameterNotFound(selector);
    if (colon <= 0) return { parameter, version: parameter.history.at(-1) as ParameterVersion };
    const wanted = selector.slice(colon + 1);
    const version = /^\d+$/.test(wanted) ? parameter.history.find((v) => v.version === Number(wanted)) : parameter.history.find((v) => v.labels.includes(wanted));
    if (!version) throw new AwsError('ParameterVersionNotFound', `Systems Manager could not find version ${wanted} of ${name}. Verify the version and try again.`);
    return { parameter, version };
  }

  delete(account: string, region: string, name: string): boolean {
    return this.store(account, region).delete(name);
  }

  reset(): void {
    this.stores.clear();
  }
}
