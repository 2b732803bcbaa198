// In-memory inverted index of the catalogue: search, facets, ranking, sorting, pagination.
//
// LAYOUT
// - Every record is a "doc number" (dense int). build() and optimize() assign doc numbers in STATIC-RANK
//   order: popularity desc (a figure the host may supply, e.g. loans over the last year), then number of
//   libraries holding a copy desc, then year desc, then record id. Doc-number order IS the static rank:
//   every posting list, read from its start, meets the statically best records first.
// - Postings: sorted Int32Array of doc numbers per (slot, stem), one CSR pool per slot. Slots: any (every
//   text field), title (+subtitle), author, subject, publisher, series. Notes have no slot of their own
//   (nobody searches "notes:" and they are the bulk of the text): a notes match is an "any" match.
//   ISBN/ISSN live in a separate numeric hash table (canonical ISBN-13 numbers; an ISBN-10 and its ISBN-13
//   are one key). Docs added after the build get new, higher doc numbers and go to small per-stem delta
//   lists that extend the CSR slice (the concatenation stays sorted).
// - Positions: not in the postings. Each doc keeps its token sequence (stem ids, with field and value
//   markers) in one pool; a phrase intersects the postings of its stems, then checks adjacency in the
//   sequences of the candidates. The same sequences rebuild the postings in optimize().
// - Facet columns: type, language, year in typed arrays; libraries, authors, subjects in append-only CSR
//   lists; authors and subjects also as value -> docs postings (for top-N counting on large result sets);
//   one "held" and one "available" bitset per library plus an "available anywhere" bitset. setAvailability()
//   flips bits: O(libraries of the record), nothing else moves.
//
// UPDATES: upsert() of a known id kills the old doc number and appends a new one; remove() kills it. Dead
// doc numbers stay in the postings and are subtracted from every match set (one galloping difference with
// the sorted dead list). Appended docs have the worst static rank and approximate sort positions until
// optimize() renumbers everything (stats().appended/.dead, needsOptimize()); optimize() costs less than a
// build (no text analysis). A host keeps every server process in step by replaying the change log
// (imports -> upsert/remove, check-outs and check-ins -> setAvailability).
//
// RANKING (sort = relevance). Score = sum over the query's words of idf(word) x weight of the BEST field the
// word occurs in: title 10, author 6, subject 4, publisher/series 2, anything else (notes...) 1; ties go to
// the better static rank. Words under NOT, prefixes, identifiers and years do not score; stop words do not
// score when the query has other words. There is deliberately no term-frequency or length normalisation:
// catalogue fields are short, and a score with few distinct values per word lets ranking stop early, exactly:
//   "tiered top-k": the k best docs (k = end of the requested page) are looked for level by level: docs
//   with a query word in the title first (reading the title postings of the query's words in static-rank
//   order), then author, subject, publisher/series, then the rest. A doc first met at level L scores at
//   most U(L) = sum of idf x weight(L). Within a level, once the k-th best score beats U(L) (or equals it:
//   ties go to the smaller doc number and the reading is in doc-number order) the reading stops, and a level
//   is skipped when U(L) is below the k-th score. A one-word query with at least k title matches scores k
//   docs, whatever the number of matches. Only the postings of the query's words in the title, author, ...
//   slots are read, never the whole match set, except when the match set is small (<= 2,000: all scored).
//   A cap (maxScoredDocs, default 50,000 per query) bounds the worst case (several common words, none in
//   the titles): past it, the best docs found so far are returned, which favours statically better docs.
//
// FACETS: counts are computed in the pass that applies the filters, on the docs matching the query
// ("drill-down"). A facet whose selected values are OR'ed (document type, library, language, year range,
// availability) counts on the docs passing every OTHER selected filter ("exclude own facet", like Solr's
// tagged filters or Elasticsearch's post_filter): its counts are the totals the reader gets by choosing a
// value instead of, or in addition to, the current ones. Author and subject selections are AND'ed (each one
// narrows: "records with both subjects") and count on the final result set. Library counts follow
// "available now": with it ticked, a library counts the records on its shelves now. "Available now" with
// libraries selected means "on the shelf in one of the selected libraries". Years are counted by decade
// (value = first year of the decade); the year filter takes any range. Author and subject top-N: counted
// doc by doc on small result sets; on large ones, values are visited by decreasing overall frequency and
// counted against a bitset of the result set until no remaining value can reach the N-th count (exact).
// Among values tied at the N-th count, the smaller display values win, and a value's display is the
// smallest (JS string order) of the spellings indexed under its key ("Hugo, Victor" / "HUGO, Victor"):
// both rules are independent of the order records were indexed in, so the SQL engines can give the
// same facets. The audience filter (menu categories) is OR'ed and has no facet: it narrows every count.
import {
  canonicalIsbn, isStopStem, isbnForms, issnForms, normalizeText, scanTokens, stem as stemToken, titleSortTokens,
  tokenizeNormalized,
} from './normalize.js';
import { parseQuery, type IdentifierField, type QueryNode, type TextField } from './query.js';
import {
  EMPTY, FloatVec, IntVec, TopK, bitsToList, clearBits, contains, difference, filterList, gallop, intersectAll,
  popcount32, setBits, unionAll,
} from './sorted-sets.js';

export interface IndexDoc {
  /** record id */
  id: number;
  title: string;
  subtitle?: string | null;
  /** display names, "Hugo, Victor" */
  authors: string[];
  subjects: string[];
  publisher?: string | null;
  series: string[];
  notes: string[];
  isbns: string[];
  issns: string[];
  year: number | null;
  language: string | null;
  documentType: string;
  audience?: string | null;
  /** libraries holding a copy (home or current location) */
  libraries: number[];
  /** libraries where a copy is on the shelf now (copies with status 'on_shelf'); should be within `libraries` */
  availableAt: number[];
  /** optional static-rank signal, higher is better (e.g. loans over the last 12 months) */
  popularity?: number;
}

export type SortOrder = 'relevance' | 'newest' | 'title' | 'author';

export interface SearchFilters {
  /** OR'ed */
  documentType?: string[];
  /** library ids, OR'ed: held by one of them */
  library?: number[];
  /** on the shelf now (in one of the selected libraries if any) */
  available?: boolean;
  /** OR'ed */
  language?: string[];
  /**
   * OR'ed: audience codes ("youth", "teen"...; '' = records without one). The menu categories "Jeunesse" and
   * "Ados" filter on it. No facet of its own, so it narrows every facet's counts.
   */
  audience?: string[];
  /** inclusive */
  yearFrom?: number | null;
  yearTo?: number | null;
  /** AND'ed: values as returned in the facets */
  author?: string[];
  /** AND'ed */
  subject?: string[];
}

export interface SearchRequest {
  /** query text (reader syntax) or AST; empty = every record */
  query?: string | QueryNode;
  filters?: SearchFilters;
  sort?: SortOrder;
  /** 1-based */
  page?: number;
  pageSize?: number;
  /** compute facets (default true) */
  facets?: boolean;
  /** values returned for author and subject (default 20) */
  facetLimit?: number;
}

export interface FacetValue<T = string> {
  value: T;
  count: number;
}

export interface Facets {
  documentType: FacetValue[];
  library: FacetValue<number>[];
  /** records on the shelf now among the results (ignoring the "available" filter itself) */
  available: number;
  language: FacetValue[];
  /** by decade: value = first year of the decade, newest first */
  year: FacetValue<number>[];
  author: FacetValue[];
  subject: FacetValue[];
}

export interface SearchResult {
  total: number;
  /** record ids of the page, in order */
  ids: number[];
  page: number;
  pageSize: number;
  facets?: Facets;
}

export interface MemoryIndexOptions {
  /** relevance: most docs scored by one query before returning the best found (default 50,000) */
  maxScoredDocs?: number;
  /** prefix queries: most expansions kept, the most frequent (default 2,000) */
  maxPrefixTerms?: number;
  /** relevance: match sets up to this size are scored exhaustively (default 2,000) */
  exhaustiveScoringMax?: number;
  /** author/subject facets: result sets up to this size are counted doc by doc (default 60,000) */
  perDocValueCountingMax?: number;
  /** filters: 'auto' picks bitsets for match sets above 1/16 of the docs (tests force either path) */
  filterStrategy?: 'auto' | 'docs' | 'bitsets';
}

export interface IndexStats {
  /** live records */
  docs: number;
  /** doc numbers in use (live + dead) */
  docNumbers: number;
  /** docs added since the last build()/optimize() (worst static rank, approximate sort positions) */
  appended: number;
  /** dead doc numbers still in the postings */
  dead: number;
  stems: number;
  words: number;
}

/** Field weights of the relevance score (see the header). */
export const FIELD_WEIGHTS = { title: 10, author: 6, subject: 4, publisher: 2, series: 2, other: 1 } as const;

// token-sequence field codes
const F_TITLE = 0;
const F_AUTHOR = 1;
const F_SUBJECT = 2;
const F_PUBLISHER = 3;
const F_SERIES = 4;
const F_NOTES = 5;
const VALUE_SEP = -100;
const fieldMarker = (f: number): number => -(f + 1);

// posting slots
const S_ANY = 0;
const S_TITLE = 1;
const S_AUTHOR = 2;
const S_SUBJECT = 3;
const S_PUBLISHER = 4;
const S_SERIES = 5;
const NUM_SLOTS = 6;
const SLOT_OF_FIELD = [S_TITLE, S_AUTHOR, S_SUBJECT, S_PUBLISHER, S_SERIES, -1];
const SLOT_OF_TEXT_FIELD: Record<TextField, number> = {
  any: S_ANY, title: S_TITLE, author: S_AUTHOR, subject: S_SUBJECT, publisher: S_PUBLISHER, series: S_SERIES,
};
const FIELD_OF_TEXT_FIELD: Record<TextField, number> = {
  any: -1, title: F_TITLE, author: F_AUTHOR, subject: F_SUBJECT, publisher: F_PUBLISHER, series: F_SERIES,
};

// ranking levels: slots and weight
const LEVEL_SLOTS: number[][] = [[S_TITLE], [S_AUTHOR], [S_SUBJECT], [S_PUBLISHER, S_SERIES], [S_ANY]];
const LEVEL_WEIGHT = [
  FIELD_WEIGHTS.title, FIELD_WEIGHTS.author, FIELD_WEIGHTS.subject, FIELD_WEIGHTS.publisher, FIELD_WEIGHTS.other,
];
const NUM_LEVELS = 5;
const LEVEL_OF_TEXT_FIELD: Record<TextField, number> = {
  any: -1, title: 0, author: 1, subject: 2, publisher: 3, series: 3,
};
const MAX_PAGE_END = 100_000;

