import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MemoryIndex, identifierKey, identifierToken, type IndexDoc, type SearchFilters, type SearchResult, type SortOrder,
} from './memory-index.js';
import {
  canonicalIsbn, isStopStem, isbnForms, issnForms, stem, titleSortTokens, tokenize,
} from './normalize.js';
import { parseQuery, type IdentifierField, type QueryNode, type TextField } from './query.js';

// ---------------------------------------------------------------- a small hand-built catalogue

function doc(id: number, title: string, extra: Partial<IndexDoc> = {}): IndexDoc {
  return {
    id, title, subtitle: null, authors: [], subjects: [], publisher: null, series: [], notes: [], isbns: [], issns: [],
    year: null, language: 'fre', documentType: 'book', audience: null, libraries: [1], availableAt: [], ...extra,
  };
}

const CATALOGUE: IndexDoc[] = [
  doc(1, 'Les Misérables', { authors: ['Hugo, Victor'], subjects: ['Roman français', 'Paris (France)'], year: 1862, libraries: [1, 2], availableAt: [1], isbns: ['2-07-036024-5'] }),
  doc(2, 'Le Rouge et le Noir', { authors: ['Stendhal'], subjects: ['Roman français'], year: 1830, libraries: [1] }),
  doc(3, "L'École des femmes", { authors: ['Molière'], subjects: ['Théâtre'], year: 1662, libraries: [2], availableAt: [2] }),
  doc(4, 'Guerre et paix', { authors: ['Tolstoï, Léon'], subjects: ['Russie', 'Roman'], notes: ["Une fresque de l'histoire des écoles russes"], year: 1869, libraries: [1, 3], availableAt: [3] }),
  doc(5, 'Photographies de Paris', { authors: ['Doisneau, Robert'], subjects: ['Photographie', 'Paris (France)'], year: 1990, libraries: [3], availableAt: [3] }),
  doc(6, 'La photographie numérique', { authors: ['Dupont, Jean'], subjects: ['Photographie numérique'], series: ['Guides pratiques'], publisher: 'Eyrolles', year: 2015, libraries: [1], availableAt: [1] }),
  doc(7, "Harry Potter à l'école des sorciers", { authors: ['Rowling, J. K.'], subjects: ['Sorcellerie'], year: 1998, libraries: [1, 2, 3], availableAt: [1, 2] }),
  doc(8, "Harry Potter and the Philosopher's Stone", { authors: ['Rowling, J. K.'], year: 1997, language: 'eng', libraries: [2] }),
  doc(9, 'Le château de ma mère', { authors: ['Pagnol, Marcel'], subjects: ['Provence'], year: 1957, documentType: 'dvd', libraries: [1], availableAt: [1] }),
  doc(10, 'Un géant des lettres : biographie', { authors: ['Martin, Paul'], subjects: ['Hugo, Victor (1802-1885)'], year: 2002, libraries: [2], availableAt: [2] }),
  doc(11, 'Cuisine du monde', { notes: ['Recettes de Victor, chef'], year: 2010, libraries: [3] }),
  doc(12, 'Le Monde diplomatique', { documentType: 'periodical', issns: ['0395-2037'], year: null, libraries: [1, 2, 3], availableAt: [1, 2, 3] }),
  doc(13, 'Paris', { subtitle: 'Photographies anciennes', authors: ['Atget, Eugène'], year: 1995, libraries: [2] }),
];

function fresh(options = {}): MemoryIndex {
  const idx = new MemoryIndex(options);
  idx.build(CATALOGUE);
  return idx;
}

const ids = (r: SearchResult): number[] => r.ids;
const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);

