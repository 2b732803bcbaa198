// The catalogue search of the database itself: SQLite FTS5 or PostgreSQL full text, with the semantics of
// MemoryIndex (see its header): same matching (sql-query.ts over the rows sql-indexer.ts writes), same
// filters and facets ("exclude own facet" for OR'ed facets, AND'ed author/subject, decades, top-N authors
// and subjects with ties broken by display value, availability = a copy with status 'on_shelf', withdrawn
// and lost copies ignored), same ranking formula (sum of idf x weight of the best field), same sort keys
// and the same tie-break (the static rank: libraries holding a copy desc, year desc, record id).
//
// It is the reference and fallback engine, not the fast path (MemorySearchEngine is). A search is one
// read-only transaction (one snapshot) of:
// - one statement for the total and every facet: the matching records are materialised once (a CTE) with
//   a flag per filter (availability and library flags are EXISTS lookups in copies), then counted per facet;
// - one statement for the page: the matches passing the filters, their static rank (copies grouped by
//   record) and, for relevance, a score made of one full-text test per query word and field level
//   (FTS5 subqueries on SQLite, tsvector tests on the row on PostgreSQL), sorted in full, then LIMIT/OFFSET;
// - for relevance, one document-frequency count per query word, and the number of records.
// So the work grows with the number of matches: milliseconds for a few hundred, some 50 ms (SQLite) to
// 150 ms (PostgreSQL) for 3,000 matches in 30,000 records, 0.5 to 1 s for a query matching most of a
// 30,000-record catalogue (so tens of seconds at 1M records, where MemoryIndex stops early). Full-text lookups
// use the FTS5 index and the GIN index on doc (PostgreSQL's planner scans instead when a word is in a large
// part of the catalogue); filters use the indexes on copies (record_id; status, record_id) and
// record_facets (kind, key, display, record_id).
//
// Known differences with MemoryIndex, all about records changed since the in-memory index was built (it
// catches up through the change log and optimize()s now and then): its idf counts records removed or
// replaced since its last optimize(), its static rank (the tie-break) is that of its last build or
// optimize(), a facet value keeps the smallest spelling it ever indexed; it caps prefix expansions (2,000
// stems) and, for very common words, the number of records scored (maxScoredDocs); it counts the words of
// removed records as known (suggestions). PostgreSQL cannot store a word longer than 2,046 bytes nor a
// position past 16,383 in a field (sql-query.ts).
import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { SearchEngine } from './engine.js';
import type { FacetValue, Facets, SearchFilters, SearchRequest, SearchResult, SortOrder } from './memory-index.js';
import { FIELD_WEIGHTS, facetKey as facetKeyOf } from './memory-index.js';
import { isStopStem, stem } from './normalize.js';
import { parseQuery, type QueryNode, type TextField } from './query.js';
import {
  FALSE, TRUE, indexableWord, matchPredicate, stemAtLevel, stemDocCount, yearBounds, yearIn, type Frag, type SqlDialect,
} from './sql-query.js';
import { Suggester, type SuggestSource } from './suggest.js';

const MAX_PAGE_END = 100_000;
/** statuses of copies that no longer count as held (as in search.repository.ts) */
const GONE = ['withdrawn', 'lost'];
const LEVEL_WEIGHT = [FIELD_WEIGHTS.title, FIELD_WEIGHTS.author, FIELD_WEIGHTS.subject, FIELD_WEIGHTS.publisher, FIELD_WEIGHTS.other];
const NUM_LEVELS = 5;
const LEVEL_OF_TEXT_FIELD: Record<TextField, number> = { any: -1, title: 0, author: 1, subject: 2, publisher: 3, series: 3 };

function clampInt(v: number | undefined, lo: number, hi: number, dflt: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt;
  return Math.min(hi, Math.max(lo, Math.floor(v)));
}

