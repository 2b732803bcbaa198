// One transaction API for both engines. On PostgreSQL it also hands out the transaction's raw client,
// so that bulk paths (COPY) run inside the same transaction as the Kysely queries.
import { Kysely, PostgresDialect } from 'kysely';
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