describe('MemoryIndex: matching', () => {
  const idx = fresh();
  const find = (q: string): number[] => sorted(ids(idx.search({ query: q, pageSize: 100, facets: false })));

  test('French normalisation: accents, case, stemming, elisions', () => {
    assert.deepEqual(find('ecole'), [3, 4, 7]);
    assert.deepEqual(find('ÉCOLES'), [3, 4, 7]);
    assert.deepEqual(find("l'ecole"), [3, 4, 7]);
    assert.deepEqual(find('miserable'), [1]);
    assert.deepEqual(find('chateau'), [9]);
    assert.deepEqual(find('tolstoi'), [4]);
  });

  test('phrases: adjacent words inside one value of one field', () => {
    assert.deepEqual(find('"le rouge et le noir"'), [2]);
    assert.deepEqual(find('"rouge le noir"'), []);
    assert.deepEqual(find('"école des femmes"'), [3]);
    assert.deepEqual(find('"ecole des"'), [3, 7]);
    // title "Paris" + subtitle "Photographies anciennes": a phrase does not run across two values
    assert.deepEqual(find('"paris photographies"'), []);
    assert.deepEqual(find('"photographies anciennes"'), [13]);
    assert.deepEqual(find('titre:"photographies anciennes"'), [13]);
    assert.deepEqual(find('auteur:"photographies anciennes"'), []);
  });

  test('prefixes', () => {
    assert.deepEqual(find('photo*'), [5, 6, 13]);
    assert.deepEqual(find('photographies*'), [5, 6, 13]);
    assert.deepEqual(find('titre:photo*'), [5, 6, 13]);
    assert.deepEqual(find('sujet:photo*'), [5, 6]);
    assert.deepEqual(find('zzz*'), []);
  });

  test('field searches', () => {
    assert.deepEqual(find('titre:paris'), [5, 13]);
    assert.deepEqual(find('paris'), [1, 5, 13]);
    assert.deepEqual(find('auteur:hugo'), [1]);
    assert.deepEqual(find('sujet:hugo'), [10]);
    assert.deepEqual(find('hugo'), [1, 10]);
    assert.deepEqual(find('editeur:eyrolles'), [6]);
    assert.deepEqual(find('collection:guides'), [6]);
    assert.deepEqual(find('auteur:(hugo OU moliere)'), [1, 3]);
  });

  test('identifiers: ISBN-10 and ISBN-13 find the same record; bare identifiers work', () => {
    assert.deepEqual(find('isbn:2070360245'), [1]);
    assert.deepEqual(find('isbn:978-2-07-036024-6'), [1]);
    assert.deepEqual(find('978-2-07-036024-6'), [1]);
    assert.deepEqual(find('issn:0395-2037'), [12]);
    assert.deepEqual(find('0395-2037'), [12]);
    assert.deepEqual(find('isbn:0395-2037'), []);
  });

  test('year ranges', () => {
    assert.deepEqual(find('annee:1990-2000'), [5, 7, 8, 13]);
    assert.deepEqual(find('harry annee:1998'), [7]);
    assert.deepEqual(find('annee:<1700'), [3]);
  });

  test('booleans', () => {
    assert.deepEqual(find('harry SAUF sorciers'), [8]);
    assert.deepEqual(find('harry -sorciers'), [8]);
    assert.deepEqual(find('hugo OU moliere'), [1, 3, 10]);
    assert.deepEqual(find('(hugo OU moliere) roman'), [1]);
    assert.deepEqual(find('-roman').includes(1), false);
    assert.equal(find('-roman').length, CATALOGUE.length - 3);
    assert.deepEqual(find('victor'), [1, 10, 11]);
    assert.deepEqual(find('victor -auteur:hugo'), [10, 11]);
  });

  test('an empty query lists every record; unknown words find nothing', () => {
    assert.equal(idx.search({ query: '' }).total, CATALOGUE.length);
    assert.equal(idx.search({ query: 'xyzzy' }).total, 0);
    assert.equal(idx.search({ query: 'harry xyzzy' }).total, 0);
  });

  test('stop words stay searchable', () => {
    assert.deepEqual(find('le'), [1, 2, 9, 12]); // "les" and "le" share the stem
    assert.deepEqual(find('"le monde"'), [12]);
  });
});

describe('MemoryIndex: ranking', () => {
  const idx = fresh();
  const first = (q: string): number[] => ids(idx.search({ query: q, facets: false }));
  const table: Array<{ query: string; before: number; after: number; why: string }> = [
    { query: 'ecole', before: 3, after: 4, why: 'title beats notes' },
    { query: 'ecole', before: 7, after: 4, why: 'title beats notes' },
    { query: 'hugo', before: 1, after: 10, why: 'author beats subject' },
    { query: 'victor', before: 1, after: 11, why: 'author beats notes' },
    { query: 'victor', before: 10, after: 11, why: 'subject beats notes' },
    { query: 'paris', before: 5, after: 1, why: 'title beats subject' },
    { query: 'photographie', before: 6, after: 5, why: 'static rank breaks ties between equal scores (library count)' },
    { query: 'roman', before: 4, after: 2, why: 'rarer idf is the same word: tie broken by static rank' },
  ];
  for (const row of table) {
    test(`${row.query}: ${row.before} before ${row.after} (${row.why})`, () => {
      const r = first(row.query);
      assert.ok(r.indexOf(row.before) >= 0 && r.indexOf(row.after) >= 0, JSON.stringify(r));
      assert.ok(r.indexOf(row.before) < r.indexOf(row.after), JSON.stringify(r));
    });
  }

  test('scores follow the field weights', () => {
    const title = idx.scoreOf(3, 'ecole');
    const notes = idx.scoreOf(4, 'ecole');
    assert.ok(Math.abs(title / notes - 10) < 1e-9, `title weighs 10 times notes (${title} / ${notes})`);
    assert.ok(Math.abs(idx.scoreOf(1, 'hugo') / idx.scoreOf(10, 'hugo') - 6 / 4) < 1e-9);
  });

  test('early termination gives the same top results as exhaustive scoring', () => {
    const tiered = fresh({ exhaustiveScoringMax: 0 });
    for (const q of ['ecole', 'hugo', 'victor', 'paris', 'harry potter', 'le', 'photographie paris', 'roman OU theatre']) {
      for (const pageSize of [1, 2, 3, 20]) {
        assert.deepEqual(ids(tiered.search({ query: q, facets: false, pageSize })), ids(idx.search({ query: q, facets: false, pageSize })), `${q} / ${pageSize}`);
      }
    }
  });
});

