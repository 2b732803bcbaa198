import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './schema.js';
import type { DatabaseEngine } from '../config/config.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-search.js';
import * as m0003 from './migrations/0003-accounts.js';
import * as m0004 from './migrations/0004-circulation.js';
import * as m0005 from './migrations/0005-notices.js';

// The list is explicit (no directory scan) so that tsx, tsc and bundlers all see the same migrations.
const MIGRATIONS: Record<string, { up: (db: Kysely<unknown>, dialect: DatabaseEngine) => Promise<void> }> = {
  '0001-initial': m0001,
  '0002-search': m0002,
  '0003-accounts': m0003,
  '0004-circulation': m0004,
  '0005-notices': m0005,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DatabaseEngine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, this.dialect) };
    return out;
  }
}

/** Applies pending migrations; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>, dialect: DatabaseEngine): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const err = new Error(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`);
    (err as Error & { cause?: unknown }).cause = error;
    throw err;
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
