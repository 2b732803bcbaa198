// The circulation desk ("Guichet": check-out, check-in) and a library's holds shelf ("Rayon des
// réservations"), inside the staff frame. Every result says what to do with the copy in words.
import { ScrollTable } from '../portal/components.js';
import type { LayoutContext } from '../render.js';
import type { StaffPrincipal } from '../../authz/accounts.js';
import type { CheckinResult, CheckoutResult, HoldsShelf, LoanView } from '../../services/circulation.service.js';
import { circulationMessage, formatDay } from '../../domain/circulation/messages.js';
import { Notice } from '../account/pages.js';
import { StaffFrame } from '../staff/pages.js';

export const DESK_PATH = '/staff/guichet';
export const SHELF_PATH = '/staff/reservations';

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export interface DeskLibrary {
  id: number;
  name: string;
}

function LibraryPicker({ ctx, action, libraries, current }: { ctx: LayoutContext; action: string; libraries: DeskLibrary[]; current: number }) {
  if (libraries.length <= 1) return <p class="desk-library">{ctx.t.desk.libraryIs(libraries[0]?.name ?? '')}</p>;
  return (
    <form method="get" action={action} class="desk-library inline-form">
      <label for="desk-library">{ctx.t.desk.library}</label>
      <select id="desk-library" name="bibliotheque">
        {libraries.map((l) => (
          <option key={l.id} value={String(l.id)} selected={l.id === current}>
            {l.name}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary">
        {ctx.t.desk.change}
      </button>
    </form>
  );
}

export interface DeskState {
  cardNumber: string;
  barcode: string;
  checkout: CheckoutResult | null;
  /** the reader's loans after a check-out */
  loans: LoanView[] | null;
  checkin: CheckinResult | null;
  checkinBarcode: string;
  returnedOn: string;
  overrideReason: string;
}

function CheckoutOutcome({ ctx, r }: { ctx: LayoutContext; r: CheckoutResult }) {
  const t = ctx.t.desk;
  if (r.ok) {
    return (
      <div class="notice" role="status">
        <p>{t.checkedOut(r.title, r.reader.name, formatDay(r.dueDate))}</p>
        {r.filledHoldId ? <p>{t.holdFilled}</p> : null}
        {r.overridden.length ? <p>{t.overrideRecorded}</p> : null}
      </div>
    );
  }
  if (r.code !== 'REFUSED') return <Notice text={t.errors[r.code]} error />;
  return (
    <div class="notice notice-error" role="alert">
      <p>{t.refused}</p>
      <ul class="reasons">
        {r.reasons.map((x, i) => (
          <li key={i}>
            {circulationMessage(x, ctx.lang)}
            {x.overridable ? <span class="hint"> ({t.overridable})</span> : null}
          </li>
        ))}
      </ul>
      {r.canOverride ? <p>{t.overrideHow}</p> : null}
    </div>
  );
}

function CheckinOutcome({ ctx, r }: { ctx: LayoutContext; r: CheckinResult }) {
  const t = ctx.t.desk;
  if (!r.ok) return <Notice text={t.errors[r.code]} error />;
  const a = r.action;
  return (
    <div class={a.kind === 'shelve' ? 'notice' : 'notice notice-action'} role="status">
      <p>{t.checkedIn(r.title, r.barcode)}</p>
      {r.loan && r.loan.daysLate > 0 ? (
        <p>
          {t.late(r.loan.daysLate)}
          {r.loan.fineCents > 0 ? ` ${t.fine(ctx.t.account.money(r.loan.fineCents))}` : ''}
          {r.loan.suspensionDays > 0 ? ` ${t.suspension(r.loan.suspensionDays)}` : ''}
        </p>
      ) : null}
      <p class="desk-action">
        <strong>
          {a.kind === 'shelve'
            ? t.toShelf
            : a.kind === 'hold_shelf'
              ? t.toHoldShelf(`${a.reader.firstName} ${a.reader.lastName}`, a.reader.cardNumber, formatDay(a.expiresOn))
              : a.holdId
                ? t.toTransitHold(a.toLibraryName)
                : t.toTransitHome(a.toLibraryName)}
        </strong>
      </p>
    </div>
  );
}

export function DeskPage(p: { ctx: LayoutContext; staff: StaffPrincipal; csrf: string; libraries: DeskLibrary[]; libraryId: number; s: DeskState }) {
  const { ctx, s } = p;
  const t = ctx.t.desk;
  const showOverride = s.checkout && !s.checkout.ok && s.checkout.code === 'REFUSED' && s.checkout.canOverride;
  return (
    <StaffFrame ctx={ctx} staff={p.staff} csrf={p.csrf} current="desk">
      <h1>{t.title}</h1>
      <LibraryPicker ctx={ctx} action={DESK_PATH} libraries={p.libraries} current={p.libraryId} />
      <div class="desk-panels">
        <section aria-labelledby="checkout-title" class="desk-panel">
          <h2 id="checkout-title">{t.checkoutTitle}</h2>
          {s.checkout ? <CheckoutOutcome ctx={ctx} r={s.checkout} /> : null}
          <form method="post" action={`${DESK_PATH}/pret`}>
            <Csrf token={p.csrf} />
            <input type="hidden" name="bibliotheque" value={String(p.libraryId)} />
            <div class="field">
              <label for="card">{t.card}</label>
              <input id="card" name="card" value={s.cardNumber} autoComplete="off" inputMode="numeric" required />
            </div>
            <div class="field">
              <label for="barcode">{t.barcode}</label>
              <input id="barcode" name="barcode" value={showOverride ? s.barcode : ''} autoComplete="off" required />
            </div>
            {showOverride ? (
              <fieldset class="override">
                <legend>{t.overrideLegend}</legend>
                <div class="field checkbox">
                  <input id="override" name="override" type="checkbox" value="on" />
                  <label for="override">{t.overrideCheck}</label>
                </div>
                <div class="field">
                  <label for="reason">{t.overrideReason}</label>
                  <input id="reason" name="reason" value={s.overrideReason} maxLength={500} />
                </div>
              </fieldset>
            ) : null}
            <button type="submit">{t.checkoutButton}</button>
          </form>
          {s.loans ? (
            <>
              <h3>{t.readerLoans(s.loans.length)}</h3>
              <ul class="plain desk-loans">
                {s.loans.map((l) => (
                  <li key={l.id}>
                    {l.title} ({l.barcode}) — {t.dueOn(formatDay(l.dueDate))}
                    {l.overdue ? <strong class="badge badge-overdue"> {ctx.t.loans.overdue}</strong> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <section aria-labelledby="checkin-title" class="desk-panel">
          <h2 id="checkin-title">{t.checkinTitle}</h2>
          {s.checkin ? <CheckinOutcome ctx={ctx} r={s.checkin} /> : null}
          <form method="post" action={`${DESK_PATH}/retour`}>
            <Csrf token={p.csrf} />
            <input type="hidden" name="bibliotheque" value={String(p.libraryId)} />
            <div class="field">
              <label for="checkin-barcode">{t.barcode}</label>
              <input id="checkin-barcode" name="barcode" value="" autoComplete="off" required />
            </div>
            <div class="field">
              <label for="returned-on">{t.returnedOn}</label>
              <div class="hint" id="returned-on-hint">
                {t.returnedOnHint}
              </div>
              <input id="returned-on" name="returnedOn" type="date" value={s.returnedOn} aria-describedby="returned-on-hint" />
            </div>
            <button type="submit">{t.checkinButton}</button>
          </form>
        </section>
      </div>
    </StaffFrame>
  );
}

export function ShelfPage(p: { ctx: LayoutContext; staff: StaffPrincipal; csrf: string; libraries: DeskLibrary[]; libraryId: number; shelf: HoldsShelf; info: string | null }) {
  const { ctx, shelf } = p;
  const t = ctx.t.desk;
  const expired = shelf.waiting.filter((w) => w.expired).length;
  return (
    <StaffFrame ctx={ctx} staff={p.staff} csrf={p.csrf} current="holdShelf">
      <h1>{t.shelfTitle}</h1>
      <LibraryPicker ctx={ctx} action={SHELF_PATH} libraries={p.libraries} current={p.libraryId} />
      <Notice text={p.info} />
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title">{t.waiting(shelf.waiting.length)}</h2>
        {shelf.waiting.length ? (
          <ScrollTable id="waiting" caption={t.waiting(shelf.waiting.length)} captionHidden class="data">
            <thead>
              <tr>
                <th scope="col">{t.document}</th>
                <th scope="col">{t.barcode}</th>
                <th scope="col">{t.reader}</th>
                <th scope="col">{t.until}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {shelf.waiting.map((w) => (
                <tr key={w.holdId} class={w.expired ? 'expired' : undefined}>
                  <td>{w.title}</td>
                  <td>{w.barcode}</td>
                  <td>
                    {w.reader.name} ({w.reader.cardNumber})
                  </td>
                  <td>
                    {formatDay(w.expiresOn)}
                    {w.expired ? <strong class="badge badge-overdue"> {t.expired}</strong> : null}
                  </td>
                  <td>
                    <form method="post" action={`${SHELF_PATH}/${w.holdId}/annuler`}>
                      <Csrf token={p.csrf} />
                      <input type="hidden" name="bibliotheque" value={String(p.libraryId)} />
                      <button type="submit" class="secondary" aria-label={t.cancelHoldFor(w.title, w.reader.name)}>
                        {t.cancelHold}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        ) : (
          <p>{t.noneWaiting}</p>
        )}
        {expired ? (
          <form method="post" action={`${SHELF_PATH}/expirer`}>
            <Csrf token={p.csrf} />
            <input type="hidden" name="bibliotheque" value={String(p.libraryId)} />
            <button type="submit">{t.expireNow(expired)}</button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="incoming-title">
        <h2 id="incoming-title">{t.incoming(shelf.incoming.length)}</h2>
        {shelf.incoming.length ? (
          <ul class="plain">
            {shelf.incoming.map((x) => (
              <li key={x.barcode}>
                {x.title} ({x.barcode}) — {t.from(x.fromLibraryName, formatDay(x.sentAt))}
                {x.forHold ? ` — ${t.forHold}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noneIncoming}</p>
        )}
      </section>
      <section aria-labelledby="outgoing-title">
        <h2 id="outgoing-title">{t.outgoing(shelf.outgoing.length)}</h2>
        {shelf.outgoing.length ? (
          <ul class="plain">
            {shelf.outgoing.map((x) => (
              <li key={x.barcode}>
                {x.title} ({x.barcode}) — {t.to(x.toLibraryName, formatDay(x.sentAt))}
                {x.forHold ? ` — ${t.forHold}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noneOutgoing}</p>
        )}
      </section>
    </StaffFrame>
  );
}