describe('MemoryIndex: facets', () => {
  const idx = fresh();

  test('counts on the query result, libraries and availability included', () => {
    const r = idx.search({ query: 'harry' });
    assert.equal(r.total, 2);
    assert.deepEqual(r.facets!.documentType, [{ value: 'book', count: 2 }]);
    assert.deepEqual(r.facets!.language, [{ value: 'eng', count: 1 }, { value: 'fre', count: 1 }]);
    assert.deepEqual(r.facets!.library, [{ value: 2, count: 2 }, { value: 1, count: 1 }, { value: 3, count: 1 }]);
    assert.equal(r.facets!.available, 1);
    assert.deepEqual(r.facets!.year, [{ value: 1990, count: 2 }]);
    assert.deepEqual(r.facets!.author, [{ value: 'Rowling, J. K.', count: 2 }]);
    assert.deepEqual(r.facets!.subject, [{ value: 'Sorcellerie', count: 1 }]);
  });

  test('counts stay correct after each refinement and removal', () => {
    const base = idx.search({ query: '' });
    assert.equal(base.total, 13);
    assert.deepEqual(base.facets!.documentType, [{ value: 'book', count: 11 }, { value: 'dvd', count: 1 }, { value: 'periodical', count: 1 }]);

    // refine by language: the language facet still offers the other languages (exclude own facet)
    const fre = idx.search({ query: '', filters: { language: ['fre'] } });
    assert.equal(fre.total, 12);
    assert.deepEqual(fre.facets!.language, [{ value: 'fre', count: 12 }, { value: 'eng', count: 1 }]);
    assert.deepEqual(fre.facets!.documentType, [{ value: 'book', count: 10 }, { value: 'dvd', count: 1 }, { value: 'periodical', count: 1 }]);

    // then by library 3: language counts now within library 3
    const fre3 = idx.search({ query: '', filters: { language: ['fre'], library: [3] } });
    assert.deepEqual(sorted(fre3.ids), [4, 5, 7, 11, 12]);
    assert.deepEqual(fre3.facets!.language, [{ value: 'fre', count: 5 }]);
    // library facet excludes its own filter: what each library holds among French records
    assert.deepEqual(fre3.facets!.library, [{ value: 1, count: 7 }, { value: 2, count: 6 }, { value: 3, count: 5 }]);

    // two libraries OR'ed
    const fre13 = idx.search({ query: '', filters: { language: ['fre'], library: [1, 3] } });
    assert.equal(fre13.total, 9);

    // available now in library 3 only
    const av3 = idx.search({ query: '', filters: { language: ['fre'], library: [3], available: true } });
    assert.deepEqual(sorted(av3.ids), [4, 5, 12]);
    assert.equal(av3.facets!.available, 3);
    // with "available" ticked, the library facet counts the records on each library's shelves
    assert.deepEqual(av3.facets!.library, [{ value: 1, count: 5 }, { value: 2, count: 4 }, { value: 3, count: 3 }]);

    // removing the refinements gives back the first counts
    const back = idx.search({ query: '', filters: {} });
    assert.deepEqual(back.facets, base.facets);
    assert.equal(back.total, base.total);
  });

  test('available count = what ticking "available" would give', () => {
    for (const filters of [{}, { library: [1] }, { library: [2, 3] }, { documentType: ['book'] }]) {
      const r = idx.search({ query: '', filters });
      const ticked = idx.search({ query: '', filters: { ...filters, available: true } });
      assert.equal(r.facets!.available, ticked.total, JSON.stringify(filters));
    }
  });

  test('author and subject selections narrow (AND) and count on the result', () => {
    const r = idx.search({ query: '', filters: { subject: ['Roman français'] } });
    assert.deepEqual(sorted(r.ids), [1, 2]);
    const both = idx.search({ query: '', filters: { subject: ['Roman français', 'Paris (France)'] } });
    assert.deepEqual(both.ids, [1]);
    assert.deepEqual(both.facets!.subject, [{ value: 'Paris (France)', count: 1 }, { value: 'Roman français', count: 1 }]);
    const byAuthor = idx.search({ query: '', filters: { author: ['ROWLING, J. K.'] } });
    assert.deepEqual(sorted(byAuthor.ids), [7, 8]);
    assert.equal(idx.search({ query: '', filters: { author: ['Nobody'] } }).total, 0);
  });

  test('year facet by decade and year filter', () => {
    const r = idx.search({ query: '', filters: { yearFrom: 1990, yearTo: 2009 } });
    assert.deepEqual(sorted(r.ids), [5, 7, 8, 10, 13]);
    // exclude own: the year facet shows every decade of the other filters' result
    assert.equal(r.facets!.year.find((y) => y.value === 1860)?.count, 2);
    assert.equal(r.facets!.year[0]!.value, 2010);
  });
});

