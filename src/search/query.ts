// The reader's query language, parsed into an engine-independent AST.
//
//   guerre paix                 both words (AND is implicit)
//   "le rouge et le noir"       phrase (also «guillemets» and “curly quotes”)
//   photo*                      prefix
//   titre:guerre  title:"la peste"  auteur:(hugo OU zola)   field searches (French or English names)
//   isbn:978-2-07-036024-5  issn:0395-2037                 identifiers (hyphens optional)
//   annee:1990-2000  year:1990..2000  annee:>=1990  annee:1990                year ranges
//   chat OU chien, chat ET chien, chat SAUF chien, -chien, (chat OU chien) noir   booleans
//
// Decisions:
// - Operators are recognised in UPPER CASE only (ET/AND, OU/OR, SAUF/NOT; also && || !): lower-case "et",
//   "ou" are words ("Le Rouge et le Noir").
// - OR binds tighter than AND, as in web search engines: "chat OU chien noir" = (chat OU chien) ET noir.
//   NOT/"-" binds tightest. Parentheses override.
// - A word that normalises to several tokens is a phrase ("jean-paul" = "jean paul", "l'école" = "ecole").
// - A bare word that looks like an ISBN/ISSN searches the identifier OR the text ("1914-1918" looks like an
//   ISSN and stays findable as the years).
// - The parser never throws: an unbalanced quote is ignored (its words become plain words), a missing ")" is
//   closed at the end, a stray ")" or a dangling operator is ignored, an empty query matches everything.
import { isbnForms, issnForms, looksLikeIsbn, looksLikeIssn, normalizeText, tokenize } from './normalize.js';

export type TextField = 'any' | 'title' | 'author' | 'subject' | 'publisher' | 'series';
export type IdentifierField = 'isbn' | 'issn';
export type SearchField = TextField | IdentifierField;

export type QueryNode =
  | { kind: 'all' }
  /** token: normalised, unstemmed (engines stem it; suggestions correct it) */
  | { kind: 'term'; field: TextField; token: string; prefix: boolean }
  | { kind: 'phrase'; field: TextField; tokens: string[] }
  /** values: compact forms (digits and "x"), any of which matches */
  | { kind: 'identifier'; field: IdentifierField; values: string[] }
  /** inclusive bounds; null = open */
  | { kind: 'year'; from: number | null; to: number | null }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode };

const FIELD_ALIASES: Record<string, SearchField | 'year'> = {
  titre: 'title', title: 'title',
  auteur: 'author', author: 'author',
  sujet: 'subject', subject: 'subject', matiere: 'subject',
  editeur: 'publisher', publisher: 'publisher',
  collection: 'series', series: 'series', serie: 'series',
  isbn: 'isbn', issn: 'issn',
  annee: 'year', year: 'year', date: 'year',
};

/** Canonical field of a field name typed by the reader ("Auteur", "éditeur"), or null. */
export function fieldFromName(name: string): SearchField | 'year' | null {
  return FIELD_ALIASES[normalizeText(name)] ?? null;
}

// ----- lexer -----

type Lexeme =
  | { t: 'word'; v: string }
  | { t: 'phrase'; v: string }
  | { t: 'field'; v: SearchField | 'year' }
  | { t: 'and' } | { t: 'or' } | { t: 'not' }
  | { t: 'lparen' } | { t: 'rparen' };

const OPEN_QUOTES: Record<string, string> = { '"': '"', '«': '»', '“': '”', '„': '“' };
const OPERATORS: Record<string, 'and' | 'or' | 'not'> = {
  ET: 'and', AND: 'and', '&&': 'and', '&': 'and',
  OU: 'or', OR: 'or', '||': 'or', '|': 'or',
  SAUF: 'not', NOT: 'not', '!': 'not',
};
const SPACE_RE = /\s/;

