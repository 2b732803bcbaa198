// Circulation: check-out and check-in at the desk, renewals, holds, the holds shelf. Every operation
// - checks who is asking (authz/accounts.ts): a reader acts on their own loans and holds; staff at the desk
//   act at one of their libraries;
// - loads the facts and asks the pure rules (domain/circulation/rules.ts), so the desk, the reader's pages,
//   the API (and later SIP2) give the same answers with the same codes;
// - runs in one write transaction (db/transaction.ts inWriteTransaction: SQLite BEGIN IMMEDIATE, PostgreSQL
//   row locks on the reader, the copy and the hold), so two desks or two processes never lend a copy twice
//   or fill a hold twice; the partial unique indexes of migration 0004 are the last line;
// - logs an 'availability' change of the record in the same transaction, so every process's search index
//   follows (search/memory-engine.ts);
// - records the "votre réservation est disponible" email in the outbox in the same transaction, and starts
//   its delivery after the commit (a process's outbox loop retries what a crash left).
import type { Db } from '../db/connect.js';
import { inWriteTransaction, type Tx } from '../db/transaction.js';
import { isUniqueViolation } from '../db/errors.js';
import { AuthzError, canEditCirculationRules, ensure, requireReader, requireStaff, worksAt, type Principal, type StaffPrincipal } from '../authz/accounts.js';
import { parseRuleInput, type RuleFieldError } from '../domain/circulation/rule-input.js';
import { CirculationRepository, type CopyState, type OpenHold, type OpenLoan, type ReaderState } from '../repositories/circulation.repository.js';
import { FeeRepository } from '../repositories/fee.repository.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { LibraryCalendar, addDays, localDate } from '../domain/circulation/calendar.js';
import {
  checkCheckout,
  checkHold,
  checkRenewal,
  holdShelfExpiry,
  isOverdue,
  lateness,
  reason,
  resolveRule,
  ruleLibrary,
  type CirculationRule,
  type Reason,
  type RuleLibraryBasis,
  type ScopedRule,
} from '../domain/circulation/rules.js';
import { normaliseCardNumber } from '../domain/identifiers.js';
import { accountMessage } from '../domain/account-messages.js';
import { defaultFrom, type Mailer } from '../notices/mailer.js';
import { holdAvailableMail, holdExpiredMail } from '../notices/templates/hold-available.js';
import { parseNoticeSettings } from './notice-settings.js';
import { parseDate } from '../domain/reader-fields.js';
import type { Config } from '../config/config.js';

export const TIME_ZONE = 'Europe/Paris';

export interface LoanView {
  id: number;
  recordId: number;
  title: string;
  barcode: string;
  libraryId: number;
  libraryName: string;
  checkedOutAt: string;
  dueDate: string;
  overdue: boolean;
  renewals: number;
  renewalsLeft: number;
  renewable: boolean;
  /** why not, when not renewable */
  reasons: Reason[];
  /** the due date a renewal would give */
  newDueDate: string;
  possibleFrom: string | null;
}

export interface HoldView {
  id: number;
  recordId: number;
  title: string;
  status: 'pending' | 'in_transit' | 'available';
  placedAt: string;
  pickupLibraryId: number;
  pickupLibraryName: string;
  /** 1-based place among the title's holds not yet filled; null once a copy is set aside */
  position: number | null;
  queueLength: number;
  expiresOn: string | null;
  cancellable: boolean;
}

export type CheckoutResult =
  | { ok: true; loanId: number; dueDate: string; title: string; barcode: string; filledHoldId: number | null; overridden: string[]; reader: { id: number; name: string } }
  | { ok: false; code: 'READER_UNKNOWN' | 'COPY_UNKNOWN' | 'OVERRIDE_REASON_REQUIRED' }
  | { ok: false; code: 'REFUSED'; reasons: Reason[]; canOverride: boolean };

export type CheckinAction =
  /** back on its shelf here */
  | { kind: 'shelve' }
  /** a reader waits for it here: put it on the holds shelf */
  | { kind: 'hold_shelf'; holdId: number; reader: { cardNumber: string; firstName: string; lastName: string }; expiresOn: string }
  /** send it to another library (for a hold, or home) */
  | { kind: 'transit'; toLibraryId: number; toLibraryName: string; holdId: number | null };

export type CheckinResult =
  | {
      ok: true;
      title: string;
      barcode: string;
      /** the loan it closed, if it was on loan */
      loan: { id: number; dueDate: string; daysLate: number; fineCents: number; suspensionDays: number } | null;
      action: CheckinAction;
    }
  | { ok: false; code: 'COPY_UNKNOWN' | 'DATE_INVALID' };

export type RenewResult = { loanId: number; ok: true; dueDate: string } | { loanId: number; ok: false; reasons: Reason[] };

export type PlaceHoldResult = { ok: true; holdId: number; position: number; queueLength: number } | { ok: false; reasons: Reason[] };

export interface HoldsShelf {
  waiting: Array<{ holdId: number; title: string; barcode: string; reader: { cardNumber: string; name: string }; expiresOn: string; expired: boolean }>;
  incoming: Array<{ title: string; barcode: string; fromLibraryName: string; sentAt: string; forHold: boolean }>;
  outgoing: Array<{ title: string; barcode: string; toLibraryName: string; sentAt: string; forHold: boolean }>;
}

