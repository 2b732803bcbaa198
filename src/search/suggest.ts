// "Did you mean ...?" for queries without results: corrections drawn from the catalogue's own words.
//
// - Dictionary: the normalised (accent-free, lower-case, unstemmed) words of the records' text fields, with
//   the number of live records containing each; identifiers and words with digits are left out.
// - A query word needs correcting when no record contains a word with its stem (so "ecol" and "ecoles"
//   are fine: they find "école"). When correcting those words is not enough, or every word is known but
//   together they find nothing, the rarest words (up to 4) may change too, each keeping itself as a choice:
//   a misspelling may stem like a real word ("harri" and "Harris" share the stem "harr").
// - Candidates: dictionary words within Damerau-Levenshtein distance 2 (optimal string alignment: an
//   adjacent transposition costs 1), ranked by distance, then by frequency.
// - Lookup: words are bucketed by length; for a word of length L only lengths L-2..L+2 are scanned, and a
//   26-letter bitmask filter (an edit adds at most one letter to the word's letter set and removes at most
//   one) rejects most words before the distance is computed, with an early exit once a row exceeds 2.
//   About a millisecond per unknown word for a vocabulary of some 10^5 words; a SymSpell delete index would
//   be faster but costs tens of bytes per word and per delete, for a page that is rarely shown.
// - Several words: the combinations of each word's 3 best candidates are tried in order (total distance,
//   then frequency; at most 64 queries run) and the first that finds records wins ("harri poter" ->
//   "harry potter", not "harri potter" nor "harris poster"); null when none does.
import { parseQuery, formatQuery, type QueryNode } from './query.js';

/** What the suggester needs from an engine (MemoryIndex implements it; a DB engine can too). */
export interface SuggestSource {
  /** changes when word ids are reassigned (a rebuild); between changes ids are stable and append-only */
  readonly vocabularyEpoch: number;
  /** word ids: 0 .. wordCount-1 */
  readonly wordCount: number;
  /** the normalised word with this id, or null when it is not a text word (identifiers) */
  wordAt(id: number): string | null;
  wordFrequency(word: string): number;
  /** would this normalised token match something (same stem)? */
  isKnown(token: string): boolean;
  count(query: QueryNode): number;
}

export interface Candidate {
  word: string;
  distance: number;
  frequency: number;
}

const MAX_DISTANCE = 2;
const PER_WORD = 3;
/** most corrected queries evaluated */
const MAX_COMBINATIONS = 64;
/** most words varied at once when known words may be misspellings too (4 words x 4 choices = 256 combinations) */
const MAX_VARIABLE_WORDS = 4;

/** Damerau-Levenshtein distance (optimal string alignment), or max + 1 when it exceeds max. */
export function editDistance(a: string, b: string, max = MAX_DISTANCE): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Int32Array(lb + 1);
  let prev = new Int32Array(lb + 1);
  let cur = new Int32Array(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  const d = prev[lb]!;
  return d > max ? max + 1 : d;
}

function letterMask(w: string): number {
  let m = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 97 && c <= 122) m |= 1 << (c - 97);
    else m |= 1 << (26 + (c % 6)); // digits and other scripts share a few bits: the filter stays safe
  }
  return m;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

interface Bucket {
  words: string[];
  masks: number[];
}

export class Suggester {
  private buckets = new Map<number, Bucket>();
  private indexed = 0;
  private epoch = Number.NaN;

  constructor(private readonly source: SuggestSource) {}

  /** Picks up words added to the source since the last call (ids are append-only). */
  private refresh(): void {
    if (this.epoch !== this.source.vocabularyEpoch) {
      this.buckets = new Map(); // ids were reassigned: start again
      this.indexed = 0;
      this.epoch = this.source.vocabularyEpoch;
    }
    const n = this.source.wordCount;
    for (let id = this.indexed; id < n; id++) {
      // words of removed records stay in the buckets: lookups skip words whose frequency fell to 0
      const word = this.source.wordAt(id);
      if (word === null || word.length < 2 || /[0-9]/.test(word)) continue;
      let b = this.buckets.get(word.length);
      if (b === undefined) {
        b = { words: [], masks: [] };
        this.buckets.set(word.length, b);
      }
      b.words.push(word);
      b.masks.push(letterMask(word));
    }
    this.indexed = n;
  }

