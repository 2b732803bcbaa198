// Back-office pages of notices and jobs: the network's notice settings (administrators); the notices to print (readers without an email address), with their
// PDF and "mark as printed"; the failed background jobs with "Relancer" (network administrators). Shown in
// the staff frame; every form posts its CSRF token in `_csrf`.
import { ScrollTable } from '../portal/components.js';
import type { LayoutContext } from '../render.js';
import type { PrintNotice } from '../../services/print-notices.service.js';
import type { JobRow } from '../../jobs/runner.js';
import { Notice } from '../account/pages.js';
import { ErrorSummary, HintAndErrors, Label, TextField, describedBy } from './pages.js';
import { INTRO_KINDS, INTRO_MAX, introField, type NoticeSettingsError, type NoticeSettingsForm } from '../../services/notice-settings.js';
import type { NoticeKind } from '../../notices/templates/reader-notice.js';

export const PRINT_NOTICES_PATH = '/staff/avis-a-imprimer';
export const JOBS_PATH = '/staff/taches';
export const NOTICE_SETTINGS_PATH = '/staff/reglages-avis';

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

/**
 * The network's notice settings: for each kind, whether it is sent, when (due soon, overdue levels, membership
 * end) and the network's introduction in French and English. A refused field shows why next to it, with what
 * was typed, and in a summary above the form.
 */
export function NoticeSettingsPage(p: { ctx: LayoutContext; csrf: string; form: NoticeSettingsForm; errors: Record<string, NoticeSettingsError>; info: string | null }) {
  const { ctx, form, errors } = p;
  const t = ctx.t.noticeSettings;
  const id = (name: string) => `ns-${name}`;
  const message = (name: string): string[] => {
    const e = errors[name];
    return !e ? [] : e === 'tooLong' ? [t.errors.tooLong(INTRO_MAX)] : [t.errors[e]];
  };
  const labels: Record<string, string> = { dueSoonDays: t.dueSoonDays, overdueDays: t.overdueDays, membershipDays: t.membershipDays };
  for (const kind of INTRO_KINDS) {
    labels[introField(kind, 'fr')] = `${t.kinds[kind]} — ${t.introFr}`;
    labels[introField(kind, 'en')] = `${t.kinds[kind]} — ${t.introEn}`;
  }
  const summary = Object.keys(errors).map((name) => ({ id: id(name), label: labels[name] ?? name, message: message(name).join(' ') }));
  const checkbox = (name: string) => (
    <div class="field checkbox">
      <input type="checkbox" id={id(name)} name={name} value="on" checked={form[name] === 'on'} />
      <label for={id(name)}>{t.send}</label>
    </div>
  );
  const days = (name: string, hint: string) => (
    <TextField ctx={ctx} id={id(name)} name={name} label={labels[name]!} value={form[name] ?? ''} hint={hint} errors={message(name)} inputMode={name === 'overdueDays' ? undefined : 'numeric'} maxLength={20} />
  );
  const intro = (kind: NoticeKind, lang: 'fr' | 'en') => {
    const name = introField(kind, lang);
    const errs = message(name);
    return (
      <div class={errs.length ? 'field field-error' : 'field'}>
        <Label id={id(name)} label={lang === 'fr' ? t.introFr : t.introEn} ctx={ctx} />
        <HintAndErrors id={id(name)} hint={t.introHint(INTRO_MAX)} errors={errs} />
        <textarea id={id(name)} name={name} rows={3} lang={lang} aria-invalid={errs.length ? 'true' : undefined} aria-describedby={describedBy(id(name), true, errs.length > 0)}>
          {form[name] ?? ''}
        </textarea>
      </div>
    );
  };
  const enabledName: Record<NoticeKind, string> = { 'due-soon': 'dueSoon', overdue: 'overdue', 'membership-ending': 'membershipEnding', 'hold-available': 'holdAvailable', 'hold-expired': 'holdExpired' };
  return (
    <section class="notice-settings account-form">
      <h1>{t.title}</h1>
      <Notice text={p.info} />
      <ErrorSummary ctx={ctx} items={summary} />
      <p>{t.intro}</p>
      <form method="post" action={NOTICE_SETTINGS_PATH} novalidate>
        <Csrf token={p.csrf} />
        {INTRO_KINDS.map((kind) => (
          <fieldset key={kind}>
            <legend>{t.kinds[kind]}</legend>
            {checkbox(enabledName[kind])}
            {kind === 'due-soon' ? days('dueSoonDays', t.dueSoonHint) : null}
            {kind === 'overdue' ? days('overdueDays', t.overdueHint) : null}
            {kind === 'membership-ending' ? days('membershipDays', t.membershipHint) : null}
            {kind === 'hold-available' ? <p class="hint">{t.holdAvailableNote}</p> : null}
            {kind === 'hold-expired' ? <p class="hint">{t.holdExpiredNote}</p> : null}
            {intro(kind, 'fr')}
            {intro(kind, 'en')}
          </fieldset>
        ))}
        <button type="submit">{t.save}</button>
      </form>
    </section>
  );
}