/** Append-only per-doc lists (CSR). */
class Csr {
  start = new IntVec(1024);
  pool = new IntVec(4096);
  constructor() {
    this.start.push(0);
  }
  add(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.pool.push(values[i]!);
    this.start.push(this.pool.length);
  }
  get(d: number): Int32Array {
    return this.pool.data.subarray(this.start.data[d]!, this.start.data[d + 1]!);
  }
}

function hashSpan(n: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ n.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * String -> dense id, open addressing over FNV-1a hashes. Looks words up from a span of a larger string
 * without slicing it (a Map<string, number> needs a new string per token, then hashes it: at a million
 * records the token lookups are most of the build time).
 */
class WordTable {
  readonly words: string[] = [];
  private hashes = new IntVec(1024);
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;

  get size(): number {
    return this.words.length;
  }

  find(n: string, start: number, end: number, h: number): number {
    const slots = this.slots;
    const hashes = this.hashes.data;
    const len = end - start;
    let p = h & this.mask;
    for (;;) {
      const v = slots[p]!;
      if (v === 0) return -1;
      const id = v - 1;
      if (hashes[id] === h) {
        const w = this.words[id]!;
        if (w.length === len) {
          let i = 0;
          while (i < len && w.charCodeAt(i) === n.charCodeAt(start + i)) i++;
          if (i === len) return id;
        }
      }
      p = (p + 1) & this.mask;
    }
  }

  get(word: string): number {
    return this.find(word, 0, word.length, hashSpan(word, 0, word.length));
  }

  add(word: string, h: number): number {
    const id = this.words.length;
    this.words.push(word);
    this.hashes.push(h);
    if (this.words.length * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id, h);
    return id;
  }

  private place(id: number, h: number): void {
    let p = h & this.mask;
    while (this.slots[p] !== 0) p = (p + 1) & this.mask;
    this.slots[p] = id + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    const hashes = this.hashes.data;
    for (let id = 0; id < this.words.length; id++) this.place(id, hashes[id]!);
  }
}

/** Identifier key (a number, see identifierKey) -> sorted doc numbers. */
class IdentTable {
  private keys = new Float64Array(1 << 12);
  /** doc + 1, or -(overflow index + 1), or 0 for an empty slot */
  private vals = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private size = 0;
  private overflow: IntVec[] = [];

  private slot(key: number): number {
    const lo = key % 4294967296 | 0;
    const hi = (key / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    let p = h & this.mask;
    while (this.vals[p] !== 0 && this.keys[p] !== key) p = (p + 1) & this.mask;
    return p;
  }

  add(key: number, doc: number): void {
    let p = this.slot(key);
    const v = this.vals[p]!;
    if (v === 0) {
      if ((this.size + 1) * 2 > this.vals.length) {
        this.grow();
        p = this.slot(key);
      }
      this.keys[p] = key;
      this.vals[p] = doc + 1;
      this.size++;
    } else if (v > 0) {
      if (v - 1 === doc) return;
      const list = new IntVec(4);
      list.push(v - 1);
      list.push(doc);
      this.overflow.push(list);
      this.vals[p] = -this.overflow.length;
    } else {
      const list = this.overflow[-v - 1]!;
      if (list.data[list.length - 1] !== doc) list.push(doc);
    }
  }

  get(key: number): Int32Array {
    const p = this.slot(key);
    const v = this.vals[p]!;
    if (v === 0) return EMPTY;
    if (v > 0) return Int32Array.of(v - 1);
    return this.overflow[-v - 1]!.view();
  }

  private grow(): void {
    const keys = this.keys;
    const vals = this.vals;
    this.keys = new Float64Array(keys.length * 2);
    this.vals = new Int32Array(vals.length * 2);
    this.mask = this.vals.length - 1;
    for (let i = 0; i < vals.length; i++) {
      if (vals[i] === 0) continue;
      const p = this.slot(keys[i]!);
      this.keys[p] = keys[i]!;
      this.vals[p] = vals[i]!;
    }
  }
}

/**
 * A number per identifier, for the identifier table: ISBNs as their ISBN-13 value (an ISBN-10 and its
 * ISBN-13 are one key), ISSNs in a range of their own. Null for values without digits.
 */
export function identifierKey(field: IdentifierField, compact: string): number | null {
  if (field === 'isbn') {
    const c = canonicalIsbn(compact).replace(/x/g, '');
    return c === '' || c.length > 15 ? null : Number(c);
  }
  if (/^[0-9]{7}[0-9x]$/.test(compact)) {
    return 2e15 + Number(compact.slice(0, 7)) * 11 + (compact.endsWith('x') ? 10 : Number(compact.charAt(7)));
  }
  const digits = compact.replace(/x/g, '');
  return digits === '' || digits.length > 14 ? null : 3e15 + Number(digits);
}

/**
 * The word the SQL engines index an identifier as: two identifiers get the same word exactly when they get
 * the same identifierKey (so the engines agree), written in canonical form: "isbn9782070360246" (ISBN-13,
 * an ISBN-10 is indexed as its ISBN-13), "issn03952037", "issnz123" for malformed ISSNs. Letters and digits
 * only: a single token for FTS5 and for tsvectors. Null when identifierKey is null.
 */
export function identifierToken(field: IdentifierField, compact: string): string | null {
  const key = identifierKey(field, compact);
  if (key === null) return null;
  if (field === 'isbn') return 'isbn' + String(key);
  if (/^[0-9]{7}[0-9x]$/.test(compact)) return 'issn' + compact;
  return 'issnz' + String(key - 3e15);
}

/** String values of a facet <-> small ints. */
class ValueDict {
  ids = new Map<string, number>();
  values: string[] = [];
  /** Id of a key; its display value is the smallest display seen for it (order-independent, see the header). */
  id(key: string, display: string = key): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(display);
    } else if (display < this.values[id]!) this.values[id] = display;
    return id;
  }
}

interface Postings {
  /** CSR over keys < start.length - 1 */
  start: Int32Array;
  pool: Int32Array;
  /** doc numbers appended after the build, per key */
  delta: Map<number, IntVec>;
}

const emptyPostings = (): Postings => ({ start: new Int32Array(1), pool: EMPTY, delta: new Map() });

function postingsOf(p: Postings, key: number): Int32Array {
  const base = key < p.start.length - 1 ? p.pool.subarray(p.start[key]!, p.start[key + 1]!) : EMPTY;
  const delta = p.delta.get(key);
  if (delta === undefined || delta.length === 0) return base;
  if (base.length === 0) return delta.view();
  const out = new Int32Array(base.length + delta.length);
  out.set(base);
  out.set(delta.view(), base.length);
  return out;
}

function postingsLength(p: Postings, key: number): number {
  const base = key < p.start.length - 1 ? p.start[key + 1]! - p.start[key]! : 0;
  return base + (p.delta.get(key)?.length ?? 0);
}

function addDelta(p: Postings, key: number, d: number): void {
  let v = p.delta.get(key);
  if (v === undefined) {
    v = new IntVec(4);
    p.delta.set(key, v);
  }
  if (v.length === 0 || v.data[v.length - 1] !== d) v.push(d);
}

/** CSR postings from per-doc value lists (values < nValues), docs in order, dead docs skipped. */
function invert(lists: Csr, nDocs: number, nValues: number, alive: Uint8Array): Postings {
  const s = lists.start.data;
  const pool = lists.pool.data;
  const start = new Int32Array(nValues + 1);
  for (let d = 0; d < nDocs; d++) {
    if (alive[d] === 0) continue;
    for (let i = s[d]!; i < s[d + 1]!; i++) start[pool[i]! + 1]!++;
  }
  for (let v = 0; v < nValues; v++) start[v + 1]! += start[v]!;
  const cursor = start.slice(0, nValues);
  const out = new Int32Array(start[nValues]!);
  for (let d = 0; d < nDocs; d++) {
    if (alive[d] === 0) continue;
    for (let i = s[d]!; i < s[d + 1]!; i++) out[cursor[pool[i]!]!++] = d;
  }
  return { start, pool: out, delta: new Map() };
}

interface Clause {
  stem: number;
  idf: number;
  /** bit L set = level L may score */
  levels: number;
  /** postings per level (null when the level is not allowed) */
  lists: Array<Int32Array[] | null>;
}

interface CompiledFilters {
  any: boolean;
  impossible: boolean;
  typeSel: Uint8Array | null;
  langSel: Uint8Array | null;
  audSel: Uint8Array | null;
  yearOn: boolean;
  yLo: number;
  yHi: number;
  /** held by one of the selected libraries */
  libBits: Uint32Array | null;
  libSel: Uint8Array | null;
  available: boolean;
  /** available in one of the selected libraries, or anywhere */
  availHere: Uint32Array;
  authorBits: Uint32Array | null;
  subjectBits: Uint32Array | null;
}

class LowCounts {
  available = 0;
  constructor(
    readonly types: Int32Array,
    readonly langs: Int32Array,
    readonly decades: Int32Array,
    readonly libs: Int32Array,
  ) {}
}

/** The key author and subject facet values are grouped and filtered by (normalised words, unstemmed). */
export function facetKey(s: string): string {
  return tokenizeNormalized(normalizeText(s)).join(' ');
}

/** A publication year the index knows (1..9999), or 0 for unknown. */
function validYear(y: number | null | undefined): number {
  return typeof y === 'number' && Number.isInteger(y) && y > 0 && y < 10000 ? y : 0;
}

function clampInt(v: number | undefined, lo: number, hi: number, dflt: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt;
  return Math.min(hi, Math.max(lo, Math.floor(v)));
}

/** The k smallest items by `cmp`, sorted (a bounded max-heap: O(n log k)). */
function smallest<T>(items: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  const heap: T[] = [];
  const up = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(heap[i]!, heap[p]!) <= 0) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && cmp(heap[l]!, heap[m]!) > 0) m = l;
      if (r < heap.length && cmp(heap[r]!, heap[m]!) > 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const x of items) {
    if (heap.length < k) {
      heap.push(x);
      up(heap.length - 1);
    } else if (k > 0 && cmp(x, heap[0]!) < 0) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort(cmp);
}

