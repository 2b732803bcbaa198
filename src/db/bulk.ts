/* eslint-disable @typescript-eslint/no-explicit-any -- the bulk helpers serve every table of the schema */
// Bulk inserts, the one place where the two engines take different paths for speed:
// - SQLite: one cached prepared statement run per row inside the caller's transaction (better-sqlite3 is
//   synchronous and in-process, so this is as fast as SQLite goes; Kysely's per-query compilation is skipped);
// - PostgreSQL: one INSERT ... SELECT FROM unnest($1::text[], $2::int[], ...) per chunk, a single round trip
//   whose speed is close to COPY and which, unlike COPY, runs inside the caller's Kysely transaction.
// Ids are allocated before inserting (SQLite: rowid returned per row; PostgreSQL: nextval over the batch),
// so the caller knows each row's id without relying on RETURNING order.
import { sql, type Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Db } from './connect.js';

export type PgType = 'text' | 'int';
export type Columns = ReadonlyArray<readonly [name: string, type: PgType]>;

const statements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

function prepared(db: SQLite.Database, text: string): SQLite.Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(text);
  if (!s) m.set(text, (s = db.prepare(text)));
  return s;
}

const PG_CHUNK = 5000;

/**
 * Inserts rows (objects keyed by column name) into `table` and returns the new ids in row order.
 * `kysely` is the current transaction (or the database); on SQLite it must share db.sqlite's connection.
 */
export async function bulkInsertReturningIds(
  db: Db,
  kysely: Kysely<any>,
  table: string,
  columns: Columns,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<number[]> {
  if (rows.length === 0) return [];
  const names = columns.map(([n]) => n);
  if (db.sqlite) {
    const stmt = prepared(db.sqlite, `insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
    const ids: number[] = new Array(rows.length);
    const values: unknown[] = new Array(names.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      for (let c = 0; c < names.length; c++) values[c] = r[names[c]!] ?? null;
      ids[i] = Number(stmt.run(values).lastInsertRowid);
    }
    return ids;
  }
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += PG_CHUNK) {
    const part = rows.slice(start, start + PG_CHUNK);
    const res = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${part.length})`.execute(kysely);
    const partIds = res.rows.map((r) => r.id);
    await insertUnnest(kysely, table, [['id', 'int'], ...columns], part.map((r, i) => ({ ...r, id: partIds[i] })));
    ids.push(...partIds);
  }
  return ids;
}

/** Inserts rows without returning anything (tables without ids, or ids given). */
export async function bulkInsert(db: Db, kysely: Kysely<any>, table: string, columns: Columns, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  if (db.sqlite) {
    const names = columns.map(([n]) => n);
    const stmt = prepared(db.sqlite, `insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
    const values: unknown[] = new Array(names.length);
    for (const r of rows) {
      for (let c = 0; c < names.length; c++) values[c] = r[names[c]!] ?? null;
      stmt.run(values);
    }
    return;
  }
  for (let start = 0; start < rows.length; start += PG_CHUNK) await insertUnnest(kysely, table, columns, rows.slice(start, start + PG_CHUNK));
}

async function insertUnnest(kysely: Kysely<any>, table: string, columns: Columns, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const arrays = columns.map(([name, type]) => {
    const values = rows.map((r) => r[name] ?? null);
    return sql`${values}::${sql.raw(type === 'int' ? 'int[]' : 'text[]')}`;
  });
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([n]) => sql.ref(n)))}) select * from unnest(${sql.join(arrays)})`.execute(kysely);
}
