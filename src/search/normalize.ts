// Text analysis shared by every search engine (in-memory index, SQLite FTS5, PostgreSQL full text).
//
// FTS5 has no stemming and does not fold ligatures, and PostgreSQL's `french` configuration stems the
// accented word with its own rules: so the engines never analyse text themselves. They index and query the
// output of `analyze()` and therefore return the same matches for the same query.
//
// Pipeline, decided once:
//   1. normalizeText: lower case, typographic apostrophes -> "'", NFKD, combining marks removed,
//      letters that do not decompose folded (œ -> oe, æ -> ae, ß -> ss, ø -> o, ł -> l, ı -> i, đ/ð -> d, þ -> th).
//   2. tokenize: runs of letters and digits. Elided French articles and pronouns are DROPPED
//      ("l'école" -> ["ecole"], "qu'il" -> ["il"], "jusqu'au" -> ["au"]): the elided word carries no meaning,
//      would be the most frequent token of the catalogue, and is dropped on both sides (index and query), so
//      phrases stay consistent ("L'école des femmes" is found by the phrase "école des femmes" and by
//      "l'école des femmes"). A fragment before an apostrophe that is not an elision is kept as its own token
//      ("aujourd'hui" -> ["aujourd", "hui"], "O'Brien" -> ["o", "brien"]). Dotted acronyms are joined
//      ("S.N.C.F." -> ["sncf"]). Stop words are NOT removed: "Le Rouge et le Noir" stays findable as a phrase.
//   3. stem: the French Snowball algorithm applied to the ACCENT-STRIPPED token, after removing a plural
//      -s / -x. Stemming the stripped form makes the stem a function of the stripped form only, so every
//      accent variant a reader may type ("ecole", "école", "écoles", "Ecoles") reaches the same stem ("ecol").
//      Stemming the accented word and then stripping would not: "créée" -> "cré" -> "cre" but "creee" -> "cree".
//      The plural pre-pass fixes Snowball's known misses on French plurals ("photos"/"photo", "amis"/"ami",
//      "petits"/"petit", "récits"/"récit", "jeux"/"jeu"), at the cost of a few harmless collisions
//      ("mois"/"moi"). Tokens with digits and tokens of one or two characters are not stemmed.
import { newStemmer } from 'snowball-stemmers';

const frenchSnowball = newStemmer('french');

/** Letters that NFKD does not decompose, folded after lower-casing. */
const FOLD: Record<string, string> = {
  'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'ı': 'i', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ħ': 'h', 'ŧ': 't',
  'ĸ': 'k', 'ŀ': 'l', 'ſ': 's',
};
/** Typographic apostrophes and look-alikes that readers and MARC records use for the French apostrophe. */
const APOSTROPHES = new Set(['\u2019', '\u2018', '\u02bc', '\u02b9', '\u2032', '\u00b4', '\u0060', '\uff07']);
const COMBINING_RE = /\p{M}+/gu;
const ASCII_RE = /^[\x00-\x7f]*$/;
const NON_ASCII_RE = /[^\x00-\x7f]/gu;
const CHAR_FOLD = new Map<string, string>();

/** Folding of one lower-cased non-ASCII code point, computed once and cached. */
function foldChar(c: string): string {
  let f = CHAR_FOLD.get(c);
  if (f === undefined) {
    if (APOSTROPHES.has(c)) f = "'";
    else {
      f = c.normalize('NFKD').replace(COMBINING_RE, '').toLowerCase();
      f = f.replace(/[^\x00-\x7f]/gu, (x) => FOLD[x] ?? x);
    }
    if (CHAR_FOLD.size < 100_000) CHAR_FOLD.set(c, f);
  }
  return f;
}

/**
 * Lower case, accents and other combining marks removed, ligatures and special letters folded, typographic
 * apostrophes turned into "'". Punctuation is kept (the tokenizer needs apostrophes and dots). Works code
 * point by code point (NFKD of each), which gives the same result as NFKD of the whole string since the
 * marks are dropped, and lets the folding of each character be cached.
 */
export function normalizeText(s: string): string {
  const lower = s.toLowerCase();
  if (ASCII_RE.test(lower)) return lower.includes('`') ? lower.replace(/`/g, "'") : lower;
  return lower.replace(NON_ASCII_RE, foldChar).replace(/`/g, "'");
}

/** French elided words: dropped when directly followed by an apostrophe and a letter ("l'", "qu'", "jusqu'"). */
export const ELISIONS: ReadonlySet<string> = new Set([
  'l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu', 'presqu', 'quelqu',
]);