function byCountThenValue<T extends string | number>(a: FacetValue<T>, b: FacetValue<T>): number {
  return b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

export class MemoryIndex {
  private readonly maxScoredDocs: number;
  private readonly maxPrefixTerms: number;
  private readonly exhaustiveScoringMax: number;
  private readonly perDocValueCountingMax: number;
  private readonly filterStrategy: 'auto' | 'docs' | 'bitsets';

  // dictionaries (append-only: ids are stable until the next build)
  private words = new WordTable();
  private wordStem = new IntVec(1024);
  private stems = new WordTable();
  private sortedStems: string[] = [];
  private sortedStemIds: Int32Array = EMPTY;
  private pendingStems: string[] = [];
  private epoch = 0;

  // per doc
  private n = 0;
  private cap = 0;
  private liveCount = 0;
  private idOf = new Int32Array(0);
  private alive = new Uint8Array(0);
  private years = new Int16Array(0);
  private types = new Uint16Array(0);
  private langs = new Uint16Array(0);
  private audiences = new Uint16Array(0);
  private popularity = new Float64Array(0);
  private titleOrd = new Float64Array(0);
  private authorOrd = new Float64Array(0);
  private availCount = new Uint16Array(0);
  /** stem ids with field markers */
  private seq = new Csr();
  /** word ids of the first title value, -1, word ids of the first author (sort keys) */
  private sortWords = new Csr();
  private libs = new Csr();
  private authorVals = new Csr();
  private subjectVals = new Csr();
  private identStart = new IntVec(1024);
  private identPool = new FloatVec(1024);
  private held: Uint32Array[] = [];
  private avail: Uint32Array[] = [];
  /** per document type / language value, built on first use by a filter, then kept up to date */
  private typeBits: Array<Uint32Array | undefined> = [];
  private langBits: Array<Uint32Array | undefined> = [];
  private audienceBits: Array<Uint32Array | undefined> = [];
  private anyAvail = new Uint32Array(0);
  /** libraries where a copy is available but that are not among the doc's `libraries` */
  private extraAvail = new Map<number, number[]>();
  private docOf = new Map<number, number>();
  private dead = new IntVec(64);
  private deadSortedCache: Int32Array | null = null;

  private typeDict = new ValueDict();
  private langDict = new ValueDict();
  private audienceDict = new ValueDict();
  private authorDict = new ValueDict();
  private subjectDict = new ValueDict();
  private libIndex = new Map<number, number>();
  private libIds: number[] = [];

  // postings
  private slots: Postings[] = [];
  private authorPost: Postings = emptyPostings();
  private subjectPost: Postings = emptyPostings();
  /** value ids by decreasing number of docs at the last build */
  private authorByDf = EMPTY;
  private subjectByDf = EMPTY;
  /** values whose postings grew since the last build */
  private authorDirty = new Set<number>();
  private subjectDirty = new Set<number>();
  private idents = new IdentTable();
  private builtDocs = 0;
  private titleOrder = EMPTY;
  private authorOrder = EMPTY;
  private yearOrder = EMPTY;
  private allDocsCache: Int32Array | null = null;

  // scratch bitsets (always left cleared)
  private scratchA = new Uint32Array(0);
  private scratchB = new Uint32Array(0);
  private valueCounts = new Int32Array(0);

  constructor(options: MemoryIndexOptions = {}) {
    this.maxScoredDocs = options.maxScoredDocs ?? 50_000;
    this.maxPrefixTerms = options.maxPrefixTerms ?? 2_000;
    this.exhaustiveScoringMax = options.exhaustiveScoringMax ?? 2_000;
    this.perDocValueCountingMax = options.perDocValueCountingMax ?? 60_000;
    this.filterStrategy = options.filterStrategy ?? 'auto';
    this.reset();
  }

  // ===================================================================== building and updating

  /** Replaces the whole content. Docs are numbered in static-rank order. */
  build(docs: Iterable<IndexDoc>): void {
    const all = Array.isArray(docs) ? (docs as IndexDoc[]) : [...docs];
    this.reset();
    const order = new Int32Array(all.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const pop = new Float64Array(all.length);
    const held = new Int32Array(all.length);
    const yr = new Int32Array(all.length);
    const ids = new Float64Array(all.length);
    for (let i = 0; i < all.length; i++) {
      const d = all[i]!;
      pop[i] = d.popularity ?? 0;
      held[i] = new Set(d.libraries ?? []).size;
      yr[i] = validYear(d.year) || -1; // as optimize() does: unknown and invalid years rank last
      ids[i] = d.id;
    }
    order.sort((a, b) => pop[b]! - pop[a]! || held[b]! - held[a]! || yr[b]! - yr[a]! || ids[a]! - ids[b]!);
    this.ensureCapacity(all.length);
    for (let i = 0; i < order.length; i++) {
      const doc = all[order[i]!]!;
      if (this.docOf.has(doc.id)) continue; // a repeated id: the first in static order wins
      this.appendDoc(doc);
    }
    this.finalize();
  }

  /** Adds or replaces one record (import, edit, copies added or removed). */
  upsert(doc: IndexDoc): void {
    this.kill(doc.id);
    const d = this.appendDoc(doc);
    this.indexAppended(d);
  }

  /** Removes a record; false when unknown. */
  remove(id: number): boolean {
    return this.kill(id);
  }

  /**
   * The libraries where the record has a copy on the shelf now (replaces the previous set). Called on every
   * check-out, check-in and transfer; O(libraries of the record). False when the record is unknown.
   */
  setAvailability(recordId: number, libraryIds: Iterable<number>): boolean {
    const d = this.docOf.get(recordId);
    if (d === undefined) return false;
    const word = d >>> 5;
    const bit = 1 << (d & 31);
    const s = this.libs.start.data;
    const pool = this.libs.pool.data;
    for (let i = s[d]!; i < s[d + 1]!; i++) this.avail[pool[i]!]![word]! &= ~bit;
    const extra = this.extraAvail.get(d);
    if (extra !== undefined) {
      for (const l of extra) this.avail[l]![word]! &= ~bit;
      this.extraAvail.delete(d);
    }
    let count = 0;
    for (const lib of new Set(libraryIds)) {
      const l = this.libraryIndex(lib);
      this.avail[l]![word]! |= bit;
      count++;
      let isHeld = false;
      for (let i = s[d]!; i < s[d + 1]!; i++) if (pool[i] === l) { isHeld = true; break; }
      if (!isHeld) {
        const list = this.extraAvail.get(d);
        if (list === undefined) this.extraAvail.set(d, [l]);
        else list.push(l);
      }
    }
    this.availCount[d] = count;
    if (count > 0) this.anyAvail[word]! |= bit;
    else this.anyAvail[word]! &= ~bit;
    return true;
  }

  has(id: number): boolean {
    return this.docOf.has(id);
  }

  get size(): number {
    return this.liveCount;
  }

  stats(): IndexStats {
    return {
      docs: this.liveCount,
      docNumbers: this.n,
      appended: this.n - this.builtDocs,
      dead: this.n - this.liveCount,
      stems: this.stems.size,
      words: this.words.size,
    };
  }

  /** True when enough docs were appended or removed since the last build that optimize() is worth it. */
  needsOptimize(): boolean {
    return this.n - this.builtDocs + (this.n - this.liveCount) > Math.max(1000, this.builtDocs * 0.05);
  }

  /**
   * Renumbers the live docs in static-rank order, drops dead doc numbers, folds the delta postings into the
   * CSR pools and recomputes the sort orders. Synchronous; cheaper than a build (no text analysis).
   */
  optimize(): void {
    const live: number[] = [];
    for (let d = 0; d < this.n; d++) if (this.alive[d]) live.push(d);
    const ls = this.libs.start.data;
    const heldCount = (d: number): number => ls[d + 1]! - ls[d]!;
    live.sort((a, b) => this.popularity[b]! - this.popularity[a]! || heldCount(b) - heldCount(a)
      || (this.years[b]! || -1) - (this.years[a]! || -1) || this.idOf[a]! - this.idOf[b]!);
    const old = {
      idOf: this.idOf, years: this.years, types: this.types, langs: this.langs, audiences: this.audiences,
      popularity: this.popularity,
      availCount: this.availCount, seq: this.seq, sortWords: this.sortWords, libs: this.libs,
      authorVals: this.authorVals, subjectVals: this.subjectVals, identStart: this.identStart,
      identPool: this.identPool, avail: this.avail, extraAvail: this.extraAvail,
    };
    this.resetDocs();
    this.ensureCapacity(live.length);
    const copy = (from: Csr, to: Csr, o: number): void => {
      to.add(from.pool.data.subarray(from.start.data[o]!, from.start.data[o + 1]!));
    };
    for (let i = 0; i < live.length; i++) {
      const o = live[i]!;
      const d = this.n++;
      this.idOf[d] = old.idOf[o]!;
      this.alive[d] = 1;
      this.years[d] = old.years[o]!;
      this.types[d] = old.types[o]!;
      this.langs[d] = old.langs[o]!;
      this.audiences[d] = old.audiences[o]!;
      this.popularity[d] = old.popularity[o]!;
      this.availCount[d] = old.availCount[o]!;
      copy(old.seq, this.seq, o);
      copy(old.sortWords, this.sortWords, o);
      copy(old.libs, this.libs, o);
      copy(old.authorVals, this.authorVals, o);
      copy(old.subjectVals, this.subjectVals, o);
      for (let j = old.identStart.data[o]!; j < old.identStart.data[o + 1]!; j++) {
        this.identPool.push(old.identPool.data[j]!);
        this.idents.add(old.identPool.data[j]!, d);
      }
      this.identStart.push(this.identPool.length);
      const w = d >>> 5;
      const b = 1 << (d & 31);
      for (const l of this.libs.get(d)) this.held[l]![w]! |= b;
      const ow = o >>> 5;
      const ob = 1 << (o & 31);
      for (let l = 0; l < old.avail.length; l++) {
        if ((old.avail[l]![ow]! & ob) !== 0) this.avail[l]![w]! |= b;
      }
      if (this.availCount[d]! > 0) this.anyAvail[w]! |= b;
      const extra = old.extraAvail.get(o);
      if (extra !== undefined) this.extraAvail.set(d, extra);
      this.docOf.set(this.idOf[d]!, d);
    }
    this.liveCount = live.length;
    this.finalize();
  }

  private reset(): void {
    this.words = new WordTable();
    this.wordStem = new IntVec(1024);
    this.stems = new WordTable();
    this.sortedStems = [];
    this.sortedStemIds = EMPTY;
    this.pendingStems = [];
    this.typeDict = new ValueDict();
    this.langDict = new ValueDict();
    this.audienceDict = new ValueDict();
    this.authorDict = new ValueDict();
    this.subjectDict = new ValueDict();
    this.libIndex = new Map();
    this.libIds = [];
    this.epoch++;
    this.resetDocs();
  }

  /** Empties the per-doc data, keeping the dictionaries. */
  private resetDocs(): void {
    this.n = 0;
    this.cap = 0;
    this.liveCount = 0;
    this.idOf = new Int32Array(0);
    this.alive = new Uint8Array(0);
    this.years = new Int16Array(0);
    this.types = new Uint16Array(0);
    this.langs = new Uint16Array(0);
    this.audiences = new Uint16Array(0);
    this.popularity = new Float64Array(0);
    this.titleOrd = new Float64Array(0);
    this.authorOrd = new Float64Array(0);
    this.availCount = new Uint16Array(0);
    this.seq = new Csr();
    this.sortWords = new Csr();
    this.libs = new Csr();
    this.authorVals = new Csr();
    this.subjectVals = new Csr();
    this.identStart = new IntVec(1024);
    this.identStart.push(0);
    this.identPool = new FloatVec(1024);
    this.held = this.libIds.map(() => new Uint32Array(0));
    this.typeBits = [];
    this.langBits = [];
    this.audienceBits = [];
    this.avail = this.libIds.map(() => new Uint32Array(0));
    this.anyAvail = new Uint32Array(0);
    this.extraAvail = new Map();
    this.docOf = new Map();
    this.dead = new IntVec(64);
    this.deadSortedCache = null;
    this.slots = [];
    for (let s = 0; s < NUM_SLOTS; s++) this.slots.push(emptyPostings());
    this.concatCache = new Map();
    this.authorPost = emptyPostings();
    this.subjectPost = emptyPostings();
    this.authorByDf = EMPTY;
    this.subjectByDf = EMPTY;
    this.authorDirty = new Set();
    this.subjectDirty = new Set();
    this.idents = new IdentTable();
    this.builtDocs = 0;
    this.titleOrder = EMPTY;
    this.authorOrder = EMPTY;
    this.yearOrder = EMPTY;
    this.allDocsCache = null;
    this.scratchA = new Uint32Array(0);
    this.scratchB = new Uint32Array(0);
  }

  private ensureCapacity(min: number): void {
    if (min <= this.cap) return;
    let cap = Math.max(1024, this.cap);
    while (cap < min) cap = Math.ceil(cap * 1.5);
    const grow = <T extends Int32Array | Uint8Array | Int16Array | Uint16Array | Float64Array | Uint32Array>(
      a: T, ctor: new (n: number) => T, size = cap,
    ): T => {
      const b = new ctor(size);
      b.set(a as never);
      return b;
    };
    this.idOf = grow(this.idOf, Int32Array);
    this.alive = grow(this.alive, Uint8Array);
    this.years = grow(this.years, Int16Array);
    this.types = grow(this.types, Uint16Array);
    this.langs = grow(this.langs, Uint16Array);
    this.audiences = grow(this.audiences, Uint16Array);
    this.popularity = grow(this.popularity, Float64Array);
    this.titleOrd = grow(this.titleOrd, Float64Array);
    this.authorOrd = grow(this.authorOrd, Float64Array);
    this.availCount = grow(this.availCount, Uint16Array);
    const words = (cap >>> 5) + 1;
    this.held = this.held.map((b) => grow(b, Uint32Array, words));
    this.typeBits = this.typeBits.map((b) => (b === undefined ? b : grow(b, Uint32Array, words)));
    this.langBits = this.langBits.map((b) => (b === undefined ? b : grow(b, Uint32Array, words)));
    this.audienceBits = this.audienceBits.map((b) => (b === undefined ? b : grow(b, Uint32Array, words)));
    this.avail = this.avail.map((b) => grow(b, Uint32Array, words));
    this.anyAvail = grow(this.anyAvail, Uint32Array, words);
    this.scratchA = new Uint32Array(words);
    this.scratchB = new Uint32Array(words);
    this.cap = cap;
  }

  private libraryIndex(lib: number): number {
    let l = this.libIndex.get(lib);
    if (l === undefined) {
      l = this.libIds.length;
      this.libIndex.set(lib, l);
      this.libIds.push(lib);
      this.held.push(new Uint32Array((this.cap >>> 5) + 1));
      this.avail.push(new Uint32Array((this.cap >>> 5) + 1));
    }
    return l;
  }

  private stemId(s: string): number {
    const h = hashSpan(s, 0, s.length);
    let id = this.stems.find(s, 0, s.length, h);
    if (id < 0) {
      id = this.stems.add(s, h);
      this.pendingStems.push(s);
    }
    return id;
  }

  private newWord(word: string, h: number): number {
    const id = this.words.add(word, h);
    this.wordStem.push(this.stemId(stemToken(word)));
    return id;
  }

  // Text analysis streams tokens from scanTokens() straight into the word table: no token strings are
  // created for known words.
  private curText = '';
  /** marker to write before the next token of the current value (0: none) */
  private pendingMark = 0;
  private fieldStarted = false;
  /** word ids of the current value, when sortWordsOf is collecting */
  private collecting: number[] | null = null;
  private readonly onSpan = (start: number, end: number): void => {
    const n = this.curText;
    const h = hashSpan(n, start, end);
    let w = this.words.find(n, start, end, h);
    if (w < 0) w = this.newWord(n.slice(start, end), h);
    this.emit(w);
  };
  private readonly onJoined = (token: string): void => {
    const h = hashSpan(token, 0, token.length);
    let w = this.words.find(token, 0, token.length, h);
    if (w < 0) w = this.newWord(token, h);
    this.emit(w);
  };

  private emit(w: number): void {
    const seq = this.seq.pool;
    if (this.pendingMark !== 0) {
      seq.push(this.pendingMark);
      this.pendingMark = 0;
      this.fieldStarted = true;
    }
    seq.push(this.wordStem.data[w]!);
    if (this.collecting !== null) this.collecting.push(w);
  }

  private analyzeField(f: number, values: ReadonlyArray<string | null | undefined>, firstWords: number[] | null): void {
    this.fieldStarted = false;
    let first = true;
    for (const v of values) {
      if (typeof v !== 'string' || v === '') continue;
      this.pendingMark = this.fieldStarted ? VALUE_SEP : fieldMarker(f);
      this.curText = normalizeText(v);
      this.collecting = first ? firstWords : null;
      scanTokens(this.curText, this.onSpan, this.onJoined);
      if (this.fieldStarted) first = false;
    }
    this.collecting = null;
    this.pendingMark = 0;
  }

  /** Appends the doc's columns and token sequence; postings are left to finalize() / indexAppended(). */
  private appendDoc(doc: IndexDoc): number {
    const d = this.n++;
    this.ensureCapacity(this.n);
    this.idOf[d] = doc.id;
    this.alive[d] = 1;
    this.liveCount++;
    this.docOf.set(doc.id, d);
    this.allDocsCache = null;
    this.years[d] = validYear(doc.year);
    this.types[d] = this.typeDict.id(doc.documentType ?? '');
    this.langs[d] = this.langDict.id(doc.language ?? '');
    const tb = this.typeBits[this.types[d]!];
    if (tb !== undefined) tb[d >>> 5]! |= 1 << (d & 31);
    const lb = this.langBits[this.langs[d]!];
    if (lb !== undefined) lb[d >>> 5]! |= 1 << (d & 31);
    this.audiences[d] = this.audienceDict.id(doc.audience ?? '');
    const ab = this.audienceBits[this.audiences[d]!];
    if (ab !== undefined) ab[d >>> 5]! |= 1 << (d & 31);
    this.popularity[d] = doc.popularity ?? 0;

    const titleWords: number[] = [];
    const authorWords: number[] = [];
    this.analyzeField(F_TITLE, [doc.title, doc.subtitle], titleWords);
    this.analyzeField(F_AUTHOR, doc.authors ?? [], authorWords);
    this.analyzeField(F_SUBJECT, doc.subjects ?? [], null);
    this.analyzeField(F_PUBLISHER, [doc.publisher], null);
    this.analyzeField(F_SERIES, doc.series ?? [], null);
    this.analyzeField(F_NOTES, doc.notes ?? [], null);
    this.seq.start.push(this.seq.pool.length);
    titleWords.push(-1, ...authorWords);
    this.sortWords.add(titleWords);

    const keys = new Set<number>();
    for (const raw of doc.isbns ?? []) {
      for (const form of isbnForms(raw)) {
        const k = identifierKey('isbn', form);
        if (k !== null) keys.add(k);
      }
    }
    for (const raw of doc.issns ?? []) {
      for (const form of issnForms(raw)) {
        const k = identifierKey('issn', form);
        if (k !== null) keys.add(k);
      }
    }
    for (const k of keys) {
      this.identPool.push(k);
      this.idents.add(k, d);
    }
    this.identStart.push(this.identPool.length);

    const word = d >>> 5;
    const bit = 1 << (d & 31);
    const libSet: number[] = [];
    for (const lib of doc.libraries ?? []) {
      const l = this.libraryIndex(lib);
      if (!libSet.includes(l)) {
        libSet.push(l);
        this.held[l]![word]! |= bit;
      }
    }
    this.libs.add(libSet);
    this.authorVals.add(this.facetValues(this.authorDict, doc.authors ?? []));
    this.subjectVals.add(this.facetValues(this.subjectDict, doc.subjects ?? []));
    let count = 0;
    for (const lib of new Set(doc.availableAt ?? [])) {
      const l = this.libraryIndex(lib);
      this.avail[l]![word]! |= bit;
      count++;
      if (!libSet.includes(l)) {
        const list = this.extraAvail.get(d);
        if (list === undefined) this.extraAvail.set(d, [l]);
        else list.push(l);
      }
    }
    this.availCount[d] = count;
    if (count > 0) this.anyAvail[word]! |= bit;
    return d;
  }

  private facetValues(dict: ValueDict, values: string[]): number[] {
    const out: number[] = [];
    for (const v of values) {
      if (typeof v !== 'string') continue;
      const key = facetKey(v);
      if (key === '') continue;
      const id = dict.id(key, v.trim());
      if (!out.includes(id)) out.push(id);
    }
    return out;
  }

  private kill(id: number): boolean {
    const d = this.docOf.get(id);
    if (d === undefined) return false;
    this.docOf.delete(id);
    this.alive[d] = 0;
    this.liveCount--;
    this.dead.push(d);
    this.deadSortedCache = null;
    const w = d >>> 5;
    const b = 1 << (d & 31);
    this.anyAvail[w]! &= ~b; // keeps the "available anywhere" bitset a subset of the live docs
    return true;
  }

  private deadSorted(): Int32Array {
    if (this.deadSortedCache === null) this.deadSortedCache = this.dead.toArray().sort();
    return this.deadSortedCache;
  }

  /** Adds an appended doc to the delta postings and gives it approximate sort positions. */
  private indexAppended(d: number): void {
    const s = this.seq.start.data;
    const pool = this.seq.pool.data;
    let slot = -1;
    for (let i = s[d]!; i < s[d + 1]!; i++) {
      const st = pool[i]!;
      if (st < 0) {
        if (st !== VALUE_SEP) slot = SLOT_OF_FIELD[-st - 1]!;
        continue;
      }
      if (slot >= 0) {
        addDelta(this.slots[slot]!, st, d);
        this.concatCache.delete(st * NUM_SLOTS + slot);
      }
      addDelta(this.slots[S_ANY]!, st, d);
      this.concatCache.delete(st * NUM_SLOTS + S_ANY);
    }
    for (const a of this.authorVals.get(d)) {
      addDelta(this.authorPost, a, d);
      this.authorDirty.add(a);
    }
    for (const a of this.subjectVals.get(d)) {
      addDelta(this.subjectPost, a, d);
      this.subjectDirty.add(a);
    }
    this.titleOrd[d] = this.insertionOrd(this.titleOrder, this.titleKey(d), (x) => this.titleKey(x));
    const ak = this.authorKey(d);
    this.authorOrd[d] = ak === null ? Infinity : this.insertionOrd(this.authorOrder, ak, (x) => this.authorKey(x) ?? '');
  }

  /**
   * One pass over the token sequences of the live docs, visiting each distinct (slot, stem) of each doc
   * once: counts them (counts != null) or writes the doc into the CSR pools at cursor (S_ANY is slot 0).
   */
  private postingPass(nStems: number, counts: Int32Array | null, cursor: Int32Array | null, pools: Int32Array[]): void {
    const mark = new Int32Array(NUM_SLOTS * nStems).fill(-1);
    const s = this.seq.start.data;
    const pool = this.seq.pool.data;
    const alive = this.alive;
    for (let d = 0; d < this.n; d++) {
      if (alive[d] === 0) continue;
      let slot = -1;
      const end = s[d + 1]!;
      for (let i = s[d]!; i < end; i++) {
        const st = pool[i]!;
        if (st < 0) {
          if (st !== VALUE_SEP) slot = SLOT_OF_FIELD[-st - 1]!;
          continue;
        }
        if (slot >= 0) {
          const key = slot * nStems + st;
          if (mark[key] !== d) {
            mark[key] = d;
            if (counts !== null) counts[key]!++;
            else pools[slot]![cursor![key]!++] = d;
          }
        }
        if (mark[st] !== d) {
          mark[st] = d;
          if (counts !== null) counts[st]!++;
          else pools[S_ANY]![cursor![st]!++] = d;
        }
      }
    }
  }

  /** Postings (CSR), value postings and sort orders for docs [0, n); deltas emptied. */
  private finalize(): void {
    const nStems = this.stems.size;
    const counts = new Int32Array(NUM_SLOTS * nStems);
    this.postingPass(nStems, counts, null, []);
    const slots: Postings[] = [];
    const cursor = new Int32Array(NUM_SLOTS * nStems);
    const pools: Int32Array[] = [];
    for (let sl = 0; sl < NUM_SLOTS; sl++) {
      const start = new Int32Array(nStems + 1);
      let total = 0;
      for (let t = 0; t < nStems; t++) {
        start[t] = total;
        cursor[sl * nStems + t] = total;
        total += counts[sl * nStems + t]!;
      }
      start[nStems] = total;
      const pool = new Int32Array(total);
      pools.push(pool);
      slots.push({ start, pool, delta: new Map() });
    }
    this.postingPass(nStems, null, cursor, pools);
    this.slots = slots;
    this.concatCache = new Map();
    this.authorPost = invert(this.authorVals, this.n, this.authorDict.values.length, this.alive);
    this.subjectPost = invert(this.subjectVals, this.n, this.subjectDict.values.length, this.alive);
    const byDf = (p: Postings): Int32Array => {
      const nv = p.start.length - 1;
      const ids = new Int32Array(nv);
      for (let v = 0; v < nv; v++) ids[v] = v;
      return ids.sort((a, b) => (p.start[b + 1]! - p.start[b]!) - (p.start[a + 1]! - p.start[a]!) || a - b);
    };
    this.authorByDf = byDf(this.authorPost);
    this.subjectByDf = byDf(this.subjectPost);
    this.authorDirty = new Set();
    this.subjectDirty = new Set();
    this.builtDocs = this.n;
    this.mergePendingStems(true);
    this.computeOrders();
    this.allDocsCache = null;
  }

  // ---- sort keys

  private titleKey(d: number): string {
    const s = this.sortWords.start.data;
    const pool = this.sortWords.pool.data;
    const words: string[] = [];
    for (let i = s[d]!; i < s[d + 1]! && pool[i] !== -1; i++) words.push(this.words.words[pool[i]!]!);
    return titleSortTokens(words).join(' ');
  }

  private authorKey(d: number): string | null {
    const s = this.sortWords.start.data;
    const pool = this.sortWords.pool.data;
    let i = s[d]!;
    const end = s[d + 1]!;
    while (i < end && pool[i] !== -1) i++;
    if (i + 1 >= end) return null;
    const words: string[] = [];
    for (i++; i < end; i++) words.push(this.words.words[pool[i]!]!);
    return words.join(' ');
  }

  private computeOrders(): void {
    const n = this.n;
    const sortBy = (keyOf: (d: number) => string | null, ord: Float64Array): Int32Array => {
      const keyed: string[] = [];
      for (let d = 0; d < n; d++) {
        if (this.alive[d] === 0) continue;
        const k = keyOf(d);
        // "\u0001" + fixed-width doc number: a plain string sort gives the (key, doc number) order
        if (k === null) ord[d] = Infinity;
        else keyed.push(k + '\u0001' + d.toString(36).padStart(7, '0'));
      }
      keyed.sort();
      const order = new Int32Array(keyed.length);
      for (let i = 0; i < keyed.length; i++) {
        const k = keyed[i]!;
        const d = parseInt(k.slice(k.length - 7), 36);
        order[i] = d;
        ord[d] = i;
      }
      return order;
    };
    this.titleOrder = sortBy((d) => this.titleKey(d), this.titleOrd);
    this.authorOrder = sortBy((d) => this.authorKey(d), this.authorOrd);
    // newest first: counting sort by year, unknown years last, doc number order within a year
    const perYear = new Int32Array(10001);
    for (let d = 0; d < n; d++) if (this.alive[d]) perYear[this.years[d] === 0 ? 0 : 10000 - this.years[d]!]!++;
    const startOf = new Int32Array(10001);
    let acc = 0;
    for (let k = 1; k <= 10000; k++) { startOf[k] = acc; acc += perYear[k]!; }
    startOf[0] = acc;
    const yearOrder = new Int32Array(acc + perYear[0]!);
    for (let d = 0; d < n; d++) {
      if (!this.alive[d]) continue;
      const k = this.years[d] === 0 ? 0 : 10000 - this.years[d]!;
      yearOrder[startOf[k]!++] = d;
    }
    this.yearOrder = yearOrder;
  }

  /** Sort position for an appended doc: just before the first built doc with a greater key. */
  private insertionOrd(order: Int32Array, key: string, keyOf: (d: number) => string): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyOf(order[mid]!) <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo - 0.5;
  }

  // ---- stem dictionary for prefixes

  private mergePendingStems(force: boolean): void {
    if (this.pendingStems.length === 0) return;
    if (!force && this.pendingStems.length < 5000) {
      this.pendingStems.sort();
      return;
    }
    const all = this.sortedStems.concat(this.pendingStems);
    all.sort();
    this.sortedStems = all;
    this.sortedStemIds = Int32Array.from(all, (s) => this.stems.get(s));
    this.pendingStems = [];
  }

  private stemsWithPrefix(p: string): number[] {
    this.mergePendingStems(false);
    const out: number[] = [];
    const range = (arr: string[], ids: (i: number) => number): void => {
      let lo = 0;
      let hi = arr.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (arr[mid]! < p) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < arr.length && arr[i]!.startsWith(p); i++) out.push(ids(i));
    };
    range(this.sortedStems, (i) => this.sortedStemIds[i]!);
    range(this.pendingStems, (i) => this.stems.get(this.pendingStems[i]!));
    return out;
  }

  // ===================================================================== query evaluation

  /** base + delta concatenations of the postings read since their last change (bounded; see addDelta) */
  private concatCache = new Map<number, Int32Array>();

  private postings(slot: number, st: number): Int32Array {
    const p = this.slots[slot]!;
    if (!p.delta.has(st)) return postingsOf(p, st);
    const key = st * NUM_SLOTS + slot;
    let list = this.concatCache.get(key);
    if (list === undefined) {
      list = postingsOf(p, st);
      if (this.concatCache.size >= 512) this.concatCache.clear();
      this.concatCache.set(key, list);
    }
    return list;
  }

  private postingLength(slot: number, st: number): number {
    return postingsLength(this.slots[slot]!, st);
  }

  private allDocs(): Int32Array {
    if (this.allDocsCache === null) {
      const a = new Int32Array(this.n);
      for (let i = 0; i < this.n; i++) a[i] = i;
      this.allDocsCache = a;
    }
    return this.allDocsCache;
  }

  private lookupStem(token: string): number {
    return this.stems.get(stemToken(token));
  }

  /** Doc numbers matching the node (dead docs included), or null for "every doc". */
  private evaluate(node: QueryNode): Int32Array | null {
    switch (node.kind) {
      case 'all':
        return null;
      case 'term': {
        const slot = SLOT_OF_TEXT_FIELD[node.field];
        if (node.prefix) return this.prefixDocs(slot, node.token);
        const st = this.lookupStem(node.token);
        return st < 0 ? EMPTY : this.postings(slot, st);
      }
      case 'phrase':
        return this.phraseDocs(node.field, node.tokens);
      case 'identifier': {
        const lists: Int32Array[] = [];
        for (const v of node.values) {
          const k = identifierKey(node.field, v);
          if (k !== null) lists.push(this.idents.get(k));
        }
        return unionAll(lists, this.n);
      }
      case 'year':
        return this.yearDocs(this.allDocs(), node.from, node.to);
      case 'or': {
        const lists: Int32Array[] = [];
        for (const c of node.children) {
          const r = this.evaluate(c);
          if (r === null) return null;
          lists.push(r);
        }
        return unionAll(lists, this.n);
      }
      case 'not': {
        const r = this.evaluate(node.child);
        return r === null ? EMPTY : difference(this.allDocs(), r);
      }
      case 'and': {
        const positives: Int32Array[] = [];
        const negatives: QueryNode[] = [];
        const years: Array<{ from: number | null; to: number | null }> = [];
        for (const c of node.children) {
          if (c.kind === 'not') negatives.push(c.child);
          else if (c.kind === 'year') years.push(c);
          else {
            const r = this.evaluate(c);
            if (r !== null) {
              if (r.length === 0) return EMPTY;
              positives.push(r);
            }
          }
        }
        let acc: Int32Array | null = positives.length > 0 ? intersectAll(positives) : null;
        for (const y of years) acc = this.yearDocs(acc ?? this.allDocs(), y.from, y.to);
        for (const neg of negatives) {
          if (acc !== null && acc.length === 0) break;
          const r = this.evaluate(neg);
          if (r === null) return EMPTY;
          acc = difference(acc ?? this.allDocs(), r);
        }
        return acc;
      }
    }
  }

  private yearDocs(within: Int32Array, from: number | null, to: number | null): Int32Array {
    const lo = from ?? 1;
    const hi = to ?? 9999;
    const years = this.years;
    return filterList(within, (d) => {
      const y = years[d]!;
      return y !== 0 && y >= lo && y <= hi;
    });
  }

  /**
   * Prefix: the stems starting with the typed prefix, plus the stem of the prefix itself ("ecoles*" also
   * finds "école", whose stem "ecol" is shorter than the prefix). At most maxPrefixTerms stems, the most
   * frequent, so that "a*" stays bounded.
   */
  private prefixDocs(slot: number, token: string): Int32Array {
    if (token === '') return EMPTY;
    const stems = new Set(this.stemsWithPrefix(token));
    const exact = this.lookupStem(token);
    if (exact >= 0) stems.add(exact);
    let list = [...stems].filter((st) => this.postingLength(slot, st) > 0);
    if (list.length > this.maxPrefixTerms) {
      list = list
        .map((st) => ({ st, df: this.postingLength(slot, st) }))
        .sort((a, b) => b.df - a.df)
        .slice(0, this.maxPrefixTerms)
        .map((x) => x.st);
    }
    return unionAll(list.map((st) => this.postings(slot, st)), this.n);
  }

  private phraseDocs(field: TextField, tokens: string[]): Int32Array {
    const stems: number[] = [];
    for (const t of tokens) {
      const st = this.lookupStem(t);
      if (st < 0) return EMPTY;
      stems.push(st);
    }
    const slot = SLOT_OF_TEXT_FIELD[field];
    const candidates = intersectAll([...new Set(stems)].map((st) => this.postings(slot, st)));
    if (stems.length < 2 || candidates.length === 0) return candidates;
    // anchor on the rarest word: fewer false starts while scanning the sequences
    let anchor = 0;
    let best = Infinity;
    for (let i = 0; i < stems.length; i++) {
      const df = this.postingLength(S_ANY, stems[i]!);
      if (df < best) { best = df; anchor = i; }
    }
    return this.verifyPhrase(candidates, Int32Array.from(stems), anchor, FIELD_OF_TEXT_FIELD[field]);
  }

  /** Candidates whose sequence has the stems adjacent inside one value of one text field (or of onlyField). */
  private verifyPhrase(candidates: Int32Array, stems: Int32Array, anchor: number, onlyField: number): Int32Array {
    const s = this.seq.start.data;
    const pool = this.seq.pool.data;
    const k = stems.length;
    const a = stems[anchor]!;
    const out = new Int32Array(candidates.length);
    let n = 0;
    for (let c = 0; c < candidates.length; c++) {
      const d = candidates[c]!;
      const begin = s[d]!;
      const end = s[d + 1]!;
      let found = false;
      for (let i = begin + anchor; i < end && !found; i++) {
        if (pool[i] !== a) continue;
        const p = i - anchor;
        if (p + k > end) break;
        let j = 0;
        while (j < k && pool[p + j] === stems[j]) j++;
        if (j < k) continue;
        // markers are negative, so a match never spans two values; check the field if restricted
        if (onlyField >= 0) {
          let m = p - 1;
          while (m >= begin && (pool[m]! >= 0 || pool[m] === VALUE_SEP)) m--;
          if (m < begin || pool[m] !== fieldMarker(onlyField)) continue;
        }
        found = true;
      }
      if (found) out[n++] = d;
    }
    return n === out.length ? out : out.slice(0, n);
  }

  /** Live docs of a match set (dead ones removed). */
  private liveOnly(list: Int32Array | null): Int32Array {
    const all = list ?? this.allDocs();
    return this.liveCount < this.n ? difference(all, this.deadSorted()) : all;
  }

  /** Number of live records matching a query (used by suggestions). */
  count(query: string | QueryNode): number {
    const node = typeof query === 'string' ? parseQuery(query) : query;
    const r = this.evaluate(node);
    return r === null ? this.liveCount : this.liveOnly(r).length;
  }

  // ===================================================================== search

  search(req: SearchRequest = {}): SearchResult {
    const node = typeof req.query === 'string' ? parseQuery(req.query) : (req.query ?? { kind: 'all' });
    const pageSize = clampInt(req.pageSize, 1, 1000, 20);
    const page = clampInt(req.page, 1, 1_000_000, 1);
    const wantFacets = req.facets !== false;
    const B = this.liveOnly(this.evaluate(node));
    const filters = this.compileFilters(req.filters ?? {});
    const limit = clampInt(req.facetLimit, 1, 1000, 20);
    let R: Int32Array;
    let low: LowCounts | null = null;
    if (wantFacets) {
      low = new LowCounts(
        new Int32Array(this.typeDict.values.length), new Int32Array(this.langDict.values.length),
        new Int32Array(1000), new Int32Array(this.libIds.length),
      );
    }
    if (filters.impossible) R = EMPTY;
    else if (!filters.any) {
      R = B;
      if (low !== null) this.countLow(R, low);
    } else if (this.filterStrategy === 'bitsets' || (this.filterStrategy === 'auto' && B.length * 16 > this.n)) {
      R = this.filterPassBits(B, filters, low);
    }
    else R = this.filterPass(B, filters, low);

    const result: SearchResult = { total: R.length, ids: [], page, pageSize };
    if (low !== null) result.facets = this.facetsOf(R, low, limit);
    const offset = (page - 1) * pageSize;
    if (offset >= R.length || offset + pageSize > MAX_PAGE_END) return result;
    const k = Math.min(offset + pageSize, R.length);
    const sort = req.sort ?? 'relevance';
    const docs = sort === 'relevance' ? this.rankRelevance(R, node, k) : this.rankBy(R, sort, k);
    result.ids = docs.slice(offset, offset + pageSize).map((d) => this.idOf[d]!);
    return result;
  }

  private compileFilters(f: SearchFilters): CompiledFilters {
    const words = (this.cap >>> 5) + 1;
    const flags = (values: readonly string[] | undefined, dict: ValueDict): Uint8Array | null => {
      if (!Array.isArray(values) || values.length === 0) return null;
      const fl = new Uint8Array(dict.values.length);
      for (const v of values) {
        const id = dict.ids.get(v);
        if (id !== undefined) fl[id] = 1;
      }
      return fl;
    };
    const typeSel = flags(f.documentType, this.typeDict);
    const langSel = flags(f.language, this.langDict);
    const audSel = flags(f.audience, this.audienceDict);
    const yearOn = typeof f.yearFrom === 'number' || typeof f.yearTo === 'number';
    let libBits: Uint32Array | null = null;
    let libSel: Uint8Array | null = null;
    let availHere: Uint32Array = this.anyAvail;
    if (Array.isArray(f.library) && f.library.length > 0) {
      libSel = new Uint8Array(this.libIds.length);
      const sel: number[] = [];
      for (const lib of f.library) {
        const l = this.libIndex.get(lib);
        if (l !== undefined && libSel[l] === 0) { libSel[l] = 1; sel.push(l); }
      }
      if (sel.length === 1) {
        libBits = this.held[sel[0]!]!;
        availHere = this.avail[sel[0]!]!;
      } else {
        libBits = new Uint32Array(words);
        availHere = new Uint32Array(words);
        for (const l of sel) {
          const h = this.held[l]!;
          const a = this.avail[l]!;
          for (let w = 0; w < words; w++) { libBits[w]! |= h[w]!; availHere[w]! |= a[w]!; }
        }
      }
    }
    let impossible = false;
    const valueBits = (values: readonly string[] | undefined, dict: ValueDict, post: Postings): Uint32Array | null => {
      if (!Array.isArray(values) || values.length === 0) return null;
      const lists: Int32Array[] = [];
      for (const v of values) {
        const id = dict.ids.get(facetKey(v));
        if (id === undefined) { impossible = true; return null; }
        lists.push(postingsOf(post, id));
      }
      const bits = new Uint32Array(words);
      setBits(bits, intersectAll(lists));
      return bits;
    };
    const authorBits = valueBits(f.author, this.authorDict, this.authorPost);
    const subjectBits = valueBits(f.subject, this.subjectDict, this.subjectPost);
    const available = f.available === true;
    return {
      any: typeSel !== null || langSel !== null || audSel !== null || yearOn || libBits !== null || available || authorBits !== null
        || subjectBits !== null,
      impossible,
      typeSel, langSel, audSel, yearOn,
      yLo: typeof f.yearFrom === 'number' ? f.yearFrom : 1,
      yHi: typeof f.yearTo === 'number' ? f.yearTo : 9999,
      libBits, libSel, available, availHere, authorBits, subjectBits,
    };
  }

  /** Facet counts of the low-cardinality facets over a result set, when no filter is selected. */
  private countLow(R: Int32Array, c: LowCounts): void {
    const types = this.types;
    const langs = this.langs;
    const years = this.years;
    const tc = c.types;
    const lc = c.langs;
    const dc = c.decades;
    const libc = c.libs;
    const ls = this.libs.start.data;
    const lp = this.libs.pool.data;
    const any = this.anyAvail;
    let av = 0;
    for (let i = 0; i < R.length; i++) {
      const d = R[i]!;
      tc[types[d]!]!++;
      lc[langs[d]!]!++;
      const y = years[d]!;
      if (y !== 0) dc[(y / 10) | 0]!++;
      if ((any[d >>> 5]! & (1 << (d & 31))) !== 0) av++;
      const e = ls[d + 1]!;
      for (let j = ls[d]!; j < e; j++) libc[lp[j]!]!++;
    }
    c.available = av;
  }

  /**
   * Applies the filters to the live matches and, when c is given, counts the low-cardinality facets with
   * the "exclude own facet" rule (see the header), in one pass.
   */
  private filterPass(B: Int32Array, f: CompiledFilters, c: LowCounts | null): Int32Array {
    const types = this.types;
    const langs = this.langs;
    const years = this.years;
    const ls = this.libs.start.data;
    const lp = this.libs.pool.data;
    const availBits = this.avail;
    const extraAvail = this.extraAvail;
    const hasExtra = extraAvail.size > 0;
    const { typeSel, langSel, audSel, yearOn, yLo, yHi, libBits, available, availHere, authorBits, subjectBits } = f;
    const audiences = this.audiences;
    const out = new Int32Array(B.length);
    let n = 0;
    const counting = c !== null;
    const tc = c?.types ?? EMPTY;
    const lc = c?.langs ?? EMPTY;
    const dc = c?.decades ?? EMPTY;
    const libc = c?.libs ?? EMPTY;
    let av = 0;
    for (let i = 0; i < B.length; i++) {
      const d = B[i]!;
      const w = d >>> 5;
      const b = 1 << (d & 31);
      let mask = 0;
      const t = types[d]!;
      const l = langs[d]!;
      const y = years[d]!;
      if (typeSel !== null && typeSel[t] === 0) mask |= 1;
      if (langSel !== null && langSel[l] === 0) mask |= 2;
      if (yearOn && (y === 0 || y < yLo || y > yHi)) mask |= 4;
      if (libBits !== null && (libBits[w]! & b) === 0) mask |= 8;
      const here = (availHere[w]! & b) !== 0;
      if (available && !here) mask |= 16;
      if (authorBits !== null && (authorBits[w]! & b) === 0) mask |= 32;
      if (subjectBits !== null && (subjectBits[w]! & b) === 0) mask |= 64;
      if (audSel !== null && audSel[audiences[d]!] === 0) mask |= 128; // no facet of its own: narrows every count
      if (mask === 0) out[n++] = d;
      if (!counting) continue;
      if (mask === 0) {
        tc[t]!++;
        lc[l]!++;
        if (y !== 0) dc[(y / 10) | 0]!++;
        if (here) av++;
      } else if (mask === 1) tc[t]!++;
      else if (mask === 2) lc[l]!++;
      else if (mask === 4) { if (y !== 0) dc[(y / 10) | 0]!++; }
      // libraries: docs passing every filter but the library and availability ones
      if ((mask & ~24) === 0) {
        const e = ls[d + 1]!;
        if (available) {
          for (let j = ls[d]!; j < e; j++) { const x = lp[j]!; if ((availBits[x]![w]! & b) !== 0) libc[x]!++; }
          if (hasExtra) {
            const extra = extraAvail.get(d);
            if (extra !== undefined) for (const x of extra) libc[x]!++;
          }
        } else for (let j = ls[d]!; j < e; j++) libc[lp[j]!]!++;
      }
    }
    if (c !== null) c.available = av;
    return n === out.length ? out : out.subarray(0, n);
  }

  /** Docs of a single-valued column with one of the selected values, as a bitset. */
  private columnBits(cache: Array<Uint32Array | undefined>, column: Uint16Array, sel: Uint8Array): Uint32Array {
    const W = (this.cap >>> 5) + 1;
    const one = (v: number): Uint32Array => {
      let bits = cache[v];
      if (bits === undefined) {
        bits = new Uint32Array(W);
        for (let d = 0; d < this.n; d++) if (column[d] === v) bits[d >>> 5]! |= 1 << (d & 31);
        cache[v] = bits;
      }
      return bits;
    };
    const chosen: number[] = [];
    for (let v = 0; v < sel.length; v++) if (sel[v] === 1) chosen.push(v);
    if (chosen.length === 1) return one(chosen[0]!);
    const out = new Uint32Array(W);
    for (const v of chosen) {
      const b = one(v);
      for (let w = 0; w < W; w++) out[w]! |= b[w]!;
    }
    return out;
  }

  /**
   * filterPass for large match sets: the filters are ANDed word by word on bitsets (type, language,
   * libraries, availability, authors, subjects; the year range is checked doc by doc), once per facet that
   * excludes its own filter, and each facet is counted on the docs of its own bitset.
   */
  private filterPassBits(B: Int32Array, f: CompiledFilters, c: LowCounts | null): Int32Array {
    const W = (this.n >>> 5) + 1;
    const bb = this.scratchA;
    setBits(bb, B);
    try {
      const F: Array<Uint32Array | null> = [
        f.typeSel === null ? null : this.columnBits(this.typeBits, this.types, f.typeSel),
        f.langSel === null ? null : this.columnBits(this.langBits, this.langs, f.langSel),
        f.libBits,
        f.available ? f.availHere : null,
        f.authorBits,
        f.subjectBits,
        f.audSel === null ? null : this.columnBits(this.audienceBits, this.audiences, f.audSel),
      ];
      const T = 0;
      const L = 1;
      const LIB = 2;
      const AV = 3;
      // B AND every filter but the excluded ones, as a sorted doc list
      const docs = (...exclude: number[]): Int32Array => {
        const m = new Uint32Array(W);
        m.set(bb.subarray(0, W));
        for (let j = 0; j < F.length; j++) {
          const fj = F[j];
          if (fj === null || fj === undefined || exclude.includes(j)) continue;
          for (let w = 0; w < W; w++) m[w]! &= fj[w]!;
        }
        let count = 0;
        for (let w = 0; w < W; w++) if (m[w] !== 0) count += popcount32(m[w]!);
        return bitsToList(m, count);
      };
      const years = this.years;
      const { yearOn, yLo, yHi } = f;
      const inYears = (d: number): boolean => {
        if (!yearOn) return true;
        const y = years[d]!;
        return y !== 0 && y >= yLo && y <= yHi;
      };
      const all = docs();
      const R = yearOn ? filterList(all, inYears) : all;
      if (c === null) return R;
      const types = this.types;
      const langs = this.langs;
      // decades: the docs passing every filter but the year range
      for (let i = 0; i < all.length; i++) {
        const y = years[all[i]!]!;
        if (y !== 0) c.decades[(y / 10) | 0]!++;
      }
      const mt = F[T] === null ? R : docs(T);
      for (let i = 0; i < mt.length; i++) { const d = mt[i]!; if (inYears(d)) c.types[types[d]!]!++; }
      const ml = F[L] === null ? R : docs(L);
      for (let i = 0; i < ml.length; i++) { const d = ml[i]!; if (inYears(d)) c.langs[langs[d]!]!++; }
      const availHere = f.availHere;
      const mav = F[AV] === null ? R : docs(AV);
      let av = 0;
      for (let i = 0; i < mav.length; i++) {
        const d = mav[i]!;
        if ((availHere[d >>> 5]! & (1 << (d & 31))) !== 0 && inYears(d)) av++;
      }
      c.available = av;
      const mlib = F[LIB] === null && F[AV] === null ? R : docs(LIB, AV);
      const ls = this.libs.start.data;
      const lp = this.libs.pool.data;
      const availBits = this.avail;
      const libc = c.libs;
      for (let i = 0; i < mlib.length; i++) {
        const d = mlib[i]!;
        if (!inYears(d)) continue;
        const e = ls[d + 1]!;
        const w = d >>> 5;
        const b = 1 << (d & 31);
        if (f.available) {
          for (let j = ls[d]!; j < e; j++) { const x = lp[j]!; if ((availBits[x]![w]! & b) !== 0) libc[x]!++; }
          const extra = this.extraAvail.get(d);
          if (extra !== undefined) for (const x of extra) libc[x]!++;
        } else for (let j = ls[d]!; j < e; j++) libc[lp[j]!]!++;
      }
      return R;
    } finally {
      clearBits(bb, B);
    }
  }

  private facetsOf(R: Int32Array, c: LowCounts, limit: number): Facets {
    const valueList = (counts: Int32Array, dict: ValueDict): FacetValue[] => {
      const res: FacetValue[] = [];
      for (let i = 0; i < counts.length; i++) {
        if (counts[i]! > 0 && dict.values[i] !== '') res.push({ value: dict.values[i]!, count: counts[i]! });
      }
      return res.sort(byCountThenValue);
    };
    const year: FacetValue<number>[] = [];
    for (let i = c.decades.length - 1; i >= 0; i--) {
      if (c.decades[i]! > 0) year.push({ value: i * 10, count: c.decades[i]! });
    }
    const library: FacetValue<number>[] = [];
    for (let l = 0; l < c.libs.length; l++) {
      if (c.libs[l]! > 0) library.push({ value: this.libIds[l]!, count: c.libs[l]! });
    }
    library.sort(byCountThenValue);
    let rBits: Uint32Array | null = null;
    if (R.length > this.perDocValueCountingMax) {
      rBits = this.scratchA;
      setBits(rBits, R);
    }
    try {
      return {
        documentType: valueList(c.types, this.typeDict),
        library,
        available: c.available,
        language: valueList(c.langs, this.langDict),
        year,
        author: this.topValues(R, rBits, this.authorVals, this.authorPost, this.authorByDf, this.authorDirty, this.authorDict, limit),
        subject: this.topValues(R, rBits, this.subjectVals, this.subjectPost, this.subjectByDf, this.subjectDirty, this.subjectDict, limit),
      };
    } finally {
      if (rBits !== null) clearBits(rBits, R);
    }
  }

  /**
   * The `limit` most frequent values of a multi-valued facet in R (exact; see the header). Among values tied
   * at the N-th count, the smaller display values win: the heap finds the N-th count T, then every value
   * counted at T or more is a candidate.
   */
  private topValues(
    R: Int32Array, rBits: Uint32Array | null, lists: Csr, post: Postings, byDf: Int32Array, dirty: Set<number>,
    dict: ValueDict, limit: number,
  ): FacetValue[] {
    const heap = new TopK(limit, true);
    const candidates: FacetValue[] = [];
    if (rBits === null) {
      // doc by doc
      if (this.valueCounts.length < dict.values.length) this.valueCounts = new Int32Array(Math.ceil(dict.values.length * 1.25));
      const counts = this.valueCounts;
      const touched = new IntVec(256);
      const s = lists.start.data;
      const pool = lists.pool.data;
      for (let i = 0; i < R.length; i++) {
        const d = R[i]!;
        const e = s[d + 1]!;
        for (let j = s[d]!; j < e; j++) {
          const v = pool[j]!;
          if (counts[v]!++ === 0) touched.push(v);
        }
      }
      const t = touched.data;
      for (let i = 0; i < touched.length; i++) heap.offer(counts[t[i]!]!, -t[i]!);
      const threshold = heap.full ? heap.worstKey : 1;
      for (let i = 0; i < touched.length; i++) {
        const v = t[i]!;
        if (counts[v]! >= threshold) candidates.push({ value: dict.values[v]!, count: counts[v]! });
        counts[v] = 0;
      }
    } else {
      // value by value, by decreasing overall frequency, until no remaining value can reach the N-th count
      const countIn = (v: number): number => {
        const docs = postingsOf(post, v);
        let c = 0;
        for (let i = 0; i < docs.length; i++) {
          const d = docs[i]!;
          if ((rBits[d >>> 5]! & (1 << (d & 31))) !== 0) c++;
        }
        return c;
      };
      const counted: Array<[number, number]> = [];
      const visit = (v: number): void => {
        const c = countIn(v);
        if (c === 0) return;
        heap.offer(c, -v);
        counted.push([v, c]);
      };
      for (const v of dirty) visit(v);
      for (let i = 0; i < byDf.length; i++) {
        const v = byDf[i]!;
        const bound = post.start[v + 1]! - post.start[v]!;
        // values not visited have at most `bound` docs, fewer than the N-th count: they cannot tie with it
        if (heap.full && bound < heap.worstKey) break;
        if (dirty.has(v)) continue;
        visit(v);
      }
      const threshold = heap.full ? heap.worstKey : 1;
      for (const [v, c] of counted) if (c >= threshold) candidates.push({ value: dict.values[v]!, count: c });
    }
    return candidates.length <= limit ? candidates.sort(byCountThenValue) : smallest(candidates, limit, byCountThenValue);
  }

  /** Top k of R for a non-relevance sort. */
  private rankBy(R: Int32Array, sort: SortOrder, k: number): number[] {
    const key = sort === 'newest'
      ? (d: number): number => (this.years[d] === 0 ? -1 : this.years[d]!)
      : sort === 'title' ? (d: number): number => this.titleOrd[d]! : (d: number): number => this.authorOrd[d]!;
    const higherIsBetter = sort === 'newest';
    const heap = new TopK(k, higherIsBetter);
    const order = sort === 'newest' ? this.yearOrder : sort === 'title' ? this.titleOrder : this.authorOrder;
    if (R.length * 8 > this.n && this.builtDocs > 0) {
      // dense result set: walk the precomputed order until k members of R are found
      const rBits = this.scratchA;
      setBits(rBits, R);
      try {
        let found = 0;
        for (let i = 0; i < order.length && found < k; i++) {
          const d = order[i]!;
          if ((rBits[d >>> 5]! & (1 << (d & 31))) !== 0) {
            heap.offer(key(d), d);
            found++;
          }
        }
      } finally {
        clearBits(rBits, R);
      }
      // docs appended since the build are not in the orders (R's tail), and docs without an author
      // are not in the author order
      const start = gallop(R, this.builtDocs, 0);
      for (let i = start; i < R.length; i++) heap.offer(key(R[i]!), R[i]!);
      if (sort === 'author' && heap.size < k) {
        for (let i = 0; i < start && heap.size < k; i++) if (this.authorOrd[R[i]!] === Infinity) heap.offer(Infinity, R[i]!);
      }
    } else {
      for (let i = 0; i < R.length; i++) {
        const d = R[i]!;
        const kd = key(d);
        if (heap.accepts(kd, d)) heap.offer(kd, d);
      }
    }
    return heap.sorted().map((e) => e.doc);
  }

  // ---- relevance

  /** Scoring clauses of the query's positive words (see the header). */
  private clauses(node: QueryNode): Clause[] {
    const found = new Map<number, number>();
    const add = (token: string, field: TextField): void => {
      const st = this.lookupStem(token);
      if (st < 0) return;
      const lvl = LEVEL_OF_TEXT_FIELD[field];
      const levels = lvl < 0 ? (1 << NUM_LEVELS) - 1 : 1 << lvl;
      found.set(st, (found.get(st) ?? 0) | levels);
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
    let list = [...found.entries()];
    if (list.some(([st]) => !isStopStem(this.stems.words[st]!))) {
      list = list.filter(([st]) => !isStopStem(this.stems.words[st]!));
    }
    const N = Math.max(1, this.liveCount);
    return list.map(([st, levels]) => {
      const df = this.postingLength(S_ANY, st);
      const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      const lists: Array<Int32Array[] | null> = [];
      for (let L = 0; L < NUM_LEVELS; L++) {
        lists.push((levels & (1 << L)) !== 0 ? LEVEL_SLOTS[L]!.map((s) => this.postings(s, st)) : null);
      }
      return { stem: st, idf, levels, lists };
    });
  }

  private score(d: number, clauses: Clause[]): number {
    let s = 0;
    for (let c = 0; c < clauses.length; c++) {
      const cl = clauses[c]!;
      for (let L = 0; L < NUM_LEVELS; L++) {
        const lists = cl.lists[L];
        if (lists === null || lists === undefined) continue;
        let hit = false;
        for (let i = 0; i < lists.length; i++) if (contains(lists[i]!, d)) { hit = true; break; }
        if (hit) {
          s += cl.idf * LEVEL_WEIGHT[L]!;
          break;
        }
      }
    }
    return s;
  }

  /** Upper bound of the score of a doc none of whose words is in a level < L. */
  private bound(clauses: Clause[], L: number): number {
    let u = 0;
    for (const cl of clauses) {
      for (let l = L; l < NUM_LEVELS; l++) {
        if ((cl.levels & (1 << l)) !== 0) { u += cl.idf * LEVEL_WEIGHT[l]!; break; }
      }
    }
    return u;
  }

  private rankRelevance(R: Int32Array, node: QueryNode, k: number): number[] {
    const clauses = this.clauses(node);
    if (clauses.length === 0) return Array.from(R.subarray(0, k)); // static-rank order
    const heap = new TopK(k, true);
    if (R.length <= this.exhaustiveScoringMax) {
      for (let i = 0; i < R.length; i++) heap.offer(this.score(R[i]!, clauses), R[i]!);
      return heap.sorted().map((e) => e.doc);
    }
    const scored = this.scratchB;
    const scoredList = new IntVec(Math.min(4096, this.maxScoredDocs));
    let budget = this.maxScoredDocs;
    try {
      levels: for (let L = 0; L < NUM_LEVELS; L++) {
        const U = this.bound(clauses, L);
        if (heap.full && heap.worstKey > U) break; // nothing at this level or below can enter
        for (const cl of clauses) {
          const lists = cl.lists[L];
          if (lists === null || lists === undefined) continue;
          for (const list of lists) {
            let r = 0; // cursor in R (both sorted): membership by galloping, never a pass over R
            for (let i = 0; i < list.length; i++) {
              const d = list[i]!;
              if (heap.full && !heap.better(U, d, heap.worstKey, heap.worstDoc)) break; // the rest cannot win
              r = gallop(R, d, r);
              if (r >= R.length) break;
              if (R[r] !== d) continue;
              const w = d >>> 5;
              const b = 1 << (d & 31);
              if ((scored[w]! & b) !== 0) continue;
              scored[w]! |= b;
              scoredList.push(d);
              heap.offer(this.score(d, clauses), d);
              if (--budget <= 0) break levels;
            }
          }
        }
      }
    } finally {
      clearBits(scored, scoredList.view());
    }
    const best = heap.sorted().map((e) => e.doc);
    if (best.length < k) {
      // docs matched only through prefixes, identifiers or ORs without scoring words: static order
      const inBest = new Set(best);
      for (let i = 0; i < R.length && best.length < k; i++) if (!inBest.has(R[i]!)) best.push(R[i]!);
    }
    return best;
  }

  // ===================================================================== vocabulary (suggestions)

  /** Changes when build() reassigns word ids (see SuggestSource). */
  get vocabularyEpoch(): number {
    return this.epoch;
  }

  /** Number of word ids allocated (ids are stable and append-only until the next build). */
  get wordCount(): number {
    return this.words.size;
  }

  /** The normalised word with this id. */
  wordAt(id: number): string | null {
    return this.words.words[id] ?? null;
  }

  /**
   * How often a normalised word occurs: the number of records containing its stem (dead doc numbers not
   * yet dropped by optimize() included; suggestions verify that the corrected query finds live records).
   */
  wordFrequency(word: string): number {
    const w = this.words.get(word);
    const st = w >= 0 ? this.wordStem.data[w]! : this.lookupStem(word);
    return st < 0 ? 0 : this.postingLength(S_ANY, st);
  }

  /** Does some record contain a word with the same stem (i.e. would the word match anything)? */
  isKnown(token: string): boolean {
    const st = this.lookupStem(token);
    return st >= 0 && this.postingLength(S_ANY, st) > 0;
  }

  /** The relevance score of a record for a query (0 when no scoring word matches); for tests and debugging. */
  scoreOf(recordId: number, query: string | QueryNode): number {
    const d = this.docOf.get(recordId);
    if (d === undefined) return 0;
    const node = typeof query === 'string' ? parseQuery(query) : query;
    return this.score(d, this.clauses(node));
  }
}