/** An exceptional closure, as the back office lists it. */
export interface ClosureRow {
  id: number;
  libraryId: number;
  libraryName: string;
  start: string;
  end: string;
  reason: string;
}

/** Why a closure's field was refused. */
export type ClosureError = 'required' | 'date' | 'beforeStart' | 'tooLong';

export interface CirculationDeps {
  db: Db;
  config: Pick<Config, 'baseUrl'>;
  mailer?: Mailer;
  now?: () => Date;
}

const CALENDAR_TTL_MS = 60_000;
const RULES_TTL_MS = 10_000;

export class CirculationService {
  private readonly now: () => Date;
  private readonly calendars = new Map<number, { at: number; cal: LibraryCalendar }>();
  private rulesCache: { at: number; ctx: { rules: ScopedRule[]; basis: RuleLibraryBasis } } | null = null;

  constructor(private readonly deps: CirculationDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  private repo(tx: Tx | { kysely: Db['kysely'] } = this.deps.db): CirculationRepository {
    return new CirculationRepository(tx.kysely, this.deps.db.engine === 'postgres');
  }

  /** A library's calendar, cached a minute per process (closures and hours change rarely). */
  async calendar(libraryId: number, repo = this.repo()): Promise<LibraryCalendar> {
    const hit = this.calendars.get(libraryId);
    if (hit && Date.now() - hit.at < CALENDAR_TTL_MS) return hit.cal;
    const data = await repo.calendarData(libraryId);
    if (!data) throw new AuthzError('NOT_FOUND');
    const cal = new LibraryCalendar(data);
    this.calendars.set(libraryId, { at: Date.now(), cal });
    return cal;
  }

  private today(): string {
    return localDate(this.now(), TIME_ZONE);
  }

  /**
   * The rules and the rule-library setting, cached RULES_TTL_MS per process: a change made by an administrator
   * (in any process) applies everywhere within that delay, and this process's own changes at once.
   */
  private async ruleContext(repo: CirculationRepository): Promise<{ rules: ScopedRule[]; basis: RuleLibraryBasis }> {
    if (this.rulesCache && Date.now() - this.rulesCache.at < RULES_TTL_MS) return this.rulesCache.ctx;
    const rules = await repo.rules();
    const basis = await repo.ruleLibraryBasis();
    this.rulesCache = { at: Date.now(), ctx: { rules, basis } };
    return this.rulesCache.ctx;
  }

  private ruleFor(ctx: { rules: ScopedRule[]; basis: RuleLibraryBasis }, at: number, reader: ReaderState, copy: { homeLibraryId: number; loanTypeId: number }): { rule: CirculationRule; libraryId: number } {
    const libraryId = ruleLibrary(ctx.basis, { checkoutLibraryId: at, readerHomeLibraryId: reader.homeLibraryId, copyHomeLibraryId: copy.homeLibraryId });
    return { rule: resolveRule(ctx.rules, { libraryId, categoryId: reader.categoryId, loanTypeId: copy.loanTypeId }), libraryId };
  }

  private deskStaff(principal: Principal | null | undefined, libraryId: number): StaffPrincipal {
    const staff = requireStaff(principal);
    ensure(Number.isSafeInteger(libraryId) && worksAt(staff, libraryId));
    return staff;
  }

  /** The libraries where this staff member works a desk (an administrator: every library). */
  async deskLibraries(principal: Principal | null | undefined): Promise<Array<{ id: number; name: string }>> {
    const staff = requireStaff(principal);
    return (await this.repo().libraries()).filter((l) => worksAt(staff, l.id)).map((l) => ({ id: l.id, name: l.name }));
  }

  // ================================================================ check-out

  async checkout(principal: Principal | null | undefined, input: { libraryId: number; cardNumber: string; barcode: string; override?: { reason: string } | null }): Promise<CheckoutResult> {
    const staff = this.deskStaff(principal, input.libraryId);
    const overrideReason = input.override ? String(input.override.reason ?? '').trim().slice(0, 500) : null;
    if (input.override && !overrideReason) return { ok: false, code: 'OVERRIDE_REASON_REQUIRED' };
    const now = this.now();
    const cal = await this.calendar(input.libraryId);
    const result = await inWriteTransaction(this.deps.db, async (tx): Promise<CheckoutResult> => {
      const repo = this.repo(tx);
      // locks in the same order everywhere (copy, then readers) so that two transactions never wait on each other
      const copy = await repo.lockCopy({ barcode: String(input.barcode ?? '').trim() });
      const reader = await repo.lockReader({ cardNumber: normaliseCardNumber(String(input.cardNumber ?? '')) });
      if (!reader) return { ok: false, code: 'READER_UNKNOWN' };
      if (!copy) return { ok: false, code: 'COPY_UNKNOWN' };
      const ctx = await this.ruleContext(repo);
      const { rule } = this.ruleFor(ctx, input.libraryId, reader, copy);
      // one connection per transaction: its queries run one after the other
      const { ofCopy: loan, ofReader: loans } = await repo.openLoansOfCopyOrReader(copy.id, reader.id);
      const copyHold = copy.status === 'in_transit' || copy.status === 'on_hold_shelf' ? await repo.holdOfCopy(copy.id) : undefined;
      const today = cal.today(now);
      const decision = checkCheckout({
        today,
        reader: {
          blocked: reader.blocked,
          membershipExpires: reader.membershipExpires,
          suspendedUntil: reader.suspendedUntil,
          loansTotal: loans.length,
          loansOfType: loans.filter((l) => l.loanTypeId === copy.loanTypeId).length,
        },
        copy: { status: copy.status, borrowerIsReader: loan ? loan.readerId === reader.id : null, heldForOther: !!copyHold && copyHold.readerId !== reader.id, referenceOnly: copy.referenceOnly },
        rule,
        calendar: cal,
      });
      if (decision.reasons.length) {
        const canOverride = decision.reasons.every((r) => r.overridable);
        if (!overrideReason || !canOverride) return { ok: false, code: 'REFUSED', reasons: decision.reasons, canOverride };
      }
      // A hold this loan fills: the copy set aside for this reader, or this reader's pending hold on the title.
      let filledHoldId: number | null = null;
      const readerHold = copyHold?.readerId === reader.id ? copyHold : (await repo.openHoldsOfReader(reader.id)).find((h) => h.recordId === copy.recordId && h.status === 'pending');
      if (readerHold) {
        filledHoldId = readerHold.id;
        await repo.updateHold(readerHold.id, { status: 'fulfilled', copy_id: copy.id, closed_at: now.toISOString() });
      }
      if (copyHold && copyHold.readerId !== reader.id) {
        // overridden: the other reader's hold goes back to the head of the queue (it keeps its id, hence its place)
        await repo.updateHold(copyHold.id, { status: 'pending', copy_id: null, available_at: null, expires_on: null });
      }
      const transit = copy.status === 'in_transit' ? await repo.openTransitOfCopy(copy.id) : undefined;
      if (transit) await repo.endTransit(transit.id, now.toISOString());
      const overridden = decision.reasons.map((r) => r.code);
      const loanId = await repo.insertLoanAndSetCopy(
        {
          copyId: copy.id,
          recordId: copy.recordId,
          readerId: reader.id,
          libraryId: input.libraryId,
          loanTypeId: copy.loanTypeId,
          checkedOutAt: now.toISOString(),
          dueDate: decision.dueDate,
          staffId: staff.staffId,
          overrideCodes: overridden.length ? overridden : null,
          overrideReason: overridden.length ? overrideReason : null,
        },
        now.toISOString(),
      );
      return { ok: true, loanId, dueDate: decision.dueDate, title: copy.title, barcode: copy.barcode, filledHoldId, overridden, reader: { id: reader.id, name: `${reader.firstName} ${reader.lastName}` } };
    });
    return result;
  }

  // ================================================================ check-in

  /** A copy comes back (or arrives from another library). `returnedOn` backdates the return (book drop). */
  async checkin(principal: Principal | null | undefined, input: { libraryId: number; barcode: string; returnedOn?: string | null }): Promise<CheckinResult> {
    const staff = this.deskStaff(principal, input.libraryId);
    const now = this.now();
    const cal = await this.calendar(input.libraryId);
    const today = cal.today(now);
    const returnedOn = input.returnedOn ? String(input.returnedOn) : today;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(returnedOn) || returnedOn > today || Number.isNaN(Date.parse(returnedOn))) return { ok: false, code: 'DATE_INVALID' };
    const mails: number[] = [];
    const result = await inWriteTransaction(this.deps.db, async (tx): Promise<CheckinResult> => {
      const repo = this.repo(tx);
      const copy = await repo.lockCopy({ barcode: String(input.barcode ?? '').trim() });
      if (!copy) return { ok: false, code: 'COPY_UNKNOWN' };
      const stamp = now.toISOString();
      let closed: Extract<CheckinResult, { ok: true }>['loan'] = null;
      const loan = await repo.openLoanOfCopy(copy.id);
      if (loan) {
        const reader = await repo.lockReader({ id: loan.readerId });
        const ctx = await this.ruleContext(repo);
        const rule = reader ? this.ruleFor(ctx, loan.libraryId, reader, copy).rule : null;
        const late = rule ? lateness(rule, loan.dueDate, returnedOn) : { daysLate: 0, fineCents: 0, suspensionDays: 0 };
        if (reader && late.fineCents > 0) {
          const label = accountMessage('fee.overdueLabel', reader.language, { days: late.daysLate, title: copy.title }).slice(0, 200);
          await new FeeRepository(tx.kysely).add({ readerId: reader.id, reason: 'OVERDUE', label, amountCents: late.fineCents, staffId: staff.staffId, createdAt: stamp });
        }
        if (reader && late.suspensionDays > 0) {
          const until = addDays(today, late.suspensionDays);
          if (!reader.suspendedUntil || reader.suspendedUntil < until) await repo.setSuspension(reader.id, until);
        }
        await repo.closeLoan(loan.id, input.returnedOn ? `${returnedOn}T12:00:00.000Z` : stamp, input.libraryId, reader?.keepHistory ?? false);
        closed = { id: loan.id, dueDate: loan.dueDate, ...late };
      }
      // Arriving from another library: the transit ends here, whatever it was for.
      const travelling = copy.status === 'in_transit';
      const transit = travelling ? await repo.openTransitOfCopy(copy.id) : undefined;
      if (transit) await repo.endTransit(transit.id, stamp);
      // Already set aside for a hold: keep it for that hold (on the shelf here, or on its way).
      const assigned = travelling || copy.status === 'on_hold_shelf' ? await repo.holdOfCopy(copy.id) : undefined;
      // routing sets the copy's status and logs the availability change (every process's search index follows)
      const action = assigned ? await this.routeForHold(tx, repo, copy, assigned, input.libraryId, stamp, mails) : await this.route(tx, repo, copy, input.libraryId, stamp, mails);
      return { ok: true, title: copy.title, barcode: copy.barcode, loan: closed, action };
    });
    for (const id of mails) this.deps.mailer?.deliverSoon(id);
    return result;
  }

