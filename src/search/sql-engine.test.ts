// SqlSearchEngine (SQLite FTS5, PostgreSQL full text) against MemorySearchEngine on the same database: the
// same totals, the same facets and the same ids in the same order, for a table of queries, filters and sorts
// and for random ones drawn from the catalogue's own words; changes seen by both; the same suggestions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testEngines, type TestDb } from '../../test/helpers/db.js';
import { seedDemo } from '../services/demo-seed.service.js';
import { CatalogueImporter } from '../services/import.service.js';
import { readMarcBuffer } from '../marc/readers.js';
import { SearchRepository } from '../repositories/search.repository.js';
import { MemorySearchEngine } from './memory-engine.js';
import { SqlSearchEngine } from './sql-engine.js';
import { rebuildSearchIndex, reindexRecords } from './sql-indexer.js';
import { buildAdvancedQuery, type QueryNode } from './query.js';
import { tokenize } from './normalize.js';
import type { SearchFilters, SearchRequest, SearchResult, SortOrder } from './memory-index.js';

const ENGINES = await testEngines();
const NOW = (): Date => new Date('2026-01-15T10:00:00Z');
const SORTS: SortOrder[] = ['relevance', 'newest', 'title', 'author'];

// ---------------------------------------------------------------- hand-built MARC21 records (MARC-in-JSON)

interface Spec {
  title: string;
  sub?: string;
  year?: number;
  lang?: string;
  /** 008/22 target audience ('j' juvenile, 'd' adolescent) */
  aud?: string;
  /** leader/06-07 */
  type?: string;
  authors?: string[];
  subjects?: string[];
  publisher?: string;
  series?: string[];
  notes?: string[];
  isbn?: string[];
  issn?: string[];
  /** barcode, library code */
  items?: Array<[string, string]>;
}

function marc(cn: string, s: Spec): object {
  const f008 = '200101s' + String(s.year ?? '    ').padStart(4, ' ') + '    fr     ' + (s.aud ?? ' ') + '            ' + (s.lang ?? 'fre') + ' d';
  const df = (tag: string, subfields: Array<Record<string, string>>, ind1 = ' ', ind2 = ' '): object => ({ [tag]: { ind1, ind2, subfields } });
  return {
    leader: `00000n${s.type ?? 'am'} a2200000 i 4500`,
    fields: [
      { '001': cn },
      { '008': f008 },
      ...(s.isbn ?? []).map((i) => df('020', [{ a: i }])),
      ...(s.issn ?? []).map((i) => df('022', [{ a: i }])),
      ...(s.authors ?? []).slice(0, 1).map((a) => df('100', [{ a }], '1')),
      df('245', [{ a: s.title }, ...(s.sub ? [{ b: s.sub }] : [])], '1', '0'),
      ...(s.publisher ? [df('264', [{ a: 'Paris' }, { b: s.publisher }, { c: String(s.year ?? '') }], ' ', '1')] : []),
      ...(s.series ?? []).map((x) => df('490', [{ a: x }], '0')),
      ...(s.notes ?? []).map((x) => df('500', [{ a: x }])),
      ...(s.subjects ?? []).map((x) => df('650', [{ a: x }], ' ', '0')),
      ...(s.authors ?? []).slice(1).map((a) => df('700', [{ a }], '1')),
      ...(s.items ?? []).map(([barcode, lib]) => df('952', [{ a: lib }, { b: lib }, { p: barcode }, { y: 'BK' }])),
    ],
  };
}

