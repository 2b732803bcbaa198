// Writes the database full-text rows that SqlSearchEngine searches: FTS5 (record_fts) on SQLite, tsvectors
// (record_search) on PostgreSQL, plus sort keys (record_search), author/subject facet values (record_facets)
// and the suggestion dictionary (search_terms), in the caller's transaction.
//
// The text written is exactly what MemoryIndex indexes: analyze() stems per field value (title + subtitle,
// authors, subjects, publisher, series; notes in "other"), identifiers as identifierToken() words. Values of
// one field are separated so that phrases never span two values: " | " between values in FTS5 columns (a
// token no query contains), a skipped position in tsvectors. PostgreSQL tsvectors are written as tsvector
// literals ('word':1,4 'other':2) rather than with to_tsvector('simple', text): the literal keeps our tokens
// exactly as analyze() made them, while the text search parser would split or drop some of them according
// to the server's locale (non-Latin letters under the C locale, for instance). The result is the same as
// to_tsvector('simple') on plain ASCII words.
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { bulkInsert, type Columns } from '../db/bulk.js';
import { inTransaction, type Tx } from '../db/transaction.js';
import type { BibRecord } from '../marc/model.js';
import { SearchRepository } from '../repositories/search.repository.js';
import { isbnForms, issnForms, stem, titleSortTokens, tokenize } from './normalize.js';
import { identifierToken, type IndexDoc } from './memory-index.js';

/** What the SQL index needs of a record (an IndexDoc without its copies). */
export type SearchText = Pick<IndexDoc, 'id' | 'title' | 'subtitle' | 'authors' | 'subjects' | 'publisher' | 'series' | 'notes' | 'isbns' | 'issns'>;

/** Separator token between two values of one FTS5 column (tokenchars '|' in the migration). */
export const VALUE_SEPARATOR = '|';

interface AnalyzedDoc {
  id: number;
  /**
   * per text field (title + subtitle, authors, subjects, publisher, series, notes = "other", searched
   * through "any" only, as in MemoryIndex), per value: stems (values without words dropped)
   */
  fields: string[][][];
  ident: string[];
  titleKey: string;
  authorKey: string | null;
  facets: Array<{ kind: 'author' | 'subject'; key: string; display: string }>;
}

interface AnalyzedValue {
  /** the value as catalogued, trimmed (facet display) */
  display: string;
  /** normalised words; their join(' ') is the facet key */
  tokens: string[];
  stems: string[];
  /** words for the suggestion dictionary (2 characters or more, no digit) */
  words: string[];
}

const DIGIT_RE = /[0-9]/;
/**
 * Authors, subjects, publishers and series repeat from record to record: their analysis is cached (bounded).
 * Titles and notes are mostly unique and are not.
 */
const VALUE_CACHE = new Map<string, AnalyzedValue>();
const VALUE_CACHE_MAX = 50_000;

function analyzeValue(v: string, cache: boolean): AnalyzedValue {
  let a = cache ? VALUE_CACHE.get(v) : undefined;
  if (a === undefined) {
    const tokens = tokenize(v);
    const stems = new Array<string>(tokens.length);
    const words: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      stems[i] = stem(t);
      if (t.length >= 2 && !DIGIT_RE.test(t)) words.push(t);
    }
    a = { display: v.trim(), tokens, stems, words };
    if (cache) {
      if (VALUE_CACHE.size >= VALUE_CACHE_MAX) VALUE_CACHE.clear();
      VALUE_CACHE.set(v, a);
    }
  }
  return a;
}

/** Analysed values of one field (values without words dropped); words go to the dictionary set. */
function fieldValues(list: ReadonlyArray<string | null | undefined> | null | undefined, cache: boolean, words: Set<string>): AnalyzedValue[] {
  const out: AnalyzedValue[] = [];
  if (!list) return out;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'string' || v === '') continue;
    const a = analyzeValue(v, cache);
    if (a.tokens.length === 0) continue;
    for (const w of a.words) words.add(w);
    out.push(a);
  }
  return out;
}

