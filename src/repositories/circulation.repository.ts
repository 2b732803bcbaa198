// Loans, holds, transits, rules and calendars in the database. Built on a transaction's Kysely (Tx) by the
// circulation service; `lock` adds FOR UPDATE on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CirculationRuleTable, Database } from '../db/schema.js';
import { DEFAULT_RULE, type CirculationRule, type OverdueBlocks, type RenewalBase, type RuleLibraryBasis, type ScopedRule } from '../domain/circulation/rules.js';
import type { CalendarData, OpeningHours } from '../domain/circulation/calendar.js';

export interface CopyState {
  id: number;
  barcode: string;
  recordId: number;
  homeLibraryId: number;
  currentLibraryId: number;
  loanTypeId: number;
  /** the loan type lends for 0 days: reference copies, read in the library (whatever the rules say) */
  referenceOnly: boolean;
  status: string;
  title: string;
  callNumber: string | null;
}

export interface ReaderState {
  id: number;
  cardNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  language: 'fr' | 'en';
  categoryId: number;
  homeLibraryId: number;
  blocked: boolean;
  membershipExpires: string | null;
  suspendedUntil: string | null;
  keepHistory: boolean;
}

export interface OpenLoan {
  id: number;
  copyId: number;
  recordId: number;
  readerId: number;
  libraryId: number;
  loanTypeId: number;
  checkedOutAt: string;
  dueDate: string;
  renewals: number;
}

export interface OpenHold {
  id: number;
  recordId: number;
  readerId: number;
  pickupLibraryId: number;
  status: 'pending' | 'in_transit' | 'available';
  placedAt: string;
  copyId: number | null;
  availableAt: string | null;
  expiresOn: string | null;
}

export const OPEN_HOLD_STATUSES = ['pending', 'in_transit', 'available'] as const;

export function ruleScope(libraryId: number | null, categoryId: number | null, loanTypeId: number | null): string {
  return [libraryId, categoryId, loanTypeId].map((v) => (v === null ? '*' : String(v))).join(':');
}

export function ruleFromRow(r: Selectable<CirculationRuleTable>): CirculationRule {
  let holdStatuses: string[] = DEFAULT_RULE.holdStatuses;
  try {
    const v: unknown = JSON.parse(r.hold_statuses);
    if (Array.isArray(v)) holdStatuses = v.filter((x): x is string => typeof x === 'string');
  } catch {
    // keep the default
  }
  return {
    loanDays: r.loan_days,
    maxLoansTotal: r.max_loans_total,
    maxLoansOfType: r.max_loans_of_type,
    renewals: r.renewals,
    renewalDays: r.renewal_days,
    renewalBase: r.renewal_base as RenewalBase,
    renewWindowDays: r.renew_window_days,
    overdueBlocksRenewal: r.overdue_blocks_renewal as OverdueBlocks,
    holdsAllowed: r.holds_allowed === 1,
    holdStatuses,
    maxHolds: r.max_holds,
    holdShelfDays: r.hold_shelf_days,
    fineCentsPerDay: r.fine_cents_per_day,
    suspensionDaysPerDay: r.suspension_days_per_day,
  };
}

export function ruleColumns(rule: CirculationRule) {
  return {
    loan_days: rule.loanDays,
    max_loans_total: rule.maxLoansTotal,
    max_loans_of_type: rule.maxLoansOfType,
    renewals: rule.renewals,
    renewal_days: rule.renewalDays,
    renewal_base: rule.renewalBase,
    renew_window_days: rule.renewWindowDays,
    overdue_blocks_renewal: rule.overdueBlocksRenewal,
    holds_allowed: rule.holdsAllowed ? 1 : 0,
    hold_statuses: JSON.stringify(rule.holdStatuses),
    max_holds: rule.maxHolds,
    hold_shelf_days: rule.holdShelfDays,
    fine_cents_per_day: rule.fineCentsPerDay,
    suspension_days_per_day: rule.suspensionDaysPerDay,
  };
}

const RULE_LIBRARY_KEY = 'circulation.rule_library';