  /** Where a copy that is here and free goes: to the first hold it can fill, else its shelf or home. */
  private async route(tx: Tx, repo: CirculationRepository, copy: CopyState, here: number, stamp: string, mails: number[]): Promise<CheckinAction> {
    const hold = await this.firstFillableHold(repo, copy);
    if (hold) return this.routeForHold(tx, repo, copy, hold, here, stamp, mails);
    if (copy.homeLibraryId !== here) {
      await repo.setCopyAndLogChange(copy, 'in_transit', here, stamp);
      await repo.startTransit({ copyId: copy.id, fromLibraryId: here, toLibraryId: copy.homeLibraryId, holdId: null, sentAt: stamp });
      return { kind: 'transit', toLibraryId: copy.homeLibraryId, toLibraryName: await this.libraryName(repo, copy.homeLibraryId), holdId: null };
    }
    await repo.setCopyAndLogChange(copy, 'on_shelf', here, stamp);
    return { kind: 'shelve' };
  }

  /** The oldest pending hold on the title that this copy may fill (its rule for the hold's reader allows holds). */
  private async firstFillableHold(repo: CirculationRepository, copy: CopyState): Promise<OpenHold | undefined> {
    const pending = (await repo.openHoldsOfRecord(copy.recordId)).filter((h) => h.status === 'pending');
    if (!pending.length) return undefined;
    const ctx = await this.ruleContext(repo);
    for (const h of pending) {
      const reader = await repo.lockReader({ id: h.readerId });
      if (reader && !copy.referenceOnly && this.ruleFor(ctx, h.pickupLibraryId, reader, copy).rule.holdsAllowed) return h;
    }
    return undefined;
  }