describe('MemoryIndex: audience filter and deterministic facet values', () => {
  const AUD: IndexDoc[] = [
    doc(1, 'Le petit prince', { audience: 'youth', documentType: 'book', libraries: [1], availableAt: [1], authors: ['Saint-Exupéry, Antoine de'] }),
    doc(2, 'Le petit Nicolas', { audience: 'youth', documentType: 'comic', libraries: [2], authors: ['Goscinny, René'] }),
    doc(3, 'Un petit job', { audience: 'teen', documentType: 'book', libraries: [1, 2], availableAt: [2], authors: ['Durand, Léa'] }),
    doc(4, 'Petit traité de cuisine', { audience: 'adult', documentType: 'book', libraries: [2], availableAt: [2], authors: ['GOSCINNY, René'] }),
    doc(5, 'Petit atlas', { audience: null, documentType: 'map', libraries: [1], authors: ['Bernard, Zoé'] }),
  ];
  const variants: Array<[string, ConstructorParameters<typeof MemoryIndex>[0]]> = [
    ['doc by doc', { filterStrategy: 'docs' }],
    ['bitsets', { filterStrategy: 'bitsets', perDocValueCountingMax: 0 }],
  ];
  for (const [name, options] of variants) {
    test(`audience values are OR'ed and narrow every facet (${name})`, () => {
      const idx = new MemoryIndex(options);
      idx.build(AUD);
      const youth = idx.search({ query: 'petit', filters: { audience: ['youth'] } });
      assert.deepEqual(sorted(youth.ids), [1, 2]);
      // no audience facet: the type facet counts within the audience (exclude own facet concerns only types)
      assert.deepEqual(youth.facets!.documentType, [{ value: 'book', count: 1 }, { value: 'comic', count: 1 }]);
      assert.deepEqual(youth.facets!.library, [{ value: 1, count: 1 }, { value: 2, count: 1 }]);
      assert.equal(youth.facets!.available, 1);
      const both = idx.search({ query: 'petit', filters: { audience: ['youth', 'teen'], documentType: ['book'] } });
      assert.deepEqual(sorted(both.ids), [1, 3]);
      assert.deepEqual(both.facets!.documentType, [{ value: 'book', count: 2 }, { value: 'comic', count: 1 }]);
      assert.deepEqual(idx.search({ query: '', filters: { audience: [''] } }).ids, [5], "'' = records without an audience");
      assert.equal(idx.search({ query: '', filters: { audience: ['unknown'] } }).total, 0);
      assert.equal(idx.search({ query: '', filters: { audience: [] } }).total, 5, 'an empty list filters nothing');
      idx.upsert(doc(6, 'Petit ours brun', { audience: 'youth', libraries: [1] }));
      assert.deepEqual(sorted(idx.search({ query: 'petit', filters: { audience: ['youth'] } }).ids), [1, 2, 6], 'appended docs');
      idx.optimize();
      assert.deepEqual(sorted(idx.search({ query: 'petit', filters: { audience: ['youth'] } }).ids), [1, 2, 6], 'after optimize()');
    });

    test(`author facet: one value per key with its smallest spelling; ties at the N-th place go to the smaller value (${name})`, () => {
      const idx = new MemoryIndex(options);
      idx.build(AUD);
      const r = idx.search({ query: 'petit', facetLimit: 2 });
      // Goscinny (2 docs, spelled two ways), then the ties at 1 by display: "Bernard, Zoé" < "Durand, Léa" < ...
      assert.deepEqual(r.facets!.author, [{ value: 'GOSCINNY, René', count: 2 }, { value: 'Bernard, Zoé', count: 1 }]);
      const reversed = new MemoryIndex(options);
      reversed.build([...AUD].reverse().map((d) => ({ ...d, popularity: d.id })));
      assert.deepEqual(reversed.search({ query: 'petit', facetLimit: 2 }).facets!.author, r.facets!.author, 'whatever the indexing order');
      assert.deepEqual(idx.search({ query: '', filters: { author: ['Goscinny, René'] } }).total, 2, 'either spelling filters');
    });
  }

  test('identifierToken gives the same word exactly when identifierKey gives the same key', () => {
    const values: Array<[IdentifierField, string]> = [];
    for (const raw of ['2-07-036024-5', '978-2-07-036024-6', '9782070360246', '0-19-852663-x', '979-10-90636-07-1', '123', '0123', '12-34', 'x', '']) {
      for (const f of isbnForms(raw)) values.push(['isbn', f]);
    }
    for (const raw of ['0395-2037', '0395-203X', '1234-5679', '12345', '012345', 'x']) for (const f of issnForms(raw)) values.push(['issn', f]);
    for (const [fa, a] of values) {
      for (const [fb, b] of values) {
        const ka = identifierKey(fa, a);
        const kb = identifierKey(fb, b);
        const ta = identifierToken(fa, a);
        const tb = identifierToken(fb, b);
        assert.equal(ta === null, ka === null, `${fa}:${a}`);
        assert.equal(ta !== null && ta === tb, ka !== null && ka === kb, `${fa}:${a} / ${fb}:${b}`);
        if (ta !== null) assert.match(ta, /^[a-z0-9]+$/, 'one token for FTS5 and tsvectors');
      }
    }
    assert.equal(identifierToken('isbn', '2070360245'), 'isbn9782070360246');
    assert.equal(identifierToken('issn', '0395203x'), 'issn0395203x');
  });
});

describe('MemoryIndex: sorting and pagination', () => {
  const idx = fresh();

  test('title sort ignores leading articles and elisions', () => {
    const r = idx.search({ query: '', sort: 'title', pageSize: 100 });
    assert.deepEqual(r.ids, [9, 11, 3, 10, 4, 7, 8, 1, 12, 13, 6, 5, 2]);
  });

  test('newest first, unknown years last', () => {
    const r = idx.search({ query: '', sort: 'newest', pageSize: 100 });
    assert.deepEqual(r.ids.slice(0, 4), [6, 11, 10, 7]);
    assert.equal(r.ids[r.ids.length - 1], 12);
  });

  test('author sort, records without author last', () => {
    const r = idx.search({ query: '', sort: 'author', pageSize: 100 });
    assert.deepEqual(r.ids.slice(0, 3), [13, 5, 6]);
    assert.deepEqual(sorted(r.ids.slice(-2)), [11, 12]);
  });

  test('pages', () => {
    const all = idx.search({ query: '', sort: 'title', pageSize: 100 }).ids;
    const p1 = idx.search({ query: '', sort: 'title', pageSize: 5, page: 1 });
    const p3 = idx.search({ query: '', sort: 'title', pageSize: 5, page: 3 });
    assert.deepEqual(p1.ids, all.slice(0, 5));
    assert.deepEqual(p3.ids, all.slice(10, 15));
    assert.equal(p3.total, 13);
    assert.deepEqual(idx.search({ query: '', pageSize: 5, page: 9 }).ids, []);
  });
});

