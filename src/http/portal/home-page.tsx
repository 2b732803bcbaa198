// The home page: what the catalogue holds, the categories, the newest records, the libraries.
import type { LayoutContext } from '../render.js';
import type { RecordSummary } from '../../services/search.service.js';
import type { LibraryInfo } from '../../repositories/catalogue-read.repository.js';
import { authorsLine, documentTypeLabel, fullTitle } from './presenters.js';

export interface HomeView {
  ctx: LayoutContext;
  records: number;
  copies: number;
  newest: RecordSummary[];
  libraries: LibraryInfo[];
}

export function HomePage({ v }: { v: HomeView }) {
  const { t, lang } = v.ctx;
  return (
    <div class="home">
      <h1>{t.home.h1}</h1>
      <p class="lead">{t.home.intro(v.records, v.copies, v.libraries.length)}</p>
      <section aria-labelledby="browse-title">
        <h2 id="browse-title">{t.home.browse}</h2>
        <ul class="tiles">
          {v.ctx.scopes.map((s) => (
            <li key={s.code}>
              <a href={`/recherche?scope=${encodeURIComponent(s.code)}`}>{s.label[lang]}</a>
            </li>
          ))}
        </ul>
      </section>
      {v.newest.length ? (
        <section aria-labelledby="newest-title">
          <h2 id="newest-title">{t.home.newest}</h2>
          <ul class="cards">
            {v.newest.map((r) => (
              <li key={r.id} class="card">
                <a href={`/notices/${r.id}`}>{fullTitle(r)}</a>
                {r.authors.length ? <p>{authorsLine(t, r.authors, 2)}</p> : null}
                <p class="meta">{[documentTypeLabel(t, r.documentType), r.year !== null ? String(r.year) : null].filter(Boolean).join(' · ')}</p>
              </li>
            ))}
          </ul>
          <p>
            <a href="/recherche?sort=newest">{t.home.allNewest}</a>
          </p>
        </section>
      ) : null}
      {v.libraries.length ? (
        <section aria-labelledby="libraries-title">
          <h2 id="libraries-title">{t.home.libraries}</h2>
          <ul class="cards">
            {v.libraries.map((l) => (
              <li key={l.id} class="card">
                <a href={`/recherche?library=${encodeURIComponent(l.code)}`}>{l.name}</a>
                <p>{[l.address, [l.postcode, l.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')}</p>
                {l.phone ? <p>{l.phone}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function MessagePage({ title, text, ctx }: { title: string; text: string; ctx: LayoutContext }) {
  return (
    <div class="message-page">
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href="/">{ctx.t.errors.backHome}</a>
      </p>
    </div>
  );
}
