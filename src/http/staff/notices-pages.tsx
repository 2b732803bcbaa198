// Back-office pages of notices and jobs: the notices to print (readers without an email address), with their
// PDF and "mark as printed"; the failed background jobs with "Relancer" (network administrators). Shown in
// the staff frame; every form posts its CSRF token in `_csrf`.
import { ScrollTable } from '../portal/components.js';
import type { LayoutContext } from '../render.js';
import type { PrintNotice } from '../../services/print-notices.service.js';
import type { JobRow } from '../../jobs/runner.js';
import { Notice } from '../account/pages.js';

export const PRINT_NOTICES_PATH = '/staff/avis-a-imprimer';
export const JOBS_PATH = '/staff/taches';

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function PrintNoticesPage(p: { ctx: LayoutContext; csrf: string; notices: PrintNotice[]; more: boolean; limit: number; info: string | null }) {
  const { ctx } = p;
  const t = ctx.t.printNotices;
  const upTo = p.notices.length ? Math.max(...p.notices.map((n) => n.id)) : 0;
  return (
    <section class="print-notices">
      <h1>{t.title}</h1>
      <Notice text={p.info} />
      <p>{t.intro}</p>
      {p.notices.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <>
          <p>
            <a class="button" href={`${PRINT_NOTICES_PATH}.pdf?jusqua=${upTo}`} download>
              {t.download}
            </a>
          </p>
          {p.more ? <p>{t.more(p.limit)}</p> : null}
          <ScrollTable id="print" caption={t.caption(p.notices.length)} class="print-list">
              <thead>
                <tr>
                  <th scope="col">{t.reader}</th>
                  <th scope="col">{t.card}</th>
                  <th scope="col">{t.library}</th>
                  <th scope="col">{t.subject}</th>
                  <th scope="col">{t.date}</th>
                </tr>
              </thead>
              <tbody>
                {p.notices.map((n) => (
                  <tr key={n.id}>
                    <th scope="row">
                      <a href={`/staff/lecteurs/${n.readerId}`}>{n.readerName}</a>
                    </th>
                    <td>{n.cardNumber}</td>
                    <td>{n.libraryName}</td>
                    <td>{n.subject}</td>
                    <td>{ctx.t.account.dateTime(n.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
          </ScrollTable>
          <form method="post" action={`${PRINT_NOTICES_PATH}/imprimes`} class="print-done">
            <Csrf token={p.csrf} />
            {p.notices.map((n) => (
              <input key={n.id} type="hidden" name="id" value={String(n.id)} />
            ))}
            <p class="hint" id="mark-printed-hint">
              {t.markHint}
            </p>
            <button type="submit" aria-describedby="mark-printed-hint">
              {t.markPrinted}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

export function JobsPage(p: { ctx: LayoutContext; csrf: string; jobs: JobRow[]; info: string | null; error: string | null }) {
  const { ctx } = p;
  const t = ctx.t.jobs;
  const kind = (k: string) => t.kinds[k] ?? k;
  return (
    <section class="jobs">
      <h1>{t.title}</h1>
      <Notice text={p.info} />
      <Notice text={p.error} error />
      <p>{t.intro}</p>
      {p.jobs.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ul class="job-list" aria-label={t.listLabel}>
          {p.jobs.map((j) => (
            <li key={j.id} class="job">
              <h2>{t.heading(kind(j.kind), j.id)}</h2>
              <dl class="profile">
                <dt>{t.failedAt}</dt>
                <dd>{ctx.t.account.dateTime(j.finished_at ?? j.run_at)}</dd>
                <dt>{t.createdAt}</dt>
                <dd>{ctx.t.account.dateTime(j.created_at)}</dd>
                <dt>{t.attempts}</dt>
                <dd>{t.attemptsText(j.attempts, j.max_attempts)}</dd>
              </dl>
              <h3>{t.error}</h3>
              {j.last_error ? (
                <pre class="mail-text job-error">
                  {j.last_error}
                </pre>
              ) : (
                <p>{t.noError}</p>
              )}
              <form method="post" action={`${JOBS_PATH}/${j.id}/relancer`}>
                <Csrf token={p.csrf} />
                <button type="submit" aria-label={t.retryFor(kind(j.kind), j.id)}>
                  {t.retry}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
