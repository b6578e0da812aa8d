// The AWS_PROFILE a command will use, read from the shared config and credentials files the way the
// SDK reads them. Two questions need it before any request: does the profile exist (the SDK's own
// error for a missing profile does not name it), and does it point at an emulator (`endpoint_url`),
// which answers in milliseconds and should be polled like one.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ProfileFacts {
  name: string;
  found: boolean;
  /** The profile's `endpoint_url`, if it sets one. */
  endpointUrl?: string;
  /** Every profile the files define, for the error message. */
  known: string[];
  files: string[];
}

type Sections = Map<string, Map<string, string>>;

/** INI sections and their keys; `[profile x]` in the config file is profile `x`. */
function readIni(file: string, config: boolean): Sections {
  const sections: Sections = new Map();
  if (!existsSync(file)) return sections;
  let current: Map<string, string> | undefined;
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1]) {
      const name = header[1];
      // Sub-sections such as [sso-session x] or [services x] are not profiles.
      const profile = config ? (name === 'default' ? name : /^profile\s+(.+)$/.exec(name)?.[1]) : name;
      current = profile ? (sections.get(profile) ?? new Map<string, string>()) : undefined;
      if (profile && current) sections.set(profile, current);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (current && kv?.[1] && kv[2] !== undefined) current.set(kv[1], kv[2]);
  }
  return sections;
}

/** The profile AWS_PROFILE names, or undefined when it is not set. */
export function profileFacts(env: Readonly<Record<string, string | undefined>>): ProfileFacts | undefined {
  const name = env.AWS_PROFILE;
  if (!name) return undefined;
  const home = env.HOME ?? homedir();
  const configFile = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials');
  const config = readIni(configFile, true);
  const credentials = readIni(credentialsFile, false);
  const endpointUrl = config.get(name)?.get('endpoint_url') ?? credentials.get(name)?.get('endpoint_url');
  return {
    name,
    found: config.has(name) || credentials.has(name),
    ...(endpointUrl ? { endpointUrl } : {}),
    known: [...new Set([...config.keys(), ...credentials.keys()])].sort(),
    files: [configFile, credentialsFile],
  };
}

/** True for AWS's own endpoints; anything else (localcloud, LocalStack, moto, a proxy) is an emulator or stand-in. */
export function isAwsEndpoint(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return /(^|\.)amazonaws\.com(\.cn)?$/.test(host) || /(^|\.)api\.aws$/.test(host) || /(^|\.)c2s\.ic\.gov$|(^|\.)sc2s\.sgov\.gov$/.test(host);
  } catch {
    return false;
  }
}