export class CirculationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** PostgreSQL: lock the rows read to decide (FOR UPDATE); SQLite's BEGIN IMMEDIATE already serialises */
    private readonly rowLocks = false,
  ) {}

  private get lock() {
    return this.rowLocks ? sql` for update` : sql``;
  }

  // ---------------------------------------------------------------- rules, settings, calendars

  async rules(): Promise<Array<ScopedRule & { id: number; updatedAt: string }>> {
    const rows = await this.db.selectFrom('circulation_rules').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, libraryId: r.library_id, categoryId: r.category_id, loanTypeId: r.loan_type_id, rule: ruleFromRow(r), updatedAt: r.updated_at }));
  }

  async saveRule(libraryId: number | null, categoryId: number | null, loanTypeId: number | null, rule: CirculationRule, now: string): Promise<number> {
    const scope = ruleScope(libraryId, categoryId, loanTypeId);
    const existing = await this.db.selectFrom('circulation_rules').select('id').where('scope', '=', scope).executeTakeFirst();
    if (existing) {
      await this.db.updateTable('circulation_rules').set({ ...ruleColumns(rule), updated_at: now }).where('id', '=', existing.id).execute();
      return existing.id;
    }
    const r = await this.db
      .insertInto('circulation_rules')
      .values({ scope, library_id: libraryId, category_id: categoryId, loan_type_id: loanTypeId, ...ruleColumns(rule), updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async deleteRule(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('circulation_rules').where('id', '=', id).where('scope', '!=', '*:*:*').executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The things a rule's scope names: libraries, reader categories or loan types (id, code, name). */
  scopeNames(table: 'libraries' | 'reader_categories' | 'loan_types') {
    return this.db.selectFrom(table).select(['id', 'code', 'name']).orderBy('code').execute();
  }

  async scopeExists(table: 'libraries' | 'reader_categories' | 'loan_types', id: number): Promise<boolean> {
    return !!(await this.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());
  }

  async ruleLibraryBasis(): Promise<RuleLibraryBasis> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', RULE_LIBRARY_KEY).executeTakeFirst();
    const v = row?.value ? (JSON.parse(row.value) as unknown) : null;
    return v === 'reader_home' || v === 'copy_home' ? v : 'checkout';
  }

  async calendarData(libraryId: number): Promise<CalendarData | undefined> {
    const lib = await this.db.selectFrom('libraries').select(['time_zone', 'holiday_zone', 'opening_hours']).where('id', '=', libraryId).executeTakeFirst();
    if (!lib) return undefined;
    const seasons = await this.db.selectFrom('library_seasons').select(['name', 'start_md', 'end_md', 'opening_hours']).where('library_id', '=', libraryId).execute();
    const closures = await this.db.selectFrom('library_closures').select(['start_date', 'end_date', 'reason']).where('library_id', '=', libraryId).execute();
    return {
      timeZone: lib.time_zone,
      holidayZone: lib.holiday_zone,
      weekly: JSON.parse(lib.opening_hours) as OpeningHours,
      seasons: seasons.map((s) => ({ name: s.name, startMd: s.start_md, endMd: s.end_md, hours: JSON.parse(s.opening_hours) as OpeningHours })),
      closures: closures.map((c) => ({ start: c.start_date, end: c.end_date, reason: c.reason })),
    };
  }

  /** Exceptional closures ending on or after `from`, by start date, with their library's name. */
  closures(from: string) {
    return this.db
      .selectFrom('library_closures as c')
      .innerJoin('libraries as l', 'l.id', 'c.library_id')
      .select(['c.id', 'c.library_id as libraryId', 'l.name as libraryName', 'c.start_date as start', 'c.end_date as end', 'c.reason'])
      .where('c.end_date', '>=', from)
      .orderBy('c.start_date')
      .orderBy('l.name')
      .execute();
  }

  async addClosure(libraryId: number, start: string, end: string, reason: string): Promise<number> {
    return (await this.db.insertInto('library_closures').values({ library_id: libraryId, start_date: start, end_date: end, reason }).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** Deletes a closure; returns its library, or null when there was none. */
  async deleteClosure(id: number): Promise<number | null> {
    const row = await this.db.deleteFrom('library_closures').where('id', '=', id).returning('library_id').executeTakeFirst();
    return row?.library_id ?? null;
  }

  async libraries(): Promise<Array<{ id: number; code: string; name: string; address: string | null; postcode: string | null; city: string | null; phone: string | null; email: string | null; openingHours: OpeningHours }>> {
    const rows = await this.db.selectFrom('libraries').select(['id', 'code', 'name', 'address', 'postcode', 'city', 'phone', 'email', 'opening_hours']).orderBy('name').execute();
    return rows.map((l) => ({ ...l, openingHours: JSON.parse(l.opening_hours) as OpeningHours }));
  }

  // ---------------------------------------------------------------- readers and copies

  async lockReader(where: { id: number } | { cardNumber: string }): Promise<ReaderState | undefined> {
    const cond = 'id' in where ? sql`id = ${where.id}` : sql`card_number = ${where.cardNumber}`;
    const r = await sql<{
      id: number;
      card_number: string;
      first_name: string;
      last_name: string;
      email: string | null;
      language: string;
      category_id: number;
      home_library_id: number;
      blocked: number;
      membership_expires: string | null;
      suspended_until: string | null;
      keep_history: number;
    }>`select id, card_number, first_name, last_name, email, language, category_id, home_library_id, blocked, membership_expires, suspended_until, keep_history
       from readers where ${cond}${this.lock}`.execute(this.db);
    const row = r.rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      cardNumber: row.card_number,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      language: row.language === 'en' ? 'en' : 'fr',
      categoryId: row.category_id,
      homeLibraryId: row.home_library_id,
      blocked: row.blocked === 1,
      membershipExpires: row.membership_expires,
      suspendedUntil: row.suspended_until,
      keepHistory: row.keep_history === 1,
    };
  }

  /** A copy, locked (PostgreSQL) until the end of the transaction; `lock` false reads it without locking. */
  async lockCopy(where: { id: number } | { barcode: string }, lock = true): Promise<CopyState | undefined> {
    const cond = 'id' in where ? sql`c.id = ${where.id}` : sql`c.barcode = ${where.barcode}`;
    const lockOf = this.rowLocks && lock ? sql` for update of c` : sql``;
    const r = await sql<{ id: number; barcode: string; record_id: number; home_library_id: number; current_library_id: number; loan_type_id: number; loan_days: number; status: string; title: string; call_number: string | null }>`
      select c.id, c.barcode, c.record_id, c.home_library_id, c.current_library_id, c.loan_type_id, t.loan_days, c.status, r.title, c.call_number
      from copies c join records r on r.id = c.record_id join loan_types t on t.id = c.loan_type_id where ${cond}${lockOf}`.execute(this.db);
    const c = r.rows[0];
    if (!c) return undefined;
    return {
      id: c.id,
      barcode: c.barcode,
      recordId: c.record_id,
      homeLibraryId: c.home_library_id,
      currentLibraryId: c.current_library_id,
      loanTypeId: c.loan_type_id,
      referenceOnly: Number(c.loan_days) <= 0,
      status: c.status,
      title: c.title,
      callNumber: c.call_number,
    };
  }

  async setCopy(copyId: number, status: string, currentLibraryId: number, now: string): Promise<void> {
    await this.db.updateTable('copies').set({ status, current_library_id: currentLibraryId, updated_at: now }).where('id', '=', copyId).execute();
  }

  /**
   * A copy's new status and place, and the record's availability change (every process's search index follows):
   * one statement on PostgreSQL (a data-modifying WITH), two on SQLite (no round trip to save there).
   */
  async setCopyAndLogChange(copy: { id: number; recordId: number }, status: string, currentLibraryId: number, now: string): Promise<void> {
    if (this.rowLocks) {
      await sql`with c as (update copies set status = ${status}, current_library_id = ${currentLibraryId}, updated_at = ${now} where id = ${copy.id})
        insert into catalogue_changes (record_id, kind, changed_at) values (${copy.recordId}, 'availability', ${now})`.execute(this.db);
      return;
    }
    await this.setCopy(copy.id, status, currentLibraryId, now);
    await this.db.insertInto('catalogue_changes').values({ record_id: copy.recordId, kind: 'availability', changed_at: now }).execute();
  }

  async copiesOfRecord(recordId: number): Promise<Array<{ id: number; status: string; homeLibraryId: number; currentLibraryId: number; loanTypeId: number; referenceOnly: boolean }>> {
    const rows = await this.db
      .selectFrom('copies')
      .innerJoin('loan_types as t', 't.id', 'copies.loan_type_id')
      .select(['copies.id', 'copies.status', 'copies.home_library_id', 'copies.current_library_id', 'copies.loan_type_id', 't.loan_days'])
      .where('copies.record_id', '=', recordId)
      .execute();
    return rows.map((c) => ({ id: c.id, status: c.status, homeLibraryId: c.home_library_id, currentLibraryId: c.current_library_id, loanTypeId: c.loan_type_id, referenceOnly: c.loan_days <= 0 }));
  }

  async setSuspension(readerId: number, until: string): Promise<void> {
    await this.db.updateTable('readers').set({ suspended_until: until }).where('id', '=', readerId).execute();
  }

  // ---------------------------------------------------------------- loans

  /**
   * The open loan of a copy. Read in its own statement after the copy is locked: on PostgreSQL a joined read
   * in the locking statement would see the loan as it was before a concurrent check-in committed.
   */
  async openLoanOfCopy(copyId: number): Promise<OpenLoan | undefined> {
    const r = await this.db.selectFrom('loans').selectAll().where('copy_id', '=', copyId).where('returned_at', 'is', null).executeTakeFirst();
    return r ? toLoan(r) : undefined;
  }

  /** The open loans of a copy and of a reader, in one statement (a check-out needs both). */
  async openLoansOfCopyOrReader(copyId: number, readerId: number): Promise<{ ofCopy: OpenLoan | undefined; ofReader: OpenLoan[] }> {
    const rows = await this.db
      .selectFrom('loans')
      .selectAll()
      .where('returned_at', 'is', null)
      .where((eb) => eb.or([eb('copy_id', '=', copyId), eb('reader_id', '=', readerId)]))
      .orderBy('due_date')
      .orderBy('id')
      .execute();
    const loans = rows.map(toLoan);
    return { ofCopy: loans.find((l) => l.copyId === copyId), ofReader: loans.filter((l) => l.readerId === readerId) };
  }

  async openLoansOfReader(readerId: number): Promise<OpenLoan[]> {
    const rows = await this.db.selectFrom('loans').selectAll().where('reader_id', '=', readerId).where('returned_at', 'is', null).orderBy('due_date').orderBy('id').execute();
    return rows.map(toLoan);
  }

  /**
   * A check-out's writes: the loan, the copy's status and its availability change in the change log. On
   * PostgreSQL one data-modifying statement (one round trip); on SQLite, where statements cost no round trip,
   * three.
   */
  async insertLoanAndSetCopy(l: Omit<OpenLoan, 'id' | 'renewals'> & { staffId: number | null; overrideCodes: string[] | null; overrideReason: string | null }, now: string): Promise<number> {
    const overrideCodes = l.overrideCodes ? JSON.stringify(l.overrideCodes) : null;
    if (this.rowLocks) {
      const r = await sql<{ id: number }>`with c as (update copies set status = 'on_loan', current_library_id = ${l.libraryId}, updated_at = ${now} where id = ${l.copyId}),
          ch as (insert into catalogue_changes (record_id, kind, changed_at) values (${l.recordId}, 'availability', ${now}))
        insert into loans (copy_id, record_id, reader_id, library_id, loan_type_id, checked_out_at, due_date, renewals, staff_id, override_codes, override_reason)
        values (${l.copyId}, ${l.recordId}, ${l.readerId}, ${l.libraryId}, ${l.loanTypeId}, ${l.checkedOutAt}, ${l.dueDate}, 0, ${l.staffId}, ${overrideCodes}, ${l.overrideReason})
        returning id`.execute(this.db);
      return r.rows[0]!.id;
    }
    const r = await this.db
      .insertInto('loans')
      .values({
        copy_id: l.copyId,
        record_id: l.recordId,
        reader_id: l.readerId,
        library_id: l.libraryId,
        loan_type_id: l.loanTypeId,
        checked_out_at: l.checkedOutAt,
        due_date: l.dueDate,
        renewals: 0,
        staff_id: l.staffId,
        override_codes: overrideCodes,
        override_reason: l.overrideReason,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.setCopyAndLogChange({ id: l.copyId, recordId: l.recordId }, 'on_loan', l.libraryId, now);
    return r.id;
  }

  async renewLoan(id: number, dueDate: string, now: string): Promise<void> {
    await this.db
      .updateTable('loans')
      .set((eb) => ({ due_date: dueDate, renewals: eb('renewals', '+', 1), last_renewed_at: now }))
      .where('id', '=', id)
      .where('returned_at', 'is', null)
      .execute();
  }

  /** Closes a loan; the link to the reader goes unless they keep a reading history (CNIL). */
  async closeLoan(id: number, returnedAt: string, libraryId: number, keepReader: boolean): Promise<void> {
    await this.db
      .updateTable('loans')
      .set({ returned_at: returnedAt, return_library_id: libraryId, ...(keepReader ? {} : { reader_id: null }) })
      .where('id', '=', id)
      .execute();
  }

  // ---------------------------------------------------------------- holds

  async lockHold(id: number): Promise<OpenHold | undefined> {
    const r = await sql<Record<string, unknown>>`select * from holds where id = ${id} and status in ('pending', 'in_transit', 'available')${this.lock}`.execute(this.db);
    return r.rows[0] ? toHold(r.rows[0]) : undefined;
  }

  async openHoldsOfRecord(recordId: number): Promise<OpenHold[]> {
    const rows = await this.db.selectFrom('holds').selectAll().where('record_id', '=', recordId).where('status', 'in', [...OPEN_HOLD_STATUSES]).orderBy('id').execute();
    return rows.map((r) => toHold(r));
  }

  async openHoldsOfReader(readerId: number): Promise<OpenHold[]> {
    const rows = await this.db.selectFrom('holds').selectAll().where('reader_id', '=', readerId).where('status', 'in', [...OPEN_HOLD_STATUSES]).orderBy('id').execute();
    return rows.map((r) => toHold(r));
  }

  async holdOfCopy(copyId: number): Promise<OpenHold | undefined> {
    const r = await this.db.selectFrom('holds').selectAll().where('copy_id', '=', copyId).where('status', 'in', ['in_transit', 'available']).executeTakeFirst();
    return r ? toHold(r) : undefined;
  }

  async insertHold(h: { recordId: number; readerId: number; pickupLibraryId: number; placedAt: string }): Promise<number> {
    const r = await this.db
      .insertInto('holds')
      .values({ record_id: h.recordId, reader_id: h.readerId, pickup_library_id: h.pickupLibraryId, status: 'pending', placed_at: h.placedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async updateHold(id: number, set: Partial<{ status: string; copy_id: number | null; available_at: string | null; expires_on: string | null; closed_at: string | null; closed_by_staff_id: number | null }>): Promise<void> {
    await this.db.updateTable('holds').set(set).where('id', '=', id).execute();
  }

  /** Available holds whose last day is before `today` (per library: each library's own today). */
  async expiredAvailableHolds(libraryId: number, today: string): Promise<OpenHold[]> {
    const rows = await this.db.selectFrom('holds').selectAll().where('status', '=', 'available').where('pickup_library_id', '=', libraryId).where('expires_on', '<', today).orderBy('id').execute();
    return rows.map((r) => toHold(r));
  }

  // ---------------------------------------------------------------- transits

  async openTransitOfCopy(copyId: number): Promise<{ id: number; fromLibraryId: number; toLibraryId: number; holdId: number | null } | undefined> {
    const r = await this.db.selectFrom('transits').selectAll().where('copy_id', '=', copyId).where('received_at', 'is', null).executeTakeFirst();
    return r ? { id: r.id, fromLibraryId: r.from_library_id, toLibraryId: r.to_library_id, holdId: r.hold_id } : undefined;
  }

  async startTransit(t: { copyId: number; fromLibraryId: number; toLibraryId: number; holdId: number | null; sentAt: string }): Promise<void> {
    await this.db.insertInto('transits').values({ copy_id: t.copyId, from_library_id: t.fromLibraryId, to_library_id: t.toLibraryId, hold_id: t.holdId, sent_at: t.sentAt }).execute();
  }

  async endTransit(id: number, at: string): Promise<void> {
    await this.db.updateTable('transits').set({ received_at: at }).where('id', '=', id).execute();
  }

  async detachTransitHold(id: number): Promise<void> {
    await this.db.updateTable('transits').set({ hold_id: null }).where('id', '=', id).execute();
  }

  // ---------------------------------------------------------------- records, the holds shelf

  /** Serialises hold placement on one title (PostgreSQL): queue places are then counted after the last commit. */
  async lockRecord(id: number): Promise<boolean> {
    const r = await sql<{ id: number }>`select id from records where id = ${id}${this.lock}`.execute(this.db);
    return r.rows.length > 0;
  }

  async recordExists(id: number): Promise<boolean> {
    return !!(await this.db.selectFrom('records').select('id').where('id', '=', id).executeTakeFirst());
  }

  async recordTitle(id: number): Promise<string> {
    return (await this.db.selectFrom('records').select('title').where('id', '=', id).executeTakeFirst())?.title ?? '';
  }

  /** Copies in the shuttle coming to (`to_library_id`) or going from (`from_library_id`) a library, with the other library's name. */
  private openTransits(side: 'to_library_id' | 'from_library_id', libraryId: number) {
    return this.db
      .selectFrom('transits as t')
      .innerJoin('copies as c', 'c.id', 't.copy_id')
      .innerJoin('records as r', 'r.id', 'c.record_id')
      .innerJoin('libraries as l', 'l.id', side === 'to_library_id' ? 't.from_library_id' : 't.to_library_id')
      .select(['r.title', 'c.barcode', 'l.name', 't.sent_at', 't.hold_id'])
      .where(`t.${side}`, '=', libraryId)
      .where('t.received_at', 'is', null)
      .orderBy('t.sent_at')
      .limit(1000)
      .execute();
  }

  /** A library's holds shelf: copies waiting (expired ones flagged), copies coming in and going out. */
  async holdsShelf(libraryId: number, today: string) {
    const [waiting, incoming, outgoing] = await Promise.all([
      this.db
        .selectFrom('holds as h')
        .innerJoin('copies as c', 'c.id', 'h.copy_id')
        .innerJoin('records as r', 'r.id', 'h.record_id')
        .innerJoin('readers as p', 'p.id', 'h.reader_id')
        .select(['h.id', 'r.title', 'c.barcode', 'p.card_number', 'p.first_name', 'p.last_name', 'h.expires_on'])
        .where('h.status', '=', 'available')
        .where('h.pickup_library_id', '=', libraryId)
        .orderBy('h.expires_on')
        .orderBy('h.id')
        .limit(1000)
        .execute(),
      this.openTransits('to_library_id', libraryId),
      this.openTransits('from_library_id', libraryId),
    ]);
    return {
      waiting: waiting.map((w) => ({
        holdId: w.id,
        title: w.title,
        barcode: w.barcode,
        reader: { cardNumber: w.card_number, name: `${w.first_name} ${w.last_name}` },
        expiresOn: w.expires_on ?? '',
        expired: (w.expires_on ?? '') < today,
      })),
      incoming: incoming.map((t) => ({ title: t.title, barcode: t.barcode, fromLibraryName: t.name, sentAt: t.sent_at, forHold: t.hold_id !== null })),
      outgoing: outgoing.map((t) => ({ title: t.title, barcode: t.barcode, toLibraryName: t.name, sentAt: t.sent_at, forHold: t.hold_id !== null })),
    };
  }
}

function toLoan(r: { id: number; copy_id: number; record_id: number; reader_id: number | null; library_id: number; loan_type_id: number; checked_out_at: string; due_date: string; renewals: number }): OpenLoan {
  return { id: r.id, copyId: r.copy_id, recordId: r.record_id, readerId: r.reader_id ?? 0, libraryId: r.library_id, loanTypeId: r.loan_type_id, checkedOutAt: r.checked_out_at, dueDate: r.due_date, renewals: Number(r.renewals) };
}

function toHold(r: Record<string, unknown>): OpenHold {
  return {
    id: Number(r.id),
    recordId: Number(r.record_id),
    readerId: Number(r.reader_id),
    pickupLibraryId: Number(r.pickup_library_id),
    status: r.status as OpenHold['status'],
    placedAt: String(r.placed_at),
    copyId: r.copy_id === null || r.copy_id === undefined ? null : Number(r.copy_id),
    availableAt: (r.available_at as string | null) ?? null,
    expiresOn: (r.expires_on as string | null) ?? null,
  };
}
