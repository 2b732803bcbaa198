import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngines } from '../../test/helpers/db.js';
import { runCli } from '../../test/helpers/cli.js';
import { seedAccounts } from '../../test/helpers/accounts.js';

const ENGINES = await testEngines();

describe('colophon readers', () => {
  it('prints its usage with the documented columns, and exits 2 on a usage error', async () => {
    const r = await runCli(['readers'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /readers import FILE\.csv/);
    assert.match(r.stderr, /card_number \*/);
    assert.match(r.stderr, /birth_date \*\s+yyyy-mm-dd or dd\/mm\/yyyy/);
    const missing = await runCli(['readers', 'import', '/nonexistent/readers.csv'], {});
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
  });

  for (const engine of ENGINES) {
    it(`imports a CSV file, reports bad rows with their line number, and updates on a second run (${engine.name})`, async () => {
      const t = await engine.create();
      const dir = mkdtempSync(join(tmpdir(), 'colophon-readers-'));
      try {
        await seedAccounts(t.db);
        const file = join(dir, 'lecteurs.csv');
        writeFileSync(
          file,
          Buffer.concat([
            Buffer.from([0xef, 0xbb, 0xbf]),
            Buffer.from(
              [
                'N° de carte;Nom;Prénom;Date de naissance;Courriel;Téléphone;Portable;Catégorie;Bibliothèque;Fin adhésion',
                '2900100006002;Lefort;Hélène;14/07/1990;;;;ADULTE;CENTRALE;',
                '2900100006019;Sans;Date;;;;;ADULTE;CENTRALE;',
                '2900100006026;Roux;Inès;1/2/2003;;;;JEUNE;TILLEULS;',
              ].join('\r\n'),
            ),
          ]),
        );
        const env = { DATA_DIR: dir, DATABASE_URL: t.url };
        const first = await runCli(['readers', 'import', file], env);
        assert.equal(first.code, 0, first.stdout + first.stderr);
        assert.match(first.stdout, /utf-8 \(BOM\), separator ";", 3 rows/);
        assert.match(first.stdout, /^line 3 \(2900100006019\): birth date: Required$/m);
        assert.match(first.stdout, /^created 2, updated 0, unchanged 0, rejected 1$/m);
        const again = await runCli(['readers', 'import', file], env);
        assert.match(again.stdout, /^created 0, updated 0, unchanged 2, rejected 1$/m);
        const n = await t.db.kysely.selectFrom('readers').select('id').where('card_number', 'like', '29001000060%').execute();
        assert.equal(n.length, 2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await t.cleanup();
      }
    });
  }
});
