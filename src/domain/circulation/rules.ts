// Circulation rules as pure functions (DESIGN.md 5, Koha/FOLIO/Evergreen semantics). Every check returns
// every failing reason, each with a stable code; services load the facts, call these, and act. The same
// functions serve the desk, the reader's pages, the API and (later) SIP2, so a rule is decided once.
import { addDays, daysBetween, type LibraryCalendar } from './calendar.js';

// ------------------------------------------------------------------ rules and their resolution

export type RenewalBase = 'due_date' | 'today';
export type OverdueBlocks = 'this' | 'any' | 'never';

export interface CirculationRule {
  loanDays: number;
  maxLoansTotal: number;
  maxLoansOfType: number;
  renewals: number;
  renewalDays: number;
  renewalBase: RenewalBase;
  /** renewal only within this many days before the due date; null = any time */
  renewWindowDays: number | null;
  overdueBlocksRenewal: OverdueBlocks;
  holdsAllowed: boolean;
  /** copy statuses a hold may wait for (a hold is placed only when every holdable copy has one of them) */
  holdStatuses: string[];
  maxHolds: number;
  holdShelfDays: number;
  fineCentsPerDay: number;
  suspensionDaysPerDay: number;
}

export interface ScopedRule {
  libraryId: number | null;
  categoryId: number | null;
  loanTypeId: number | null;
  rule: CirculationRule;
}

/** Built in, and seeded as the network's "*, *, *" rule. */
export const DEFAULT_RULE: CirculationRule = {
  loanDays: 21,
  maxLoansTotal: 30,
  maxLoansOfType: 30,
  renewals: 2,
  renewalDays: 21,
  renewalBase: 'due_date',
  renewWindowDays: null,
  overdueBlocksRenewal: 'this',
  holdsAllowed: true,
  holdStatuses: ['on_loan', 'in_transit'],
  maxHolds: 10,
  holdShelfDays: 10,
  fineCentsPerDay: 0,
  suspensionDaysPerDay: 0,
};

/** Which library's rules apply to a check-out: where it happens (default), the reader's, or the copy's. */
export type RuleLibraryBasis = 'checkout' | 'reader_home' | 'copy_home';

export interface RuleKey {
  libraryId: number;
  categoryId: number;
  loanTypeId: number;
}

/**
 * The most specific matching rule: a rule matches when each of its columns is the wildcard or equal; among
 * matches the library weighs most, then the category, then the loan type (Koha's order).
 */
