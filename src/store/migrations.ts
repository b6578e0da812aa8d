// Schema migrations, applied in order and recorded in `schema_migrations`. Append; never edit a shipped one.
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'runs, steps, events, approvals, artifacts',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        pipeline TEXT NOT NULL,
        status TEXT NOT NULL,
        commit_sha TEXT NOT NULL,
        branch TEXT,
        author_name TEXT,
        author_email TEXT,
        message TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT,
        data TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX runs_pipeline ON runs (pipeline, created_at);
      CREATE TABLE steps (
        run_id TEXT NOT NULL REFERENCES runs(id),
        key TEXT NOT NULL,
        stage TEXT NOT NULL,
        region TEXT,
        stack TEXT,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 0,
        started_at TEXT,
        finished_at TEXT,
        data TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (run_id, key)
      );
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        time TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX events_run ON events (run_id, seq);
      -- The journal is append-only: the database refuses to rewrite history.
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TABLE approvals (
        run_id TEXT PRIMARY KEY REFERENCES runs(id),
        decision TEXT NOT NULL,
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        comment TEXT
      );
      CREATE TABLE artifacts (
        run_id TEXT NOT NULL,
        stack TEXT NOT NULL,
        region TEXT NOT NULL,
        account TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL,
        PRIMARY KEY (run_id, stack, region, account)
      );
      CREATE TABLE last_approved (
        pipeline TEXT NOT NULL,
        stack TEXT NOT NULL,
        region TEXT NOT NULL,
        account TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        at TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (pipeline, stack, region, account)
      );
      CREATE TABLE locks (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'users and tokens',
    sql: `
      CREATE TABLE users (
        name TEXT PRIMARY KEY,
        email TEXT,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'approver', 'admin')),
        created_at TEXT NOT NULL
      );
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        user_name TEXT NOT NULL REFERENCES users(name),
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
    `,
  },
  {
    version: 3,
    name: 'audit journal, webhook deliveries, server state',
    sql: `
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}'
      );
      -- Like the events journal, the audit journal is append-only.
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      CREATE TABLE webhook_deliveries (
        source TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (source, delivery_id)
      );
      CREATE TABLE server_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'notification outbox',
    sql: `
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        url TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (run_id, kind, url)
      );
      CREATE INDEX notifications_due ON notifications (status, next_at);
    `,
  },
  {
    version: 5,
    name: 'run leases and cancel requests',
    sql: `
      CREATE TABLE run_leases (
        run_id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        acquired_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE run_cancels (
        run_id TEXT PRIMARY KEY,
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        comment TEXT
      );
    `,
  },
  {
    version: 6,
    name: 'how an approver was identified',
    sql: `
      -- git (the committer identity of the CLI's repository), any (approval.cliIdentity: any),
      -- server-token or server-session; NULL for decisions recorded before this column.
      ALTER TABLE approvals ADD COLUMN via TEXT;
    `,
  },
  {
    version: 7,
    name: 'dashboard sessions',
    // Keyed by the SHA-256 of the cookie value: reading the file does not sign anyone in. A session
    // belongs to the token it was opened with, so revoking the token ends it. Times in ms.
    sql: `
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        token_id TEXT NOT NULL REFERENCES tokens(id),
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_token ON sessions (token_id);
    `,
  },
];
