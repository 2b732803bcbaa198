// One transaction API for both engines. On PostgreSQL it also hands out the transaction's raw client,
// so that bulk paths (COPY) run inside the same transaction as the Kysely queries.
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import type { Db } from './connect.js';
import type { Database } from './schema.js';

export interface Tx {
  kysely: Kysely<Database>;
  /** PostgreSQL only: the client the transaction runs on */
  pgClient?: pg.PoolClient;
}

/** A pg "pool" that always hands out the same client: Kysely then runs every query on it. */
function singleClientPool(client: pg.PoolClient) {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    connect: async () => ({ query: (...args: any[]) => (client.query as any)(...args), release() {} }),
    end: async () => {},
  };
}

export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!db.pool) return db.kysely.transaction().execute((trx) => fn({ kysely: trx }));
  const client = await db.pool.connect();
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: singleClientPool(client) as unknown as pg.Pool }) });
  try {
    await client.query('begin');
    const result = await fn({ kysely, pgClient: client });
    await client.query('commit');
    return result;
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * A transaction that writes after reading (check-out, check-in, holds): on SQLite it takes the database's
 * write lock at BEGIN (BEGIN IMMEDIATE), so two processes never both read the same state and then write; on
 * PostgreSQL the repositories lock the rows they decide on (SELECT ... FOR UPDATE).
 * Inside `fn`, use only tx.kysely: on SQLite the one connection is held until the end.
 */
export async function inWriteTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.pool) {
    // PostgreSQL may still abort one of two transactions (deadlock detected, serialization failure): run it again
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(db, fn);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw e;
      }
    }
  }
  return db.kysely.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn({ kysely: conn });
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw e;
    }
  });
}