describe('MemoryIndex: incremental updates', () => {
  test('upsert adds and replaces, remove deletes, availability flips', () => {
    const idx = fresh();
    idx.upsert(doc(20, 'Le Petit Prince', { authors: ['Saint-Exupéry, Antoine de'], year: 1943, libraries: [2] }));
    assert.deepEqual(idx.search({ query: 'petit prince' }).ids, [20]);
    assert.equal(idx.search({ query: '' }).total, 14);

    // replace: the old words no longer find it
    idx.upsert(doc(20, 'Vol de nuit', { authors: ['Saint-Exupéry, Antoine de'], year: 1931, libraries: [2] }));
    assert.deepEqual(idx.search({ query: 'prince' }).ids, []);
    assert.deepEqual(idx.search({ query: 'vol nuit' }).ids, [20]);
    assert.equal(idx.search({ query: '' }).total, 14);

    // availability
    assert.equal(idx.search({ query: 'nuit', filters: { available: true } }).total, 0);
    assert.equal(idx.setAvailability(20, [2]), true);
    assert.equal(idx.search({ query: 'nuit', filters: { available: true, library: [2] } }).total, 1);
    assert.equal(idx.search({ query: 'nuit', filters: { available: true, library: [1] } }).total, 0);
    idx.setAvailability(20, []);
    assert.equal(idx.search({ query: 'nuit', filters: { available: true } }).total, 0);
    assert.equal(idx.setAvailability(999, [1]), false);

    // a copy on the shelf in a library outside `libraries` (a transfer) still counts
    idx.setAvailability(20, [3]);
    const r = idx.search({ query: 'nuit', filters: { available: true } });
    assert.equal(r.total, 1);
    assert.deepEqual(r.facets!.library, [{ value: 3, count: 1 }]);

    // sorts place appended docs ("vol de nuit" files last)
    const titles = idx.search({ query: '', sort: 'title', pageSize: 100 }).ids;
    assert.equal(titles[titles.length - 1], 20, JSON.stringify(titles));
    assert.equal(idx.search({ query: '', sort: 'newest', pageSize: 100 }).ids.indexOf(20), 8);

    assert.equal(idx.remove(20), true);
    assert.equal(idx.remove(20), false);
    assert.deepEqual(idx.search({ query: 'nuit' }).ids, []);
    assert.equal(idx.search({ query: '' }).total, 13);
    assert.equal(idx.has(20), false);
  });

  test('optimize() keeps every answer', () => {
    const idx = fresh();
    idx.upsert(doc(21, 'Paris la nuit', { year: 2020, libraries: [1, 2], availableAt: [2] }));
    idx.upsert({ ...CATALOGUE[0]!, title: 'Les Misérables (édition illustrée)' });
    idx.remove(2);
    idx.setAvailability(5, [1]);
    const queries = ['', 'paris', 'miserables', 'rouge', 'photo*', '"paris la nuit"', 'isbn:2070360245'];
    const before = queries.map((q) => idx.search({ query: q, pageSize: 100, sort: 'newest' }));
    assert.ok(idx.stats().dead > 0, 'upserts and removals leave dead doc numbers');
    idx.optimize();
    assert.equal(idx.stats().dead, 0);
    assert.equal(idx.stats().appended, 0);
    const after = queries.map((q) => idx.search({ query: q, pageSize: 100, sort: 'newest' }));
    assert.deepEqual(after, before);
  });
});

// ---------------------------------------------------------------- differential test against a brute-force reference

const WORDS = ['histoire', 'france', 'guerre', 'paix', 'ecole', 'écoles', 'enfant', 'enfants', 'roman', 'chat', 'chats',
  'le', 'la', 'de', 'des', 'et', 'photo', 'photographie', 'paris', 'mer', 'nuit', 'jardin', 'rouge', 'noir', 'roi',
  'rois', 'musique', 'cuisine', 'château', 'voyage', 'amour', 'mort', 'vie', 'temps', 'monde', 'art', 'livre', 'été'];
const AUTHORS = ['Hugo, Victor', 'Zola, Émile', 'Sand, George', 'Colette', 'Dumas, Alexandre', 'Verne, Jules', 'Camus, Albert', 'Duras, Marguerite'];
const SUBJECTS = ['Histoire', 'Roman', 'Photographie', 'Cuisine', 'Voyage', 'Enfants', 'Musique', 'Guerre mondiale', 'Paris (France)'];

function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return (s >>> 0) % n;
  };
}

