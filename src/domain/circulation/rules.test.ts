// The circulation rules as tables of cases, with a fixed clock (DESIGN.md 5).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LibraryCalendar, addDays, holidayState, publicHolidays, type CalendarData, type OpeningHours } from './calendar.js';
import {
  DEFAULT_RULE,
  checkCheckout,
  checkHold,
  checkRenewal,
  dueDate,
  holdShelfExpiry,
  lateness,
  resolveRule,
  type CheckoutFacts,
  type CirculationRule,
  type HoldFacts,
  type RenewalFacts,
  type ScopedRule,
} from './rules.js';
import { circulationMessage } from './messages.js';

const TODAY = '2026-11-20'; // a Friday
const WEEK: OpeningHours = {
  mon: [],
  tue: [['10:00', '12:30'], ['14:00', '18:00']],
  wed: [['10:00', '18:00']],
  thu: [['14:00', '18:00']],
  fri: [['14:00', '20:30']],
  sat: [['10:00', '18:00']],
  sun: [],
};
const SUMMER: OpeningHours = { tue: [['10:00', '13:00']], thu: [['10:00', '13:00']], fri: [['10:00', '13:00']], sat: [['10:00', '13:00']] };

function calendar(over: Partial<CalendarData> = {}): LibraryCalendar {
  return new LibraryCalendar({
    timeZone: 'Europe/Paris',
    holidayZone: 'metropole',
    weekly: WEEK,
    seasons: [{ name: 'Été', startMd: '07-01', endMd: '08-31', hours: SUMMER }],
    closures: [{ start: '2026-12-08', end: '2026-12-10', reason: 'Inventaire' }],
    ...over,
  });
}
const CAL = calendar();

describe('library calendar', () => {
  const cases: Array<[string, string, CalendarData['holidayZone'], string | null]> = [
    // date, expected next open day, zone, why the date itself is closed
    ['2026-11-20', '2026-11-20', 'metropole', null],
    ['2026-11-22', '2026-11-24', 'metropole', 'weekly'], // Sunday, then Monday closed
    ['2026-11-11', '2026-11-12', 'metropole', 'holiday'], // Armistice (a Wednesday)
    ['2026-12-25', '2026-12-26', 'metropole', 'holiday'], // Christmas; St Stephen's day is open in metropolitan France
    ['2026-12-25', '2026-12-29', 'alsace-moselle', 'holiday'], // St Stephen's day closed too, then Sunday, Monday
    ['2027-03-26', '2027-03-26', 'metropole', null], // Good Friday: open in metropolitan France
    ['2027-03-26', '2027-03-27', 'alsace-moselle', 'holiday'], // Good Friday in Alsace-Moselle
    ['2027-05-27', '2027-05-27', 'metropole', null], // Thursday
    ['2027-05-27', '2027-05-28', 'GP', 'holiday'], // abolition of slavery in Guadeloupe
    ['2027-05-27', '2027-05-28', '971', 'holiday'], // the same by département number
    ['2026-12-08', '2026-12-11', 'metropole', 'closure'], // exceptional closure, both ends included
    ['2026-07-15', '2026-07-16', 'metropole', 'weekly'], // summer hours: closed on Wednesdays
    ['2026-07-14', '2026-07-16', 'metropole', 'holiday'], // Bastille Day, then the summer Wednesday
    ['2026-09-02', '2026-09-02', 'metropole', null], // the season is over: Wednesdays open again
  ];
  for (const [date, next, zone, why] of cases) {
    it(`${date} (${zone}) -> ${next}${why ? `, closed: ${why}` : ''}`, () => {
      const cal = calendar({ holidayZone: zone });
      assert.equal(cal.nextOpenDay(date), next);
      assert.equal(cal.closedReason(date)?.kind ?? null, why);
    });
  }
  it('a season may run over the new year', () => {
    const cal = calendar({ seasons: [{ name: 'Hiver', startMd: '12-20', endMd: '01-05', hours: { sat: [['10:00', '12:00']] } }] });
    assert.equal(cal.nextOpenDay('2026-12-29'), '2027-01-02', 'only Saturdays during the season');
    assert.equal(cal.nextOpenDay('2027-01-06'), '2027-01-06', 'Wednesday after the season');
  });
  it('names the holidays of a zone from the date-holidays package', () => {
    assert.equal(publicHolidays('metropole', 2026).size, 11, 'the 11 public holidays of metropolitan France');
    assert.equal(publicHolidays('alsace-moselle', 2026).size, 13, 'plus Good Friday and St Stephen’s day');
    assert.equal(publicHolidays('RE', 2026).get('2026-12-20'), 'Abolition de l’esclavage');
    assert.throws(() => holidayState('atlantis'), /unknown holiday zone/);
  });
});