  /** The copy is here and goes to `hold`: onto this library's holds shelf, or in transit to the pickup library. */
  private async routeForHold(tx: Tx, repo: CirculationRepository, copy: CopyState, hold: OpenHold, here: number, stamp: string, mails: number[]): Promise<CheckinAction> {
    const reader = await repo.lockReader({ id: hold.readerId });
    if (hold.pickupLibraryId !== here) {
      await repo.updateHold(hold.id, { status: 'in_transit', copy_id: copy.id, available_at: null, expires_on: null });
      await repo.setCopyAndLogChange(copy, 'in_transit', here, stamp);
      await repo.startTransit({ copyId: copy.id, fromLibraryId: here, toLibraryId: hold.pickupLibraryId, holdId: hold.id, sentAt: stamp });
      return { kind: 'transit', toLibraryId: hold.pickupLibraryId, toLibraryName: await this.libraryName(repo, hold.pickupLibraryId), holdId: hold.id };
    }
    let expiresOn = hold.expiresOn;
    if (hold.status !== 'available' || !expiresOn) {
      const ctx = await this.ruleContext(repo);
      const rule = reader ? this.ruleFor(ctx, here, reader, copy).rule : resolveRule(ctx.rules, { libraryId: here, categoryId: 0, loanTypeId: copy.loanTypeId });
      const cal = await this.calendar(here, repo);
      expiresOn = holdShelfExpiry(cal, cal.today(new Date(stamp)), rule.holdShelfDays);
      await repo.updateHold(hold.id, { status: 'available', copy_id: copy.id, available_at: stamp, expires_on: expiresOn });
      if (reader) {
        const id = await this.recordHoldMail(tx, repo, 'hold-available', `hold-available:${hold.id}:${stamp}`, reader, copy.title, here, expiresOn);
        if (id !== null && reader.email) mails.push(id);
      }
    }
    await repo.setCopyAndLogChange(copy, 'on_hold_shelf', here, stamp);
    return { kind: 'hold_shelf', holdId: hold.id, reader: { cardNumber: reader?.cardNumber ?? '', firstName: reader?.firstName ?? '', lastName: reader?.lastName ?? '' }, expiresOn };
  }