function makeCorpus(n: number, seed: number): IndexDoc[] {
  const r = rng(seed);
  const zipfWord = (): string => WORDS[Math.min(WORDS.length - 1, Math.floor(WORDS.length * Math.pow(r(1000) / 1000, 2)))]!;
  const text = (k: number): string => Array.from({ length: k }, zipfWord).join(' ');
  const docs: IndexDoc[] = [];
  for (let i = 1; i <= n; i++) {
    const libs = [...new Set(Array.from({ length: 1 + r(3) }, () => 1 + r(5)))];
    docs.push({
      id: i * 3 + r(2), // gaps in ids
      title: text(1 + r(4)),
      subtitle: r(3) === 0 ? text(2) : null,
      authors: r(6) === 0 ? [] : Array.from({ length: 1 + r(2) }, () => AUTHORS[r(AUTHORS.length)]!),
      subjects: Array.from({ length: r(3) }, () => SUBJECTS[r(SUBJECTS.length)]!),
      publisher: r(2) ? `Éditions ${text(1)}` : null,
      series: r(4) === 0 ? [text(2)] : [],
      notes: r(2) ? [text(3 + r(6))] : [],
      isbns: r(3) === 0 ? [`978-2-${1000 + i}-${r(10)}`] : [],
      issns: [],
      year: r(10) === 0 ? null : 1950 + r(75),
      language: ['fre', 'fre', 'eng', 'ger'][r(4)]!,
      documentType: ['book', 'book', 'dvd', 'cd', 'periodical'][r(5)]!,
      libraries: libs,
      availableAt: libs.filter(() => r(2) === 0),
      popularity: r(5) === 0 ? r(4) : 0,
    });
  }
  return docs;
}