const HAND: Array<[string, Spec]> = [
  ['T-MIS', { title: 'Les Misérables', year: 1862, authors: ['Hugo, Victor'], subjects: ['Roman français', 'Paris (France)'], isbn: ['2-07-036024-5'], publisher: 'Gallimard', series: ['Folio classique'], notes: ['Édition intégrale'], items: [['T1', 'CENTRALE'], ['T2', 'TILLEULS']] }],
  ['T-HUG', { title: 'Notre-Dame de Paris', year: 1831, authors: ['HUGO, Victor'], subjects: ['Roman français'], items: [['T3', 'STAUBIN']] }],
  ['T-ECO', { title: "L'École des femmes", year: 1662, authors: ['Molière'], subjects: ['Théâtre'], aud: 'j', items: [['T4', 'TILLEULS']] }],
  ['T-NOT', { title: 'Souvenirs de campagne', year: 1990, authors: ['Martin, Paul'], notes: ['Une histoire des écoles rurales'], items: [['T5', 'CENTRALE']] }],
  ['T-CO1', { title: 'Le cœur a ses raisons', year: 2001, authors: ['Dupont, Jean'], type: 'gm', items: [['T6', 'CENTRALE']] }],
  ['T-CO2', { title: 'Coeur de lion', year: 2003, authors: ['Durand, Léa'], aud: 'd', items: [['T7', 'STAUBIN']] }],
  ['T-CAE', { title: 'Cæsar et les Gaulois', year: 1975, authors: ['Lebrun, Marc'], subjects: ['Histoire ancienne'], items: [['T8', 'TILLEULS']] }],
  ['T-PAR', { title: 'Paris', sub: 'photographies anciennes', year: 1995, authors: ['Atget, Eugène'], subjects: ['Photographie'], items: [['T9', 'CENTRALE']] }],
  ['T-PHO', { title: 'La photographie numérique', year: 2015, authors: ['Dupont, Jean'], subjects: ['Photographie numérique'], publisher: 'Eyrolles', series: ['Guides pratiques'], isbn: ['978-2-212-67890-3'], items: [['T10', 'STAUBIN']] }],
  ['T-MON', { title: 'Le Monde diplomatique', type: 'as', issn: ['0395-2037'], items: [['T11', 'CENTRALE'], ['T12', 'STAUBIN']] }],
  // words outside Latin script stay whole on both engines (FTS5 ascii tokenizer, tsvector literals)
  ['T-RUS', { title: 'Война и мир', year: 1869, lang: 'rus', authors: ['Толстой, Лев'], items: [['T13', 'TILLEULS']] }],
  ['T-JPN', { title: '東京物語', sub: 'Ozu Yasujirō', year: 1953, lang: 'jpn', type: 'gm', items: [['T14', 'CENTRALE']] }],
];

async function importHand(t: TestDb, records: Array<[string, Spec]>): Promise<void> {
  const imp = new CatalogueImporter(t.db, { now: NOW });
  await imp.importItems('hand', readMarcBuffer(Buffer.from(JSON.stringify(records.map(([cn, s]) => marc(cn, s)))), 'mij'));
  assert.deepEqual(imp.report.malformed, [], 'hand-built records are well formed');
}

/** Varied copy statuses: on loan, withdrawn, lost, in transit to another library (deterministic, by id). */
async function varyCopies(t: TestDb): Promise<void> {
  const k = t.db.kysely;
  await sql`update copies set status = 'on_loan' where id % 5 = 0`.execute(k);
  await sql`update copies set status = 'withdrawn' where id % 11 = 0`.execute(k);
  await sql`update copies set status = 'lost' where id % 13 = 0`.execute(k);
  await sql`update copies set status = 'in_transit', current_library_id = (select min(id) from libraries) where id % 7 = 0 and status = 'on_shelf'`.execute(k);
  await sql`update copies set current_library_id = (select max(id) from libraries) where id % 9 = 0 and status = 'on_shelf'`.execute(k);
}

// ---------------------------------------------------------------- comparison

function describeReq(req: SearchRequest): string {
  return JSON.stringify({ ...req, query: typeof req.query === 'string' ? req.query : req.query === undefined ? undefined : 'AST ' + JSON.stringify(req.query) });
}