describe('due dates', () => {
  const cases: Array<[string, string, number, string | null, string]> = [
    // why, from, days, membership end, due date
    ['plain 3 weeks', TODAY, 21, null, '2026-12-11'],
    ['moved off a closed Monday and a closure', '2026-11-16', 21, null, '2026-12-11'], // 12-07 is a Monday, 12-08..10 closed
    ['moved off a holiday', '2026-12-04', 21, null, '2026-12-26'],
    ['capped at membership expiry', TODAY, 21, '2026-12-01', '2026-12-01'],
    ['capped at the last open day before the expiry', TODAY, 21, '2026-11-30', '2026-11-28'],
    ['never before today', TODAY, 21, '2026-11-10', TODAY],
  ];
  for (const [why, from, days, end, expected] of cases) it(`${why}: ${from} + ${days} -> ${expected}`, () => assert.equal(dueDate(CAL, from, days, end, TODAY), expected));
  it('the last day a hold is kept falls on an open day', () => {
    assert.equal(holdShelfExpiry(CAL, TODAY, 10), '2026-12-01', '11-30 is a Monday');
  });
});

describe('rule resolution: the most specific rule wins (library, then category, then loan type)', () => {
  const r = (loanDays: number): CirculationRule => ({ ...DEFAULT_RULE, loanDays });
  const rules: ScopedRule[] = [
    { libraryId: null, categoryId: null, loanTypeId: null, rule: r(21) },
    { libraryId: null, categoryId: null, loanTypeId: 3, rule: r(14) },
    { libraryId: null, categoryId: 2, loanTypeId: null, rule: r(28) },
    { libraryId: 1, categoryId: null, loanTypeId: null, rule: r(30) },
    { libraryId: 1, categoryId: null, loanTypeId: 3, rule: r(7) },
  ];
  const cases: Array<[number, number, number, number]> = [
    [2, 1, 1, 21],
    [2, 1, 3, 14],
    [2, 2, 3, 28], // category beats loan type
    [1, 2, 3, 7], // library beats category
    [1, 1, 1, 30],
  ];
  for (const [libraryId, categoryId, loanTypeId, days] of cases) {
    it(`library ${libraryId}, category ${categoryId}, loan type ${loanTypeId} -> ${days} days`, () => assert.equal(resolveRule(rules, { libraryId, categoryId, loanTypeId }).loanDays, days));
  }
  it('no rule at all: the built-in default', () => assert.equal(resolveRule([], { libraryId: 1, categoryId: 1, loanTypeId: 1 }), DEFAULT_RULE));
});

const ONE_WEEK: CirculationRule = { ...DEFAULT_RULE, loanDays: 7, renewals: 0 };