/**
 * Facet rows of one record: one per key (facetKey = the normalised words joined by spaces), with the
 * smallest spelling when a record has two (MemoryIndex displays the smallest spelling of a key).
 */
function facetRows(out: AnalyzedDoc['facets'], kind: 'author' | 'subject', values: AnalyzedValue[]): void {
  const start = out.length;
  for (const a of values) {
    const key = a.tokens.join(' ');
    let dup = false;
    for (let i = start; i < out.length; i++) {
      const f = out[i]!;
      if (f.key === key) {
        if (a.display < f.display) f.display = a.display;
        dup = true;
        break;
      }
    }
    if (!dup) out.push({ kind, key, display: a.display });
  }
}

function stemsOf(values: AnalyzedValue[]): string[][] {
  return values.map((a) => a.stems);
}

/** The text the engines index for one record (the same analysis as MemoryIndex's); words go to `words`. */
function analyzeDoc(doc: SearchText, words: Set<string>): AnalyzedDoc {
  const title = fieldValues([doc.title, doc.subtitle], false, words);
  const authors = fieldValues(doc.authors, true, words);
  const subjects = fieldValues(doc.subjects, true, words);
  const fields = [
    stemsOf(title),
    stemsOf(authors),
    stemsOf(subjects),
    stemsOf(fieldValues([doc.publisher], true, words)),
    stemsOf(fieldValues(doc.series, true, words)),
    stemsOf(fieldValues(doc.notes, false, words)),
  ];
  const ident: string[] = [];
  const addIdent = (t: string | null): void => {
    if (t !== null && !ident.includes(t)) ident.push(t);
  };
  for (const raw of doc.isbns ?? []) for (const f of isbnForms(raw)) addIdent(identifierToken('isbn', f));
  for (const raw of doc.issns ?? []) for (const f of issnForms(raw)) addIdent(identifierToken('issn', f));
  const facets: AnalyzedDoc['facets'] = [];
  facetRows(facets, 'author', authors);
  facetRows(facets, 'subject', subjects);
  return {
    id: doc.id,
    fields,
    ident,
    // sort keys as MemoryIndex's titleKey()/authorKey(): the first value with words
    titleKey: title.length > 0 ? titleSortTokens(title[0]!.tokens).join(' ') : '',
    authorKey: authors.length > 0 ? authors[0]!.tokens.join(' ') : null,
    facets,
  };
}

// ----- PostgreSQL tsvector literals

