// One search, as the query string says it: read from a validated query, turned into the service's params,
// and written back as canonical URLs (facet links, chips, pagination, the API's self links).
import type { CatalogueSearchParams } from '../../services/search.service.js';
import type { SortOrder } from '../../search/engine.js';
import type { AdvancedRow, AdvancedSearch, SearchField } from '../../search/query.js';
import { ADV_ROWS, type SearchQuery } from './schemas.js';

export interface AdvRowState {
  /** 1-based row number in the form */
  n: number;
  field: SearchField;
  operator: 'and' | 'or' | 'not';
  terms: string;
  match: 'all' | 'any' | 'phrase';
}

export interface SearchState {
  q: string;
  /** adv=1: the rows replace q */
  advanced: boolean;
  rows: AdvRowState[];
  scope: string | null;
  types: string[];
  libraries: string[];
  available: boolean;
  languages: string[];
  yearFrom: number | null;
  yearTo: number | null;
  authors: string[];
  subjects: string[];
  sort: SortOrder;
  page: number;
  pageSize: number;
  facets: boolean;
}

export const DEFAULT_PAGE_SIZE = 20;

const uniq = (a: readonly string[] | undefined): string[] => [...new Set((a ?? []).map((s) => s.trim()).filter(Boolean))];

/** The state of a query string that passed the schema. */
export function stateFromQuery(query: SearchQuery): SearchState {
  const rows: AdvRowState[] = [];
  const advanced = query.adv === '1';
  if (advanced) {
    for (let n = 1; n <= ADV_ROWS; n++) {
      const terms = (query[`t${n}`] as string | undefined)?.trim() ?? '';
      if (!terms) continue;
      rows.push({
        n,
        field: (query[`f${n}`] as SearchField | undefined) ?? 'any',
        operator: (query[`o${n}`] as AdvRowState['operator'] | undefined) ?? 'and',
        terms,
        match: (query[`m${n}`] as AdvRowState['match'] | undefined) ?? 'all',
      });
    }
  }
  return {
    q: advanced ? '' : (query.q ?? '').trim(),
    advanced,
    rows,
    scope: query.scope ?? null,
    types: uniq(query.type),
    libraries: uniq(query.library),
    available: query.available === '1',
    languages: uniq(query.language),
    yearFrom: query.year_from ?? null,
    yearTo: query.year_to ?? null,
    authors: uniq(query.author),
    subjects: uniq(query.subject),
    sort: query.sort ?? 'relevance',
    page: query.page ?? 1,
    pageSize: query.page_size ?? DEFAULT_PAGE_SIZE,
    facets: query.facets !== '0',
  };
}

export function advancedForm(s: SearchState): AdvancedSearch {
  return { rows: s.rows.map((r): AdvancedRow => ({ field: r.field, operator: r.operator, terms: r.terms, match: r.match })) };
}

export function toServiceParams(s: SearchState): CatalogueSearchParams & { facets?: boolean } {
  return {
    ...(s.advanced ? { advanced: advancedForm(s) } : { q: s.q }),
    scope: s.scope ?? undefined,
    filters: {
      documentType: s.types.length ? s.types : undefined,
      library: s.libraries.length ? s.libraries : undefined,
      available: s.available || undefined,
      language: s.languages.length ? s.languages : undefined,
      yearFrom: s.yearFrom ?? undefined,
      yearTo: s.yearTo ?? undefined,
      author: s.authors.length ? s.authors : undefined,
      subject: s.subjects.length ? s.subjects : undefined,
    },
    sort: s.sort,
    page: s.page,
    pageSize: s.pageSize,
    facets: s.facets,
  };
}

/** True when the reader narrowed the search (anything besides the words, sort and paging). */
export function hasFilters(s: SearchState): boolean {
  return Boolean(
    s.scope || s.types.length || s.libraries.length || s.available || s.languages.length || s.yearFrom !== null || s.yearTo !== null || s.authors.length || s.subjects.length,
  );
}

/** Canonical query-string pairs, defaults left out, in a stable order. */
export function toPairs(s: SearchState): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (s.advanced) {
    out.push(['adv', '1']);
    for (const r of s.rows) {
      if (r.operator !== 'and') out.push([`o${r.n}`, r.operator]);
      out.push([`f${r.n}`, r.field]);
      out.push([`t${r.n}`, r.terms]);
      if (r.match !== 'all') out.push([`m${r.n}`, r.match]);
    }
  } else if (s.q) out.push(['q', s.q]);
  if (s.scope) out.push(['scope', s.scope]);
  for (const v of s.types) out.push(['type', v]);
  for (const v of s.libraries) out.push(['library', v]);
  if (s.available) out.push(['available', '1']);
  for (const v of s.languages) out.push(['language', v]);
  if (s.yearFrom !== null) out.push(['year_from', String(s.yearFrom)]);
  if (s.yearTo !== null) out.push(['year_to', String(s.yearTo)]);
  for (const v of s.authors) out.push(['author', v]);
  for (const v of s.subjects) out.push(['subject', v]);
  if (s.sort !== 'relevance') out.push(['sort', s.sort]);
  if (s.pageSize !== DEFAULT_PAGE_SIZE) out.push(['page_size', String(s.pageSize)]);
  if (s.page !== 1) out.push(['page', String(s.page)]);
  if (!s.facets) out.push(['facets', '0']);
  return out;
}

/** A URL of `path` for the state with `change` applied; any change but paging goes back to page 1. */
export function searchUrl(path: string, s: SearchState, change: Partial<SearchState> = {}): string {
  const next: SearchState = { ...s, page: 1, ...change };
  const qs = new URLSearchParams(toPairs(next)).toString();
  return qs ? `${path}?${qs}` : path;
}

/** Removes one value of a repeatable filter. */
export function without<K extends 'types' | 'libraries' | 'languages' | 'authors' | 'subjects'>(s: SearchState, key: K, value: string): Partial<SearchState> {
  return { [key]: s[key].filter((v) => v !== value) } as Partial<SearchState>;
}

export function clearedFilters(): Partial<SearchState> {
  return { scope: null, types: [], libraries: [], available: false, languages: [], yearFrom: null, yearTo: null, authors: [], subjects: [] };
}

// ----- validation errors -----

export interface ParamError {
  /** query-string parameter name */
  param: string;
  message: string;
  allowed?: unknown[];
}

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
  schemaPath?: string;
}

/** Fastify/ajv validation errors as one entry per parameter. */
export function paramErrors(validation: readonly AjvLikeError[] | undefined, schema?: { properties?: object }): ParamError[] {
  const out = new Map<string, ParamError>();
  for (const e of validation ?? []) {
    const path = (e.instancePath ?? '').replace(/^\//, '');
    const param = path.split('/')[0] || String(e.params?.missingProperty ?? '') || 'query';
    if (out.has(param)) continue;
    const prop = (schema?.properties as Record<string, unknown> | undefined)?.[param] as { enum?: unknown[]; items?: { enum?: unknown[] } } | undefined;
    const allowed = prop?.enum ?? prop?.items?.enum;
    out.set(param, { param, message: `${param} ${e.message ?? 'is not valid'}`, ...(allowed ? { allowed } : {}) });
  }
  return [...out.values()];
}

/** Removes the named parameters from a raw query string (the "search without these criteria" link). */
export function withoutParams(rawQuery: string, params: readonly string[]): string {
  const u = new URLSearchParams(rawQuery);
  for (const p of params) u.delete(p);
  u.delete('page');
  return u.toString();
}