function lex(input: string): Lexeme[] {
  const out: Lexeme[] = [];
  const s = input;
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    if (SPACE_RE.test(c)) { i++; continue; }
    if (c === '(') { out.push({ t: 'lparen' }); i++; continue; }
    if (c === ')') { out.push({ t: 'rparen' }); i++; continue; }
    const close = OPEN_QUOTES[c];
    if (close !== undefined) {
      const j = s.indexOf(close, i + 1);
      if (j < 0) { i++; continue; } // unbalanced quote: ignore it, its words are plain words
      out.push({ t: 'phrase', v: s.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === '»' || c === '”') { i++; continue; }
    // A word runs to the next space, parenthesis or quote.
    let j = i;
    while (j < s.length) {
      const d = s.charAt(j);
      if (SPACE_RE.test(d) || d === '(' || d === ')' || OPEN_QUOTES[d] !== undefined || d === '»' || d === '”') break;
      j++;
    }
    const word = s.slice(i, j);
    i = j;
    const op = OPERATORS[word];
    if (op !== undefined) { out.push({ t: op }); continue; }
    if (word === '-' || word === '+') continue;
    if (word.length > 1 && (word.startsWith('-') || word.startsWith('+'))) {
      // "-chien": exclusion (a leading "+" means "required", which every word already is).
      if (word.startsWith('-')) out.push({ t: 'not' });
      // Re-lex the rest so that "-titre:chien" and '-"un mot"' work.
      i -= word.length - 1;
      continue;
    }
    const colon = word.indexOf(':');
    if (colon > 0) {
      const field = fieldFromName(word.slice(0, colon));
      if (field !== null) {
        out.push({ t: 'field', v: field });
        i -= word.length - colon - 1;
        continue;
      }
    }
    out.push({ t: 'word', v: word });
  }
  return out;
}

// ----- parser -----

export interface ParseOptions {
  /** Field of words without a field prefix (advanced search rows). Default: 'any'. */
  defaultField?: SearchField;
}

const MATCH_ALL: QueryNode = { kind: 'all' };

/** Parses the reader's query. Never throws; an empty or meaningless query gives { kind: 'all' }. */
export function parseQuery(input: string, options: ParseOptions = {}): QueryNode {
  const lexemes = lex(typeof input === 'string' ? input.slice(0, 2000) : '');
  const p = new Parser(lexemes, options.defaultField ?? 'any');
  const node = p.parseAnd(0);
  return node === null ? MATCH_ALL : simplify(node);
}

class Parser {
  private pos = 0;
  constructor(private readonly lx: Lexeme[], private readonly defaultField: SearchField) {}

  private peek(): Lexeme | undefined {
    return this.lx[this.pos];
  }

  /** andExpr := orExpr ([AND] orExpr)* ; stops at ")" when nested. */
  parseAnd(depth: number, field: SearchField = this.defaultField): QueryNode | null {
    const children: QueryNode[] = [];
    while (this.pos < this.lx.length) {
      const l = this.peek()!;
      if (l.t === 'rparen') {
        if (depth > 0) break;
        this.pos++; // stray ")": ignored
        continue;
      }
      if (l.t === 'and' || l.t === 'or') { this.pos++; continue; } // dangling or doubled operator
      const n = this.parseOr(depth, field);
      if (n !== null) children.push(n);
    }
    if (children.length === 0) return null;
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  /** orExpr := unary (OR unary)* */
  private parseOr(depth: number, field: SearchField): QueryNode | null {
    const children: QueryNode[] = [];
    const first = this.parseUnary(depth, field);
    if (first !== null) children.push(first);
    while (this.peek()?.t === 'or') {
      this.pos++;
      const next = this.peek();
      if (next === undefined || next.t === 'rparen' || next.t === 'or' || next.t === 'and') continue;
      const n = this.parseUnary(depth, field);
      if (n !== null) children.push(n);
    }
    if (children.length === 0) return null;
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private parseUnary(depth: number, field: SearchField): QueryNode | null {
    const l = this.peek();
    if (l === undefined) return null;
    if (l.t === 'not') {
      this.pos++;
      const next = this.peek();
      if (next === undefined || next.t === 'rparen' || next.t === 'and' || next.t === 'or') return null;
      const child = this.parseUnary(depth, field);
      return child === null ? null : { kind: 'not', child };
    }
    return this.parsePrimary(depth, field);
  }

  private parsePrimary(depth: number, field: SearchField): QueryNode | null {
    const l = this.peek();
    if (l === undefined) return null;
    this.pos++;
    switch (l.t) {
      case 'lparen': {
        const inner = this.parseAnd(depth + 1, field);
        if (this.peek()?.t === 'rparen') this.pos++; // a missing ")" is closed at the end of the input
        return inner;
      }
      case 'phrase':
        return phraseNode(l.v, field);
      case 'word':
        return wordNode(l.v, field);
      case 'field':
        return this.parseFieldValue(l.v, depth, field);
      default:
        return null; // operators are consumed by the callers; ")" never reaches here
    }
  }

  private parseFieldValue(f: SearchField | 'year', depth: number, outer: SearchField): QueryNode | null {
    const next = this.peek();
    if (next === undefined) return null;
    if (f === 'year') {
      if (next.t === 'word') {
        this.pos++;
        return yearNode(next.v) ?? wordNode(next.v, outer);
      }
      return null;
    }
    if (next.t === 'word' || next.t === 'phrase' || next.t === 'lparen') return this.parsePrimary(depth, f);
    return null;
  }
}

function identifierNode(field: IdentifierField, raw: string): QueryNode | null {
  const values = field === 'isbn' ? isbnForms(raw) : issnForms(raw);
  return values.length === 0 ? null : { kind: 'identifier', field, values };
}

function phraseNode(text: string, field: SearchField): QueryNode | null {
  if (field === 'isbn' || field === 'issn') return identifierNode(field, text);
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  if (tokens.length === 1) return { kind: 'term', field, token: tokens[0]!, prefix: false };
  return { kind: 'phrase', field, tokens };
}

function wordNode(raw: string, field: SearchField): QueryNode | null {
  if (field === 'isbn' || field === 'issn') return identifierNode(field, raw);
  let word = raw;
  let prefix = false;
  while (word.endsWith('*') || word.endsWith('?')) {
    prefix = true;
    word = word.slice(0, -1);
  }
  const tokens = tokenize(word);
  let text: QueryNode | null;
  if (tokens.length === 0) text = null;
  else if (tokens.length === 1) text = { kind: 'term', field, token: tokens[0]!, prefix };
  else if (prefix) {
    text = {
      kind: 'and',
      children: tokens.map((token, k): QueryNode => ({ kind: 'term', field, token, prefix: k === tokens.length - 1 })),
    };
  } else text = { kind: 'phrase', field, tokens };
  if (field === 'any' && !prefix) {
    const idField: IdentifierField | null = looksLikeIssn(word) ? 'issn' : looksLikeIsbn(word) ? 'isbn' : null;
    if (idField !== null) {
      const id = identifierNode(idField, word);
      if (id !== null) return text === null ? id : { kind: 'or', children: [id, text] };
    }
  }
  return text;
}

const YEAR = '([0-9]{1,4})';
const RANGE_RE = new RegExp(`^${YEAR}?(?:-|\\.\\.|–|/)${YEAR}?$`);

/** "1990-2000", "1990..2000", "1990", "1990-", "-2000", ">1990", ">=1990", "<2000", "<=2000". */
export function parseYearRange(v: string): { from: number | null; to: number | null } | null {
  const s = v.trim();
  let m = /^([<>]=?)([0-9]{1,4})$/.exec(s);
  if (m) {
    const n = Number(m[2]);
    if (m[1] === '>') return { from: n + 1, to: null };
    if (m[1] === '>=') return { from: n, to: null };
    if (m[1] === '<') return { from: null, to: n - 1 };
    return { from: null, to: n };
  }
  m = /^([0-9]{1,4})$/.exec(s);
  if (m) return { from: Number(m[1]), to: Number(m[1]) };
  m = RANGE_RE.exec(s);
  if (m && (m[1] !== undefined || m[2] !== undefined)) {
    let from = m[1] === undefined ? null : Number(m[1]);
    let to = m[2] === undefined ? null : Number(m[2]);
    if (from !== null && to !== null && from > to) [from, to] = [to, from];
    return { from, to };
  }
  return null;
}

function yearNode(v: string): QueryNode | null {
  const r = parseYearRange(v);
  return r === null ? null : { kind: 'year', from: r.from, to: r.to };
}

/** Flattens nested and/or, removes duplicates of "all", turns and(x) into x, double negation into x. */
export function simplify(node: QueryNode): QueryNode {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const out: QueryNode[] = [];
      for (const c of node.children) {
        const s = simplify(c);
        if (s.kind === node.kind) out.push(...s.children);
        else if (s.kind === 'all' && node.kind === 'and') continue;
        else if (s.kind === 'all' && node.kind === 'or') return MATCH_ALL;
        else out.push(s);
      }
      if (out.length === 0) return MATCH_ALL;
      if (out.length === 1) return out[0]!;
      return { kind: node.kind, children: out };
    }
    case 'not': {
      const c = simplify(node.child);
      if (c.kind === 'not') return c.child;
      return { kind: 'not', child: c };
    }
    default:
      return node;
  }
}

// ----- formatting (suggestions, "your search" line) -----

const FIELD_NAMES_FR: Record<SearchField, string> = {
  any: '', title: 'titre:', author: 'auteur:', subject: 'sujet:', publisher: 'editeur:', series: 'collection:',
  isbn: 'isbn:', issn: 'issn:',
};

/** Query text that parses back to an equivalent AST (French field names and operators). */
export function formatQuery(node: QueryNode): string {
  return fmt(node, 0);
}

function fmt(node: QueryNode, ctx: number): string {
  switch (node.kind) {
    case 'all': return '';
    case 'term': return FIELD_NAMES_FR[node.field] + node.token + (node.prefix ? '*' : '');
    case 'phrase': return `${FIELD_NAMES_FR[node.field]}"${node.tokens.join(' ')}"`;
    case 'identifier': return FIELD_NAMES_FR[node.field] + node.values[0]!;
    case 'year':
      return node.from !== null && node.from === node.to ? `annee:${node.from}`
        : `annee:${node.from ?? ''}-${node.to ?? ''}`;
    case 'not': return '-' + fmt(node.child, 3);
    case 'or': {
      const s = node.children.map((c) => fmt(c, 2)).join(' OU ');
      return ctx >= 2 ? `(${s})` : s;
    }
    case 'and': {
      const s = node.children.map((c) => fmt(c, 1)).join(' ');
      return ctx >= 1 ? `(${s})` : s;
    }
  }
}

// ----- advanced search form -----

export interface AdvancedRow {
  /** 'any' = all fields ("tous les champs") */
  field: SearchField;
  /** how this row combines with the rows above it; ignored on the first row except 'not' */
  operator?: 'and' | 'or' | 'not';
  /** the text typed in the row (the query syntax works inside a row: quotes, *, fields) */
  terms: string;
  /** all words (default), any word, or the whole text as one phrase */
  match?: 'all' | 'any' | 'phrase';
}

export interface AdvancedSearch {
  rows: AdvancedRow[];
  yearFrom?: number | null;
  yearTo?: number | null;
}

/** AST of an advanced search form. Rows combine left to right: ((r1 op2 r2) op3 r3) ... */
export function buildAdvancedQuery(form: AdvancedSearch): QueryNode {
  let acc: QueryNode | null = null;
  for (const row of form.rows ?? []) {
    const node = rowNode(row);
    if (node === null) continue;
    const op = row.operator ?? 'and';
    if (acc === null) acc = op === 'not' ? { kind: 'not', child: node } : node;
    else if (op === 'or') acc = { kind: 'or', children: [acc, node] };
    else if (op === 'not') acc = { kind: 'and', children: [acc, { kind: 'not', child: node }] };
    else acc = { kind: 'and', children: [acc, node] };
  }
  const from = validYear(form.yearFrom);
  const to = validYear(form.yearTo);
  if (from !== null || to !== null) {
    const y: QueryNode = from !== null && to !== null && from > to
      ? { kind: 'year', from: to, to: from } : { kind: 'year', from, to };
    acc = acc === null ? y : { kind: 'and', children: [acc, y] };
  }
  return acc === null ? MATCH_ALL : simplify(acc);
}

function validYear(y: number | null | undefined): number | null {
  return typeof y === 'number' && Number.isInteger(y) && y >= 0 && y <= 9999 ? y : null;
}

function rowNode(row: AdvancedRow): QueryNode | null {
  const terms = typeof row.terms === 'string' ? row.terms.trim() : '';
  if (terms === '') return null;
  const field = row.field in FIELD_NAMES_FR ? row.field : 'any';
  if (row.match === 'phrase') return phraseNode(terms.replace(/["«»“”„]/g, ' '), field);
  const parsed = parseQuery(terms, { defaultField: field });
  if (parsed.kind === 'all') return null;
  if (row.match === 'any' && parsed.kind === 'and') return { kind: 'or', children: parsed.children };
  return parsed;
}

/** Normalised words of a query, with their place in the AST, for spelling suggestions. */
export function queryTerms(node: QueryNode): Array<{ kind: 'term'; field: TextField; token: string; prefix: boolean }> {
  const out: Array<{ kind: 'term'; field: TextField; token: string; prefix: boolean }> = [];
  const walk = (n: QueryNode): void => {
    switch (n.kind) {
      case 'term': out.push(n); break;
      case 'and': case 'or': n.children.forEach(walk); break;
      case 'not': walk(n.child); break;
      default: break;
    }
  };
  walk(node);
  return out;
}