export function resolveRule(rules: readonly ScopedRule[], key: RuleKey): CirculationRule {
  let best: ScopedRule | null = null;
  let bestScore = -1;
  for (const r of rules) {
    if (r.libraryId !== null && r.libraryId !== key.libraryId) continue;
    if (r.categoryId !== null && r.categoryId !== key.categoryId) continue;
    if (r.loanTypeId !== null && r.loanTypeId !== key.loanTypeId) continue;
    const score = (r.libraryId !== null ? 4 : 0) + (r.categoryId !== null ? 2 : 0) + (r.loanTypeId !== null ? 1 : 0);
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best?.rule ?? DEFAULT_RULE;
}

export function ruleLibrary(basis: RuleLibraryBasis, at: { checkoutLibraryId: number; readerHomeLibraryId: number; copyHomeLibraryId: number }): number {
  return basis === 'reader_home' ? at.readerHomeLibraryId : basis === 'copy_home' ? at.copyHomeLibraryId : at.checkoutLibraryId;
}

// ------------------------------------------------------------------ reasons

export type CirculationCode =
  | 'READER_BLOCKED'
  | 'MEMBERSHIP_EXPIRED'
  | 'READER_SUSPENDED'
  | 'COPY_NOT_LOANABLE'
  | 'COPY_UNAVAILABLE'
  | 'COPY_ON_LOAN'
  | 'COPY_ALREADY_BORROWED'
  | 'COPY_HELD_FOR_OTHER'
  | 'MAX_LOANS_REACHED'
  | 'MAX_LOANS_OF_TYPE_REACHED'
  | 'NOT_YOUR_LOAN'
  | 'RENEWAL_NOT_ALLOWED'
  | 'RENEWAL_LIMIT_REACHED'
  | 'LOAN_OVERDUE'
  | 'OTHER_LOAN_OVERDUE'
  | 'HELD_BY_OTHER'
  | 'TOO_EARLY'
  | 'DUE_DATE_NOT_LATER'
  | 'HOLDS_NOT_ALLOWED'
  | 'NO_HOLDABLE_COPY'
  | 'COPY_AVAILABLE'
  | 'MAX_HOLDS_REACHED'
  | 'ALREADY_HOLDING'
  | 'ALREADY_BORROWING'
  | 'PICKUP_LIBRARY_INVALID'
  | 'HOLD_NOT_CANCELLABLE';

export interface Reason {
  code: CirculationCode;
  /** a librarian may check out anyway, recording who and why */
  overridable: boolean;
  /** values for the message (dates, counts) */
  params?: Record<string, string | number>;
}

const OVERRIDABLE: ReadonlySet<CirculationCode> = new Set([
  'READER_BLOCKED',
  'MEMBERSHIP_EXPIRED',
  'READER_SUSPENDED',
  'COPY_HELD_FOR_OTHER',
  'MAX_LOANS_REACHED',
  'MAX_LOANS_OF_TYPE_REACHED',
]);

export function reason(code: CirculationCode, params?: Record<string, string | number>): Reason {
  return { code, overridable: OVERRIDABLE.has(code), ...(params ? { params } : {}) };
}

// ------------------------------------------------------------------ reader standing

export interface ReaderStanding {
  blocked: boolean;
  /** yyyy-mm-dd, last valid day; null = no end */
  membershipExpires: string | null;
  /** yyyy-mm-dd: no check-out before this day */
  suspendedUntil: string | null;
}

function standingReasons(r: ReaderStanding, today: string): Reason[] {
  const out: Reason[] = [];
  if (r.blocked) out.push(reason('READER_BLOCKED'));
  if (r.membershipExpires !== null && r.membershipExpires < today) out.push(reason('MEMBERSHIP_EXPIRED', { date: r.membershipExpires }));
  if (r.suspendedUntil !== null && r.suspendedUntil > today) out.push(reason('READER_SUSPENDED', { date: r.suspendedUntil }));
  return out;
}

// ------------------------------------------------------------------ due dates

/**
 * A due date: `from` plus `days`, moved to the next day the library is open, capped at the last open day on
 * or before the membership's end (never before `today`).
 */
export function dueDate(cal: LibraryCalendar, from: string, days: number, membershipExpires: string | null, today: string): string {
  let due = cal.nextOpenDay(addDays(from, days));
  if (membershipExpires !== null && due > membershipExpires) {
    due = cal.previousOpenDay(membershipExpires);
    if (due < today) due = today;
  }
  return due;
}

/** A loan is overdue from the day after its due date (documented: at the end of the due day, not at closing time). */
export function isOverdue(due: string, today: string): boolean {
  return due < today;
}

// ------------------------------------------------------------------ check-out

export interface CheckoutFacts {
  today: string;
  reader: ReaderStanding & { loansTotal: number; loansOfType: number };
  copy: {
    status: string;
    /** the open loan's reader, when on loan */
    borrowerIsReader: boolean | null;
    /** waiting on the holds shelf or in transit for a hold of another reader */
    heldForOther: boolean;
    /** its loan type is for reference (0 days): never lent, whichever rule wins */
    referenceOnly?: boolean;
  };
  rule: CirculationRule;
  calendar: LibraryCalendar;
}

export interface CheckoutDecision {
  reasons: Reason[];
  dueDate: string;
}

export function checkCheckout(f: CheckoutFacts): CheckoutDecision {
  const reasons = standingReasons(f.reader, f.today);
  if (f.copy.borrowerIsReader === true) reasons.push(reason('COPY_ALREADY_BORROWED'));
  else if (f.copy.borrowerIsReader === false || f.copy.status === 'on_loan') reasons.push(reason('COPY_ON_LOAN'));
  else if (['lost', 'withdrawn', 'in_processing'].includes(f.copy.status)) reasons.push(reason('COPY_UNAVAILABLE', { status: f.copy.status }));
  if (f.rule.loanDays <= 0 || f.copy.referenceOnly || f.copy.status === 'not_for_loan') reasons.push(reason('COPY_NOT_LOANABLE'));
  if (f.copy.heldForOther) reasons.push(reason('COPY_HELD_FOR_OTHER'));
  if (f.reader.loansTotal >= f.rule.maxLoansTotal) reasons.push(reason('MAX_LOANS_REACHED', { max: f.rule.maxLoansTotal }));
  if (f.reader.loansOfType >= f.rule.maxLoansOfType) reasons.push(reason('MAX_LOANS_OF_TYPE_REACHED', { max: f.rule.maxLoansOfType }));
  return { reasons, dueDate: dueDate(f.calendar, f.today, Math.max(0, f.rule.loanDays), f.reader.membershipExpires, f.today) };
}

// ------------------------------------------------------------------ renewal

export interface RenewalFacts {
  today: string;
  reader: ReaderStanding & { hasOtherOverdueLoan: boolean };
  loan: { dueDate: string; renewals: number; isReaders: boolean };
  /** holds of other readers on the title that no copy is assigned to yet */
  otherPendingHolds: number;
  /** other copies of the title on the shelf that could fill those holds instead of this one */
  otherAvailableCopies: number;
  /** this copy may fill holds (its rule allows holds) */
  copyHoldable: boolean;
  rule: CirculationRule;
  calendar: LibraryCalendar;
}

export interface RenewalDecision {
  reasons: Reason[];
  /** the due date a renewal would give */
  newDueDate: string;
  renewalsLeft: number;
  /** when the only obstacle is time (TOO_EARLY): the first day a renewal becomes possible */
  possibleFrom: string | null;
}

export function checkRenewal(f: RenewalFacts): RenewalDecision {
  const reasons: Reason[] = [];
  if (!f.loan.isReaders) reasons.push(reason('NOT_YOUR_LOAN'));
  reasons.push(...standingReasons({ ...f.reader, suspendedUntil: null }, f.today));
  if (f.rule.renewals <= 0) reasons.push(reason('RENEWAL_NOT_ALLOWED'));
  else if (f.loan.renewals >= f.rule.renewals) reasons.push(reason('RENEWAL_LIMIT_REACHED', { max: f.rule.renewals }));
  const overdue = isOverdue(f.loan.dueDate, f.today);
  if (overdue && f.rule.overdueBlocksRenewal !== 'never') reasons.push(reason('LOAN_OVERDUE', { date: f.loan.dueDate }));
  else if (f.rule.overdueBlocksRenewal === 'any' && f.reader.hasOtherOverdueLoan) reasons.push(reason('OTHER_LOAN_OVERDUE'));
  if (f.copyHoldable && f.otherPendingHolds > f.otherAvailableCopies) reasons.push(reason('HELD_BY_OTHER'));
  let possibleFrom: string | null = null;
  if (f.rule.renewWindowDays !== null) {
    const opens = addDays(f.loan.dueDate, -f.rule.renewWindowDays);
    if (f.today < opens) {
      reasons.push(reason('TOO_EARLY', { date: opens }));
      possibleFrom = opens;
    }
  }
  const base = f.rule.renewalBase === 'today' ? f.today : f.loan.dueDate;
  const newDueDate = dueDate(f.calendar, base, f.rule.renewalDays, f.reader.membershipExpires, f.today);
  if (newDueDate <= f.loan.dueDate) reasons.push(reason('DUE_DATE_NOT_LATER', { date: newDueDate }));
  return { reasons, newDueDate, renewalsLeft: Math.max(0, f.rule.renewals - f.loan.renewals), possibleFrom: reasons.every((r) => r.code === 'TOO_EARLY') ? possibleFrom : null };
}

// ------------------------------------------------------------------ holds

export interface HoldCopyFacts {
  status: string;
  /** the rule of this copy for the reader allows holds; the rule's statuses a hold may wait for */
  holdsAllowed: boolean;
  holdStatuses: string[];
}

export interface HoldFacts {
  today: string;
  reader: ReaderStanding & { openHolds: number; maxHolds: number };
  copies: HoldCopyFacts[];
  alreadyHolding: boolean;
  alreadyBorrowing: boolean;
  pickupLibraryValid: boolean;
}

export function checkHold(f: HoldFacts): Reason[] {
  const reasons = standingReasons({ ...f.reader, suspendedUntil: null }, f.today);
  const holdable = f.copies.filter((c) => c.holdsAllowed);
  if (!f.copies.length) reasons.push(reason('NO_HOLDABLE_COPY'));
  else if (!holdable.length) reasons.push(reason('HOLDS_NOT_ALLOWED'));
  else if (holdable.some((c) => c.status === 'on_shelf')) reasons.push(reason('COPY_AVAILABLE'));
  else if (!holdable.some((c) => c.holdStatuses.includes(c.status))) reasons.push(reason('NO_HOLDABLE_COPY'));
  if (f.reader.openHolds >= f.reader.maxHolds) reasons.push(reason('MAX_HOLDS_REACHED', { max: f.reader.maxHolds }));
  if (f.alreadyHolding) reasons.push(reason('ALREADY_HOLDING'));
  if (f.alreadyBorrowing) reasons.push(reason('ALREADY_BORROWING'));
  if (!f.pickupLibraryValid) reasons.push(reason('PICKUP_LIBRARY_INVALID'));
  return reasons;
}

/** The last day a copy is kept on the holds shelf: the shelf period from today, on an open day of the pickup library. */
export function holdShelfExpiry(cal: LibraryCalendar, today: string, shelfDays: number): string {
  return cal.nextOpenDay(addDays(today, shelfDays));
}

// ------------------------------------------------------------------ lateness

export interface Lateness {
  daysLate: number;
  fineCents: number;
  suspensionDays: number;
}

/** What a late return costs: days late counted from the day after the due date to the return day (calendar days). */
export function lateness(rule: CirculationRule, due: string, returnedOn: string): Lateness {
  const daysLate = Math.max(0, daysBetween(due, returnedOn));
  return { daysLate, fineCents: daysLate * rule.fineCentsPerDay, suspensionDays: daysLate * rule.suspensionDaysPerDay };
}