function byCountThenValue<T extends string | number>(a: FacetValue<T>, b: FacetValue<T>): number {
  return b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

function nonEmpty<T>(v: T[] | undefined): v is T[] {
  return Array.isArray(v) && v.length > 0;
}

/** The filters as named SQL booleans over `records r` (see MemoryIndex.compileFilters). */
interface CompiledFilters {
  /** document type, language, year range, library, available: each excluded from its own facet's counts */
  type: Frag | null;
  lang: Frag | null;
  year: Frag | null;
  lib: Frag | null;
  /** the "available now" filter (only when ticked) */
  avail: Frag | null;
  /** on the shelf now (in a selected library if any): the available count, and the filter when ticked */
  availHere: Frag;
  /** audience, authors and subjects: never excluded (no facet of its own, or AND'ed and counted on the result) */
  rest: Frag | null;
}

function compileFilters(f: SearchFilters): CompiledFilters {
  const inList = (col: Frag, values: string[]): Frag => {
    // a value PostgreSQL cannot even receive (NUL) matches nothing, as no stored value has one
    const ok = values.filter((v) => typeof v === 'string' && !v.includes('\u0000'));
    return ok.length === 0 ? FALSE : sql`${col} in (${sql.join(ok)})`;
  };
  const type = nonEmpty(f.documentType) ? inList(sql`r.document_type`, f.documentType) : null;
  const lang = nonEmpty(f.language) ? inList(sql`coalesce(r.language, '')`, f.language) : null;
  const aud = nonEmpty(f.audience) ? inList(sql`coalesce(r.audience, '')`, f.audience) : null;
  let year: Frag | null = null;
  if (typeof f.yearFrom === 'number' || typeof f.yearTo === 'number') {
    const b = yearBounds(f.yearFrom, f.yearTo);
    year = b === null ? FALSE : yearIn(sql`r.year`, b.lo, b.hi);
  }
  const libs = nonEmpty(f.library) ? [...new Set(f.library.filter((l) => Number.isInteger(l)))] : null;
  let lib: Frag | null = null;
  let availHere = sql`exists (select 1 from copies c where c.record_id = r.id and c.status = 'on_shelf')`;
  if (libs !== null) {
    if (libs.length === 0) {
      lib = FALSE;
      availHere = FALSE;
    } else {
      const list = sql.join(libs);
      lib = sql`exists (select 1 from copies c where c.record_id = r.id and c.status not in (${sql.join(GONE)})
        and (c.home_library_id in (${list}) or c.current_library_id in (${list})))`;
      availHere = sql`exists (select 1 from copies c where c.record_id = r.id and c.status = 'on_shelf' and c.current_library_id in (${list}))`;
    }
  }
  const rest: Frag[] = [];
  if (aud !== null) rest.push(aud);
  for (const [kind, values] of [['author', f.author], ['subject', f.subject]] as const) {
    if (!nonEmpty(values)) continue;
    for (const v of values) {
      const key = typeof v === 'string' ? facetKeyOf(v) : '';
      rest.push(key === '' ? FALSE : sql`r.id in (select record_id from record_facets where kind = ${kind} and key = ${key})`);
    }
  }
  return {
    type, lang, year, lib,
    avail: f.available === true ? availHere : null,
    availHere,
    rest: rest.length === 0 ? null : sql`(${sql.join(rest, sql` and `)})`,
  };
}

function and(parts: Array<Frag | null>): Frag {
  const p = parts.filter((x): x is Frag => x !== null);
  return p.length === 0 ? TRUE : sql`(${sql.join(p, sql` and `)})`;
}

interface Clause {
  stem: string;
  /** bit L set: level L may score */
  levels: number;
  idf: number;
}

export class SqlSearchEngine implements SearchEngine {
  readonly name: 'sqlite-fts5' | 'postgres-fts';
  private readonly dialect: SqlDialect;
  private readonly vocabulary = new SqlVocabulary();
  private readonly suggester = new Suggester(this.vocabulary);

  constructor(private readonly db: Db) {
    this.dialect = db.engine === 'postgres' ? 'postgres' : 'sqlite';
    this.name = this.dialect === 'postgres' ? 'postgres-fts' : 'sqlite-fts5';
  }

  private get k(): Kysely<Database> {
    return this.db.kysely;
  }

  /**
   * Runs the statements of one search in one read-only transaction: the total, the facets and the page
   * see the same snapshot. On PostgreSQL the JIT compiler is turned off for it: these statements are
   * costed high enough to trigger it, and compiling them takes longer than running them.
   */
  private snapshot<T>(fn: (k: Kysely<Database>) => Promise<T>): Promise<T> {
    return inTransaction(this.db, async (tx) => {
      if (this.dialect === 'postgres') {
        await sql`set transaction isolation level repeatable read, read only`.execute(tx.kysely);
        await sql`set local jit = off`.execute(tx.kysely);
      }
      return fn(tx.kysely);
    });
  }

  /** Text comparison in code-point order on both engines (MemoryIndex compares JS strings). */
  private binary(col: Frag): Frag {
    return this.dialect === 'postgres' ? sql`${col} collate "C"` : col;
  }

  async search(req: SearchRequest = {}): Promise<SearchResult> {
    const node: QueryNode = typeof req.query === 'string' ? parseQuery(req.query) : (req.query ?? { kind: 'all' });
    const pageSize = clampInt(req.pageSize, 1, 1000, 20);
    const page = clampInt(req.page, 1, 1_000_000, 1);
    const match = matchPredicate(node, this.dialect);
    const f = compileFilters(req.filters ?? {});
    const result: SearchResult = { total: 0, ids: [], page, pageSize };
    return this.snapshot(async (k) => {
      if (req.facets !== false) {
        const { total, facets } = await this.facets(k, match, f, clampInt(req.facetLimit, 1, 1000, 20));
        result.total = total;
        result.facets = facets;
      } else {
        const r = await sql<{ n: number }>`select count(*) as n from records r where ${match} and ${this.allFilters(f)}`.execute(k);
        result.total = Number(r.rows[0]?.n ?? 0);
      }
      const offset = (page - 1) * pageSize;
      if (offset >= result.total || offset + pageSize > MAX_PAGE_END) return result;
      result.ids = await this.page(k, node, match, f, req.sort ?? 'relevance', pageSize, offset);
      return result;
    });
  }

  private allFilters(f: CompiledFilters): Frag {
    return and([f.type, f.lang, f.year, f.lib, f.avail, f.rest]);
  }

  /** Total and facets in one statement (see the header). */
  private async facets(k: Kysely<Database>, match: Frag, f: CompiledFilters, limit: number): Promise<{ total: number; facets: Facets }> {
    const flag = (e: Frag | null, name: string): Frag => (e === null ? sql`` : sql`, ${e} as ${sql.raw(name)}`);
    // the filters present, as flag columns of m, except the excluded ones
    const present: Array<[string, Frag | null]> = [['ft', f.type], ['fl', f.lang], ['fy', f.year], ['flib', f.lib], ['fav', f.avail], ['fx', f.rest]];
    const where = (...except: string[]): Frag => {
      const cols = present.filter(([n, e]) => e !== null && !except.includes(n)).map(([n]) => sql.raw(`m.${n}`));
      return cols.length === 0 ? TRUE : sql.join(cols, sql` and `);
    };
    const libMatches = sql`select m.id from m where ${where('flib', 'fav')}`;
    const libPairs = f.avail !== null
      ? sql`select distinct c.record_id as rid, c.current_library_id as lib from copies c
          where c.status = 'on_shelf' and c.record_id in (${libMatches})`
      : sql`select c.record_id as rid, c.home_library_id as lib from copies c
          where c.status not in (${sql.join(GONE)}) and c.record_id in (${libMatches})
          union
          select c.record_id as rid, c.current_library_id as lib from copies c
          where c.status not in (${sql.join(GONE)}) and c.record_id in (${libMatches})`;
    const valueCounts = (kind: string) => sql`select fv.key as key, count(*) as n from m join record_facets fv on fv.record_id = m.id
      where fv.kind = ${kind} and ${where()} group by fv.key`;
    const topValues = (kind: string, cte: string) => sql`select cast(${kind} as text) as k, g.key as v, g.n as n,
        (select min(${this.binary(sql`x.display`)}) from record_facets x where x.kind = ${kind} and x.key = g.key) as d
      from ${sql.raw(cte)} g
      where g.n >= coalesce((select g2.n from ${sql.raw(cte)} g2 order by g2.n desc limit 1 offset ${limit - 1}), 1)`;
    const q = sql<{ k: string; v: string | number | null; n: number; d: string | null }>`
      with m as materialized (
        select r.id as id, r.document_type as t, coalesce(r.language, '') as l,
          case when r.year between 1 and 9999 then r.year end as y,
          ${f.availHere} as fhere
          ${flag(f.type, 'ft')}${flag(f.lang, 'fl')}${flag(f.year, 'fy')}${flag(f.lib, 'flib')}${flag(f.avail, 'fav')}${flag(f.rest, 'fx')}
        from records r where ${match}
      ),
      ga as (${valueCounts('author')}),
      gs as (${valueCounts('subject')})
      select cast('total' as text) as k, cast('' as text) as v, count(*) as n, cast(null as text) as d from m where ${where()}
      union all select 'type', m.t, count(*), null from m where ${where('ft')} group by m.t
      union all select 'lang', m.l, count(*), null from m where ${where('fl')} group by m.l
      union all select 'decade', cast(m.y / 10 * 10 as text), count(*), null from m where ${where('fy')} and m.y is not null group by m.y / 10 * 10
      union all select 'avail', '', count(*), null from m where ${where('fav')} and m.fhere
      union all select 'lib', cast(p.lib as text), count(*), null from (${libPairs}) p group by p.lib
      union all ${topValues('author', 'ga')}
      union all ${topValues('subject', 'gs')}`;
    const rows = (await q.execute(k)).rows;
    const facets: Facets = { documentType: [], library: [], available: 0, language: [], year: [], author: [], subject: [] };
    let total = 0;
    for (const r of rows) {
      const n = Number(r.n);
      const v = r.v === null ? '' : String(r.v);
      switch (r.k) {
        case 'total': total = n; break;
        case 'type': if (v !== '') facets.documentType.push({ value: v, count: n }); break;
        case 'lang': if (v !== '') facets.language.push({ value: v, count: n }); break;
        case 'decade': facets.year.push({ value: Number(v), count: n }); break;
        case 'avail': facets.available = n; break;
        case 'lib': facets.library.push({ value: Number(v), count: n }); break;
        case 'author': facets.author.push({ value: r.d ?? v, count: n }); break;
        case 'subject': facets.subject.push({ value: r.d ?? v, count: n }); break;
        default: break;
      }
    }
    facets.documentType.sort(byCountThenValue);
    facets.language.sort(byCountThenValue);
    facets.library.sort(byCountThenValue);
    facets.year.sort((a, b) => b.value - a.value);
    facets.author = facets.author.sort(byCountThenValue).slice(0, limit);
    facets.subject = facets.subject.sort(byCountThenValue).slice(0, limit);
    return { total, facets };
  }

  /** Ids of one page, in order. */
  private async page(k: Kysely<Database>, node: QueryNode, match: Frag, f: CompiledFilters, sort: SortOrder, pageSize: number, offset: number): Promise<number[]> {
    let score: Frag = sql`0`;
    if (sort === 'relevance') score = await this.scoreExpression(k, node);
    const order: Frag = sort === 'relevance' ? sql`m.sc desc`
      : sort === 'newest' ? sql`coalesce(m.y, -1) desc`
        : sort === 'title' ? sql`${this.binary(sql`coalesce(m.tk, '')`)}`
          : sql`case when m.ak is null then 1 else 0 end, ${this.binary(sql`m.ak`)}`;
    const heldIn = sql`c.status not in (${sql.join(GONE)}) and c.record_id in (select id from m)`;
    const rows = await sql<{ id: number }>`
      with m as materialized (
        select r.id as id, case when r.year between 1 and 9999 then r.year end as y,
          s.title_key as tk, s.author_key as ak, ${score} as sc
        from records r left join record_search s on s.record_id = r.id
        where ${match} and ${this.allFilters(f)}
      ),
      held as (
        select x.rid as rid, count(*) as n from (
          select c.record_id as rid, c.home_library_id as lib from copies c where ${heldIn}
          union
          select c.record_id as rid, c.current_library_id as lib from copies c where ${heldIn}
        ) x group by x.rid
      )
      select m.id as id from m left join held h on h.rid = m.id
      order by ${order}, coalesce(h.n, 0) desc, coalesce(m.y, -1) desc, m.id
      limit ${pageSize} offset ${offset}`.execute(k);
    return rows.rows.map((r) => Number(r.id));
  }

  /**
   * MemoryIndex's relevance score as SQL: for each positive query word (not under NOT, not a prefix; stop
   * words only when the query has nothing else), idf x the weight of the best field level where the record
   * has it. The products are computed here, in the same order, so equal scores are equal doubles.
   */
  private async scoreExpression(k: Kysely<Database>, node: QueryNode): Promise<Frag> {
    const clauses = await this.clauses(k, node);
    if (clauses.length === 0) return sql`0`;
    const num = (x: number): Frag => (this.dialect === 'postgres' ? sql`cast(${x} as double precision)` : sql`${x}`);
    const terms = clauses.map((cl) => {
      const whens: Frag[] = [];
      for (let L = 0; L < NUM_LEVELS; L++) {
        if ((cl.levels & (1 << L)) === 0) continue;
        whens.push(sql`when ${stemAtLevel(cl.stem, L, this.dialect)} then ${num(cl.idf * LEVEL_WEIGHT[L]!)}`);
      }
      return sql`(case ${sql.join(whens, sql` `)} else ${num(0)} end)`;
    });
    return sql`(${num(0)} + ${sql.join(terms, sql` + `)})`;
  }

  private async clauses(k: Kysely<Database>, node: QueryNode): Promise<Clause[]> {
    const found = new Map<string, number>();
    const add = (token: string, field: TextField): void => {
      const st = indexableWord(stem(token));
      if (st === null) return;
      const lvl = LEVEL_OF_TEXT_FIELD[field];
      found.set(st, (found.get(st) ?? 0) | (lvl < 0 ? (1 << NUM_LEVELS) - 1 : 1 << lvl));
    };
    const walk = (n: QueryNode): void => {
      switch (n.kind) {
        case 'term': if (!n.prefix) add(n.token, n.field); break;
        case 'phrase': for (const t of n.tokens) add(t, n.field); break;
        case 'and': case 'or': for (const c of n.children) walk(c); break;
        default: break; // NOT, prefixes, years, identifiers do not score
      }
    };
    walk(node);
    if (found.size === 0) return [];
    const N = Number((await sql<{ n: number }>`select count(*) as n from records`.execute(k)).rows[0]?.n ?? 0);
    const dfs: number[] = [];
    for (const st of found.keys()) dfs.push(Number((await stemDocCount(st, this.dialect).execute(k)).rows[0]?.n ?? 0));
    // words no record has are left out, as MemoryIndex leaves out stems it does not know
    let list = [...found.entries()].map(([st, levels], i) => ({ stem: st, levels, df: dfs[i]! })).filter((c) => c.df > 0);
    if (list.some((c) => !isStopStem(c.stem))) list = list.filter((c) => !isStopStem(c.stem));
    const n = Math.max(1, N);
    return list.map((c) => ({ stem: c.stem, levels: c.levels, idf: Math.log(1 + (n - c.df + 0.5) / (c.df + 0.5)) }));
  }

  // ----- suggestions

  /** Number of records matching a query (no filters). */
  private async count(node: QueryNode): Promise<number> {
    const r = await sql<{ n: number }>`select count(*) as n from records r where ${matchPredicate(node, this.dialect)}`.execute(this.k);
    return Number(r.rows[0]?.n ?? 0);
  }

  private async stemFrequencies(stems: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    await Promise.all(stems.map(async (st) => {
      const r = await stemDocCount(st, this.dialect).execute(this.k);
      out.set(st, Number((r.rows[0] as { n: number } | undefined)?.n ?? 0));
    }));
    return out;
  }

  /**
   * The Suggester of the in-memory engine over the SQL dictionary (search_terms) and counts. The Suggester
   * is synchronous and the database is not: it runs over what is known so far; a word frequency not yet
   * known is taken as 1 and fetched, a count not yet known stops the run, is fetched, and the run starts
   * again. The last run, with every figure it asked for known, gives the Suggester's answer on the
   * database. A few runs of a few milliseconds each, plus one query per figure. The dictionary is read
   * into memory once, then only its new words (about 20 bytes a word: some 10 MB for 500,000 words).
   * Calls run one at a time (they share the figures of the current call).
   */
  suggest(query: string): Promise<string | null> {
    const run = this.suggesting.catch(() => null).then(() => this.suggestNow(query));
    this.suggesting = run;
    return run;
  }

  private suggesting: Promise<string | null> = Promise.resolve(null);

  private async suggestNow(query: string): Promise<string | null> {
    await this.vocabulary.refresh(this.k);
    const v = this.vocabulary;
    v.startRun();
    for (let attempt = 0; attempt < 200; attempt++) {
      let answer: string | null = null;
      let needCount: QueryNode | null = null;
      try {
        answer = this.suggester.suggest(query);
      } catch (e) {
        if (!(e instanceof NeedCount)) throw e;
        needCount = e.node;
      }
      const missing = v.takeMissingStems();
      if (missing.length === 0 && needCount === null) return answer;
      if (missing.length > 0) for (const [st, n] of await this.stemFrequencies(missing)) v.frequencies.set(st, n);
      if (needCount !== null) v.counts.set(JSON.stringify(needCount), await this.count(needCount));
    }
    return null;
  }

  async close(): Promise<void> {}
}

class NeedCount extends Error {
  constructor(readonly node: QueryNode) {
    super('count needed');
  }
}

/** The suggestion dictionary read from search_terms (append-only ids), with per-call caches of figures. */
class SqlVocabulary implements SuggestSource {
  readonly vocabularyEpoch = 1;
  private words: string[] = [];
  private lastId = 0;
  /** stem -> number of records (this suggest() call) */
  frequencies = new Map<string, number>();
  /** JSON of a query -> number of records (this suggest() call) */
  counts = new Map<string, number>();
  private missing = new Set<string>();

  async refresh(db: Db['kysely']): Promise<void> {
    for (;;) {
      const rows = await db.selectFrom('search_terms').select(['id', 'word']).where('id', '>', this.lastId).orderBy('id').limit(50_000).execute();
      if (rows.length === 0) return;
      for (const r of rows) this.words.push(r.word);
      this.lastId = Number(rows[rows.length - 1]!.id);
    }
  }

  startRun(): void {
    this.frequencies = new Map();
    this.counts = new Map();
    this.missing = new Set();
  }

  takeMissingStems(): string[] {
    const m = [...this.missing];
    this.missing = new Set();
    return m;
  }

  get wordCount(): number {
    return this.words.length;
  }

  wordAt(id: number): string | null {
    return this.words[id] ?? null;
  }

  private frequencyOfStem(st: string | null): number {
    if (st === null) return 0;
    const f = this.frequencies.get(st);
    if (f !== undefined) return f;
    this.missing.add(st);
    return 1; // provisional: fetched before the next run
  }

  wordFrequency(word: string): number {
    return this.frequencyOfStem(indexableWord(stem(word)));
  }

  isKnown(token: string): boolean {
    return this.frequencyOfStem(indexableWord(stem(token))) > 0;
  }

  count(query: QueryNode): number {
    const c = this.counts.get(JSON.stringify(query));
    if (c === undefined) throw new NeedCount(query);
    return c;
  }
}