/** Straightforward implementation of the documented semantics, doc by doc. */
class Reference {
  private readonly fieldStems: Array<Record<string, string[][]>>;
  private readonly order: IndexDoc[];
  constructor(readonly docs: IndexDoc[]) {
    const values = (d: IndexDoc): Record<string, Array<string | null | undefined>> => ({
      title: [d.title, d.subtitle], author: d.authors, subject: d.subjects, publisher: [d.publisher], series: d.series, notes: d.notes,
    });
    this.fieldStems = docs.map((d) => {
      const out: Record<string, string[][]> = {};
      for (const [f, vs] of Object.entries(values(d))) {
        out[f] = vs.filter((v): v is string => typeof v === 'string').map((v) => tokenize(v).map((t) => stem(t))).filter((a) => a.length > 0);
      }
      return out;
    });
    const rank = (d: IndexDoc): number[] => [-(d.popularity ?? 0), -new Set(d.libraries).size, -(d.year ?? -1), d.id];
    this.order = [...docs].sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
      return 0;
    });
  }

  staticRank(d: IndexDoc): number {
    return this.order.indexOf(d);
  }

  private stemsIn(i: number, field: TextField): string[][] {
    const fs = this.fieldStems[i]!;
    return field === 'any' ? Object.values(fs).flat() : fs[field]!;
  }

  matches(i: number, node: QueryNode): boolean {
    const d = this.docs[i]!;
    switch (node.kind) {
      case 'all': return true;
      case 'term': {
        const s = stem(node.token);
        return this.stemsIn(i, node.field).some((v) => v.some((x) => x === s || (node.prefix && x.startsWith(node.token))));
      }
      case 'phrase': {
        const ps = node.tokens.map((t) => stem(t));
        return this.stemsIn(i, node.field).some((v) => v.some((_, k) => ps.every((p, j) => v[k + j] === p)));
      }
      case 'identifier': {
        const keys = new Set(node.values.map((v) => (node.field === 'isbn' ? canonicalIsbn(v) : v)));
        const raw = node.field === 'isbn' ? d.isbns.flatMap(isbnForms).map(canonicalIsbn) : d.issns.flatMap(issnForms);
        return raw.some((x) => keys.has(x));
      }
      case 'year': return d.year !== null && d.year >= (node.from ?? 1) && d.year <= (node.to ?? 9999);
      case 'and': return node.children.every((c) => this.matches(i, c));
      case 'or': return node.children.some((c) => this.matches(i, c));
      case 'not': return !this.matches(i, node.child);
    }
  }

  passes(d: IndexDoc, f: SearchFilters, except: string | null): boolean {
    const key = (s: string): string => tokenize(s).join(' ');
    if (except !== 'type' && f.documentType?.length && !f.documentType.includes(d.documentType)) return false;
    if (except !== 'lang' && f.language?.length && !f.language.includes(d.language ?? '')) return false;
    if (except !== 'year' && (typeof f.yearFrom === 'number' || typeof f.yearTo === 'number')) {
      if (d.year === null || d.year < (f.yearFrom ?? 1) || d.year > (f.yearTo ?? 9999)) return false;
    }
    const libs = f.library?.length ? f.library : null;
    if (except !== 'lib' && libs && !d.libraries.some((l) => libs.includes(l))) return false;
    if (except !== 'lib' && except !== 'avail' && f.available) {
      if (!d.availableAt.some((l) => libs === null || libs.includes(l))) return false;
    }
    if (f.author?.length && !f.author.every((a) => d.authors.some((x) => key(x) === key(a)))) return false;
    if (f.subject?.length && !f.subject.every((a) => d.subjects.some((x) => key(x) === key(a)))) return false;
    return true;
  }

  score(i: number, node: QueryNode): number {
    const clauses = new Map<string, number>();
    const levelOf: Record<TextField, number> = { any: -1, title: 0, author: 1, subject: 2, publisher: 3, series: 3 };
    const add = (token: string, field: TextField): void => {
      const s = stem(token);
      if (!this.fieldStems.some((_, j) => this.stemsIn(j, 'any').some((v) => v.includes(s)))) return;
      const l = levelOf[field];
      clauses.set(s, (clauses.get(s) ?? 0) | (l < 0 ? 31 : 1 << l));
    };
    const walk = (n: QueryNode): void => {
      if (n.kind === 'term' && !n.prefix) add(n.token, n.field);
      else if (n.kind === 'phrase') n.tokens.forEach((t) => add(t, n.field));
      else if (n.kind === 'and' || n.kind === 'or') n.children.forEach(walk);
    };
    walk(node);
    let list = [...clauses.entries()];
    if (list.some(([s]) => !isStopStem(s))) list = list.filter(([s]) => !isStopStem(s));
    const N = this.docs.length;
    const weights = [10, 6, 4, 2, 1];
    let total = 0;
    for (const [s, levels] of list) {
      const df = this.docs.filter((_, j) => this.stemsIn(j, 'any').some((v) => v.includes(s))).length;
      const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      const fs = this.fieldStems[i]!;
      const inField = (f: string): boolean => (fs[f] ?? []).some((v) => v.includes(s));
      const hits = [inField('title'), inField('author'), inField('subject'), inField('publisher') || inField('series'),
        this.stemsIn(i, 'any').some((v) => v.includes(s))];
      for (let L = 0; L < 5; L++) {
        if ((levels & (1 << L)) !== 0 && hits[L]) { total += idf * weights[L]!; break; }
      }
    }
    return total;
  }

  search(query: string, f: SearchFilters, sort: SortOrder, pageSize: number): { total: number; ids: number[]; facets: Record<string, unknown> } {
    const node = parseQuery(query);
    const matching = this.docs.map((_, i) => i).filter((i) => this.matches(i, node));
    const inR = matching.filter((i) => this.passes(this.docs[i]!, f, null));
    const count = <T>(except: string | null, valuesOf: (d: IndexDoc) => T[]): Map<T, number> => {
      const m = new Map<T, number>();
      for (const i of matching) {
        const d = this.docs[i]!;
        if (!this.passes(d, f, except)) continue;
        for (const v of new Set(valuesOf(d))) m.set(v, (m.get(v) ?? 0) + 1);
      }
      return m;
    };
    const libs = f.library?.length ? f.library : null;
    const facets = {
      documentType: count('type', (d) => [d.documentType]),
      language: count('lang', (d) => [d.language ?? '']),
      year: count('year', (d) => (d.year === null ? [] : [Math.floor(d.year / 10) * 10])),
      library: count('lib', (d) => (f.available ? [...d.libraries, ...d.availableAt].filter((l) => d.availableAt.includes(l)) : d.libraries)),
      available: count('avail', (d) => (d.availableAt.some((l) => libs === null || libs.includes(l)) ? [1] : [])).get(1) ?? 0,
      author: count(null, (d) => d.authors.map((a) => tokenize(a).join(' '))),
      subject: count(null, (d) => d.subjects.map((a) => tokenize(a).join(' '))),
    };
    const rankOf = (i: number): number => this.staticRank(this.docs[i]!);
    let ordered: number[];
    if (sort === 'relevance') {
      const scores = new Map(inR.map((i) => [i, this.score(i, node)]));
      ordered = [...inR].sort((a, b) => scores.get(b)! - scores.get(a)! || rankOf(a) - rankOf(b));
    } else if (sort === 'newest') {
      ordered = [...inR].sort((a, b) => (this.docs[b]!.year ?? -1) - (this.docs[a]!.year ?? -1) || rankOf(a) - rankOf(b));
    } else {
      const key = (i: number): string | null => {
        const d = this.docs[i]!;
        if (sort === 'title') return titleSortTokens(tokenize(d.title)).join(' ');
        const a = d.authors.find((x) => tokenize(x).length > 0);
        return a === undefined ? null : tokenize(a).join(' ');
      };
      ordered = [...inR].sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        if (ka !== kb) return ka === null ? 1 : kb === null ? -1 : ka < kb ? -1 : 1;
        return rankOf(a) - rankOf(b);
      });
    }
    return { total: inR.length, ids: ordered.slice(0, pageSize).map((i) => this.docs[i]!.id), facets };
  }
}

function randomQuery(r: (n: number) => number, docs: IndexDoc[]): string {
  const w = (): string => WORDS[r(WORDS.length)]!;
  switch (r(10)) {
    case 0: return w();
    case 1: return `${w()} ${w()}`;
    case 2: return `${w()} OU ${w()}`;
    case 3: return `${w()} -${w()}`;
    case 4: {
      const t = tokenize(docs[r(docs.length)]!.title);
      const k = r(Math.max(1, t.length - 1));
      return `"${t.slice(k, k + 2).join(' ')}"`;
    }
    case 5: return `${w().slice(0, 2 + r(3))}*`;
    case 6: return `${['titre', 'auteur', 'sujet', 'editeur', 'collection'][r(5)]}:${w()}`;
    case 7: return `${w()} annee:${1950 + r(40)}-${1990 + r(40)}`;
    case 8: return `(${w()} OU ${w()}) ${w()}`;
    default: return r(2) ? '' : `auteur:${AUTHORS[r(AUTHORS.length)]!.split(',')[0]}`;
  }
}

