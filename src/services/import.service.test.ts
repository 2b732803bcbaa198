import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/helpers/db.js';
import { sharedDataSkip, sharedFile } from '../../test/helpers/shared-data.js';
import { importFiles } from './import.service.js';
import { CatalogueRepository } from '../repositories/catalogue.repository.js';
import { readMarcBuffer } from '../marc/readers.js';
import { CatalogueImporter } from './import.service.js';

const ENGINES = await testEngines();
const skip = sharedDataSkip();

// Every record file of ../shared/data with the record count its README gives.
const FILES: Array<[string, number]> = [
  ['unimarc/fnsp-sciencespo-periodicals-3064.unimarc.iso2709.mrc', 3064],
  ['unimarc/fnsp-sciencespo-periodicals-3064.unimarc.marcxml', 3064],
  ['unimarc/marcjs-bnf-6.unimarc.iso2709.mrc', 6],
  ['unimarc/marcjs-bnf-6.unimarc.marcxml', 6],
  ['unimarc/marcjs-bnf-6.unimarc.mij.json', 6],
  ['unimarc/pymarc-testunimarc-1.unimarc.iso2709.mrc', 1],
  ['unimarc/qa-catalogue-bnr-serial-11.unimarc.iso2709.mrc', 11],
  ['unimarc/qa-catalogue-bnr-short-10.unimarc.iso2709.mrc', 10],
  ['marc21/solrmarc-uva-sirsi-2000.marc8.iso2709.mrc', 2000],
  ['marc21/evergreen-jazz-1000.marc8.iso2709.mrc', 1000],
  ['marc21/evergreen-nepali-96.utf8.iso2709.mrc', 96],
  ['marc21/evergreen-oss-42.marc8.iso2709.mrc', 42],
  ['marc21/evergreen-serials-bibs.marcxml', 7],
  ['marc21/evergreen-serials-mfhd-holdings.marcxml', 7],
  ['marc21/loc-booksall-2014-sample-100.utf8.iso2709.mrc', 100],
  ['marc21/pymarc-test-10.iso2709.mrc', 10],
  ['marc21/pymarc-batch-2.marcxml', 2],
  ['marc21/pymarc-batch-2.mij.json', 2],
  ['marc21/marc4j-bad-hathi-5-malformed.iso2709.mrc', 5],
  ['authorities/evergreen-iish-dutch-authorities-1066.iso2709.mrc', 1066],
  ['derived/solrmarc-uva-sirsi-2000.utf8-via-yaz.iso2709.mrc', 2000],
];