async function compare(sqlE: SqlSearchEngine, mem: MemorySearchEngine, req: SearchRequest): Promise<{ a: SearchResult; b: SearchResult }> {
  const [a, b] = await Promise.all([sqlE.search(req), mem.search(req)]);
  const ctx = `${sqlE.name}: ${describeReq(req)}`;
  assert.equal(a.total, b.total, `total ${ctx}`);
  assert.deepEqual(a.facets, b.facets, `facets ${ctx}`);
  assert.deepEqual(a.ids, b.ids, `ids ${ctx}`);
  assert.equal(a.page, b.page, `page ${ctx}`);
  assert.equal(a.pageSize, b.pageSize, `pageSize ${ctx}`);
  return { a, b };
}

// ---------------------------------------------------------------- the suites

for (const engine of ENGINES) {
  describe(`SqlSearchEngine and MemorySearchEngine give the same answers (${engine.name})`, () => {
    let t: TestDb;
    let sqlE: SqlSearchEngine;
    let mem: MemorySearchEngine;
    let ids: Map<string, number>;
    let libs: Map<string, number>;

    before(async () => {
      t = await engine.create();
      await seedDemo(t.db, { recordCount: 500, today: '2026-01-15', now: NOW });
      await importHand(t, HAND);
      await varyCopies(t);
      const rows = await t.db.kysely.selectFrom('records').select(['id', 'control_number']).where('control_number', 'like', 'T-%').execute();
      ids = new Map(rows.map((r) => [r.control_number!, r.id]));
      libs = new Map((await t.db.kysely.selectFrom('libraries').select(['id', 'code']).execute()).map((l) => [l.code, l.id]));
      mem = await MemorySearchEngine.open(t.db.kysely, { followIntervalMs: 0 });
      sqlE = new SqlSearchEngine(t.db);
      assert.equal(sqlE.name, engine.name === 'postgres' ? 'postgres-fts' : 'sqlite-fts5');
    });
    after(async () => {
      await mem?.close();
      await sqlE?.close();
      await t?.cleanup();
    });

    const find = async (q: string | QueryNode, filters: SearchFilters = {}): Promise<number[]> => {
      const { a } = await compare(sqlE, mem, { query: q, filters, pageSize: 1000, facets: false, sort: 'title' });
      return a.ids;
    };
    const id = (cn: string): number => ids.get(cn)!;

    test('French normalisation: accents, case, ligatures, stemming, elisions', async () => {
      const ecole = await find('ecole');
      assert.ok(ecole.includes(id('T-ECO')) && ecole.includes(id('T-NOT')), `ecole finds "L'École" and "écoles" (${ecole})`);
      for (const q of ['écoles', 'ECOLES', "l'école", 'Écoles']) assert.deepEqual(await find(q), ecole, q);
      const coeur = await find('coeur');
      assert.ok(coeur.includes(id('T-CO1')) && coeur.includes(id('T-CO2')), `coeur finds "cœur" and "Coeur" (${coeur})`);
      assert.deepEqual(await find('cœur'), coeur, 'cœur = coeur');
      assert.deepEqual(await find('caesar'), await find('cæsar'), 'æ = ae');
      assert.ok((await find('caesar')).includes(id('T-CAE')), 'caesar finds Cæsar');
      assert.deepEqual(await find('miserable'), await find('Misérables'), 'plural and accents');
      assert.deepEqual(await find('ВОЙНА'), [id('T-RUS')], 'Cyrillic, case folded');
      assert.deepEqual(await find('"война и мир"'), [id('T-RUS')], 'Cyrillic phrase');
      assert.deepEqual(await find('толст*'), [id('T-RUS')], 'Cyrillic prefix');
      assert.deepEqual(await find('東京物語'), [id('T-JPN')], 'CJK word');
      assert.deepEqual(await find('yasujiro'), [id('T-JPN')], 'macron folded');
    });

    test('phrases stay inside one value of one field', async () => {
      assert.ok((await find('"école des femmes"')).includes(id('T-ECO')), 'phrase with an elision');
      assert.ok((await find('"photographies anciennes"')).includes(id('T-PAR')), 'phrase in the subtitle');
      assert.ok(!(await find('"paris photographies"')).includes(id('T-PAR')), 'no phrase across title and subtitle');
      assert.ok(!(await find('auteur:"photographies anciennes"')).includes(id('T-PAR')), 'field phrase');
    });

    test('prefixes, fields, identifiers, years and booleans', async () => {
      const photo = await find('photo*');
      assert.ok(photo.includes(id('T-PAR')) && photo.includes(id('T-PHO')), `photo* (${photo})`);
      assert.ok((await find('titre:photo*')).includes(id('T-PHO')), 'title prefix');
      assert.ok((await find('auteur:hugo')).includes(id('T-MIS')), 'author field');
      assert.ok(!(await find('titre:hugo')).includes(id('T-MIS')), 'not in the title');
      assert.ok((await find('editeur:eyrolles')).includes(id('T-PHO')), 'publisher field');
      assert.ok((await find('collection:"guides pratiques"')).includes(id('T-PHO')), 'series field');
      for (const q of ['isbn:2070360245', 'isbn:2-07-036024-5', 'isbn:978-2-07-036024-6', '978-2-07-036024-6', '9782070360246', '2-07-036024-5']) {
        assert.deepEqual(await find(q), [id('T-MIS')], `ISBN ${q}`);
      }
      assert.deepEqual(await find('issn:0395-2037'), [id('T-MON')], 'ISSN');
      assert.deepEqual(await find('0395-2037'), [id('T-MON')], 'bare ISSN');
      assert.deepEqual(await find('isbn:0395-2037'), [], 'an ISSN is not an ISBN');
      assert.ok((await find('annee:1600-1700')).includes(id('T-ECO')), 'year range');
      assert.ok((await find('hugo OU moliere')).includes(id('T-ECO')), 'OR');
      assert.ok(!(await find('hugo -paris')).includes(id('T-HUG')), 'NOT');
      assert.ok((await find('-hugo')).length > 100, 'a lone NOT');
    });

    // The table: every query with every sort, then with filters combined and removed.
    const QUERIES: Array<string | (() => QueryNode)> = [
      '', 'ecole', 'écoles', 'coeur', 'cœur', 'paris', 'Paris photographie', 'roman', 'histoire france', 'le', 'la nuit',
      '"école des femmes"', '"le monde"', 'photo*', 'pho*', 'hist* france', 'titre:paris', 'auteur:hugo', 'auteur:(hugo OU moliere)',
      'sujet:roman*', 'editeur:gallimard', 'collection:folio', 'isbn:978-2-07-036024-6', '2-07-036024-5', 'issn:0395-2037',
      'annee:1990-2010', 'annee:>=2020', 'roman annee:2000-2020', 'hugo OU moliere', 'roman -policier', '(paris OU france) histoire',
      'roman SAUF annee:2000-2030', '-roman', 'titre:roman OU sujet:roman', 'xyzzy', 'paris xyzzy', 'a*', 'vie OU mort OU amour',
      'война', 'auteur:толстой', '東京物語 OU coeur',
      () => buildAdvancedQuery({ rows: [{ field: 'title', terms: 'paris' }, { field: 'author', terms: 'hugo', operator: 'or' }, { field: 'subject', terms: 'roman', operator: 'not' }], yearFrom: 1800, yearTo: 2030 }),
      () => buildAdvancedQuery({ rows: [{ field: 'any', terms: 'histoire france', match: 'any' }, { field: 'title', terms: 'le guide complet', match: 'phrase', operator: 'and' }] }),
      () => buildAdvancedQuery({ rows: [{ field: 'isbn', terms: '2070360245' }, { field: 'any', terms: 'photo*', operator: 'or' }] }),
      () => ({ kind: 'or', children: [{ kind: 'year', from: null, to: 1900 }, { kind: 'not', child: { kind: 'term', field: 'any', token: 'roman', prefix: false } }] }),
      () => ({ kind: 'and', children: [{ kind: 'not', child: { kind: 'year', from: 1990, to: 2030 } }, { kind: 'phrase', field: 'any', tokens: ['de', 'la'] }] }),
    ];
    const queryOf = (q: string | (() => QueryNode)): string | QueryNode => (typeof q === 'string' ? q : q());

    test('every query of the table, every sort, two page sizes', async () => {
      for (const q of QUERIES) {
        for (const sort of SORTS) {
          await compare(sqlE, mem, { query: queryOf(q), sort });
          await compare(sqlE, mem, { query: queryOf(q), sort, pageSize: 50, page: 2, facetLimit: 5 });
        }
      }
    });

    test('filters combined one by one and removed, facet counts stay in step', async () => {
      const base = await compare(sqlE, mem, { query: '' });
      const f = base.a.facets!;
      const topAuthor = f.author[0]!.value;
      const topSubject = f.subject[0]!.value;
      const steps: SearchFilters[] = [
        {},
        { documentType: ['book'] },
        { documentType: ['book', 'comic'], language: ['fre'] },
        { documentType: ['book', 'comic'], language: ['fre'], library: [libs.get('TILLEULS')!] },
        { documentType: ['book', 'comic'], language: ['fre'], library: [libs.get('TILLEULS')!], available: true },
        { documentType: ['book', 'comic'], language: ['fre'], library: [libs.get('TILLEULS')!, libs.get('STAUBIN')!], available: true, yearFrom: 1990, yearTo: 2015 },
        { language: ['fre'], available: true, yearFrom: 1990 },
        { available: true },
        { library: [libs.get('CENTRALE')!] },
        { audience: ['youth'] },
        { audience: ['youth', 'teen'], documentType: ['comic'] },
        { audience: ['adult'], available: true, library: [libs.get('STAUBIN')!] },
        { author: [topAuthor] },
        { subject: [topSubject] },
        { subject: [topSubject], author: [topAuthor] },
        { author: ['Nobody, Nemo'] },
        { author: [topAuthor.toUpperCase()] },
        { yearTo: 1900 },
        { yearFrom: 2030 },
        { documentType: ['\u0000none'] },
        { language: [''] },
        { library: [99999] },
        {},
      ];
      for (const query of ['', 'roman', 'paris OU france', 'photo*', 'hugo']) {
        for (const [i, filters] of steps.entries()) {
          await compare(sqlE, mem, { query, filters, sort: SORTS[i % SORTS.length]! });
        }
      }
      const again = await compare(sqlE, mem, { query: '' });
      assert.deepEqual(again.a.facets, base.a.facets, 'removing every filter gives the first facets back');
    });

    test('facet semantics spot checks', async () => {
      const { a } = await compare(sqlE, mem, { query: 'hugo' });
      const hugo = a.facets!.author.find((x) => tokenize(x.value).join(' ') === 'hugo victor');
      assert.equal(hugo?.value, 'HUGO, Victor', 'two spellings ("Hugo, Victor", "HUGO, Victor"), one value, the smallest display');
      assert.ok((hugo?.count ?? 0) >= 2, `both spellings counted (${JSON.stringify(hugo)})`);
      const { a: youth } = await compare(sqlE, mem, { query: '', filters: { audience: ['youth'] } });
      const { a: all } = await compare(sqlE, mem, { query: '' });
      assert.ok(youth.total > 0 && youth.total < all.total, `audience narrows (${youth.total} of ${all.total})`);
      const { a: av } = await compare(sqlE, mem, { query: '', filters: { available: true } });
      assert.equal(all.facets!.available, av.total, 'the available count is what ticking "available" gives');
      assert.ok(av.total < all.total, 'some records have no copy on the shelf');
    });

    test('relevance: title before subject before notes', async () => {
      const before = (q: string, x: string, y: string, why: string) => async () => {
        const r = (await compare(sqlE, mem, { query: q, pageSize: 1000 })).a.ids;
        assert.ok(r.includes(id(x)) && r.includes(id(y)) && r.indexOf(id(x)) < r.indexOf(id(y)), `${q}: ${x} before ${y}, ${why} (${r})`);
      };
      await before('ecole', 'T-ECO', 'T-NOT', 'title match before notes match')();
      await before('paris', 'T-PAR', 'T-MIS', 'title match before subject match')();
      await before('photographie', 'T-PHO', 'T-PAR', 'title match before subject match')();
      const first = (await compare(sqlE, mem, { query: 'integrale edition' })).a.ids[0];
      assert.equal(first, id('T-MIS'), 'the only record with both words');
    });

    test('random queries and filters drawn from the catalogue agree', async () => {
      const docs: Array<{ title: string; authors: string[]; subjects: string[]; isbns: string[]; year: number | null }> = [];
      for await (const batch of new SearchRepository(t.db.kysely).allDocs()) docs.push(...batch);
      let seed = 12345;
      const r = (n: number): number => {
        seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
        return (seed >>> 0) % n;
      };
      const pick = <T>(a: T[]): T => a[r(a.length)]!;
      const wordsOf = (s: string): string[] => s.split(/[\s,.:;()'"«»-]+/).filter((w) => w.length > 1);
      const doc = () => pick(docs);
      const word = (): string => pick(wordsOf(doc().title)) ?? 'roman';
      const query = (): string => {
        switch (r(12)) {
          case 0: return word();
          case 1: return `${word()} ${word()}`;
          case 2: return `${word()} OU ${word()}`;
          case 3: return `${word()} -${word()}`;
          case 4: {
            const w = wordsOf(doc().title);
            const k = r(Math.max(1, w.length - 1));
            return `"${w.slice(k, k + 2 + r(2)).join(' ')}"`;
          }
          case 5: return `${word().slice(0, 2 + r(4))}*`;
          case 6: return `${pick(['titre', 'auteur', 'sujet', 'editeur', 'collection'])}:${word()}`;
          case 7: return `${word()} annee:${1950 + r(40)}-${1990 + r(40)}`;
          case 8: return `(${word()} OU ${word()}) ${word()}`;
          case 9: { const d = doc(); return d.isbns.length ? `isbn:${d.isbns[0]}` : `auteur:${wordsOf(d.authors[0] ?? 'x')[0] ?? 'x'}`; }
          case 10: { const d = doc(); return d.subjects.length ? `sujet:"${d.subjects[0]}"` : word(); }
          default: return r(2) ? '' : `auteur:${wordsOf(doc().authors[0] ?? 'x')[0] ?? 'x'}`;
        }
      };
      const libIds = [...libs.values()];
      const filters = (): SearchFilters => {
        const f: SearchFilters = {};
        if (r(3) === 0) f.documentType = r(2) ? ['book'] : ['book', 'comic', 'film'];
        if (r(4) === 0) f.language = r(2) ? ['fre'] : ['eng', 'fre'];
        if (r(3) === 0) f.library = r(2) ? [pick(libIds)] : [pick(libIds), pick(libIds)];
        if (r(3) === 0) f.available = true;
        if (r(4) === 0) { f.yearFrom = 1960 + r(40); f.yearTo = f.yearFrom + r(40); }
        if (r(5) === 0) f.audience = [pick(['youth', 'teen', 'adult', 'general'])];
        if (r(6) === 0) { const d = doc(); f.author = [d.authors.length ? pick(d.authors) : 'Hugo, Victor']; }
        if (r(6) === 0) { const d = doc(); f.subject = [d.subjects.length ? pick(d.subjects) : 'Romans']; }
        return f;
      };
      for (let i = 0; i < 200; i++) {
        await compare(sqlE, mem, { query: query(), filters: filters(), sort: pick(SORTS), pageSize: pick([10, 20, 50]), page: 1 + r(2), facetLimit: pick([5, 20]) });
      }
    });

    test('suggestions from the catalogue vocabulary, the same on both engines', async () => {
      const cases: Array<[string, string | null]> = [
        ['miserbles', 'miserables'],
        ['hugp', 'hugo'],
        ['phtographie', 'photographie'],
        ['ecole', null], // known: nothing to correct
        ['xqzwv', null], // nothing near
      ];
      for (const [q, want] of cases) {
        const [a, b] = await Promise.all([sqlE.suggest(q), mem.suggest(q)]);
        assert.equal(a, b, `same suggestion for ${q}`);
        assert.equal(a, want, `suggestion for ${q}`);
      }
      for (const q of ['paris photogrphie', 'rmoan policier', 'hugo miserbles', 'auteur:molire', '"ecole des femes"', 'titre:coer']) {
        const [a, b] = await Promise.all([sqlE.suggest(q), mem.suggest(q)]);
        assert.equal(a, b, `same suggestion for ${q}`);
        assert.notEqual(a, null, `a suggestion for ${q}`);
      }
    });
  });

  describe(`imports and changes reach both engines (${engine.name})`, () => {
    test('new records, a changed record, a check-out and a rebuild', async () => {
      const t = await engine.create();
      const mem0: { e?: MemorySearchEngine } = {};
      try {
        await seedDemo(t.db, { recordCount: 60, today: '2026-01-15', now: NOW });
        const sqlE = new SqlSearchEngine(t.db);
        const mem = (mem0.e = await MemorySearchEngine.open(t.db.kysely, { followIntervalMs: 0 }));
        const same = async (req: SearchRequest): Promise<SearchResult> => (await compare(sqlE, mem, req)).a;
        assert.equal((await same({ query: 'misérables' })).total, 0);

        // an import: the SQL index is written in the import's transaction, the memory index catches up
        await importHand(t, HAND.slice(0, 4));
        assert.equal((await sqlE.search({ query: 'misérables' })).total, 1, 'SQL sees the import at once');
        assert.equal((await mem.search({ query: 'misérables' })).total, 0, 'memory has not caught up yet');
        await mem.catchUp();
        mem.index.optimize(); // static ranks of the new records, for the same order
        for (const q of ['misérables', 'hugo', 'ecole', '', 'isbn:2070360245']) for (const sort of SORTS) await same({ query: q, sort });

        // a changed record: re-imported with a new title (same control number)
        await importHand(t, [['T-MIS', { ...HAND[0]![1], title: 'Les Travailleurs de la mer' }]]);
        await mem.catchUp();
        mem.index.optimize();
        assert.equal((await same({ query: 'misérables' })).total, 0, 'the old title no longer finds it');
        assert.equal((await same({ query: 'travailleurs mer' })).total, 1, 'the new title does');
        assert.equal((await same({ query: 'isbn:2070360245' })).total, 1, 'the identifier still does');

        // a check-out: copies change, the availability change is logged for the memory index
        const rec = (await sqlE.search({ query: 'travailleurs mer' })).ids[0]!;
        const before = await same({ query: 'travailleurs', filters: { available: true } });
        assert.equal(before.total, 1);
        await t.db.kysely.updateTable('copies').set({ status: 'on_loan' }).where('record_id', '=', rec).execute();
        await new SearchRepository(t.db.kysely).recordChanges([rec], 'availability', NOW().toISOString());
        await mem.catchUp();
        assert.equal(mem.index.stats().appended, 0, 'an availability change appends nothing');
        assert.equal((await same({ query: 'travailleurs', filters: { available: true } })).total, 0, 'checked out everywhere');
        await same({ query: '', sort: 'title' });

        // reindexing and rebuilding give the same rows
        await reindexRecords(t.db, [rec]);
        assert.equal((await sqlE.search({ query: 'travailleurs mer' })).total, 1, 'reindexed');
        const n = await rebuildSearchIndex(t.db);
        assert.equal(n, (await sqlE.search({ query: '' })).total, 'every record rebuilt');
        for (const q of ['travailleurs', 'hugo', 'coeur OU ecole', '']) for (const sort of SORTS) await same({ query: q, sort });
        const s = await sqlE.suggest('travailleur mre');
        assert.equal(s, await mem.suggest('travailleur mre'), 'suggestions after a rebuild');
      } finally {
        await mem0.e?.close();
        await t.cleanup();
      }
    });
  });
}
