// "Mes prêts & réservations" (tabs Prêts and Réservations) and the hold placement pages. Work without
// JavaScript: the "⋮" menu of a loan is a <details> element, "select the whole list" is the "Tout prolonger"
// button, every action is a form with its CSRF token.
import type { LayoutContext } from '../render.js';
import type { HoldView, LoanView, RenewResult } from '../../services/circulation.service.js';
import { circulationMessage, formatDay } from '../../domain/circulation/messages.js';
import type { Reason } from '../../domain/circulation/rules.js';
import { Notice } from './pages.js';

export const LOANS_PATH = '/compte/prets';
export const HOLDS_PATH = '/compte/prets/reservations';

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

function Reasons({ ctx, reasons }: { ctx: LayoutContext; reasons: Reason[] }) {
  return (
    <ul class="reasons">
      {reasons.map((r, i) => (
        <li key={i}>{circulationMessage(r, ctx.lang)}</li>
      ))}
    </ul>
  );
}

function Tabs({ ctx, current }: { ctx: LayoutContext; current: 'loans' | 'holds' }) {
  const t = ctx.t.loans;
  return (
    <nav class="tabs" aria-label={t.tabsLabel}>
      <ul>
        <li>
          <a href={LOANS_PATH} aria-current={current === 'loans' ? 'page' : undefined}>
            {t.tabLoans}
          </a>
        </li>
        <li>
          <a href={HOLDS_PATH} aria-current={current === 'holds' ? 'page' : undefined}>
            {t.tabHolds}
          </a>
        </li>
      </ul>
    </nav>
  );
}