for (const engine of ENGINES) {
  describe(`catalogue import of the shared record files (${engine.name})`, { skip }, () => {
    for (const [file, count] of FILES) {
      it(`imports ${file} into a fresh database with created + updated + skipped = ${count}`, async () => {
        const t = await engine.create();
        try {
          const r = await importFiles(t.db, [sharedFile(file)]);
          assert.equal(r.read, count, 'records read');
          assert.equal(r.created + r.updated + r.skipped, count);
          const stored = await new CatalogueRepository(t.db).countRecords();
          assert.equal(stored, r.created, 'one row per created record');
          if (file.startsWith('authorities/')) assert.deepEqual(r.notBibliographic, { authority: count });
          if (file.includes('mfhd')) assert.deepEqual(r.notBibliographic, { holdings: count });
          assert.deepEqual(r.malformed, [], 'every record of the shared files can be read (damaged ones are repaired)');
          if (file.includes('bad-hathi')) {
            // Record 4 is 1 096 887 bytes with "99999" as its length and base address: it is read up to its
            // record terminator (as marc4j's permissive reader does) and reported as repaired.
            assert.equal(r.repaired.length, 1, JSON.stringify(r.repaired));
            assert.equal(r.repaired[0]!.index, 4);
            assert.equal(r.repaired[0]!.offset, 6343);
            assert.match(r.repaired[0]!.reason, /99999/);
          }
        } finally {
          await t.cleanup();
        }
      });
    }

    it('re-importing the UVA file updates every record instead of duplicating, and keeps its copies', async () => {
      const t = await engine.create();
      try {
        const file = sharedFile('marc21/solrmarc-uva-sirsi-2000.marc8.iso2709.mrc');
        const first = await importFiles(t.db, [file]);
        const repo = new CatalogueRepository(t.db);
        const records = await repo.countRecords();
        const copies = await repo.countCopies();
        assert.ok(copies > 1000, `copies created from 999 fields (${copies})`);
        assert.equal(first.copies.created, copies);
        const second = await importFiles(t.db, [file]);
        assert.equal(second.created, 0);
        assert.equal(second.updated, first.created + first.updated);
        assert.equal(await repo.countRecords(), records);
        assert.equal(await repo.countCopies(), copies);
        assert.equal(second.copies.created, 0);
      } finally {
        await t.cleanup();
      }
    });

    it('the MARC-8 file and yaz\'s UTF-8 conversion of it give the same stored titles', async () => {
      const a = await engine.create();
      const b = await engine.create();
      try {
        await importFiles(a.db, [sharedFile('marc21/solrmarc-uva-sirsi-2000.marc8.iso2709.mrc')]);
        await importFiles(b.db, [sharedFile('derived/solrmarc-uva-sirsi-2000.utf8-via-yaz.iso2709.mrc')]);
        const q = (t: typeof a) => t.db.kysely.selectFrom('records').select(['control_number', 'title', 'authors', 'subjects']).orderBy('control_number').execute();
        const [ra, rb] = await Promise.all([q(a), q(b)]);
        assert.equal(ra.length, 2000);
        assert.deepEqual(ra, rb);
        assert.ok(ra.every((r) => !r.title.includes('\ufffd')), 'no replacement character in MARC-8 titles');
      } finally {
        await a.cleanup();
        await b.cleanup();
      }
    });
  });

  describe(`catalogue import rules (${engine.name})`, () => {
    const utf8Leader = '00000nam a2200000 i 4500';
    function mij(records: object[]): Uint8Array {
      return Buffer.from(JSON.stringify(records));
    }
    function bib(cn: string | null, title: string, extra: object[] = []): object {
      return {
        leader: utf8Leader,
        fields: [
          ...(cn ? [{ '001': cn }] : []),
          { '008': '200101s2020    fr            000 0 fre d' },
          { '245': { ind1: '1', ind2: '0', subfields: [{ a: title }] } },
          ...extra,
        ],
      };
    }
    const item = (barcode: string, lib: string) => ({ '952': { ind1: ' ', ind2: ' ', subfields: [{ a: lib }, { b: lib }, { p: barcode }, { y: 'BK' }] } });

    it('counts a control number repeated in one file once as created and then as updated', async () => {
      const t = await engine.create();
      try {
        const imp = new CatalogueImporter(t.db);
        await imp.importItems('t', readMarcBuffer(mij([bib('A1', 'First'), bib('A2', 'Other'), bib('A1', 'First, corrected')]), 'mij'));
        assert.equal(imp.report.created, 2);
        assert.equal(imp.report.updated, 1);
        assert.equal(imp.report.repeatedControlNumbers, 1);
        const row = await t.db.kysely.selectFrom('records').select('title').where('control_number', '=', 'A1').executeTakeFirstOrThrow();
        assert.equal(row.title, 'First, corrected');
      } finally {
        await t.cleanup();
      }
    });

    it('matches records without a control number on their content, then on ISBN, when imported again', async () => {
      const t = await engine.create();
      try {
        const isbn = { '020': { ind1: ' ', ind2: ' ', subfields: [{ a: '978-2-07-036822-8' }] } };
        const first = new CatalogueImporter(t.db);
        await first.importItems('t', readMarcBuffer(mij([bib(null, 'No number'), bib(null, 'With ISBN', [isbn])]), 'mij'));
        assert.equal(first.report.created, 2);
        assert.equal(first.report.withoutControlNumber, 2);
        const again = new CatalogueImporter(t.db);
        await again.importItems('t', readMarcBuffer(mij([bib(null, 'No number'), bib(null, 'With ISBN, new edition note', [isbn])]), 'mij'));
        assert.equal(again.report.created, 0);
        assert.equal(again.report.updated, 2);
        assert.equal(await new CatalogueRepository(t.db).countRecords(), 2);
      } finally {
        await t.cleanup();
      }
    });

    it('creates unknown libraries, maps library codes on request, and keeps circulation statuses on re-import', async () => {
      const t = await engine.create();
      try {
        const recs = mij([bib('C1', 'With copies', [item('B001', 'MAIN'), item('B002', 'OLD')])]);
        const imp = new CatalogueImporter(t.db, { libraryMap: { OLD: 'MAIN' } });
        await imp.importItems('t', readMarcBuffer(recs, 'mij'));
        assert.deepEqual(imp.report.librariesCreated, ['MAIN']);
        assert.equal(imp.report.copies.created, 2);
        const libs = await t.db.kysely.selectFrom('libraries').select('code').execute();
        assert.deepEqual(libs.map((l) => l.code), ['MAIN']);
        await t.db.kysely.updateTable('copies').set({ status: 'on_loan' }).where('barcode', '=', 'B001').execute();
        const again = new CatalogueImporter(t.db, { libraryMap: { OLD: 'MAIN' } });
        await again.importItems('t', readMarcBuffer(recs, 'mij'));
        assert.equal(again.report.copies.updated, 2);
        const c = await t.db.kysely.selectFrom('copies').select('status').where('barcode', '=', 'B001').executeTakeFirstOrThrow();
        assert.equal(c.status, 'on_loan', 'an import does not put a borrowed copy back on the shelf');
      } finally {
        await t.cleanup();
      }
    });

    it('reports a malformed record with its number, offset and reason, and imports the rest of the file', async () => {
      const t = await engine.create();
      try {
        const { writeIso2709 } = await import('../marc/iso2709-writer.js');
        const { readMarcBuffer: read } = await import('../marc/readers.js');
        const rec = (cn: string) => ({ leader: utf8Leader, fields: [{ tag: '001', value: cn }, { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: `Title ${cn}` }] }] });
        const good1 = writeIso2709(rec('G1'));
        const bad = Buffer.from(writeIso2709(rec('BAD')));
        bad.write('12x45', 0, 'ascii'); // a record length that is not a number
        const good2 = writeIso2709(rec('G2'));
        const file = Buffer.concat([good1, bad, good2]);
        const imp = new CatalogueImporter(t.db);
        await imp.importItems('damaged.mrc', read(file));
        assert.equal(imp.report.created, 2);
        assert.equal(imp.report.malformed.length, 1);
        const m = imp.report.malformed[0]!;
        assert.equal(m.file, 'damaged.mrc');
        assert.equal(m.index, 2);
        assert.equal(m.offset, good1.length);
        assert.match(m.reason, /length/i);
        assert.equal(imp.report.created + imp.report.updated + imp.report.skipped, imp.report.read);
      } finally {
        await t.cleanup();
      }
    });

    it('stores text as NFC even when the file has decomposed characters', async () => {
      const t = await engine.create();
      try {
        const imp = new CatalogueImporter(t.db);
        await imp.importItems('t', readMarcBuffer(mij([bib('N1', 'E\u0301cole de Noe\u0308l')]), 'mij'));
        const row = await t.db.kysely.selectFrom('records').select('title').executeTakeFirstOrThrow();
        assert.equal(row.title, 'École de Noël'.normalize('NFC'));
        assert.equal(row.title, row.title.normalize('NFC'));
      } finally {
        await t.cleanup();
      }
    });
  });
}