/** Word characters: letters and digits of any script; ASCII through a table, the rest tested once and cached. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = 2; // 2 = letter
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = 2;
const CODE_CLASS = new Map<number, number>();
function codeClass(cp: number): number {
  if (cp < 128) return ASCII_WORD[cp]!;
  let k = CODE_CLASS.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = /\p{L}/u.test(ch) ? 2 : /\p{N}/u.test(ch) ? 1 : 0;
    CODE_CLASS.set(cp, k);
  }
  return k;
}

/**
 * Tokens of already-normalised text, without building arrays: `span(start, end)` for a token that is the
 * substring [start, end) of n, `joined(s)` for a dotted acronym joined into one token. The only tokenizer:
 * tokenizeNormalized() and the in-memory index both use it, so they cannot disagree.
 */
export function scanTokens(n: string, span: (start: number, end: number) => void, joined: (s: string) => void): void {
  const len = n.length;
  let i = 0;
  // dotted acronym in progress: single letters each followed by "." ("s.n.c.f.")
  let acronym = '';
  let acronymEnd = -1;
  while (i < len) {
    let c = n.codePointAt(i)!;
    let k = codeClass(c);
    if (k === 0) {
      i += c > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    const firstClass = k;
    do {
      i += c > 0xffff ? 2 : 1;
      if (i >= len) break;
      c = n.codePointAt(i)!;
      k = codeClass(c);
    } while (k !== 0);
    const end = i;
    const next = n.charCodeAt(end);
    if (acronym !== '' && start !== acronymEnd + 1) {
      joined(acronym);
      acronym = '';
    }
    const singleLetter = end - start === 1 && firstClass === 2;
    if (singleLetter && next === 46 /* . */ && (acronym !== '' || (end + 1 < len && codeClass(n.codePointAt(end + 1)!) === 2))) {
      acronym += n.charAt(start);
      acronymEnd = end;
      continue;
    }
    if (acronym !== '') {
      // "s.n.c.f" without the final dot: the last letter belongs to the acronym
      if (singleLetter) {
        joined(acronym + n.charAt(start));
        acronym = '';
        continue;
      }
      joined(acronym);
      acronym = '';
    }
    if (next === 39 /* ' */ && end - start <= 6 && end + 1 < len && codeClass(n.codePointAt(end + 1)!) !== 0
      && ELISIONS.has(n.slice(start, end))) continue;
    span(start, end);
  }
  if (acronym !== '') joined(acronym);
}

/** Tokens of already-normalised text (see normalizeText). */
export function tokenizeNormalized(n: string): string[] {
  const out: string[] = [];
  scanTokens(n, (s, e) => { out.push(n.slice(s, e)); }, (x) => { out.push(x); });
  return out;
}

/** Normalised tokens of raw text: "L'École des femmes" -> ["ecole", "des", "femmes"]. */
export function tokenize(s: string): string[] {
  return tokenizeNormalized(normalizeText(s));
}

const STEM_CACHE = new Map<string, string>();
const STEM_CACHE_MAX = 1_000_000;
const NEEDS_NORMALIZING_RE = /[^a-z0-9]/;
const DIGIT_RE = /[0-9]/;

/**
 * Stem of one token (French Snowball on the accent-stripped token after a plural pre-pass; see the header).
 * Accepts raw words too: a token that is not already normalised is normalised first.
 */
export function stem(token: string): string {
  const cached = STEM_CACHE.get(token);
  if (cached !== undefined) return cached;
  let t = token;
  if (NEEDS_NORMALIZING_RE.test(t)) {
    const tokens = tokenize(t);
    t = tokens.length === 1 ? tokens[0]! : normalizeText(t);
  }
  const s = computeStem(t);
  if (STEM_CACHE.size >= STEM_CACHE_MAX) STEM_CACHE.clear();
  STEM_CACHE.set(token, s);
  return s;
}

function computeStem(t: string): string {
  if (t.length <= 2 || DIGIT_RE.test(t)) return t;
  let w = t;
  // Plural pre-pass: Snowball leaves -s after a vowel ("photos", "amis") and -x after eu/ou ("jeux") alone.
  // Not after "ss" (masculine singulars: "stress", "express") nor "ais" ("anglais"/"anglaise" must meet).
  if (w.length > 3) {
    if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('ais')) w = w.slice(0, -1);
    else if (w.endsWith('eux') || w.endsWith('oux')) w = w.slice(0, -1);
  }
  const s = frenchSnowball.stem(w);
  return s.length > 0 ? s : t;
}

