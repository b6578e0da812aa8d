// `meridian users add | list | role | remove | token | revoke`: people who may use `meridian serve`, their roles and
// API tokens. A token is printed once; the store keeps only its SHA-256 hash.
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Store } from '../../store/index.js';
import { EXIT, UsageError } from '../exit-codes.js';

interface Flags {
  repo: string;
  state?: string;
  json?: boolean;
}

const ROLES = ['viewer', 'approver', 'admin'];

function role(value: string): string {
  if (!ROLES.includes(value)) throw new InvalidArgumentError(`expected one of ${ROLES.join(', ')}`);
  return value;
}

async function withStore<T>(flags: Flags, fn: (store: Store) => T): Promise<T> {
  const stateDir = resolve(flags.state ?? join(resolve(flags.repo), '.meridian'));
  mkdirSync(stateDir, { recursive: true });
  const { openStore } = await import('../../store/index.js');
  const store = openStore(join(stateDir, 'state.db'), { now: () => new Date().toISOString() });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

const actor = () => `cli:${userInfo().username}`;

const common = (cmd: Command) =>
  cmd.option('--repo <dir>', 'the repository whose .meridian holds the state', '.').option('--state <dir>', 'state directory (default: <repo>/.meridian)').option('--json', 'print JSON');

export function registerUsersCommand(program: Command, setExit: (code: number) => void): void {
  const users = program.command('users').description('Manage the users and API tokens of `meridian serve`');

  common(users.command('add <name>').description('Add a user and print their first API token (shown once)'))
    .requiredOption('--role <role>', 'viewer | approver | admin', role)
    .option('--email <email>', 'the identity approvals are checked against (approval.approvers, commit author)')
    .action(async (name: string, flags: Flags & { role: 'viewer' | 'approver' | 'admin'; email?: string }) => {
      const { addUserWithToken, AuthError } = await import('../../server/index.js');
      const { randomBytes } = await import('node:crypto');
      const out = await withStore(flags, (store) => {
        try {
          const created = addUserWithToken(store, { name, role: flags.role, ...(flags.email ? { email: flags.email } : {}) }, (n) => randomBytes(n));
          store.appendAudit({ actor: actor(), action: 'user-add', target: name, outcome: 'ok', data: { role: flags.role, tokenId: created.tokenId } });
          return created;
        } catch (err) {
          if (err instanceof AuthError) throw new UsageError(err.message);
          throw err;
        }
      });
      if (flags.json) process.stdout.write(`${JSON.stringify({ user: out.user, tokenId: out.tokenId, token: out.token }, null, 2)}\n`);
      else process.stdout.write(`added ${out.user.name} (${out.user.role})\ntoken (shown once, keep it secret): ${out.token}\n`);
      setExit(EXIT.ok);
    });

  common(users.command('list').description('List users and their tokens (never the token values)')).action(async (flags: Flags) => {
    const { list, tokens } = await withStore(flags, (store) => ({ list: store.listUsers(), tokens: store.listTokens() }));
    if (flags.json) process.stdout.write(`${JSON.stringify({ users: list, tokens }, null, 2)}\n`);
    else {
      for (const u of list) {
        const mine = tokens.filter((t) => t.userName === u.name);
        process.stdout.write(`${u.name.padEnd(20)}${u.role.padEnd(10)}${(u.email ?? '').padEnd(28)}${mine.map((t) => `${t.id}${t.revokedAt ? ' (revoked)' : ''}`).join(', ')}\n`);
      }
    }
    setExit(EXIT.ok);
  });

  common(users.command('token <name>').description('Issue another API token for a user (shown once)')).action(async (name: string, flags: Flags) => {
    const { issueToken } = await import('../../server/index.js');
    const { randomBytes } = await import('node:crypto');
    const out = await withStore(flags, (store) => {
      if (!store.getUser(name)) throw new UsageError(`no user ${name}`);
      const issued = issueToken(store, name, (n) => randomBytes(n));
      store.appendAudit({ actor: actor(), action: 'token-add', target: name, outcome: 'ok', data: { tokenId: issued.id } });
      return issued;
    });
    process.stdout.write(flags.json ? `${JSON.stringify({ tokenId: out.id, token: out.token })}\n` : `token ${out.id} (shown once): ${out.token}\n`);
    setExit(EXIT.ok);
  });

  common(users.command('revoke <tokenId>').description('Revoke an API token')).action(async (tokenId: string, flags: Flags) => {
    await withStore(flags, (store) => {
      if (!store.revokeToken(tokenId)) throw new UsageError(`no live token ${tokenId}`);
      store.appendAudit({ actor: actor(), action: 'token-revoke', target: tokenId, outcome: 'ok' });
    });
    process.stdout.write(`revoked ${tokenId}\n`);
    setExit(EXIT.ok);
  });

  // The same changes as PATCH/DELETE /api/users/:name, for the person who runs the server's machine.
  common(users.command('role <name> <role>').description("Change a user's role (signed-in sessions follow at their next request)")).action(
    async (name: string, newRole: string, flags: Flags) => {
      if (!ROLES.includes(newRole)) throw new UsageError(`role: expected one of ${ROLES.join(', ')}, not '${newRole}'`);
      const before = await withStore(flags, (store) => {
        const user = store.getUser(name);
        if (!user || !store.setUserRole(name, newRole as 'viewer' | 'approver' | 'admin')) throw new UsageError(`no user ${name}`);
        store.appendAudit({ actor: actor(), action: 'user-role', target: name, outcome: 'ok', data: { from: user.role, to: newRole } });
        return user.role;
      });
      process.stdout.write(flags.json ? `${JSON.stringify({ user: name, from: before, to: newRole })}\n` : `${name}: ${before} -> ${newRole}\n`);
      setExit(EXIT.ok);
    },
  );

  common(users.command('remove <name>').description('Remove a user with their tokens and sessions')).action(async (name: string, flags: Flags) => {
    await withStore(flags, (store) => {
      if (!store.deleteUser(name)) throw new UsageError(`no user ${name}`);
      store.appendAudit({ actor: actor(), action: 'user-delete', target: name, outcome: 'ok' });
    });
    process.stdout.write(flags.json ? `${JSON.stringify({ user: name, deleted: true })}\n` : `removed ${name} (their tokens no longer sign in)\n`);
    setExit(EXIT.ok);
  });
}