describe('renewals', () => {
  const base: RenewalFacts = {
    today: TODAY,
    reader: { blocked: false, membershipExpires: '2027-06-30', suspendedUntil: null, hasOtherOverdueLoan: false },
    loan: { dueDate: '2026-11-27', renewals: 0, isReaders: true },
    otherPendingHolds: 0,
    otherAvailableCopies: 0,
    copyHoldable: true,
    rule: DEFAULT_RULE,
    calendar: CAL,
  };
  const cases: Array<[string, (f: RenewalFacts) => RenewalFacts, string[], string?]> = [
    ['allowed: 3 more weeks from the due date', (f) => f, [], '2026-12-18'],
    ['renewed once already: still allowed', (f) => ({ ...f, loan: { ...f.loan, renewals: 1 } }), [], '2026-12-18'],
    ['renewal limit reached', (f) => ({ ...f, loan: { ...f.loan, renewals: 2 } }), ['RENEWAL_LIMIT_REACHED']],
    ['one-week loan', (f) => ({ ...f, rule: ONE_WEEK }), ['RENEWAL_NOT_ALLOWED']],
    ['overdue loan', (f) => ({ ...f, loan: { ...f.loan, dueDate: '2026-11-19' } }), ['LOAN_OVERDUE']],
    ['due today is not overdue', (f) => ({ ...f, loan: { ...f.loan, dueDate: TODAY } }), [], '2026-12-11'],
    ['overdue, rule says never blocks', (f) => ({ ...f, loan: { ...f.loan, dueDate: '2026-11-19' }, rule: { ...DEFAULT_RULE, overdueBlocksRenewal: 'never' } }), []],
    ['another loan overdue, rule says any', (f) => ({ ...f, reader: { ...f.reader, hasOtherOverdueLoan: true }, rule: { ...DEFAULT_RULE, overdueBlocksRenewal: 'any' } }), ['OTHER_LOAN_OVERDUE']],
    ['another loan overdue, default rule', (f) => ({ ...f, reader: { ...f.reader, hasOtherOverdueLoan: true } }), []],
    ['title held by another reader, this copy could fill it', (f) => ({ ...f, otherPendingHolds: 1 }), ['HELD_BY_OTHER']],
    ['hold that another available copy can fill', (f) => ({ ...f, otherPendingHolds: 1, otherAvailableCopies: 1 }), []],
    ['two holds, one other copy on the shelf', (f) => ({ ...f, otherPendingHolds: 2, otherAvailableCopies: 1 }), ['HELD_BY_OTHER']],
    ['hold, but this copy cannot fill holds', (f) => ({ ...f, otherPendingHolds: 1, copyHoldable: false }), []],
    ['expired membership', (f) => ({ ...f, reader: { ...f.reader, membershipExpires: '2026-11-01' } }), ['MEMBERSHIP_EXPIRED', 'DUE_DATE_NOT_LATER']],
    ['blocked reader', (f) => ({ ...f, reader: { ...f.reader, blocked: true } }), ['READER_BLOCKED']],
    ['not this reader’s loan', (f) => ({ ...f, loan: { ...f.loan, isReaders: false } }), ['NOT_YOUR_LOAN']],
    ['would not move the due date later (membership ends first)', (f) => ({ ...f, reader: { ...f.reader, membershipExpires: '2026-11-27' } }), ['DUE_DATE_NOT_LATER']],
    ['capped at membership expiry but later', (f) => ({ ...f, reader: { ...f.reader, membershipExpires: '2026-12-05' } }), [], '2026-12-05'],
    ['renewal from today', (f) => ({ ...f, rule: { ...DEFAULT_RULE, renewalBase: 'today' } }), [], '2026-12-11'],
    ['too early for the renewal window', (f) => ({ ...f, rule: { ...DEFAULT_RULE, renewWindowDays: 3 } }), ['TOO_EARLY']],
    ['due date moved off the closure', (f) => ({ ...f, today: '2026-11-16', loan: { ...f.loan, dueDate: '2026-11-17' } }), [], '2026-12-11'],
  ];
  for (const [why, make, codes, newDue] of cases) {
    it(`${why} -> ${codes.join(', ') || 'renewable'}`, () => {
      const d = checkRenewal(make(base));
      assert.deepEqual(d.reasons.map((r) => r.code), codes);
      if (newDue) assert.equal(d.newDueDate, newDue);
    });
  }
  it('says from when a renewal too early becomes possible', () => {
    const d = checkRenewal({ ...base, rule: { ...DEFAULT_RULE, renewWindowDays: 3 } });
    assert.equal(d.possibleFrom, '2026-11-24');
    assert.equal(circulationMessage(d.reasons[0]!, 'fr'), 'Trop tôt : prolongation possible à partir du 24/11/2026.');
    assert.equal(checkRenewal({ ...base, loan: { ...base.loan, renewals: 2 } }).possibleFrom, null, 'a limit never lifts');
  });
});

describe('check-out', () => {
  const base: CheckoutFacts = {
    today: TODAY,
    reader: { blocked: false, membershipExpires: '2027-06-30', suspendedUntil: null, loansTotal: 3, loansOfType: 0 },
    copy: { status: 'on_shelf', borrowerIsReader: null, heldForOther: false },
    rule: DEFAULT_RULE,
    calendar: CAL,
  };
  const cases: Array<[string, (f: CheckoutFacts) => CheckoutFacts, Array<[string, boolean]>]> = [
    ['a copy on the shelf', (f) => f, []],
    ['blocked reader', (f) => ({ ...f, reader: { ...f.reader, blocked: true } }), [['READER_BLOCKED', true]]],
    ['expired membership', (f) => ({ ...f, reader: { ...f.reader, membershipExpires: '2026-11-19' } }), [['MEMBERSHIP_EXPIRED', true]]],
    ['membership ends today: still valid', (f) => ({ ...f, reader: { ...f.reader, membershipExpires: TODAY } }), []],
    ['suspended reader', (f) => ({ ...f, reader: { ...f.reader, suspendedUntil: '2026-11-25' } }), [['READER_SUSPENDED', true]]],
    ['copy waiting on the holds shelf for someone else', (f) => ({ ...f, copy: { ...f.copy, status: 'on_hold_shelf', heldForOther: true } }), [['COPY_HELD_FOR_OTHER', true]]],
    ['loan limit reached', (f) => ({ ...f, reader: { ...f.reader, loansTotal: 30 } }), [['MAX_LOANS_REACHED', true]]],
    ['4 DVDs already', (f) => ({ ...f, rule: { ...DEFAULT_RULE, maxLoansOfType: 4 }, reader: { ...f.reader, loansOfType: 4 } }), [['MAX_LOANS_OF_TYPE_REACHED', true]]],
    ['copy on loan to another reader', (f) => ({ ...f, copy: { ...f.copy, status: 'on_loan', borrowerIsReader: false } }), [['COPY_ON_LOAN', false]]],
    ['copy already borrowed by this reader', (f) => ({ ...f, copy: { ...f.copy, status: 'on_loan', borrowerIsReader: true } }), [['COPY_ALREADY_BORROWED', false]]],
    ['reference copy', (f) => ({ ...f, rule: { ...DEFAULT_RULE, loanDays: 0 } }), [['COPY_NOT_LOANABLE', false]]],
    ['reference loan type, though a category rule lends for 21 days', (f) => ({ ...f, copy: { ...f.copy, referenceOnly: true } }), [['COPY_NOT_LOANABLE', false]]],
    ['lost copy', (f) => ({ ...f, copy: { ...f.copy, status: 'lost' } }), [['COPY_UNAVAILABLE', false]]],
  ];
  for (const [why, make, expected] of cases) {
    it(`${why} -> ${expected.map(([c]) => c).join(', ') || 'allowed'}`, () => {
      const d = checkCheckout(make(base));
      assert.deepEqual(d.reasons.map((r) => [r.code, r.overridable]), expected);
    });
  }
  it('the due date is capped at the membership expiry', () => {
    assert.equal(checkCheckout({ ...base, reader: { ...base.reader, membershipExpires: '2026-12-01' } }).dueDate, '2026-12-01');
  });
});