export function LoansPage(p: { ctx: LayoutContext; csrf: string; loans: LoanView[]; results: RenewResult[] | null; error: string | null }) {
  const { ctx } = p;
  const t = ctx.t.loans;
  const byId = new Map(p.loans.map((l) => [l.id, l]));
  return (
    <section class="loans">
      <h1>{t.title}</h1>
      <Tabs ctx={ctx} current="loans" />
      <Notice text={p.error} error />
      {p.results ? (
        <div class="notice renew-results" role="status" aria-labelledby="renew-results-title">
          <h2 id="renew-results-title">{t.resultsTitle}</h2>
          <ul>
            {p.results.map((r) => (
              <li key={r.loanId}>
                <strong>{byId.get(r.loanId)?.title ?? `#${r.loanId}`}</strong> :{' '}
                {r.ok ? (
                  t.renewedTo(formatDay(r.dueDate))
                ) : (
                  <>
                    {t.refused} {r.reasons.map((x) => circulationMessage(x, ctx.lang)).join(' ')}
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2 class="visually-hidden">{t.tabLoans}</h2>
      {p.loans.length === 0 ? (
        <p>{t.noLoans}</p>
      ) : (
        <form method="post" action={`${LOANS_PATH}/prolonger`}>
          <Csrf token={p.csrf} />
          <p>{t.count(p.loans.length)}</p>
          <ul class="loan-list">
            {p.loans.map((l) => (
              <li key={l.id} class={l.overdue ? 'loan overdue' : 'loan'}>
                <div class="loan-select">
                  <input type="checkbox" id={`loan-${l.id}`} name="loan" value={String(l.id)} />
                  <label for={`loan-${l.id}`}>
                    <span class="visually-hidden">{t.select} </span>
                    <a href={`/notices/${l.recordId}`}>{l.title}</a>
                  </label>
                </div>
                <dl class="loan-fields">
                  <dt>{t.copy}</dt>
                  <dd>{l.barcode}</dd>
                  <dt>{t.library}</dt>
                  <dd>{l.libraryName}</dd>
                  <dt>{t.due}</dt>
                  <dd>
                    {formatDay(l.dueDate)}
                    {l.overdue ? <strong class="badge badge-overdue"> {t.overdue}</strong> : null}
                  </dd>
                  <dt>{t.renewals}</dt>
                  <dd>{t.renewalsUsed(l.renewals, l.renewalsLeft)}</dd>
                </dl>
                <div class="loan-renewal">
                  {l.renewable ? (
                    <p class="renewable">{t.renewableTo(formatDay(l.newDueDate))}</p>
                  ) : (
                    <div class="not-renewable">
                      <p>{t.notRenewable}</p>
                      <Reasons ctx={ctx} reasons={l.reasons} />
                      {l.possibleFrom ? <p>{t.possibleFrom(formatDay(l.possibleFrom))}</p> : null}
                    </div>
                  )}
                </div>
                <details class="menu">
                  <summary aria-label={t.actionsFor(l.title)}>⋮</summary>
                  <div class="menu-items">
                    <button type="submit" name="one" value={String(l.id)}>
                      {t.renew}
                    </button>
                  </div>
                </details>
              </li>
            ))}
          </ul>
          <div class="actions">
            <button type="submit" name="selection" value="1">
              {t.renewSelected}
            </button>{' '}
            <button type="submit" name="all" value="1">
              {t.renewAll}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export function HoldsPage(p: { ctx: LayoutContext; csrf: string; holds: HoldView[]; info: string | null; error: string | null }) {
  const { ctx } = p;
  const t = ctx.t.holds;
  return (
    <section class="holds">
      <h1>{ctx.t.loans.title}</h1>
      <Tabs ctx={ctx} current="holds" />
      <Notice text={p.info} />
      <Notice text={p.error} error />
      <h2 class="visually-hidden">{ctx.t.loans.tabHolds}</h2>
      {p.holds.length === 0 ? (
        <p>{t.noHolds}</p>
      ) : (
        <ul class="hold-list">
          {p.holds.map((h) => (
            <li key={h.id} class={`hold hold-${h.status}`}>
              <h3>
                <a href={`/notices/${h.recordId}`}>{h.title}</a>
              </h3>
              <dl class="loan-fields">
                <dt>{t.status}</dt>
                <dd>
                  <strong>{t.statuses[h.status]}</strong>
                </dd>
                {h.position !== null ? (
                  <>
                    <dt>{t.queue}</dt>
                    <dd>{t.position(h.position, h.queueLength)}</dd>
                  </>
                ) : null}
                <dt>{t.pickup}</dt>
                <dd>{h.pickupLibraryName}</dd>
                {h.status === 'available' && h.expiresOn ? (
                  <>
                    <dt>{t.lastDayLabel}</dt>
                    <dd>{formatDay(h.expiresOn)}</dd>
                  </>
                ) : null}
                <dt>{t.placedOn}</dt>
                <dd>{formatDay(h.placedAt)}</dd>
              </dl>
              {h.cancellable ? (
                <form method="post" action={`/compte/reservations/${h.id}/annuler`}>
                  <Csrf token={p.csrf} />
                  <button type="submit" class="secondary" aria-label={t.cancelFor(h.title)}>
                    {t.cancel}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Step 1: choose the pickup library ("Sélectionner"); or the reasons a hold is not possible. */
export function HoldChoosePage(p: { ctx: LayoutContext; recordId: number; title: string; libraries: Array<{ id: number; name: string }>; selected: number; reasons: Reason[] }) {
  const { ctx } = p;
  const t = ctx.t.holds;
  return (
    <section class="account-form">
      <h1>{t.chooseTitle(p.title)}</h1>
      {p.reasons.length ? (
        <div class="notice notice-error" role="alert">
          <p>{t.refusedTitle}</p>
          <Reasons ctx={ctx} reasons={p.reasons} />
        </div>
      ) : (
        <form method="get" action={`/notices/${p.recordId}/reserver/confirmer`}>
          <div class="field">
            <label for="pickup">{t.pickupLabel}</label>
            <select id="pickup" name="bibliotheque">
              {p.libraries.map((l) => (
                <option key={l.id} value={String(l.id)} selected={l.id === p.selected}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t.select}</button>
        </form>
      )}
      <p>
        <a href={`/notices/${p.recordId}`}>{t.back}</a>
      </p>
    </section>
  );
}

/** Step 2: "Confirmer la réservation". */
export function HoldConfirmPage(p: { ctx: LayoutContext; csrf: string; recordId: number; title: string; library: { id: number; name: string } }) {
  const t = p.ctx.t.holds;
  return (
    <section class="account-form">
      <h1>{t.confirmTitle}</h1>
      <dl class="loan-fields">
        <dt>{t.document}</dt>
        <dd>{p.title}</dd>
        <dt>{t.pickup}</dt>
        <dd>{p.library.name}</dd>
      </dl>
      <form method="post" action={`/notices/${p.recordId}/reserver`}>
        <Csrf token={p.csrf} />
        <input type="hidden" name="bibliotheque" value={String(p.library.id)} />
        <button type="submit">{t.confirm}</button>
      </form>
      <p>
        <a href={`/notices/${p.recordId}/reserver?bibliotheque=${p.library.id}`}>{t.changeLibrary}</a>
      </p>
    </section>
  );
}
