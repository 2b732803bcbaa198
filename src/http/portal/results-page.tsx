// The results page: count (announced), active filters as removable chips, sort, results, pagination, and the
// facets as checkbox groups in a GET form. Works without JavaScript.
import type { LayoutContext } from '../render.js';
import type { CatalogueSearchResult, RecordSummary } from '../../services/search.service.js';
import type { FacetValue } from '../../search/engine.js';
import { PAGE_SIZES, SORTS } from '../../services/search.service.js';
import { clearedFilters, hasFilters, searchUrl, toPairs, without, type SearchState } from '../api/search-query.js';
import { HiddenInputs } from './components.js';
import { authorsLine, documentTypeLabel, fullTitle, languageLabel } from './presenters.js';

const PATH = '/recherche';
const FACET_PARAMS = ['type', 'library', 'available', 'language', 'year_from', 'year_to', 'author', 'subject', 'page'] as const;
/** author and subject values shown before "Voir N autres valeurs" */
const SHOWN_VALUES = 5;

export interface ResultsView {
  ctx: LayoutContext;
  state: SearchState;
  result: CatalogueSearchResult;
  /** library code -> name, for chips of libraries without results */
  libraryNames: Map<string, string>;
  /** the advanced search as query text ("titre:guerre auteur:hugo") */
  advancedText: string;
}

export function resultsTitle(v: ResultsView): string {
  const { t } = v.ctx;
  return `${heading(v)} (${t.results.count(v.result.total)})`;
}

function scopeLabel(v: ResultsView, code: string): string {
  return v.ctx.scopes.find((s) => s.code === code)?.label[v.ctx.lang] ?? code;
}

function heading(v: ResultsView): string {
  const { t } = v.ctx;
  const { state, result } = v;
  const words = state.advanced ? v.advancedText : state.q;
  if (result.total === 0) return t.results.noResultsH1(words);
  if (state.advanced) return t.results.h1Advanced;
  if (state.q) return t.results.h1Query(state.q);
  if (state.scope) return scopeLabel(v, state.scope);
  return t.results.h1All;
}

interface Chip {
  label: string;
  href: string;
}

function chips(v: ResultsView): Chip[] {
  const { t } = v.ctx;
  const s = v.state;
  const out: Chip[] = [];
  if (s.scope) out.push({ label: t.facets.chipScope(scopeLabel(v, s.scope)), href: searchUrl(PATH, s, { scope: null }) });
  for (const x of s.types) out.push({ label: `${t.facets.documentType} : ${documentTypeLabel(t, x)}`, href: searchUrl(PATH, s, without(s, 'types', x)) });
  for (const x of s.libraries) out.push({ label: `${t.facets.library} : ${v.libraryNames.get(x) ?? x}`, href: searchUrl(PATH, s, without(s, 'libraries', x)) });
  if (s.available) out.push({ label: t.facets.availableNow, href: searchUrl(PATH, s, { available: false }) });
  for (const x of s.languages) out.push({ label: `${t.facets.language} : ${languageLabel(t, x)}`, href: searchUrl(PATH, s, without(s, 'languages', x)) });
  if (s.yearFrom !== null || s.yearTo !== null) out.push({ label: t.facets.chipYears(s.yearFrom, s.yearTo), href: searchUrl(PATH, s, { yearFrom: null, yearTo: null }) });
  for (const x of s.authors) out.push({ label: `${t.facets.author} : ${x}`, href: searchUrl(PATH, s, without(s, 'authors', x)) });
  for (const x of s.subjects) out.push({ label: `${t.facets.subject} : ${x}`, href: searchUrl(PATH, s, without(s, 'subjects', x)) });
  // French typography: a (narrow) space before the colon; English has none.
  if (v.ctx.lang === 'en') for (const c of out) c.label = c.label.replace(' : ', ': ');
  return out;
}