  /**
   * Records "votre réservation est disponible" (or "... a expiré") in the outbox, in the event's transaction,
   * with the event's key (one message per event): an email, or a notice to print for a reader without an
   * email address. Null when there is no mailer or the network turned that notice off.
   */
  private async recordHoldMail(tx: Tx, repo: CirculationRepository, kind: 'hold-available' | 'hold-expired', eventKey: string, reader: ReaderState, title: string, libraryId: number, lastDay: string): Promise<number | null> {
    const mailer = this.deps.mailer;
    if (!mailer) return null;
    const enabled = parseNoticeSettings((await tx.kysely.selectFrom('settings').select('value').where('key', '=', 'notices').executeTakeFirst())?.value);
    if (!(kind === 'hold-available' ? enabled.holdAvailable.enabled : enabled.holdExpired.enabled)) return null;
    const settings = await new AccountSettingsRepository(tx.kysely).load();
    const libraries = await repo.libraries();
    const library = libraries.find((l) => l.id === libraryId)!;
    const cal = await this.calendar(libraryId, repo);
    const input = {
      lang: reader.language,
      networkName: settings.networkName,
      firstName: reader.firstName,
      title,
      library,
      hours: cal.data.weekly,
      lastDay,
      accountLink: `${this.deps.config.baseUrl}/compte/prets/reservations`,
    };
    const mail = kind === 'hold-available' ? holdAvailableMail(input) : holdExpiredMail(input);
    const { id } = await mailer.record(tx.kysely, {
      kind,
      to: reader.email ?? '',
      from: settings.mailFrom ?? defaultFrom(settings.networkName, this.deps.config.baseUrl),
      readerId: reader.id,
      eventKey,
      print: !reader.email,
      ...mail,
    });
    return id;
  }

  private async libraryName(repo: CirculationRepository, id: number): Promise<string> {
    return (await repo.libraries()).find((l) => l.id === id)?.name ?? String(id);
  }

  // ================================================================ loans and renewals

  /** The loans of the signed-in reader (or, for staff, of `readerId`), each with whether and why it can be renewed. */
  async loans(principal: Principal | null | undefined, readerId?: number): Promise<LoanView[]> {
    const id = this.readerIdFor(principal, readerId);
    const repo = this.repo();
    const reader = await repo.lockReader({ id });
    if (!reader) throw new AuthzError('NOT_FOUND');
    const loans = await repo.openLoansOfReader(id);
    if (!loans.length) return [];
    const ctx = await this.ruleContext(repo);
    const libraries = new Map((await repo.libraries()).map((l) => [l.id, l.name]));
    const today = this.today();
    const out: LoanView[] = [];
    for (const loan of loans) {
      const copy = (await repo.lockCopy({ id: loan.copyId }, false))!;
      const d = await this.renewalDecision(repo, ctx, reader, loans, loan, copy, today);
      out.push({
        id: loan.id,
        recordId: loan.recordId,
        title: copy.title,
        barcode: copy.barcode,
        libraryId: loan.libraryId,
        libraryName: libraries.get(loan.libraryId) ?? '',
        checkedOutAt: loan.checkedOutAt,
        dueDate: loan.dueDate,
        overdue: isOverdue(loan.dueDate, today),
        renewals: loan.renewals,
        renewalsLeft: d.renewalsLeft,
        renewable: d.reasons.length === 0,
        reasons: d.reasons,
        newDueDate: d.newDueDate,
        possibleFrom: d.possibleFrom,
      });
    }
    return out;
  }

  private async renewalDecision(repo: CirculationRepository, ctx: { rules: ScopedRule[]; basis: RuleLibraryBasis }, reader: ReaderState, loans: OpenLoan[], loan: OpenLoan, copy: CopyState, today: string) {
    const { rule } = this.ruleFor(ctx, loan.libraryId, reader, copy);
    const cal = await this.calendar(loan.libraryId, repo);
    const holds = await repo.openHoldsOfRecord(loan.recordId);
    const copies = await repo.copiesOfRecord(loan.recordId);
    return checkRenewal({
      today,
      reader: {
        blocked: reader.blocked,
        membershipExpires: reader.membershipExpires,
        suspendedUntil: reader.suspendedUntil,
        hasOtherOverdueLoan: loans.some((l) => l.id !== loan.id && isOverdue(l.dueDate, today)),
      },
      loan: { dueDate: loan.dueDate, renewals: loan.renewals, isReaders: loan.readerId === reader.id },
      otherPendingHolds: holds.filter((h) => h.status === 'pending' && h.readerId !== reader.id).length,
      otherAvailableCopies: copies.filter((c) => c.id !== copy.id && c.status === 'on_shelf').length,
      copyHoldable: rule.holdsAllowed && !copy.referenceOnly,
      rule,
      calendar: cal,
    });
  }

