// Bulk inserts, the one place where the two engines take different paths for speed:
// - SQLite: one cached prepared statement run per row inside the caller's transaction (better-sqlite3 is
//   synchronous and in-process, so this is as fast as SQLite goes; Kysely's per-query compilation is skipped);
// - PostgreSQL: COPY ... FROM STDIN on the transaction's own client (see transaction.ts). Ids are allocated
//   first with nextval over the batch, so the caller knows each row's id without RETURNING.
import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './connect.js';
import type { Tx } from './transaction.js';

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

function sqliteInsert(db: SQLite.Database, table: string, names: string[], rows: ReadonlyArray<Record<string, unknown>>, ids?: number[]): void {
  const stmt = prepared(db, `insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
  const values: unknown[] = new Array(names.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let c = 0; c < names.length; c++) values[c] = r[names[c]!] ?? null;
    const res = stmt.run(values);
    if (ids) ids[i] = Number(res.lastInsertRowid);
  }
}

// COPY text format: backslash, tab, newline and carriage return are escaped; \N is NULL.
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
}

async function pgCopy(tx: Tx, table: string, names: string[], rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (!tx.pgClient) throw new Error('bulk insert on PostgreSQL needs a transaction from inTransaction()');
  const stream = tx.pgClient.query(copyFrom(`copy ${table} (${names.join(', ')}) from stdin`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const CHUNK = 500;
  for (let start = 0; start < rows.length; start += CHUNK) {
    let text = '';
    const end = Math.min(rows.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      for (let c = 0; c < names.length; c++) text += (c ? '\t' : '') + copyValue(r[names[c]!]);
      text += '\n';
    }
    if (!stream.write(text)) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();
  await done;
}

/** Inserts rows (objects keyed by column name) into `table` and returns the new ids in row order. */
export async function bulkInsertReturningIds(db: Db, tx: Tx, table: string, columns: Columns, rows: ReadonlyArray<Record<string, unknown>>): Promise<number[]> {
  if (rows.length === 0) return [];
  const names = columns.map(([n]) => n);
  if (db.sqlite) {
    const ids: number[] = new Array(rows.length);
    sqliteInsert(db.sqlite, table, names, rows, ids);
    return ids;
  }
  const res = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${rows.length})`.execute(tx.kysely);
  const ids = res.rows.map((r) => r.id);
  await pgCopy(tx, table, ['id', ...names], rows.map((r, i) => ({ ...r, id: ids[i] })));
  return ids;
}

/** Inserts rows without returning anything. */
export async function bulkInsert(db: Db, tx: Tx, table: string, columns: Columns, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([n]) => n);
  if (db.sqlite) sqliteInsert(db.sqlite, table, names, rows);
  else await pgCopy(tx, table, names, rows);
}