function randomFilters(r: (n: number) => number): SearchFilters {
  const f: SearchFilters = {};
  if (r(3) === 0) f.documentType = r(2) ? ['book'] : ['book', 'dvd'];
  if (r(3) === 0) f.language = r(2) ? ['fre'] : ['eng', 'ger'];
  if (r(3) === 0) f.library = r(2) ? [1 + r(5)] : [1 + r(5), 1 + r(5)];
  if (r(3) === 0) f.available = true;
  if (r(4) === 0) { f.yearFrom = 1960 + r(30); f.yearTo = f.yearFrom + r(40); }
  if (r(6) === 0) f.author = [AUTHORS[r(AUTHORS.length)]!];
  if (r(6) === 0) f.subject = [SUBJECTS[r(SUBJECTS.length)]!];
  return f;
}

function toMap<T>(values: Array<{ value: T; count: number }>): Map<T, number> {
  return new Map(values.map((v) => [v.value, v.count]));
}

describe('MemoryIndex: agrees with a brute-force reference', () => {
  const docs = makeCorpus(600, 7);
  const reference = new Reference(docs);
  const variants: Array<[string, ConstructorParameters<typeof MemoryIndex>[0]]> = [
    ['defaults', {}],
    ['doc-by-doc filters, value-by-value facets, tiered ranking', { filterStrategy: 'docs', perDocValueCountingMax: 0, exhaustiveScoringMax: 0 }],
    ['bitset filters, doc-by-doc facets', { filterStrategy: 'bitsets', perDocValueCountingMax: 1e9 }],
  ];
  for (const [name, options] of variants) {
    test(`${name}: totals, facets and pages`, () => {
      const idx = new MemoryIndex(options);
      idx.build(docs);
      const r = rng(99);
      for (let q = 0; q < 250; q++) {
        const query = randomQuery(r, docs);
        const filters = randomFilters(r);
        const sort = (['relevance', 'newest', 'title', 'author'] as const)[r(4)]!;
        const got = idx.search({ query, filters, sort, pageSize: 15, facetLimit: 100 });
        const want = reference.search(query, filters, sort, 15);
        const ctx = JSON.stringify({ query, filters, sort });
        assert.equal(got.total, want.total, ctx);
        assert.deepEqual(got.ids, want.ids, ctx);
        const f = got.facets!;
        assert.deepEqual(toMap(f.documentType), want.facets.documentType, `type ${ctx}`);
        assert.deepEqual(toMap(f.language), want.facets.language, `lang ${ctx}`);
        assert.deepEqual(toMap(f.year), want.facets.year, `year ${ctx}`);
        assert.deepEqual(toMap(f.library), want.facets.library, `library ${ctx}`);
        assert.equal(f.available, want.facets.available, `available ${ctx}`);
        assert.deepEqual(new Map(f.author.map((a) => [tokenize(a.value).join(' '), a.count])), want.facets.author, `author ${ctx}`);
        assert.deepEqual(new Map(f.subject.map((a) => [tokenize(a.value).join(' '), a.count])), want.facets.subject, `subject ${ctx}`);
      }
    });
  }

  test('after upserts, removals and optimize() the answers still agree', () => {
    const idx = new MemoryIndex();
    idx.build(docs.slice(0, 400));
    // the other 200 arrive one by one, and 50 of the first ones are removed
    for (const d of docs.slice(400)) idx.upsert(d);
    const removed = new Set<number>();
    for (let i = 0; i < 400; i += 8) { idx.remove(docs[i]!.id); removed.add(docs[i]!.id); }
    idx.optimize();
    const live = docs.filter((d) => !removed.has(d.id));
    const ref = new Reference(live);
    const r = rng(5);
    for (let q = 0; q < 150; q++) {
      const query = randomQuery(r, live);
      const filters = randomFilters(r);
      const sort = (['relevance', 'newest', 'title', 'author'] as const)[r(4)]!;
      const got = idx.search({ query, filters, sort, pageSize: 10, facetLimit: 100 });
      const want = ref.search(query, filters, sort, 10);
      const ctx = JSON.stringify({ query, filters, sort });
      assert.equal(got.total, want.total, ctx);
      assert.deepEqual(got.ids, want.ids, ctx);
      assert.deepEqual(toMap(got.facets!.library), want.facets.library, ctx);
    }
  });

  test('before optimize(), totals and facets already agree (only sort positions of new records are approximate)', () => {
    const idx = new MemoryIndex();
    idx.build(docs.slice(0, 300));
    for (const d of docs.slice(300)) idx.upsert(d);
    for (let i = 0; i < 300; i += 5) idx.remove(docs[i]!.id);
    const live = docs.filter((_, i) => i >= 300 || i % 5 !== 0);
    const ref = new Reference(live);
    const r = rng(11);
    for (let q = 0; q < 150; q++) {
      const query = randomQuery(r, live);
      const filters = randomFilters(r);
      const got = idx.search({ query, filters, pageSize: 1000, facetLimit: 100 });
      const want = ref.search(query, filters, 'relevance', 1000);
      const ctx = JSON.stringify({ query, filters });
      assert.equal(got.total, want.total, ctx);
      assert.deepEqual(sorted(got.ids), sorted(want.ids), ctx);
      assert.deepEqual(toMap(got.facets!.documentType), want.facets.documentType, ctx);
      assert.deepEqual(toMap(got.facets!.library), want.facets.library, ctx);
      assert.equal(got.facets!.available, want.facets.available, ctx);
    }
  });
});