  /** Renews each loan that can be ('all': every open loan of the reader); answers for each one, in the order asked. */
  async renew(principal: Principal | null | undefined, loanIds: number[] | 'all', readerId?: number): Promise<RenewResult[]> {
    const id = this.readerIdFor(principal, readerId);
    const asked = loanIds === 'all' ? null : [...new Set(loanIds.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0))].slice(0, 200);
    const now = this.now();
    return inWriteTransaction(this.deps.db, async (tx) => {
      const repo = this.repo(tx);
      const reader = await repo.lockReader({ id });
      if (!reader) throw new AuthzError('NOT_FOUND');
      const loans = await repo.openLoansOfReader(id);
      const ctx = await this.ruleContext(repo);
      const today = this.today();
      const out: RenewResult[] = [];
      for (const loanId of asked ?? loans.map((l) => l.id)) {
        const loan = loans.find((l) => l.id === loanId);
        // a loan of someone else, or closed, answers like an unknown one: nothing about it is revealed
        if (!loan) {
          out.push({ loanId, ok: false, reasons: [reason('NOT_YOUR_LOAN')] });
          continue;
        }
        const copy = (await repo.lockCopy({ id: loan.copyId }, false))!;
        const d = await this.renewalDecision(repo, ctx, reader, loans, loan, copy, today);
        if (d.reasons.length) {
          out.push({ loanId, ok: false, reasons: d.reasons });
          continue;
        }
        await repo.renewLoan(loan.id, d.newDueDate, now.toISOString());
        loan.dueDate = d.newDueDate;
        loan.renewals += 1;
        out.push({ loanId, ok: true, dueDate: d.newDueDate });
      }
      return out;
    });
  }

  private readerIdFor(principal: Principal | null | undefined, readerId?: number): number {
    if (principal?.kind === 'staff') {
      requireStaff(principal);
      const id = Number(readerId);
      if (!Number.isSafeInteger(id)) throw new AuthzError('NOT_FOUND');
      return id;
    }
    return requireReader(principal).readerId;
  }

  // ================================================================ holds

  /** The libraries a reader may choose for pickup, and whether a hold on the title is possible now (with reasons). */
  async holdOptions(principal: Principal | null | undefined, recordId: number): Promise<{ title: string; reasons: Reason[]; libraries: Array<{ id: number; name: string }>; defaultLibraryId: number }> {
    const me = requireReader(principal);
    const repo = this.repo();
    const reader = await repo.lockReader({ id: me.readerId });
    if (!reader) throw new AuthzError('NOT_FOUND');
    const libraries = (await repo.libraries()).map((l) => ({ id: l.id, name: l.name }));
    const reasons = await this.holdReasons(repo, reader, Number(recordId), reader.homeLibraryId);
    if (reasons === null) throw new AuthzError('NOT_FOUND');
    return { title: await repo.recordTitle(Number(recordId)), reasons, libraries, defaultLibraryId: reader.homeLibraryId };
  }

  private async holdReasons(repo: CirculationRepository, reader: ReaderState, recordId: number, pickupLibraryId: number): Promise<Reason[] | null> {
    if (!Number.isSafeInteger(recordId)) return null;
    const copies = await repo.copiesOfRecord(recordId);
    const exists = copies.length > 0 || (await repo.recordExists(recordId));
    if (!exists) return null;
    const ctx = await this.ruleContext(repo);
    const holds = await repo.openHoldsOfReader(reader.id);
    const loans = await repo.openLoansOfReader(reader.id);
    const libraries = await repo.libraries();
    const pickupValid = libraries.some((l) => l.id === pickupLibraryId);
    const base = resolveRule(ctx.rules, { libraryId: pickupLibraryId, categoryId: reader.categoryId, loanTypeId: -1 });
    return checkHold({
      today: this.today(),
      reader: { blocked: reader.blocked, membershipExpires: reader.membershipExpires, suspendedUntil: null, openHolds: holds.length, maxHolds: base.maxHolds },
      copies: copies.map((c) => {
        const rule = this.ruleFor(ctx, pickupLibraryId, reader, c).rule;
        return { status: c.status, holdsAllowed: rule.holdsAllowed && !c.referenceOnly, holdStatuses: rule.holdStatuses };
      }),
      alreadyHolding: holds.some((h) => h.recordId === recordId),
      alreadyBorrowing: loans.some((l) => l.recordId === recordId),
      pickupLibraryValid: pickupValid,
    });
  }

  async placeHold(principal: Principal | null | undefined, recordId: number, pickupLibraryId: number): Promise<PlaceHoldResult> {
    const me = requireReader(principal);
    const now = this.now();
    try {
      return await inWriteTransaction(this.deps.db, async (tx): Promise<PlaceHoldResult> => {
        const repo = this.repo(tx);
        // the reader's row lock serialises one reader's parallel requests: the hold limit holds exactly
        const reader = await repo.lockReader({ id: me.readerId });
        if (!reader) throw new AuthzError('NOT_FOUND');
        // the title's row lock serialises two readers' requests on it: each is told its real place
        if (!Number.isSafeInteger(Number(recordId)) || !(await repo.lockRecord(Number(recordId)))) throw new AuthzError('NOT_FOUND');
        const reasons = await this.holdReasons(repo, reader, Number(recordId), Number(pickupLibraryId));
        if (reasons === null) throw new AuthzError('NOT_FOUND');
        if (reasons.length) return { ok: false, reasons };
        const holdId = await repo.insertHold({ recordId: Number(recordId), readerId: reader.id, pickupLibraryId: Number(pickupLibraryId), placedAt: now.toISOString() });
        const queue = (await repo.openHoldsOfRecord(Number(recordId))).filter((h) => h.status === 'pending');
        return { ok: true, holdId, position: queue.findIndex((h) => h.id === holdId) + 1, queueLength: queue.length };
      });
    } catch (e) {
      // the partial unique index (one open hold per reader and title) refused a parallel duplicate
      if (isUniqueViolation(e)) return { ok: false, reasons: [reason('ALREADY_HOLDING')] };
      throw e;
    }
  }

  /** The signed-in reader's holds (or, for staff, `readerId`'s), with their place in the queue. */
  async holds(principal: Principal | null | undefined, readerId?: number): Promise<HoldView[]> {
    const id = this.readerIdFor(principal, readerId);
    const repo = this.repo();
    const holds = await repo.openHoldsOfReader(id);
    const libraries = new Map((await repo.libraries()).map((l) => [l.id, l.name]));
    const out: HoldView[] = [];
    for (const h of holds) {
      const queue = (await repo.openHoldsOfRecord(h.recordId)).filter((q) => q.status === 'pending');
      out.push({
        id: h.id,
        recordId: h.recordId,
        title: await repo.recordTitle(h.recordId),
        status: h.status,
        placedAt: h.placedAt,
        pickupLibraryId: h.pickupLibraryId,
        pickupLibraryName: libraries.get(h.pickupLibraryId) ?? '',
        position: h.status === 'pending' ? queue.findIndex((q) => q.id === h.id) + 1 : null,
        queueLength: queue.length,
        expiresOn: h.expiresOn,
        cancellable: h.status === 'pending' || principal?.kind === 'staff',
      });
    }
    return out;
  }

  /**
   * Cancels a hold. A reader cancels their own pending holds; a copy already set aside (in transit or on the
   * holds shelf) is a staff matter: the copy then goes to the next reader or back.
   */
  async cancelHold(principal: Principal | null | undefined, holdId: number, deskLibraryId?: number): Promise<{ ok: true } | { ok: false; reasons: Reason[] }> {
    const now = this.now();
    const mails: number[] = [];
    const r = await inWriteTransaction(this.deps.db, async (tx): Promise<{ ok: true } | { ok: false; reasons: Reason[] }> => {
      const repo = this.repo(tx);
      const hold = Number.isSafeInteger(Number(holdId)) ? await repo.lockHold(Number(holdId)) : undefined;
      const staff = principal?.kind === 'staff' ? requireStaff(principal) : null;
      if (!staff && (!hold || hold.readerId !== requireReader(principal).readerId)) throw new AuthzError('NOT_FOUND');
      if (!hold) throw new AuthzError('NOT_FOUND');
      if (!staff && hold.status !== 'pending') return { ok: false, reasons: [reason('HOLD_NOT_CANCELLABLE')] };
      await repo.updateHold(hold.id, { status: 'cancelled', closed_at: now.toISOString(), closed_by_staff_id: staff?.staffId ?? null });
      if (hold.copyId !== null && hold.status === 'available') {
        const copy = (await repo.lockCopy({ id: hold.copyId }))!;
        const here = deskLibraryId !== undefined && staff && worksAt(staff, deskLibraryId) ? deskLibraryId : hold.pickupLibraryId;
        await this.route(tx, repo, copy, here, now.toISOString(), mails);
      }
      // a copy in transit for it keeps travelling; at its arrival, check-in routes it to the next reader
      if (hold.copyId !== null && hold.status === 'in_transit') {
        const transit = await repo.openTransitOfCopy(hold.copyId);
        if (transit) await repo.detachTransitHold(transit.id);
      }
      return { ok: true };
    });
    for (const id of mails) this.deps.mailer?.deliverSoon(id);
    return r;
  }

  // ================================================================ holds shelf

  async holdsShelf(principal: Principal | null | undefined, libraryId: number): Promise<HoldsShelf> {
    this.deskStaff(principal, libraryId);
    const repo = this.repo();
    const cal = await this.calendar(libraryId, repo);
    return repo.holdsShelf(libraryId, cal.today(this.now()));
  }

  /**
   * Expired holds on every holds shelf (a job, several times a day): each becomes 'expired' and its copy goes
   * to the next reader in the queue, or back to its shelf or home library. Returns how many expired.
   */
  async expireHolds(): Promise<number> {
    const repo = this.repo();
    let count = 0;
    for (const lib of await repo.libraries()) {
      const cal = await this.calendar(lib.id, repo);
      const today = cal.today(this.now());
      for (const h of await repo.expiredAvailableHolds(lib.id, today)) {
        const mails: number[] = [];
        const done = await inWriteTransaction(this.deps.db, async (tx) => {
          const r = this.repo(tx);
          const hold = await r.lockHold(h.id);
          if (!hold || hold.status !== 'available' || !hold.expiresOn || hold.expiresOn >= today) return false;
          const stamp = this.now().toISOString();
          await r.updateHold(hold.id, { status: 'expired', closed_at: stamp });
          const reader = await r.lockReader({ id: hold.readerId });
          const title = await r.recordTitle(hold.recordId);
          if (reader) {
            const id = await this.recordHoldMail(tx, r, 'hold-expired', `hold-expired:${hold.id}`, reader, title, lib.id, hold.expiresOn);
            if (id !== null && reader.email) mails.push(id);
          }
          if (hold.copyId !== null) {
            const copy = (await r.lockCopy({ id: hold.copyId }))!;
            await this.route(tx, r, copy, lib.id, stamp, mails);
          }
          return true;
        });
        if (done) count++;
        for (const id of mails) this.deps.mailer?.deliverSoon(id);
      }
    }
    return count;
  }

  // ================================================================ rules (network administrators)

  /** Every rule with its scope, and the names of what scopes refer to; any staff member reads them, administrators change them. */
  async listRules(principal: Principal | null | undefined) {
    requireStaff(principal);
    const repo = this.repo();
    const rules = await repo.rules();
    return { basis: await repo.ruleLibraryBasis(), rules, libraries: await repo.scopeNames('libraries'), categories: await repo.scopeNames('reader_categories'), loanTypes: await repo.scopeNames('loan_types') };
  }

  /** Creates or replaces the rule of a scope (null = "*"); unknown ids are field errors. */
  async saveRule(
    principal: Principal | null | undefined,
    scope: { libraryId: number | null; categoryId: number | null; loanTypeId: number | null },
    raw: Record<string, unknown>,
  ): Promise<{ ok: true; id: number } | { ok: false; errors: RuleFieldError[] }> {
    ensure(canEditCirculationRules(requireStaff(principal)));
    const parsed = parseRuleInput(raw);
    const errors = parsed.ok ? [] : [...parsed.errors];
    const repo = this.repo();
    const exists = async (table: 'libraries' | 'reader_categories' | 'loan_types', id: number | null) => id === null || (await repo.scopeExists(table, id));
    if (!(await exists('libraries', scope.libraryId))) errors.push({ field: 'libraryId', code: 'NOT_ALLOWED' });
    if (!(await exists('reader_categories', scope.categoryId))) errors.push({ field: 'categoryId', code: 'NOT_ALLOWED' });
    if (!(await exists('loan_types', scope.loanTypeId))) errors.push({ field: 'loanTypeId', code: 'NOT_ALLOWED' });
    if (errors.length || !parsed.ok) return { ok: false, errors };
    const id = await repo.saveRule(scope.libraryId, scope.categoryId, scope.loanTypeId, parsed.rule, this.now().toISOString());
    this.rulesCache = null;
    return { ok: true, id };
  }

  // ---------------------------------------------------------------- exceptional closures (calendars)

  /** The libraries' exceptional closures not over yet, with the libraries; staff read them. */
  async closures(principal: Principal | null | undefined): Promise<{ closures: ClosureRow[]; libraries: Array<{ id: number; name: string }> }> {
    requireStaff(principal);
    const repo = this.repo();
    const libraries = (await repo.libraries()).map((l) => ({ id: l.id, name: l.name }));
    return { closures: await repo.closures(this.today()), libraries };
  }

  /**
   * Closes a library from `start` to `end` (inclusive, yyyy-mm-dd or dd/mm/yyyy), for a reason readers see:
   * due dates and hold-shelf expiry dates then skip those days. Administrators only; field errors otherwise.
   */
  async addClosure(principal: Principal | null | undefined, raw: { libraryId: string; start: string; end: string; reason: string }): Promise<{ ok: true; id: number } | { ok: false; errors: Partial<Record<'libraryId' | 'start' | 'end' | 'reason', ClosureError>> }> {
    ensure(canEditCirculationRules(requireStaff(principal)));
    const errors: Partial<Record<'libraryId' | 'start' | 'end' | 'reason', ClosureError>> = {};
    const repo = this.repo();
    const libraryId = /^\d{1,10}$/.test(raw.libraryId) ? Number(raw.libraryId) : NaN;
    if (!Number.isSafeInteger(libraryId) || !(await repo.scopeExists('libraries', libraryId))) errors.libraryId = 'required';
    const start = parseDate(raw.start);
    const end = raw.end.trim() ? parseDate(raw.end) : start;
    if (!start) errors.start = raw.start.trim() ? 'date' : 'required';
    if (!end) errors.end = 'date';
    else if (start && end < start) errors.end = 'beforeStart';
    else if (start && end && Date.parse(end) - Date.parse(start) > 366 * 86_400_000) errors.end = 'tooLong';
    const reason = raw.reason.replace(/\s+/g, ' ').trim();
    if (!reason) errors.reason = 'required';
    else if (reason.length > 200) errors.reason = 'tooLong';
    if (Object.keys(errors).length) return { ok: false, errors };
    const id = await repo.addClosure(libraryId, start!, end!, reason);
    this.calendars.delete(libraryId);
    return { ok: true, id };
  }

  async deleteClosure(principal: Principal | null | undefined, id: number): Promise<boolean> {
    ensure(canEditCirculationRules(requireStaff(principal)));
    const libraryId = Number.isSafeInteger(id) ? await this.repo().deleteClosure(id) : null;
    if (libraryId === null) return false;
    this.calendars.delete(libraryId);
    return true;
  }

  /** Deletes a rule (never the "*, *, *" one: the network's default). */
  async deleteRule(principal: Principal | null | undefined, id: number): Promise<boolean> {
    ensure(canEditCirculationRules(requireStaff(principal)));
    const deleted = Number.isSafeInteger(Number(id)) && (await this.repo().deleteRule(Number(id)));
    this.rulesCache = null;
    return deleted;
  }
}
