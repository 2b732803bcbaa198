import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngines } from '../../test/helpers/db.js';
import { runCli } from '../../test/helpers/cli.js';
import { CatalogueImporter } from '../services/import.service.js';
import { readMarcBuffer } from '../marc/readers.js';
import { MemorySearchEngine } from './memory-engine.js';
import { SearchRepository } from '../repositories/search.repository.js';

const ENGINES = await testEngines();

const leader = '00000nam a2200000 i 4500';
function bib(cn: string, title: string, barcode: string): object {
  return {
    leader,
    fields: [
      { '001': cn },
      { '008': '200101s2020    fr            000 0 fre d' },
      { '245': { ind1: '1', ind2: '0', subfields: [{ a: title }] } },
      { '952': { ind1: ' ', ind2: ' ', subfields: [{ a: 'MAIN' }, { b: 'MAIN' }, { p: barcode }, { y: 'BK' }] } },
    ],
  };
}

async function until(cond: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

for (const engine of ENGINES) {
  describe(`in-memory search engine follows the database (${engine.name})`, () => {
    it('sees records imported by another process (the CLI) and availability changes', async () => {
      const t = await engine.create();
      const dir = mkdtempSync(join(tmpdir(), 'colophon-follow-'));
      const search = await MemorySearchEngine.open(t.db.kysely, { followIntervalMs: 0 });
      try {
        const first = new CatalogueImporter(t.db);
        await first.importItems('t', readMarcBuffer(Buffer.from(JSON.stringify([bib('R1', 'Les écoles du Nord', 'B1')])), 'mij'));
        assert.equal((await search.search({ query: 'ecole' })).total, 0, 'not seen before catching up');
        await search.catchUp();
        assert.equal((await search.search({ query: 'ecole' })).total, 1);

        // Another process imports a file: the change log carries it to this process's index.
        const file = join(dir, 'more.json');
        writeFileSync(file, JSON.stringify([bib('R2', 'Une école buissonnière', 'B2'), bib('R1', 'Les collèges du Nord', 'B1')]));
        await t.db.close().catch(() => {});
        const res = await runCli(['import', file], { DATABASE_URL: t.url, DATA_DIR: dir });
        assert.equal(res.code, 0, res.stderr);
        const reopened = await (await import('../db/connect.js')).openDb(t.database);
        const follower = await MemorySearchEngine.open(reopened.kysely, { followIntervalMs: 20 });
        try {
          const r = await follower.search({ query: 'ecole' });
          assert.deepEqual(r.total, 1, 'R1 no longer has "école" in its title; R2 has');
          // A check-out elsewhere: the copy leaves the shelf and the change log says so.
          const before = await follower.search({ query: 'college', filters: { available: true } });
          assert.equal(before.total, 1);
          const rec = await reopened.kysely.selectFrom('records').select('id').where('control_number', '=', 'R1').executeTakeFirstOrThrow();
          await reopened.kysely.updateTable('copies').set({ status: 'on_loan' }).where('barcode', '=', 'B1').execute();
          await new SearchRepository(reopened.kysely).recordChanges([rec.id], 'availability', new Date().toISOString());
          const seen = await until(async () => (await follower.search({ query: 'college', filters: { available: true } })).total === 0);
          assert.equal(seen, true, 'the follower saw the copy leave the shelf within its polling interval');
          assert.equal((await follower.search({ query: 'college' })).total, 1, 'the record itself is still found');
        } finally {
          await follower.close();
          await reopened.close();
        }
      } finally {
        await search.close();
        rmSync(dir, { recursive: true, force: true });
        await t.cleanup().catch(() => {});
      }
    });
  });
}
