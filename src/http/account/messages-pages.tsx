// "Mes messages" (the reader's emails and notices), "Mes avis" (the optional notices they choose) and the
// page behind the unsubscribe link of optional notices. Server-rendered, working without JavaScript. A
// message's HTML part is never rendered here: it is an email; its text part is shown in a <pre>.
import { ScrollTable } from '../portal/components.js';
import type { LayoutContext } from '../render.js';
import { OPTIONAL_NOTICES, type OptionalNotice } from '../../services/notices.service.js';
import { Notice } from './pages.js';

export const MESSAGES_PATH = '/compte/messages';
export const NOTICE_PREFS_PATH = '/compte/avis';
/** The target of the unsubscribe link and of the one-click List-Unsubscribe POST (RFC 8058). */
export const UNSUBSCRIBE_PATH = '/avis/desabonnement';

/**
 * Messages whose text holds a personal, account-opening link (a password reset, an email confirmation): their
 * text is not shown in "Mes messages", so that someone using a signed-in session cannot take the account over.
 */
const HIDDEN_TEXT_KINDS = new Set(['password-reset', 'email-change']);

export interface MessageSummary {
  id: number;
  kind: string;
  subject: string;
  status: string;
  created_at: string;
  sent_at: string | null;
}

export interface MessageDetail extends MessageSummary {
  text_body: string;
}

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

const kindText = (ctx: LayoutContext, kind: string) => ctx.t.myMessages.kinds[kind] ?? kind;
const statusText = (ctx: LayoutContext, status: string) => ctx.t.myMessages.statuses[status] ?? status;

export function MessagesPage(p: { ctx: LayoutContext; messages: MessageSummary[] }) {
  const { ctx } = p;
  const t = ctx.t.myMessages;
  return (
    <section class="my-messages">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {p.messages.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ScrollTable id="messages" caption={t.caption} class="my-messages-table">
            <thead>
              <tr>
                <th scope="col">{t.date}</th>
                <th scope="col">{t.subject}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.kind}</th>
              </tr>
            </thead>
            <tbody>
              {p.messages.map((m) => (
                <tr key={m.id}>
                  <td>{ctx.t.account.dateTime(m.created_at)}</td>
                  <td>
                    <a href={`${MESSAGES_PATH}/${m.id}`}>{m.subject}</a>
                  </td>
                  <td class={`outbox-status outbox-${m.status}`}>{statusText(ctx, m.status)}</td>
                  <td>{kindText(ctx, m.kind)}</td>
                </tr>
              ))}
            </tbody>
        </ScrollTable>
      )}
      <p>
        <a href={NOTICE_PREFS_PATH}>{ctx.t.noticePrefs.title}</a>
      </p>
    </section>
  );
}

export function MessagePage(p: { ctx: LayoutContext; message: MessageDetail }) {
  const { ctx, message: m } = p;
  const t = ctx.t.myMessages;
  return (
    <section class="outbox-message">
      <h1>{m.subject}</h1>
      <dl class="profile">
        <dt>{t.date}</dt>
        <dd>{ctx.t.account.dateTime(m.created_at)}</dd>
        <dt>{t.kind}</dt>
        <dd>{kindText(ctx, m.kind)}</dd>
        <dt>{t.status}</dt>
        <dd>{statusText(ctx, m.status)}</dd>
        {m.sent_at ? (
          <>
            <dt>{t.sentAt}</dt>
            <dd>{ctx.t.account.dateTime(m.sent_at)}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t.text}</h2>
      {HIDDEN_TEXT_KINDS.has(m.kind) ? (
        <p>{t.hiddenText}</p>
      ) : (
        <pre class="mail-text">
          {m.text_body}
        </pre>
      )}
      <p>
        <a href={MESSAGES_PATH}>{t.back}</a>
      </p>
    </section>
  );
}

export function NoticePrefsPage(p: { ctx: LayoutContext; csrf: string; prefs: Record<OptionalNotice, boolean>; info: string | null }) {
  const { ctx } = p;
  const t = ctx.t.noticePrefs;
  return (
    <section class="account-form notice-prefs">
      <h1>{t.title}</h1>
      <Notice text={p.info} />
      <p>{t.intro}</p>
      <p>{t.always}</p>
      <form method="post" action={NOTICE_PREFS_PATH}>
        <Csrf token={p.csrf} />
        <fieldset>
          <legend>{t.legend}</legend>
          {OPTIONAL_NOTICES.map((kind) => (
            <div class="field checkbox" key={kind}>
              <input type="checkbox" id={`notice-${kind}`} name={kind} value="on" checked={p.prefs[kind]} aria-describedby={`notice-${kind}-hint`} />
              <label for={`notice-${kind}`}>{t.kinds[kind].label}</label>
              <div class="hint" id={`notice-${kind}-hint`}>
                {t.kinds[kind].hint}
              </div>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t.save}</button>
      </form>
      <p>
        <a href={MESSAGES_PATH}>{ctx.t.myMessages.title}</a>
      </p>
    </section>
  );
}

/**
 * The unsubscribe link's page: a button that POSTs to the same address (no CSRF token: the signed link is the
 * proof, as for the mail clients' one-click POST); then the outcome, the same neutral page whatever went wrong.
 */
export function UnsubscribePage(p: { ctx: LayoutContext; action: string; outcome: 'ask' | 'done' | 'invalid' }) {
  const t = p.ctx.t.unsubscribe;
  return (
    <section class="account-form unsubscribe">
      <h1>{t.title}</h1>
      {p.outcome === 'ask' ? (
        <>
          <p>{t.intro}</p>
          <form method="post" action={p.action}>
            <button type="submit">{t.button}</button>
          </form>
        </>
      ) : p.outcome === 'done' ? (
        <div class="notice" role="status">
          <p>{t.done}</p>
        </div>
      ) : (
        <div class="notice notice-error" role="alert">
          <p>{t.invalid}</p>
        </div>
      )}
      <p>
        <a href={NOTICE_PREFS_PATH}>{t.preferences}</a>
      </p>
    </section>
  );
}
