import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testEngines } from '../../test/helpers/db.js';

const ENGINES = await testEngines();

for (const engine of ENGINES) {
  describe(`database connections (${engine.name})`, () => {
    it('run the same statement many times and many distinct statements, with their results', async () => {
      const t = await engine.create();
      try {
        const k = t.db.kysely;
        for (let i = 0; i < 5; i++) assert.equal(Number((await sql<{ x: number }>`select ${i} + 1 as x`.execute(k)).rows[0]!.x), i + 1);
        // more distinct texts than either cache keeps (500): the oldest are dropped or run unprepared, never wrong
        const ids = Array.from({ length: 600 }, (_, i) => i + 1);
        for (const n of [1, 300, 599, 600, 2, 1]) {
          const rows = await k.selectFrom('libraries').select('id').where('id', 'in', ids.slice(0, n)).execute();
          assert.deepEqual(rows, [], `IN-list of ${n}`);
        }
        // a statement that fails does not poison the next run of the same text
        const add = (code: string) => k.insertInto('reader_categories').values({ code, name: code }).execute();
        await add('ADULTE');
        await assert.rejects(add('ADULTE'), /unique|duplicate/i);
        await assert.rejects(add('ADULTE'), /unique|duplicate/i);
        await add('JEUNE');
        assert.deepEqual((await k.selectFrom('reader_categories').select('code').orderBy('code').execute()).map((r) => r.code), ['ADULTE', 'JEUNE']);
      } finally {
        await t.cleanup();
      }
    });

    if (engine.name === 'postgres') {
      it('PostgreSQL parses and plans each statement once per connection (named prepared statements)', async () => {
        const t = await engine.create();
        try {
          const client = await t.db.pool!.connect();
          try {
            const text = 'select count(*)::int as n from libraries where id > $1';
            for (let i = 0; i < 3; i++) assert.equal((await client.query(text, [i])).rows[0].n, 0);
            const prepared = await client.query('select statement from pg_prepared_statements where statement = $1', [text]);
            assert.equal(prepared.rows.length, 1, 'prepared once, run three times');
            // transaction control is never prepared
            await client.query('begin');
            await client.query('commit');
            const all = await client.query<{ statement: string }>('select statement from pg_prepared_statements');
            assert.ok(!all.rows.some((r) => /^\s*(begin|commit)/i.test(r.statement)), all.rows.map((r) => r.statement).join('; '));
          } finally {
            client.release();
          }
        } finally {
          await t.cleanup();
        }
      });
    }
  });
}
