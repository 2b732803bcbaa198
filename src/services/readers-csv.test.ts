import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/helpers/db.js';
import { countingHasher, seedAccounts, testClock } from '../../test/helpers/accounts.js';
import { decodeCsvBytes, detectSeparator, importReadersCsv, parseCsv, parseReadersCsv } from './readers-csv.js';
import { AuthService } from './auth.service.js';

const ENGINES = await testEngines();

/** Windows-1252 bytes of a string (the characters used here are all in it). */
function cp1252(s: string): Buffer {
  const table: Record<string, number> = { '€': 0x80, 'œ': 0x9c, 'Œ': 0x8c, '’': 0x92 };
  return Buffer.from([...s].map((ch) => table[ch] ?? (ch.charCodeAt(0) <= 0xff ? ch.charCodeAt(0) : 0x3f)));
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('CSV reading', () => {
  it('decodes UTF-8 with or without BOM, UTF-16 with BOM, and falls back to Windows-1252', () => {
    assert.deepEqual(decodeCsvBytes(Buffer.concat([BOM, Buffer.from('Hélène')])), { text: 'Hélène', encoding: 'utf-8', bom: true });
    assert.deepEqual(decodeCsvBytes(Buffer.from('Hélène')), { text: 'Hélène', encoding: 'utf-8', bom: false });
    assert.deepEqual(decodeCsvBytes(cp1252('Hélène Cœur ’')), { text: 'Hélène Cœur ’', encoding: 'windows-1252', bom: false });
    assert.deepEqual(decodeCsvBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hélène', 'utf16le')])), { text: 'Hélène', encoding: 'utf-16le', bom: true });
  });
  it('finds the separator in the header line, ignoring quoted ones', () => {
    assert.equal(detectSeparator('a;b;c\n1,2;3'), ';');
    assert.equal(detectSeparator('a,b,c\n1;2;3;4;5'), ',');
    assert.equal(detectSeparator('"a;b",c,d\n'), ',');
    assert.equal(detectSeparator('a\tb\tc\n'), '\t');
  });
  it('parses quoted fields, doubled quotes and line breaks inside quotes, and keeps the starting line of each row', () => {
    const rows = parseCsv('h1;h2\r\n"a;1";"say ""hi"""\r\n\r\n"multi\nline";x\n;;\nlast;y', ';');
    assert.deepEqual(rows, [
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: ['a;1', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', 'x'] },
      { line: 7, cells: ['last', 'y'] },
    ]);
  });
  it('maps French and English headers, whatever their case and accents, and reports the others', () => {
    const p = parseReadersCsv(Buffer.from('Numéro de carte;NOM;Prénom;Date de naissance;Catégorie;Bibliothèque;Remarque\n'));
    assert.deepEqual(p.missingColumns, []);
    assert.deepEqual(p.ignoredColumns, ['Remarque']);
    const q = parseReadersCsv(Buffer.from('card_number,last_name\n1,2\n'));
    assert.deepEqual(q.missingColumns, ['first_name', 'birth_date', 'category', 'home_library']);
  });
});

for (const engine of ENGINES) {
  describe(`readers CSV import (${engine.name})`, () => {
    it('imports a UTF-8 file with BOM, semicolons and dd/mm/yyyy dates; imported readers sign in with the initial password and must change it', async () => {
      const t = await engine.create();
      try {
        const clock = testClock();
        await seedAccounts(t.db, clock.now());
        const csv = [
          'numero_carte;nom;prenom;date_naissance;courriel;telephone;portable;categorie;bibliotheque;fin_adhesion',
          '2900 1000 0100 1;Lefort;Hélène;14/07/1990;helene.lefort@example.org;03 53 01 10 01;;ADULTE;CENTRALE;31/12/2026',
          '2900100001018;Nguyễn;Thảo;2012-02-29;;;06 39 98 10 18;jeune;tilleuls;',
        ].join('\r\n');
        const hasher = countingHasher();
        const r = await importReadersCsv(t.db, Buffer.concat([BOM, Buffer.from(csv)]), { now: clock.now, hasher });
        assert.deepEqual(
          { encoding: r.encoding, bom: r.bom, separator: r.separator, rows: r.rows, created: r.created, updated: r.updated, rejected: r.rejected },
          { encoding: 'utf-8', bom: true, separator: ';', rows: 2, created: 2, updated: 0, rejected: [] },
        );
        const rows = await t.db.kysely.selectFrom('readers').select(['card_number', 'first_name', 'birth_date', 'membership_expires', 'phone', 'mobile', 'must_change_password']).where('card_number', 'in', ['2900100001001', '2900100001018']).orderBy('card_number').execute();
        assert.deepEqual(rows, [
          { card_number: '2900100001001', first_name: 'Hélène', birth_date: '1990-07-14', membership_expires: '2026-12-31', phone: '03 53 01 10 01', mobile: null, must_change_password: 1 },
          { card_number: '2900100001018', first_name: 'Thảo', birth_date: '2012-02-29', membership_expires: null, phone: null, mobile: '06 39 98 10 18', must_change_password: 1 },
        ]);
        const auth = new AuthService({ db: t.db, now: clock.now });
        const s = await auth.signIn('2900100001001', '1990', { ip: '203.0.113.7' });
        assert.equal(s.ok && s.mustChangePassword, true);
      } finally {
        await t.cleanup();
      }
    });

    it('imports a Windows-1252 file with commas, reports bad rows with their line number and reasons, and imports the good ones', async () => {
      const t = await engine.create();
      try {
        const clock = testClock();
        await seedAccounts(t.db, clock.now());
        const csv = [
          'card_number,last_name,first_name,birth_date,email,phone,mobile,category,home_library,membership_expiry',
          '2900100002008,Cœuret,Hélène,27/10/1968,helene.coeuret@example.org,,,ADULTE,CENTRALE,2027-01-31',
          '2900100002015,Dupré,,31/02/1990,pas-une-adresse,,,ADULTE,NULLEPART,',
          '"2900100002022","Lemaître, dit ""Le Grand""",Loïc,1975-05-05,,,,ADULTE,TILLEULS,',
          '2900100002008,Doublon,Zoé,1980-01-01,,,,ADULTE,CENTRALE,',
          '12,Court,Ana,1980-01-01,,,,INCONNUE,CENTRALE,',
        ].join('\r\n');
        const r = await importReadersCsv(t.db, cp1252(csv), { now: clock.now });
        assert.equal(r.encoding, 'windows-1252');
        assert.equal(r.separator, ',');
        assert.equal(r.created, 2);
        assert.deepEqual(
          r.rejected.map((x) => [x.line, x.errors.map((e) => `${e.field}:${e.code}`)]),
          [
            [3, ['firstName:REQUIRED', 'birthDate:DATE_INVALID', 'email:EMAIL_INVALID', 'homeLibraryCode:HOME_LIBRARY_UNKNOWN']],
            [5, ['cardNumber:CARD_NUMBER_REPEATED_IN_FILE']],
            [6, ['cardNumber:CARD_NUMBER_INVALID', 'categoryCode:CATEGORY_UNKNOWN']],
          ],
        );
        const names = await t.db.kysely.selectFrom('readers').select(['last_name', 'first_name']).where('card_number', 'in', ['2900100002008', '2900100002022']).orderBy('card_number').execute();
        assert.deepEqual(names, [
          { last_name: 'Cœuret', first_name: 'Hélène' },
          { last_name: 'Lemaître, dit "Le Grand"', first_name: 'Loïc' },
        ]);
      } finally {
        await t.cleanup();
      }
    });

    it('updates instead of duplicating when the same file is imported again, and keeps passwords readers chose', async () => {
      const t = await engine.create();
      try {
        const clock = testClock();
        const f = await seedAccounts(t.db, clock.now());
        const header = 'card_number;last_name;first_name;birth_date;email;phone;mobile;category;home_library;membership_expires';
        const v1 = [header, '2900100003005;Petit;Jules;02/03/2001;;;;ADULTE;CENTRALE;2026-12-31', `${f.readers.camille.cardNumber};Martin;Camille;12/03/1984;camille.martin@example.org;;;ADULTE;CENTRALE;2027-06-30`].join('\n');
        const first = await importReadersCsv(t.db, Buffer.from(v1), { now: clock.now });
        assert.deepEqual([first.created, first.updated, first.unchanged], [1, 1, 0]);
        const again = await importReadersCsv(t.db, Buffer.from(v1), { now: clock.now });
        assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 2]);
        const v2 = v1.replace('2026-12-31', '2027-12-31').replace(';;;;ADULTE;CENTRALE;2027-12-31', ';jules.petit@example.org;;;ADULTE;TILLEULS;2027-12-31');
        const third = await importReadersCsv(t.db, Buffer.from(v2), { now: clock.now });
        assert.deepEqual([third.created, third.updated, third.unchanged], [0, 1, 1]);
        const jules = await t.db.kysely.selectFrom('readers').selectAll().where('card_number', '=', '2900100003005').execute();
        assert.equal(jules.length, 1);
        assert.deepEqual([jules[0]!.email, jules[0]!.membership_expires, jules[0]!.home_library_id], ['jules.petit@example.org', '2027-12-31', f.libraries.TILLEULS]);
        const auth = new AuthService({ db: t.db, now: clock.now });
        assert.equal((await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, { ip: '203.0.113.7' })).ok, true, "Camille's own password is kept");
      } finally {
        await t.cleanup();
      }
    });

    it('hashes each distinct initial password once per import', async () => {
      const t = await engine.create();
      try {
        await seedAccounts(t.db);
        const header = 'card_number;last_name;first_name;birth_date;category;home_library';
        const lines = Array.from({ length: 30 }, (_, i) => `29001000040${String(i).padStart(2, '0')};Nom${i};Prénom;0${(i % 9) + 1}/01/${i % 2 ? 1990 : 1991};ADULTE;CENTRALE`);
        const hasher = countingHasher();
        const r = await importReadersCsv(t.db, Buffer.from([header, ...lines].join('\n')), { hasher });
        assert.equal(r.created, 30);
        assert.equal(hasher.hashed, 2, 'birth years 1990 and 1991');
      } finally {
        await t.cleanup();
      }
    });

    it('imports nothing when a required column is missing', async () => {
      const t = await engine.create();
      try {
        await seedAccounts(t.db);
        const r = await importReadersCsv(t.db, Buffer.from('card_number;last_name\n2900100005001;Petit\n'));
        assert.deepEqual(r.missingColumns, ['first_name', 'birth_date', 'category', 'home_library']);
        assert.equal(r.created, 0);
      } finally {
        await t.cleanup();
      }
    });
  });
}