  /** Dictionary words within distance 2 of a normalised word, best first. */
  candidates(token: string, limit = 10): Candidate[] {
    this.refresh();
    const out: Candidate[] = [];
    const m = letterMask(token);
    const L = token.length;
    for (let len = Math.max(1, L - MAX_DISTANCE); len <= L + MAX_DISTANCE; len++) {
      const b = this.buckets.get(len);
      if (b === undefined) continue;
      const { words, masks } = b;
      for (let i = 0; i < words.length; i++) {
        const wm = masks[i]!;
        if (popcount(wm & ~m) > MAX_DISTANCE || popcount(m & ~wm) > MAX_DISTANCE) continue;
        const w = words[i]!;
        if (w === token) continue;
        const dist = editDistance(token, w);
        if (dist > MAX_DISTANCE) continue;
        const frequency = this.source.wordFrequency(w);
        if (frequency <= 0) continue;
        out.push({ word: w, distance: dist, frequency });
      }
    }
    out.sort((a, b) => a.distance - b.distance || b.frequency - a.frequency || (a.word < b.word ? -1 : 1));
    return out.slice(0, limit);
  }

  /**
   * The corrected query (reader syntax), or null when every word is known, no correction exists, or no
   * correction finds anything.
   */
  suggest(query: string | QueryNode): string | null {
    const ast = typeof query === 'string' ? parseQuery(query) : query;
    const words: string[] = [];
    collectTerms(ast, (token, prefix) => {
      if (prefix || words.includes(token) || token.length < 2 || /[0-9]/.test(token)) return;
      words.push(token);
    });
    if (words.length === 0) return null;
    const known = new Map(words.map((w) => [w, this.source.isKnown(w)]));
    // 1. correct the words that find nothing, keep the others
    const unknown = words.filter((w) => !known.get(w));
    if (unknown.length > 0) {
      const found = this.tryCombinations(ast, unknown, false);
      if (found !== null) return found;
    } else if (this.source.count(ast) > 0) {
      return null; // every word is known and the query finds records: nothing to correct
    }
    // 2. a misspelling can stem like a real word ("harri" ~ "harris"): let the rarest words vary too,
    //    each keeping itself as a choice at distance 0 when it is known
    const variable = [...words]
      .sort((a, b) => Number(known.get(a)) - Number(known.get(b)) || this.source.wordFrequency(a) - this.source.wordFrequency(b))
      .slice(0, MAX_VARIABLE_WORDS);
    return this.tryCombinations(ast, variable, true);
  }

  /** First combination of candidates (by total distance, then frequency) whose query finds records. */
  private tryCombinations(ast: QueryNode, words: string[], keepKnown: boolean): string | null {
    const options = words.map((w) => {
      const c = this.candidates(w, PER_WORD);
      if (keepKnown && this.source.isKnown(w)) c.unshift({ word: w, distance: 0, frequency: this.source.wordFrequency(w) });
      // a word without candidate stays as typed (the combination then probably finds nothing)
      return c.length > 0 ? c : [{ word: w, distance: 0, frequency: 0 }];
    });
    const combos: Array<{ choice: Candidate[]; distance: number; logFreq: number }> = [];
    const walk = (i: number, choice: Candidate[]): void => {
      if (i === options.length) {
        combos.push({
          choice: [...choice],
          distance: choice.reduce((s, c) => s + c.distance, 0),
          logFreq: choice.reduce((s, c) => s + Math.log(1 + c.frequency), 0),
        });
        return;
      }
      for (const c of options[i]!) {
        choice.push(c);
        walk(i + 1, choice);
        choice.pop();
      }
    };
    walk(0, []);
    combos.sort((a, b) => a.distance - b.distance || b.logFreq - a.logFreq);
    let tried = 0;
    for (const combo of combos) {
      if (combo.choice.every((c, i) => c.word === words[i])) continue;
      if (++tried > MAX_COMBINATIONS) break;
      const replacement = new Map(words.map((w, i) => [w, combo.choice[i]!.word]));
      const corrected = replaceTerms(ast, replacement);
      if (this.source.count(corrected) > 0) return formatQuery(corrected);
    }
    return null;
  }
}

function collectTerms(node: QueryNode, cb: (token: string, prefix: boolean) => void): void {
  switch (node.kind) {
    case 'term': cb(node.token, node.prefix); break;
    case 'phrase': for (const t of node.tokens) cb(t, false); break;
    case 'and': case 'or': for (const c of node.children) collectTerms(c, cb); break;
    case 'not': break; // a misspelt exclusion excludes nothing: leave it
    default: break;
  }
}

function replaceTerms(node: QueryNode, r: Map<string, string>): QueryNode {
  switch (node.kind) {
    case 'term': return node.prefix ? node : { ...node, token: r.get(node.token) ?? node.token };
    case 'phrase': return { ...node, tokens: node.tokens.map((t) => r.get(t) ?? t) };
    case 'and': case 'or': return { kind: node.kind, children: node.children.map((c) => replaceTerms(c, r)) };
    default: return node;
  }
}

/** One-shot helper: the corrected query for a source, or null. Keep a Suggester to reuse its buckets. */
export function suggest(source: SuggestSource, query: string | QueryNode): string | null {
  return new Suggester(source).suggest(query);
}