/** Tokens then stems: what engines index and what they look up. */
export function analyze(s: string): string[] {
  const tokens = tokenize(s);
  for (let i = 0; i < tokens.length; i++) tokens[i] = stem(tokens[i]!);
  return tokens;
}

/**
 * French (and a few English) stop words, in normalised form. Used ONLY for ranking and for title sort keys,
 * never to drop words from the index or from a query: a query made only of stop words still matches.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'au', 'aux', 'avec', 'ce', 'ces', 'cet', 'cette', 'dans', 'de', 'des', 'du', 'elle', 'elles', 'en', 'est',
  'et', 'il', 'ils', 'je', 'la', 'le', 'les', 'leur', 'leurs', 'lui', 'ma', 'mais', 'me', 'mes', 'moi', 'mon',
  'ne', 'ni', 'nos', 'notre', 'nous', 'on', 'ou', 'par', 'pas', 'pour', 'qu', 'que', 'qui', 'sa', 'se', 'ses',
  'son', 'sur', 'ta', 'te', 'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous', 'y', 'sous', 'sans',
  'the', 'of', 'and', 'an', 'in', 'to', 'for', 'with', 'der', 'die', 'das', 'und', 'el', 'los', 'las',
]);
const STOP_STEMS: ReadonlySet<string> = new Set([...STOP_WORDS].map((w) => computeStem(w)));

export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

/** Stop word test on a stem (for code that only has stems). */
export function isStopStem(s: string): boolean {
  return STOP_STEMS.has(s);
}

/** Leading articles ignored by the title sort key ("Les Misérables" files under M, as in library practice). */
const LEADING_ARTICLES: ReadonlySet<string> = new Set(['le', 'la', 'les', 'un', 'une', 'des', 'the', 'a', 'an']);

/** Tokens of a title without its leading article (the elided "l'" is already gone). */
export function titleSortTokens(tokens: readonly string[]): readonly string[] {
  if (tokens.length > 1 && LEADING_ARTICLES.has(tokens[0]!)) return tokens.slice(1);
  return tokens;
}

// ----- identifiers -----

/** ISBN or ISSN reduced to digits and a lower-case "x"; "" when nothing is left. */
export function compactIdentifier(s: string): string {
  return s.toLowerCase().replace(/[^0-9x]/g, '');
}

/**
 * Every indexed form of an ISBN: the compact form plus its ISBN-10/ISBN-13 counterpart, so that
 * "2-07-036024-8" and "978-2-07-036024-5" find the same record. Check digits are not verified: catalogues
 * hold mistyped ISBNs that readers copy from the book.
 */
export function isbnForms(raw: string): string[] {
  const c = compactIdentifier(raw);
  if (c === '') return [];
  if (/^[0-9]{9}[0-9x]$/.test(c)) return [c, isbn10to13(c)];
  if (/^97[89][0-9]{10}$/.test(c)) {
    const ten = c.startsWith('978') ? isbn13to10(c) : null;
    return ten ? [c, ten] : [c];
  }
  return [c];
}

/** The compact ISSN ("0395-2037" -> "03952037"). */
export function issnForms(raw: string): string[] {
  const c = compactIdentifier(raw);
  return c === '' ? [] : [c];
}

/** The ISBN-13 form of a compact ISBN-10; other compact values unchanged. */
export function canonicalIsbn(compact: string): string {
  return /^[0-9]{9}[0-9x]$/.test(compact) ? isbn10to13(compact) : compact;
}

function isbn10to13(ten: string): string {
  const body = '978' + ten.slice(0, 9);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (body.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

function isbn13to10(thirteen: string): string {
  const body = thirteen.slice(3, 12);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (body.charCodeAt(i) - 48) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return body + (check === 10 ? 'x' : String(check));
}

/** Does this reader-typed word look like an ISBN (10 or 13 characters once compacted)? */
export function looksLikeIsbn(word: string): boolean {
  if (!/^[0-9][0-9\- ]*[0-9xX]$/.test(word)) return false;
  const c = compactIdentifier(word);
  return /^[0-9]{9}[0-9x]$/.test(c) || /^97[89][0-9]{10}$/.test(c);
}

/** Does this reader-typed word look like an ISSN ("0395-2037", "0395-203X")? */
export function looksLikeIssn(word: string): boolean {
  return /^[0-9]{4}-[0-9]{3}[0-9xX]$/.test(word);
}