/** Longest lexeme PostgreSQL stores (bytes); positions go up to 16,383. */
const MAX_LEXEME_BYTES = 2046;
const MAX_POS = 16383;
const TS_SPECIAL = /['\\]/;

/** A lexeme quoted for tsvector/tsquery input (no text search configuration involved). */
export function tsLexeme(s: string): string {
  // analyze() words are letters and digits: the escapes are for anything else
  return TS_SPECIAL.test(s) ? "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "''") + "'" : "'" + s + "'";
}

/**
 * Writes a tsvector literal word by word ('a':1 'b':2 'a':3): PostgreSQL's tsvector input sorts the
 * entries, merges repeated words, and keeps at most 256 positions a word (positions past 16,383 count as
 * 16,383), so nothing is grouped here.
 */
class TsvectorWriter {
  text = '';
  private pos = 0;

  /** One value: consecutive positions, one position left empty before it (no phrase across values). */
  value(stems: readonly string[]): void {
    if (stems.length === 0) return;
    if (this.pos > 0) this.pos++;
    let text = this.text;
    for (const st of stems) {
      this.pos++;
      // at most 3 UTF-8 bytes per UTF-16 unit: only long words need measuring; longer ones cannot be stored
      if (st.length * 3 > MAX_LEXEME_BYTES && Buffer.byteLength(st) > MAX_LEXEME_BYTES) continue;
      text += (text === '' ? '' : ' ') + tsLexeme(st) + ':' + (this.pos > MAX_POS ? MAX_POS : this.pos);
    }
    this.text = text;
  }

  values(list: readonly (readonly string[])[]): this {
    for (const v of list) this.value(v);
    return this;
  }
}

// ----- writing

const PG_COLUMNS: Columns = [
  ['record_id', 'int'], ['title', 'text'], ['author', 'text'], ['subject', 'text'], ['publisher', 'text'],
  ['series', 'text'], ['ident', 'text'], ['doc', 'text'], ['title_key', 'text'], ['author_key', 'text'],
];
const FTS_COLUMNS: Columns = [
  ['rowid', 'int'], ['title', 'text'], ['author', 'text'], ['subject', 'text'], ['publisher', 'text'],
  ['series', 'text'], ['other', 'text'], ['ident', 'text'],
];
const KEY_COLUMNS: Columns = [['record_id', 'int'], ['title_key', 'text'], ['author_key', 'text']];
const FACET_COLUMNS: Columns = [['record_id', 'int'], ['kind', 'text'], ['key', 'text'], ['display', 'text']];

const CHUNK = 10_000;

/** `column IN (ids)`, one parameter whatever the number of ids (json_each on SQLite, an array on PostgreSQL). */
function idsIn(db: Db, column: string, ids: readonly number[]) {
  return db.engine === 'postgres'
    ? sql`${sql.ref(column)} = any(${[...ids]}::int[])`
    : sql`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** Removes the search rows of these records (deleted records; writeSearchRows replaces rows by itself). */
export async function deleteSearchRows(db: Db, tx: Tx, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    // FTS5 rows have no foreign key: deleted explicitly (a rowid without row is a no-op for contentless_delete)
    if (db.engine === 'sqlite') await sql`delete from record_fts where ${idsIn(db, 'rowid', part)}`.execute(tx.kysely);
    await sql`delete from record_search where ${idsIn(db, 'record_id', part)}`.execute(tx.kysely);
    await sql`delete from record_facets where ${idsIn(db, 'record_id', part)}`.execute(tx.kysely);
  }
}

export interface WriteOptions {
  /**
   * Records the caller has just inserted: they cannot have rows yet (ids are never reused on either
   * engine), so they are not looked up. An import's first load skips every lookup.
   */
  newRecords?: ReadonlySet<number>;
}

/**
 * Writes (or replaces) the search rows of these records, in the caller's transaction (the one that wrote
 * the records: the tables have no foreign keys). When an id appears several times, the last document wins
 * (as the last update of the record did).
 *
 * Cost: one existence query (records not in options.newRecords), deletes for the records already indexed,
 * bulk inserts (prepared statements on SQLite, COPY on PostgreSQL) of one search row and some three facet
 * rows a record, and one statement for the dictionary words. Measured on the demo catalogue: about 20 us a
 * record of text analysis, 10 us of tsvector text (PostgreSQL), 25 us of FTS5 indexing (SQLite); see
 * bench/import.ts for what it adds to an import.
 */
export async function writeSearchRows(db: Db, tx: Tx, docs: readonly SearchText[], options: WriteOptions = {}): Promise<void> {
  if (docs.length === 0) return;
  const unique = new Map<number, SearchText>();
  for (const d of docs) {
    unique.delete(d.id);
    unique.set(d.id, d);
  }
  const words = new Set<string>();
  const analyzed = [...unique.values()].map((d) => analyzeDoc(d, words));
  const fresh = options.newRecords;
  const ids = fresh ? analyzed.map((a) => a.id).filter((id) => !fresh.has(id)) : analyzed.map((a) => a.id);

  const existing: number[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const rows = await sql<{ record_id: number }>`select record_id from record_search where ${idsIn(db, 'record_id', part)}`.execute(tx.kysely);
    for (const r of rows.rows) existing.push(Number(r.record_id));
  }
  if (existing.length > 0) await deleteSearchRows(db, tx, existing);

  const facetRows = analyzed.flatMap((a) => a.facets.map((f) => ({ record_id: a.id, kind: f.kind, key: f.key, display: f.display })));
  if (db.engine === 'postgres') {
    const rows = analyzed.map((a) => {
      const doc = new TsvectorWriter();
      for (const values of a.fields) doc.values(values);
      return {
        record_id: a.id,
        title: new TsvectorWriter().values(a.fields[0]!).text,
        author: new TsvectorWriter().values(a.fields[1]!).text,
        subject: new TsvectorWriter().values(a.fields[2]!).text,
        publisher: new TsvectorWriter().values(a.fields[3]!).text,
        series: new TsvectorWriter().values(a.fields[4]!).text,
        ident: a.ident.map(tsLexeme).join(' '),
        doc: doc.text,
        title_key: a.titleKey,
        author_key: a.authorKey,
      };
    });
    await bulkInsert(db, tx, 'record_search', PG_COLUMNS, rows);
  } else {
    const fts = analyzed.map((a) => {
      const col = (values: string[][]): string => values.map((v) => v.join(' ')).join(` ${VALUE_SEPARATOR} `);
      return {
        rowid: a.id,
        title: col(a.fields[0]!),
        author: col(a.fields[1]!),
        subject: col(a.fields[2]!),
        publisher: col(a.fields[3]!),
        series: col(a.fields[4]!),
        other: col(a.fields[5]!),
        ident: a.ident.join(' '),
      };
    });
    await bulkInsert(db, tx, 'record_fts', FTS_COLUMNS, fts);
    await bulkInsert(db, tx, 'record_search', KEY_COLUMNS, analyzed.map((a) => ({ record_id: a.id, title_key: a.titleKey, author_key: a.authorKey })));
  }
  await bulkInsert(db, tx, 'record_facets', FACET_COLUMNS, facetRows);

  const list = [...words];
  for (let i = 0; i < list.length; i += CHUNK) {
    const part = list.slice(i, i + CHUNK);
    if (db.engine === 'postgres') {
      // the NOT EXISTS keeps known words from taking (and wasting) identity values
      await sql`insert into search_terms (word) select w from unnest(${part}::text[]) as u(w)
        where not exists (select 1 from search_terms t where t.word = u.w) on conflict (word) do nothing`.execute(tx.kysely);
    } else {
      await sql`insert or ignore into search_terms (word) select value from json_each(${JSON.stringify(part)})`.execute(tx.kysely);
    }
  }
}

/** The search text of a record the importer has just mapped. */
export function searchTextOfBib(id: number, bib: BibRecord): SearchText {
  return {
    id,
    title: bib.title,
    subtitle: bib.subtitle,
    authors: bib.authors.map((a) => a.name),
    subjects: bib.subjects,
    publisher: bib.publisher,
    series: bib.series,
    notes: bib.notes,
    isbns: bib.isbns,
    issns: bib.issns,
  };
}

/**
 * Re-reads these records and rewrites their search rows (records that no longer exist lose theirs): for
 * writers other than the importer (record edits, deletions).
 */
export async function reindexRecords(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await inTransaction(db, async (tx) => {
    const docs = await new SearchRepository(tx.kysely).docs([...new Set(ids)]);
    const found = new Set(docs.map((d) => d.id));
    await deleteSearchRows(db, tx, ids.filter((id) => !found.has(id)));
    await writeSearchRows(db, tx, docs);
  });
}

/** Rebuilds every search row from the records (a database filled before the search tables existed). */
export async function rebuildSearchIndex(db: Db, batchSize = 5000, onProgress?: (done: number) => void): Promise<number> {
  let n = 0;
  await inTransaction(db, async (tx) => {
    if (db.engine === 'sqlite') await sql`insert into record_fts (record_fts) values ('delete-all')`.execute(tx.kysely);
    await sql`delete from record_search`.execute(tx.kysely);
    await sql`delete from record_facets`.execute(tx.kysely);
  });
  for await (const batch of new SearchRepository(db.kysely).allDocs(batchSize)) {
    await inTransaction(db, (tx) => writeSearchRows(db, tx, batch));
    n += batch.length;
    onProgress?.(n);
  }
  return n;
}