describe('holds', () => {
  const out = { status: 'on_loan', holdsAllowed: true, holdStatuses: ['on_loan', 'in_transit'] };
  const base: HoldFacts = {
    today: TODAY,
    reader: { blocked: false, membershipExpires: null, suspendedUntil: null, openHolds: 3, maxHolds: 10 },
    copies: [out, { ...out, status: 'in_transit' }],
    alreadyHolding: false,
    alreadyBorrowing: false,
    pickupLibraryValid: true,
  };
  const cases: Array<[string, (f: HoldFacts) => HoldFacts, string[]]> = [
    ['every copy out', (f) => f, []],
    ['a copy on the shelf', (f) => ({ ...f, copies: [...f.copies, { ...out, status: 'on_shelf' }] }), ['COPY_AVAILABLE']],
    ['a copy on the shelf that cannot be held does not count', (f) => ({ ...f, copies: [...f.copies, { ...out, status: 'on_shelf', holdsAllowed: false }] }), []],
    ['10 holds reached', (f) => ({ ...f, reader: { ...f.reader, openHolds: 10 } }), ['MAX_HOLDS_REACHED']],
    ['already holding', (f) => ({ ...f, alreadyHolding: true }), ['ALREADY_HOLDING']],
    ['already borrowing', (f) => ({ ...f, alreadyBorrowing: true }), ['ALREADY_BORROWING']],
    ['no copies', (f) => ({ ...f, copies: [] }), ['NO_HOLDABLE_COPY']],
    ['holds not allowed on these copies', (f) => ({ ...f, copies: f.copies.map((c) => ({ ...c, holdsAllowed: false })) }), ['HOLDS_NOT_ALLOWED']],
    ['copies lost or withdrawn only', (f) => ({ ...f, copies: [{ ...out, status: 'lost' }] }), ['NO_HOLDABLE_COPY']],
    ['expired membership', (f) => ({ ...f, reader: { ...f.reader, membershipExpires: '2026-10-01' } }), ['MEMBERSHIP_EXPIRED']],
    ['blocked reader', (f) => ({ ...f, reader: { ...f.reader, blocked: true } }), ['READER_BLOCKED']],
    ['unknown pickup library', (f) => ({ ...f, pickupLibraryValid: false }), ['PICKUP_LIBRARY_INVALID']],
  ];
  for (const [why, make, codes] of cases) it(`${why} -> ${codes.join(', ') || 'allowed'}`, () => assert.deepEqual(checkHold(make(base)).map((r) => r.code), codes));
});

describe('lateness', () => {
  const cases: Array<[string, Partial<CirculationRule>, string, number, number, number]> = [
    ['on time', {}, '2026-11-20', 0, 0, 0],
    ['default rule: late but free', {}, '2026-11-25', 5, 0, 0],
    ['20 cents a day', { fineCentsPerDay: 20 }, '2026-11-25', 5, 100, 0],
    ['a day of suspension per day late', { suspensionDaysPerDay: 1 }, '2026-11-23', 3, 0, 3],
  ];
  for (const [why, rule, returned, days, cents, suspension] of cases) {
    it(why, () => assert.deepEqual(lateness({ ...DEFAULT_RULE, ...rule }, '2026-11-20', returned), { daysLate: days, fineCents: cents, suspensionDays: suspension }));
  }
  it('date arithmetic crosses months and years', () => assert.equal(addDays('2026-12-30', 3), '2027-01-02'));
});
