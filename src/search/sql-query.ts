// The reader's query AST (query.ts) compiled to SQL for the two database engines, with MemoryIndex's
// matching semantics:
// - a word matches its stem in the field (title = title and subtitle; "any" = every text field, notes
//   included, identifiers excluded); a prefix matches every stem starting with the typed prefix, plus the
//   stem of the prefix itself ("ecoles*" finds "école"); a phrase matches adjacent stems inside ONE value
//   of one field; identifiers match their identifierToken(); years are inclusive ranges of known years;
// - AND / OR / NOT are set operations on the records (NOT x = every record not matching x).
//
// Shape of the SQL: a boolean predicate over `records r`. Each maximal text-only part of the AST becomes
// ONE full-text lookup, `r.id IN (SELECT rowid FROM record_fts WHERE record_fts MATCH '...')` on SQLite
// (FTS5 column filters, "phrases", "prefix"*, AND/OR/NOT) and `r.id IN (SELECT record_id FROM record_search
// WHERE doc @@ '...'::tsquery ...)` on PostgreSQL (&, |, !, <-> phrases, :* prefixes); year ranges and
// the parts FTS5 cannot say (a NOT without a positive sibling) are SQL around those lookups. Everything is
// two-valued: record ids are never NULL and year tests are written so that NOT works on unknown years.
//
// Differences with MemoryIndex that remain: a prefix expands to every matching stem (MemoryIndex keeps the
// 2,000 most frequent: "a*" may find more records here); PostgreSQL cannot store words longer than 2,046
// bytes nor positions past 16,383 in a field (phrases beyond them may be missed there).
import { sql, type RawBuilder } from 'kysely';
import { stem } from './normalize.js';
import type { IdentifierField, QueryNode, TextField } from './query.js';
import { identifierToken } from './memory-index.js';
import { tsLexeme } from './sql-indexer.js';

export type SqlDialect = 'sqlite' | 'postgres';
export type Frag = RawBuilder<unknown>;

export const TRUE: Frag = sql`1 = 1`;
export const FALSE: Frag = sql`1 = 0`;

/** Leaves after analysis: stems and identifier words as indexed. */
type Leaf =
  | { k: 'term'; field: TextField; stem: string }
  /** prefix: stems starting with `prefix`, or equal to `stem` (either may be absent) */
  | { k: 'prefix'; field: TextField; prefix: string | null; stem: string | null }
  | { k: 'phrase'; field: TextField; stems: string[] }
  | { k: 'ident'; field: IdentifierField; words: string[] };

type CNode =
  | { k: 'true' }
  | { k: 'false' }
  | { k: 'year'; lo: number; hi: number }
  | { k: 'leaf'; leaf: Leaf }
  | { k: 'and'; c: CNode[] }
  | { k: 'or'; c: CNode[] }
  | { k: 'not'; c: CNode };

/** A word the index can hold: letters and digits only (what analyze() produces). */
const INDEXABLE = /^[\p{L}\p{N}]+$/u;

function word(s: string): string | null {
  return INDEXABLE.test(s) ? s : null;
}

/** Inclusive year bounds as SQL integers, or null when no known year (1..9999) can be in them. */
export function yearBounds(from: number | null | undefined, to: number | null | undefined): { lo: number; hi: number } | null {
  const f = typeof from === 'number' ? from : 1;
  const t = typeof to === 'number' ? to : 9999;
  if (Number.isNaN(f) || Number.isNaN(t)) return null;
  const lo = Math.max(1, Math.ceil(f));
  const hi = Math.min(9999, Math.floor(t));
  return lo > hi ? null : { lo, hi };
}

function analyzeNode(n: QueryNode): CNode {
  switch (n.kind) {
    case 'all': return { k: 'true' };
    case 'term': {
      if (n.prefix) {
        if (n.token === '') return { k: 'false' };
        const p = word(n.token);
        const s = word(stem(n.token));
        return p === null && s === null ? { k: 'false' } : { k: 'leaf', leaf: { k: 'prefix', field: n.field, prefix: p, stem: s } };
      }
      const s = word(stem(n.token));
      return s === null ? { k: 'false' } : { k: 'leaf', leaf: { k: 'term', field: n.field, stem: s } };
    }
    case 'phrase': {
      const stems = n.tokens.map((t) => word(stem(t)));
      if (stems.length === 0 || stems.some((s) => s === null)) return { k: 'false' };
      const ok = stems as string[];
      return { k: 'leaf', leaf: ok.length === 1 ? { k: 'term', field: n.field, stem: ok[0]! } : { k: 'phrase', field: n.field, stems: ok } };
    }
    case 'identifier': {
      const words = [...new Set(n.values.map((v) => identifierToken(n.field, v)).filter((w): w is string => w !== null && word(w) !== null))];
      return words.length === 0 ? { k: 'false' } : { k: 'leaf', leaf: { k: 'ident', field: n.field, words } };
    }
    case 'year': {
      const b = yearBounds(n.from, n.to);
      return b === null ? { k: 'false' } : { k: 'year', lo: b.lo, hi: b.hi };
    }
    case 'and': return { k: 'and', c: n.children.map(analyzeNode) };
    case 'or': return { k: 'or', c: n.children.map(analyzeNode) };
    case 'not': return { k: 'not', c: analyzeNode(n.child) };
  }
}

