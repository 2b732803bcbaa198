import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testEngines } from '../../test/helpers/db.js';
import { migrateToLatest } from './migrate.js';

const ENGINES = await testEngines();

for (const engine of ENGINES) {
  describe(`migrations (${engine.name})`, () => {
    it('creates every table on an empty database and is a no-op the second time', async () => {
      const t = await engine.create({ migrate: false });
      try {
        const applied = await migrateToLatest(t.db.kysely, engine.name);
        assert.deepEqual(applied, ['0001-initial', '0002-search', '0003-accounts', '0004-circulation', '0005-notices']);
        assert.deepEqual(await migrateToLatest(t.db.kysely, engine.name), []);
        const tables = (await t.db.kysely.introspection.getTables()).map((x) => x.name).sort();
        for (const name of ['libraries', 'records', 'copies', 'readers', 'staff', 'loan_types', 'reader_categories', 'record_identifiers']) {
          assert.ok(tables.includes(name), `table ${name} exists`);
        }
      } finally {
        await t.cleanup();
      }
    });

    it('enforces foreign keys and unique barcodes', async () => {
      const t = await engine.create();
      try {
        const now = new Date().toISOString();
        await assert.rejects(
          t.db.kysely.insertInto('library_closures').values({ library_id: 999, start_date: '2026-01-01', end_date: '2026-01-02', reason: 'x' }).execute(),
        );
        const lib = await t.db.kysely.insertInto('libraries').values({ code: 'A', name: 'A', created_at: now }).returning('id').executeTakeFirstOrThrow();
        assert.equal(typeof lib.id, 'number');
        const count = await sql<{ n: number }>`select count(*) as n from libraries`.execute(t.db.kysely);
        assert.equal(Number(count.rows[0]?.n), 1);
        await assert.rejects(t.db.kysely.insertInto('libraries').values({ code: 'A', name: 'again', created_at: now }).execute());
      } finally {
        await t.cleanup();
      }
    });
  });
}
