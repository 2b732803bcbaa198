// The record page ("notice"): full description as a list of labelled fields, then "Où le trouver ?" with every
// copy by library (call number, location, status in words) and the library's opening hours.
import type { ComponentChildren } from 'preact';
import type { LayoutContext } from '../render.js';
import type { HoldingsView, RecordDetail } from '../../services/search.service.js';
import { copyStatusText, documentTypeLabel, fullTitle, languageLabel, openingHoursRows, publicationLine, roleLabel } from './presenters.js';

export interface RecordView {
  ctx: LayoutContext;
  record: RecordDetail;
}

function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Library({ v, h }: { v: RecordView; h: HoldingsView }) {
  const { t } = v.ctx;
  const lib = h.library;
  const id = `lib-${lib.code.toLowerCase().replace(/[^a-z0-9_-]/g, '-')}`;
  const onShelf = h.copies.filter((c) => c.status === 'on_shelf').length;
  const address = [lib.address, [lib.postcode, lib.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return (
    <div class="library" aria-labelledby={id} role="group">
      <h3 id={id}>{lib.name}</h3>
      <p class="library-summary">{t.record.copiesSummary(h.copies.length, onShelf)}</p>
      <table class="copies">
        <caption class="visually-hidden">{t.record.copiesCaption(lib.name)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.record.callNumber}</th>
            <th scope="col">{t.record.location}</th>
            <th scope="col">{t.record.status}</th>
          </tr>
        </thead>
        <tbody>
          {h.copies.map((c) => (
            <tr key={c.barcode}>
              <td>{c.callNumber ?? '—'}</td>
              <td>{c.shelfLocation ?? '—'}</td>
              <td>
                <span class={`status status-${c.status}`}>{copyStatusText(t, c)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="library-info">
        <h4>{t.record.hours}</h4>
        <table class="hours">
          <caption class="visually-hidden">{t.record.hoursCaption(lib.name)}</caption>
          <tbody>
            {openingHoursRows(t, lib.openingHours).map((d) => (
              <tr key={d.day} class={d.closed ? 'closed' : undefined}>
                <th scope="row">{d.label}</th>
                <td>{d.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {address || lib.phone || lib.email ? (
          <dl class="library-contact">
            {address ? <Field label={t.record.address}>{address}</Field> : null}
            {lib.phone ? (
              <Field label={t.record.phone}>
                <a href={`tel:${lib.phone.replace(/[^\d+]/g, '')}`}>{lib.phone}</a>
              </Field>
            ) : null}
            {lib.email ? (
              <Field label={t.record.email}>
                <a href={`mailto:${lib.email}`}>{lib.email}</a>
              </Field>
            ) : null}
          </dl>
        ) : null}
      </div>
    </div>
  );
}

/** "Réserver" is offered when there are copies and none is on the shelf (the rules decide the rest). */
function holdable(r: RecordView['record']): boolean {
  const copies = r.holdings.flatMap((h) => h.copies);
  return copies.length > 0 && !copies.some((c) => c.status === 'on_shelf') && copies.some((c) => c.status === 'on_loan' || c.status === 'in_transit' || c.status === 'on_hold_shelf');
}

export function RecordPage({ v }: { v: RecordView }) {
  const { t } = v.ctx;
  const r = v.record;
  const publication = publicationLine(r);
  return (
    <article class="record" aria-labelledby="record-title">
      <h1 id="record-title">{fullTitle(r)}</h1>
      <p class="record-kind">{[documentTypeLabel(t, r.documentType), r.year !== null ? String(r.year) : null].filter(Boolean).join(' · ')}</p>
      <section aria-labelledby="description-title">
        <h2 id="description-title">{t.record.description}</h2>
        <dl class="record-fields">
          <Field label={t.record.title}>{fullTitle(r)}</Field>
          {r.authors.length ? (
            <Field label={t.record.authors}>
              <ul class="plain">
                {r.authors.map((a, i) => (
                  <li key={i}>
                    <a href={`/recherche?${new URLSearchParams({ author: a.name })}`}>{a.name}</a>
                    {a.role ? <span class="role"> ({roleLabel(t, a.role)})</span> : null}
                  </li>
                ))}
              </ul>
            </Field>
          ) : null}
          <Field label={t.record.documentType}>{documentTypeLabel(t, r.documentType)}</Field>
          {publication ? <Field label={t.record.publication}>{publication}</Field> : null}
          {r.physicalDescription ? <Field label={t.record.physicalDescription}>{r.physicalDescription}</Field> : null}
          {r.series.length ? (
            <Field label={t.record.series}>
              <ul class="plain">
                {r.series.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            </Field>
          ) : null}
          {r.subjects.length ? (
            <Field label={t.record.subjects}>
              <ul class="plain">
                {r.subjects.map((s, i) => (
                  <li key={i}>
                    <a href={`/recherche?${new URLSearchParams({ subject: s })}`}>{s}</a>
                  </li>
                ))}
              </ul>
            </Field>
          ) : null}
          {r.notes.length ? (
            <Field label={t.record.notes}>
              {r.notes.map((n, i) => (
                <p key={i}>{n}</p>
              ))}
            </Field>
          ) : null}
          {r.language ? <Field label={t.record.language}>{languageLabel(t, r.language)}</Field> : null}
          {r.isbns.length ? <Field label={t.record.isbn}>{r.isbns.join(', ')}</Field> : null}
          {r.issns.length ? <Field label={t.record.issn}>{r.issns.join(', ')}</Field> : null}
          {r.controlNumber ? <Field label={t.record.controlNumber}>{r.controlNumber}</Field> : null}
        </dl>
      </section>
      <section class="where" aria-labelledby="where-title">
        <h2 id="where-title">{t.record.whereToFind}</h2>
        {r.holdings.length === 0 ? <p>{t.record.noCopies}</p> : r.holdings.map((h) => <Library key={h.library.id} v={v} h={h} />)}
        {holdable(r) ? (
          <p class="hold-action">
            <a class="button" href={`/notices/${r.id}/reserver`}>
              {t.holds.place}
            </a>{' '}
            <span class="hint">{t.holds.placeHint}</span>
          </p>
        ) : null}
      </section>
    </article>
  );
}
