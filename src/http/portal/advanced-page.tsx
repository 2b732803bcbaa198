// The advanced search form: four rows (operator, field, terms, match) and limits, sent by GET to /recherche
// with adv=1. Filled from the query string, so "Modifier la recherche" and invalid submissions keep what was typed.
import type { LayoutContext } from '../render.js';
import { DOCUMENT_TYPES } from '../../marc/model.js';
import { SORTS } from '../../services/search.service.js';
import { ADV_ROWS, SEARCH_FIELDS } from '../api/schemas.js';
import { ErrorSummary } from './components.js';
import { documentTypeLabel } from './presenters.js';

export interface AdvancedView {
  ctx: LayoutContext;
  /** the query string as typed (valid or not) */
  raw: URLSearchParams;
  libraries: Array<{ code: string; name: string }>;
  /** messages of invalid parameters, when the form came back with errors */
  errors: string[];
}

const OPERATORS = ['and', 'or', 'not'] as const;
const MATCHES = ['all', 'any', 'phrase'] as const;

export function AdvancedPage({ v }: { v: AdvancedView }) {
  const { t } = v.ctx;
  const raw = v.raw;
  const get = (k: string) => raw.get(k) ?? '';
  const has = (k: string, value: string) => raw.getAll(k).includes(value);
  const rows = Array.from({ length: ADV_ROWS }, (_, i) => i + 1);
  return (
    <div class="advanced-page">
      <h1>{t.advanced.title}</h1>
      {v.errors.length ? <ErrorSummary t={t} messages={v.errors} heading="h2" /> : null}
      <p>{t.advanced.intro}</p>
      <form class="advanced-form" method="get" action="/recherche">
        <input type="hidden" name="adv" value="1" />
        {rows.map((n) => (
          <fieldset class={n === 1 ? 'adv-row first' : 'adv-row'} key={n}>
            <legend>{t.advanced.row(n)}</legend>
            {n > 1 ? (
              <div class="field">
                <label for={`o${n}`}>{t.advanced.operator}</label>
                <select id={`o${n}`} name={`o${n}`}>
                  {OPERATORS.map((o) => (
                    <option key={o} value={o} selected={get(`o${n}`) === o}>
                      {t.advanced.operators[o]}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div class="field">
              <label for={`f${n}`}>{t.advanced.field}</label>
              <select id={`f${n}`} name={`f${n}`}>
                {SEARCH_FIELDS.map((f) => (
                  <option key={f} value={f} selected={(get(`f${n}`) || (n === 1 ? 'any' : n === 2 ? 'title' : n === 3 ? 'author' : 'subject')) === f}>
                    {t.fields[f]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field field-wide">
              <label for={`t${n}`}>{t.advanced.terms}</label>
              <input id={`t${n}`} name={`t${n}`} type="text" value={get(`t${n}`)} maxLength={500} />
            </div>
            <div class="field">
              <label for={`m${n}`}>{t.advanced.match}</label>
              <select id={`m${n}`} name={`m${n}`}>
                {MATCHES.map((m) => (
                  <option key={m} value={m} selected={get(`m${n}`) === m}>
                    {t.advanced.matches[m]}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
        ))}
        <fieldset class="adv-limits">
          <legend>{t.advanced.filters}</legend>
          <div class="year-inputs">
            <div>
              <label for="adv-year-from">{t.facets.yearFrom}</label>
              <input id="adv-year-from" name="year_from" type="text" inputMode="numeric" value={get('year_from')} size={6} />
            </div>
            <div>
              <label for="adv-year-to">{t.facets.yearTo}</label>
              <input id="adv-year-to" name="year_to" type="text" inputMode="numeric" value={get('year_to')} size={6} />
            </div>
          </div>
          <fieldset class="facet">
            <legend>{t.facets.documentType}</legend>
            <ul class="columns">
              {DOCUMENT_TYPES.map((d) => (
                <li key={d}>
                  <input type="checkbox" id={`adv-type-${d}`} name="type" value={d} checked={has('type', d)} />
                  <label for={`adv-type-${d}`}>{documentTypeLabel(t, d)}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset class="facet">
            <legend>{t.facets.library}</legend>
            <ul>
              {v.libraries.map((l) => (
                <li key={l.code}>
                  <input type="checkbox" id={`adv-lib-${l.code}`} name="library" value={l.code} checked={has('library', l.code)} />
                  <label for={`adv-lib-${l.code}`}>{l.name}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset class="facet">
            <legend>{t.facets.availability}</legend>
            <ul>
              <li>
                <input type="checkbox" id="adv-available" name="available" value="1" checked={get('available') === '1'} />
                <label for="adv-available">{t.facets.availableNow}</label>
              </li>
            </ul>
          </fieldset>
          <div class="field">
            <label for="adv-sort">{t.results.sortLabel}</label>
            <select id="adv-sort" name="sort">
              {SORTS.map((s) => (
                <option key={s} value={s} selected={get('sort') === s}>
                  {t.sorts[s]}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit">{t.advanced.submit}</button>
        </div>
      </form>
    </div>
  );
}
