// better-sqlite3 compiles the SQL text at every db.prepare. The journal runs the same few statements
// thousands of times a run (each poll writes a step or an event), so each text is compiled once per
// database and the compiled statement reused.
import type Database from 'better-sqlite3';

/** A `prepare` that returns the same compiled statement for the same SQL text. */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
}
