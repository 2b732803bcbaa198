import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import type { Config, DatabaseEngine } from '../config/config.js';

export interface Db {
  kysely: Kysely<Database>;
  engine: DatabaseEngine;
  /** The raw better-sqlite3 handle (SQLite only): bulk paths use prepared statements directly. */
  sqlite?: SQLite.Database;
  /** The raw pg pool (PostgreSQL only): bulk paths use COPY. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// PostgreSQL: return int8 (count(*), sums) as JS numbers, as SQLite does. Our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * A pg client that runs Kysely's data statements as named prepared statements, so that PostgreSQL parses and
 * plans each distinct SQL text once per connection instead of at every execution (the desk's short statements
 * spend about as long there as running). At most PREPARED_PER_CONNECTION texts a connection (queries with
 * IN-lists of every length would otherwise prepare without end); the others run unnamed, as before.
 */
const PREPARED_PER_CONNECTION = 500;
class PreparingClient extends pg.Client {
  private readonly prepared = new Map<string, string>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && /^\s*(select|insert|update|delete|with)\b/i.test(config)) {
      let name = this.prepared.get(config);
      if (!name && this.prepared.size < PREPARED_PER_CONNECTION) this.prepared.set(config, (name = `k${this.prepared.size + 1}`));
      if (name) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

export function openDb(database: Config['database']): Db {
  if (database.engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10, Client: PreparingClient });
    // An idle connection the server closes (restart, pg_terminate_backend) is reported here; without a
    // listener it would crash the process. The pool replaces it on the next query.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL idle connection closed: ${err.message}`));
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, engine: 'postgres', pool, close: () => kysely.destroy() };
  }
  if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // 64 MiB page cache (default 2 MiB): index maintenance during imports stays in memory.
  sqlite.pragma('cache_size = -65536');
  // Another process (CLI import, worker) may hold the write lock for a moment: wait rather than fail.
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, engine: 'sqlite', sqlite, close: () => kysely.destroy() };
}

/**
 * Kysely's SQLite driver prepares every query anew, which costs as much as running a short one (a notice run's
 * or a desk's small UPDATEs). This keeps the most recent statements prepared, by their SQL. Reusing one is safe:
 * Kysely runs one query at a time on its single SQLite connection, a stream (iterate) included.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      }
      return (sql: string) => {
        let stmt = cache.get(sql);
        if (stmt) cache.delete(sql);
        else {
          stmt = target.prepare(sql);
          if (cache.size >= size) cache.delete(cache.keys().next().value!);
        }
        cache.set(sql, stmt); // most recent last
        return stmt;
      };
    },
  });
}