function Chips({ v }: { v: ResultsView }) {
  const { t } = v.ctx;
  const list = chips(v);
  if (list.length === 0) return null;
  return (
    <div class="chips">
      <h2 id="active-filters" class="chips-title">
        {t.facets.active}
      </h2>
      <ul aria-labelledby="active-filters">
        {list.map((c) => (
          <li key={c.href}>
            <a class="chip" href={c.href}>
              <span class="visually-hidden">{t.facets.removeFilter} </span>
              {c.label}
              <span class="chip-x" aria-hidden="true">
                ×
              </span>
            </a>
          </li>
        ))}
        {list.length > 1 ? (
          <li>
            <a class="chip-clear" href={searchUrl(PATH, v.state, clearedFilters())}>
              {t.facets.clearAll}
            </a>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

function ResultItem({ v, r }: { v: ResultsView; r: RecordSummary }) {
  const { t } = v.ctx;
  const meta = [documentTypeLabel(t, r.documentType), r.year !== null ? String(r.year) : null, r.publisher].filter(Boolean).join(' · ');
  return (
    <li class="result">
      <h2 class="result-title">
        <a href={`/notices/${r.id}`}>{fullTitle(r)}</a>
      </h2>
      {r.authors.length ? <p class="result-authors">{authorsLine(t, r.authors)}</p> : null}
      <p class="result-meta">{meta}</p>
      <p class={r.available > 0 ? 'result-availability available' : 'result-availability unavailable'}>{t.results.available(r.available, r.copies)}</p>
    </li>
  );
}

function SortForm({ v }: { v: ResultsView }) {
  const { t } = v.ctx;
  return (
    <form class="sort-form" method="get" action={PATH} aria-label={t.results.sortForm}>
      <HiddenInputs pairs={toPairs(v.state)} omit={['sort', 'page_size', 'page']} />
      <div class="field-inline">
        <label for="sort">{t.results.sortLabel}</label>
        <select id="sort" name="sort">
          {SORTS.map((s) => (
            <option key={s} value={s} selected={v.state.sort === s}>
              {t.sorts[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="field-inline">
        <label for="page_size">{t.results.pageSizeLabel}</label>
        <select id="page_size" name="page_size">
          {PAGE_SIZES.map((n) => (
            <option key={n} value={String(n)} selected={v.state.pageSize === n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="secondary">
        {t.results.sortButton}
      </button>
    </form>
  );
}

function Pagination({ v }: { v: ResultsView }) {
  const { t } = v.ctx;
  const { page, pages } = v.result;
  if (pages <= 1) return null;
  const nums = new Set<number>([1, pages]);
  for (let p = Math.max(1, page - 2); p <= Math.min(pages, page + 2); p++) nums.add(p);
  const sorted = [...nums].sort((a, b) => a - b);
  const items: Array<number | 'gap'> = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1]! > 1) items.push('gap');
    items.push(p);
  });
  const href = (p: number) => searchUrl(PATH, v.state, { page: p });
  return (
    <nav class="pagination" aria-label={t.pagination.label}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              {t.pagination.previous}
            </a>
          </li>
        ) : null}
        {items.map((p, i) =>
          p === 'gap' ? (
            <li key={`gap-${i}`} class="gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              {p === page ? (
                <a href={href(p)} aria-current="page" aria-label={t.pagination.current(p, pages)}>
                  {p}
                </a>
              ) : (
                <a href={href(p)} aria-label={t.pagination.page(p)}>
                  {p}
                </a>
              )}
            </li>
          ),
        )}
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              {t.pagination.next}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** Checkbox group of one facet; selected values always appear (checked) even when they count nothing now. */
function FacetGroup(props: {
  v: ResultsView;
  name: string;
  legend: string;
  values: FacetValue[];
  selected: string[];
  label: (value: string) => string;
  collapse?: boolean;
}) {
  const { t } = props.v.ctx;
  const counts = new Map(props.values.map((x) => [x.value, x.count]));
  const all = [...props.values.map((x) => x.value)];
  for (const s of props.selected) if (!counts.has(s)) all.unshift(s);
  if (all.length === 0) return null;
  // selected values first, then by count (as the engine gives them)
  const ordered = [...all.filter((x) => props.selected.includes(x)), ...all.filter((x) => !props.selected.includes(x))];
  const split = props.collapse && ordered.length > SHOWN_VALUES + 1 ? Math.max(SHOWN_VALUES, props.selected.length) : ordered.length;
  const item = (value: string, i: number) => {
    const id = `f-${props.name}-${i}`;
    return (
      <li key={value}>
        <input type="checkbox" id={id} name={props.name} value={value} checked={props.selected.includes(value)} />
        <label for={id}>
          {props.label(value)} <span class="count">({t.number(counts.get(value) ?? 0)})</span>
        </label>
      </li>
    );
  };
  return (
    <fieldset class="facet">
      <legend>{props.legend}</legend>
      <ul>{ordered.slice(0, split).map(item)}</ul>
      {split < ordered.length ? (
        <details class="facet-more">
          <summary>{t.facets.more(ordered.length - split)}</summary>
          <ul>{ordered.slice(split).map((value, i) => item(value, split + i))}</ul>
        </details>
      ) : null}
    </fieldset>
  );
}

function Facets({ v }: { v: ResultsView }) {
  const { t } = v.ctx;
  const f = v.result.facets;
  const s = v.state;
  if (!f) return null;
  const libraryLabels = new Map(f.library.map((l) => [l.value, l.label]));
  return (
    <section id="refine" class="refine" aria-labelledby="refine-title">
      <h2 id="refine-title">{t.facets.title}</h2>
      <form method="get" action={PATH}>
        <HiddenInputs pairs={toPairs(s)} omit={FACET_PARAMS} />
        <fieldset class="facet">
          <legend>{t.facets.availability}</legend>
          <ul>
            <li>
              <input type="checkbox" id="f-available" name="available" value="1" checked={s.available} />
              <label for="f-available">
                {t.facets.availableNow} <span class="count">({t.number(f.available)})</span>
              </label>
            </li>
          </ul>
        </fieldset>
        <FacetGroup v={v} name="type" legend={t.facets.documentType} values={f.documentType} selected={s.types} label={(x) => documentTypeLabel(t, x)} />
        <FacetGroup
          v={v}
          name="library"
          legend={t.facets.library}
          values={f.library}
          selected={s.libraries}
          label={(x) => libraryLabels.get(x) ?? v.libraryNames.get(x) ?? x}
        />
        <FacetGroup v={v} name="language" legend={t.facets.language} values={f.language} selected={s.languages} label={(x) => languageLabel(t, x)} />
        <fieldset class="facet facet-years">
          <legend>{t.facets.year}</legend>
          <div class="year-inputs">
            <div>
              <label for="f-year-from">{t.facets.yearFrom}</label>
              <input id="f-year-from" name="year_from" type="number" inputMode="numeric" min={0} max={9999} value={s.yearFrom ?? ''} />
            </div>
            <div>
              <label for="f-year-to">{t.facets.yearTo}</label>
              <input id="f-year-to" name="year_to" type="number" inputMode="numeric" min={0} max={9999} value={s.yearTo ?? ''} />
            </div>
          </div>
          {f.year.length ? (
            <>
              <p class="decades-label" id="decades-label">
                {t.facets.decadesLabel}
              </p>
              <ul class="decades" aria-labelledby="decades-label">
                {f.year.map((d) => (
                  <li key={d.value}>
                    <a href={searchUrl(PATH, s, { yearFrom: d.value, yearTo: d.value + 9 })}>
                      {t.facets.decade(d.value)} <span class="count">({t.number(d.count)})</span>
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </fieldset>
        <FacetGroup v={v} name="author" legend={t.facets.author} values={f.author} selected={s.authors} label={(x) => x} collapse />
        <FacetGroup v={v} name="subject" legend={t.facets.subject} values={f.subject} selected={s.subjects} label={(x) => x} collapse />
        <div class="form-actions">
          <button type="submit">{t.facets.apply}</button>
        </div>
      </form>
    </section>
  );
}

function NoResults({ v }: { v: ResultsView }) {
  const { t } = v.ctx;
  const { state, result } = v;
  return (
    <div class="no-results">
      {result.suggestion ? (
        <p class="suggestion">
          {t.results.tryInstead}{' '}
          <a href={searchUrl(PATH, { ...state, advanced: false, rows: [] }, { q: result.suggestion })}>{result.suggestion}</a>
        </p>
      ) : null}
      <p>{t.results.noResultsTips}</p>
      <ul>
        <li>{t.results.tipSpelling}</li>
        <li>{t.results.tipFewerWords}</li>
        {hasFilters(state) ? <li>{t.results.tipFilters}</li> : null}
      </ul>
      <p>
        <a href={PATH}>{t.results.tipAllCatalogue}</a>
      </p>
    </div>
  );
}

export function ResultsPage({ v }: { v: ResultsView }) {
  const { t } = v.ctx;
  const { result, state } = v;
  const first = (result.page - 1) * result.pageSize + 1;
  const outOfRange = result.total > 0 && result.results.length === 0;
  return (
    <div class="results-page">
      <div class="results-head">
        <h1>{heading(v)}</h1>
        {state.advanced && v.advancedText ? (
          <p class="your-search">
            {t.results.yourSearch} <q>{v.advancedText}</q>{' '}
            <a href={searchUrl('/recherche/avancee', state, { page: 1 })}>{t.results.modifyAdvanced}</a>
          </p>
        ) : null}
        <p class="result-count" role="status">
          {result.total > 0 && result.pages > 1 && !outOfRange
            ? `${t.results.count(result.total)} — ${t.results.range(first, first + result.results.length - 1, result.total)}`
            : t.results.count(result.total)}
        </p>
        <Chips v={v} />
      </div>
      {result.total === 0 ? (
        <NoResults v={v} />
      ) : (
        <div class="results-layout">
          <div class="results-main">
            <div class="results-tools">
              <SortForm v={v} />
              {result.facets ? (
                <a class="refine-link" href="#refine">
                  {t.results.refineLink}
                </a>
              ) : null}
            </div>
            {outOfRange ? (
              <p class="notice">
                {t.results.pageOutOfRange} <a href={searchUrl(PATH, state, { page: 1 })}>{t.results.firstPage}</a>
              </p>
            ) : (
              <ol class="results" start={first} aria-label={t.results.listLabel}>
                {result.results.map((r) => (
                  <ResultItem key={r.id} v={v} r={r} />
                ))}
              </ol>
            )}
            <Pagination v={v} />
          </div>
          <Facets v={v} />
        </div>
      )}
    </div>
  );
}