/**
 * Can this subtree be one full-text expression? FTS5 has no unary NOT: a NOT must have a positive sibling
 * in an AND. The same grouping is used on PostgreSQL, so both engines run the same plan.
 */
function textual(n: CNode): boolean {
  switch (n.k) {
    case 'leaf': return true;
    case 'or': return n.c.length > 0 && n.c.every(textual);
    case 'and':
      return n.c.every((c) => textual(c) || (c.k === 'not' && textual(c.c))) && n.c.some(textual);
    default: return false;
  }
}

// ----- SQLite FTS5

const FTS_COLUMNS: Record<TextField, string> = {
  any: '{title author subject publisher series other}',
  title: '{title}', author: '{author}', subject: '{subject}', publisher: '{publisher}', series: '{series}',
};

function ftsString(s: string): string {
  return '"' + s.replace(/"/g, '""') + '"';
}

function ftsLeaf(l: Leaf): string {
  switch (l.k) {
    case 'term': return `${FTS_COLUMNS[l.field]} : ${ftsString(l.stem)}`;
    case 'prefix': {
      const parts: string[] = [];
      if (l.prefix !== null) parts.push(`${ftsString(l.prefix)} *`);
      if (l.stem !== null) parts.push(ftsString(l.stem));
      return `${FTS_COLUMNS[l.field]} : (${parts.join(' OR ')})`;
    }
    case 'phrase': return `${FTS_COLUMNS[l.field]} : ${ftsString(l.stems.join(' '))}`;
    case 'ident': return `{ident} : (${l.words.map(ftsString).join(' OR ')})`;
  }
}

/** FTS5 MATCH expression of a textual() subtree. */
function fts(n: CNode): string {
  switch (n.k) {
    case 'leaf': return `(${ftsLeaf(n.leaf)})`;
    case 'or': return `(${n.c.map(fts).join(' OR ')})`;
    case 'and': {
      const pos = n.c.filter((c) => c.k !== 'not');
      let acc = `(${pos.map(fts).join(' AND ')})`;
      for (const c of n.c) if (c.k === 'not') acc = `(${acc} NOT ${fts(c.c)})`;
      return acc;
    }
    default: throw new Error(`not a full-text node: ${n.k}`);
  }
}

// ----- PostgreSQL tsquery

function tsqLeaf(l: Leaf): string {
  switch (l.k) {
    case 'term': return tsLexeme(l.stem);
    case 'prefix': {
      const parts: string[] = [];
      if (l.prefix !== null) parts.push(`${tsLexeme(l.prefix)}:*`);
      if (l.stem !== null) parts.push(tsLexeme(l.stem));
      return `(${parts.join(' | ')})`;
    }
    case 'phrase': return `(${l.stems.map(tsLexeme).join(' <-> ')})`;
    case 'ident': return `(${l.words.map(tsLexeme).join(' | ')})`;
  }
}

/** tsquery text of a subtree whose leaves all search one column. */
function tsq(n: CNode): string {
  switch (n.k) {
    case 'leaf': return tsqLeaf(n.leaf);
    case 'or': return `(${n.c.map(tsq).join(' | ')})`;
    case 'and': return `(${n.c.map(tsq).join(' & ')})`;
    case 'not': return `!${tsq(n.c)}`;
    default: throw new Error(`not a full-text node: ${n.k}`);
  }
}

function leafColumn(l: Leaf): string {
  return l.k === 'ident' ? 'ident' : l.field === 'any' ? 'doc' : l.field;
}

/** The column every leaf of the subtree searches, or null when they search several. */
function singleColumn(n: CNode): string | null {
  switch (n.k) {
    case 'leaf': return leafColumn(n.leaf);
    case 'not': return singleColumn(n.c);
    case 'and': case 'or': {
      const cols = new Set(n.c.map(singleColumn));
      return cols.size === 1 ? [...cols][0]! : null;
    }
    default: return null;
  }
}

function hasNot(n: CNode): boolean {
  return n.k === 'not' || ((n.k === 'and' || n.k === 'or') && n.c.some(hasNot));
}

/** Columns with a GIN index of their own (the migration); the other fields are found through `doc`. */
const GIN_COLUMNS = new Set(['doc', 'ident']);

function tsMatch(col: string, q: string, positive: boolean): Frag {
  const query = sql`${q}::tsquery`;
  if (GIN_COLUMNS.has(col) || !positive) return sql`s.${sql.ref(col)} @@ ${query}`;
  // a field: every word of it is in doc too, at the same relative positions, so a
  // query without negation that matches the field matches doc: the doc test changes nothing but lets
  // PostgreSQL use doc's GIN index
  return sql`(s.doc @@ ${query} and s.${sql.ref(col)} @@ ${query})`;
}

/** SQL boolean over record_search s of a textual() subtree: one tsquery per column searched. */
function pg(n: CNode): Frag {
  const col = singleColumn(n);
  if (col !== null) return tsMatch(col, tsq(n), !hasNot(n));
  switch (n.k) {
    case 'and': return sql`(${sql.join(n.c.map(pg), sql` and `)})`;
    case 'or': return sql`(${sql.join(n.c.map(pg), sql` or `)})`;
    case 'not': return sql`not (${pg(n.c)})`;
    default: throw new Error(`not a full-text node: ${n.k}`);
  }
}

// ----- the predicate over records r

function textLookup(n: CNode, dialect: SqlDialect): Frag {
  return dialect === 'sqlite'
    ? sql`r.id in (select rowid from record_fts where record_fts match ${fts(n)})`
    : sql`r.id in (select s.record_id from record_search s where ${pg(n)})`;
}

/** Known year (1..9999) within [lo, hi]: false, never NULL, for records without a year. */
export function yearIn(column: Frag, lo: number, hi: number): Frag {
  return sql`(${column} is not null and ${column} >= ${lo} and ${column} <= ${hi})`;
}

function compile(n: CNode, dialect: SqlDialect): Frag {
  switch (n.k) {
    case 'true': return TRUE;
    case 'false': return FALSE;
    case 'year': return yearIn(sql`r.year`, n.lo, n.hi);
    case 'leaf': return textLookup(n, dialect);
    case 'not': return sql`not (${compile(n.c, dialect)})`;
    case 'and': {
      if (n.c.length === 0) return TRUE;
      const text = n.c.filter((c) => textual(c) || (c.k === 'not' && textual(c.c)));
      const grouped = text.some(textual) ? text : [];
      const parts = n.c.filter((c) => !grouped.includes(c)).map((c) => compile(c, dialect));
      if (grouped.length > 0) parts.unshift(textLookup(grouped.length === 1 ? grouped[0]! : { k: 'and', c: grouped }, dialect));
      return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` and `)})`;
    }
    case 'or': {
      if (n.c.length === 0) return FALSE;
      const text = n.c.filter(textual);
      const parts = n.c.filter((c) => !text.includes(c)).map((c) => compile(c, dialect));
      if (text.length > 0) parts.unshift(textLookup(text.length === 1 ? text[0]! : { k: 'or', c: text }, dialect));
      return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
    }
  }
}

/** The records matching the query, as a boolean SQL expression over `records r`. */
export function matchPredicate(node: QueryNode, dialect: SqlDialect): Frag {
  return compile(analyzeNode(node), dialect);
}

// ----- ranking

/** FTS5 column set / tsvector column of each ranking level (MemoryIndex's levels: title, author, subject, publisher+series, any). */
const LEVEL_FTS = ['{title}', '{author}', '{subject}', '{publisher series}', FTS_COLUMNS.any];

/** Does the record have this stem at this ranking level? (SQL boolean; `s` = record_search on PostgreSQL) */
export function stemAtLevel(st: string, level: number, dialect: SqlDialect): Frag {
  if (dialect === 'sqlite') {
    return sql`r.id in (select rowid from record_fts where record_fts match ${`${LEVEL_FTS[level]!} : ${ftsString(st)}`})`;
  }
  const q = sql`${tsLexeme(st)}::tsquery`;
  switch (level) {
    case 0: return sql`coalesce(s.title @@ ${q}, false)`;
    case 1: return sql`coalesce(s.author @@ ${q}, false)`;
    case 2: return sql`coalesce(s.subject @@ ${q}, false)`;
    case 3: return sql`coalesce(s.publisher @@ ${q} or s.series @@ ${q}, false)`;
    default: return sql`coalesce(s.doc @@ ${q}, false)`;
  }
}

/** Number of records with this stem in any text field (the idf's document frequency). */
export function stemDocCount(st: string, dialect: SqlDialect): RawBuilder<{ n: number }> {
  return dialect === 'sqlite'
    ? sql`select count(*) as n from record_fts where record_fts match ${`${FTS_COLUMNS.any} : ${ftsString(st)}`}`
    : sql`select count(*) as n from record_search where doc @@ ${tsLexeme(st)}::tsquery`;
}

export { word as indexableWord };
