// Small pieces shared by the portal pages.
import type { ComponentChildren } from 'preact';
import type { Messages } from '../i18n.js';
import type { ParamError } from '../api/search-query.js';
import { ADV_ROWS } from '../api/schemas.js';

/** Hidden inputs carrying a search's other parameters through a GET form. */
export function HiddenInputs({ pairs, omit }: { pairs: Array<[string, string]>; omit: readonly string[] }) {
  return (
    <>
      {pairs
        .filter(([k]) => !omit.includes(k))
        .map(([k, v], i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
        ))}
    </>
  );
}

export function paramLabel(t: Messages, param: string): string {
  const row = /^([fotm])([1-9])$/.exec(param);
  if (row && Number(row[2]) <= ADV_ROWS) {
    const n = Number(row[2]);
    return row[1] === 'f' ? t.params.rowField(n) : row[1] === 'o' ? t.params.rowOperator(n) : row[1] === 't' ? t.params.rowTerms(n) : t.params.rowMatch(n);
  }
  const v = (t.params as Record<string, unknown>)[param];
  return typeof v === 'string' ? v : param;
}

function hintFor(t: Messages, param: string): string | null {
  if (param === 'year_from' || param === 'year_to') return t.errors.yearHint;
  if (param === 'page') return t.errors.pageHint;
  if (param === 'page_size') return t.errors.pageSizeHint;
  if (param === 'q' || /^t\d$/.test(param) || param === 'author' || param === 'subject') return t.errors.tooLong;
  return null;
}

/** The reader's words for each invalid parameter, quoting what was typed. */
export function errorMessages(t: Messages, errors: ParamError[], raw: URLSearchParams): string[] {
  return errors.map((e) => {
    const typed = raw.getAll(e.param).join(', ');
    const shown = typed.length > 60 ? `${typed.slice(0, 60)}…` : typed;
    const hint = hintFor(t, e.param);
    const label = paramLabel(t, e.param);
    return hint ? t.errors.invalidValueHint(label, shown, hint) : t.errors.invalidValue(label, shown);
  });
}

export function ErrorSummary({ t, messages, heading }: { t: Messages; messages: string[]; heading: 'h1' | 'h2' }) {
  const Heading = heading;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <Heading id="error-summary-title">{t.errors.invalidTitle}</Heading>
      <p>{t.errors.invalidIntro}</p>
      <ul>
        {messages.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A data table that scrolls sideways on its own on a phone (the page never does): a focusable region named by
 * the table's caption, so keyboard and screen-reader users can reach and identify it.
 */
export function ScrollTable(p: { id: string; caption: string; captionHidden?: boolean; class?: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={`${p.id}-caption`} tabIndex={0}>
      <table class={p.class}>
        <caption id={`${p.id}-caption`} class={p.captionHidden ? 'visually-hidden' : undefined}>
          {p.caption}
        </caption>
        {p.children}
      </table>
    </div>
  );
}
