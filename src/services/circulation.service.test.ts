// Circulation through the service, on both engines: desk check-out and check-in (overrides, backdating,
// lateness, transits), renewals, holds from placement to pickup or expiry, the email of an available hold,
// CNIL unlinking, and races inside one process (across processes: test/circulation-processes.test.ts).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngines, type TestDb } from '../../test/helpers/db.js';
import { seedCirculation, type CirculationFixture } from '../../test/helpers/circulation.js';
import { testClock, type TestClock } from '../../test/helpers/accounts.js';
import { CirculationService } from './circulation.service.js';
import { Mailer } from '../notices/mailer.js';
import { AuthzError } from '../authz/accounts.js';
import { circulationMessage } from '../domain/circulation/messages.js';

const ENGINES = await testEngines();

const codes = (r: { ok: boolean; reasons?: Array<{ code: string }> }) => (r.ok ? [] : (r.reasons ?? []).map((x) => x.code));

for (const engine of ENGINES) {
  describe(`circulation service (${engine.name})`, () => {
    let t: TestDb;
    let f: CirculationFixture;
    let clock: TestClock;
    let svc: CirculationService;
    let mailer: Mailer;
    const dataDir = mkdtempSync(join(tmpdir(), 'colophon-circ-'));

    before(async () => {
      t = await engine.create();
      f = await seedCirculation(t.db);
      clock = testClock(new Date('2026-11-20T10:00:00.000Z'));
      // no SMTP_URL: messages are filed as .eml in a temporary data directory (the outbox row is what we check)
      mailer = new Mailer({ db: t.db, config: { baseUrl: 'http://localhost:3000', smtpUrl: null, dataDir }, now: clock.now });
      svc = new CirculationService({ db: t.db, config: { baseUrl: 'http://localhost:3000' }, mailer, now: clock.now });
    });
    after(async () => {
      await mailer.drain();
      await t.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const desk = (staff: 'centre' | 'tilleuls', libraryId: number) => ({
      checkout: (cardNumber: string, barcode: string, override?: { reason: string }) => svc.checkout(f.staff[staff], { libraryId, cardNumber, barcode, override }),
      checkin: (barcode: string, returnedOn?: string) => svc.checkin(f.staff[staff], { libraryId, barcode, returnedOn }),
    });

    it('checks out a copy with its due date on an open day, and logs the availability change', async () => {
      const before = await t.db.kysely.selectFrom('catalogue_changes').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'availability').executeTakeFirstOrThrow();
      const r = await desk('centre', f.lib.CENTRALE).checkout(' 2900 1000 0001 7 ', f.barcodes.novel[0]!);
      assert.ok(r.ok, `checked out: ${JSON.stringify(r)}`);
      assert.equal(r.dueDate, '2026-12-11', '3 weeks from Friday 20 November');
      const copy = await t.db.kysely.selectFrom('copies').select(['status']).where('barcode', '=', f.barcodes.novel[0]!).executeTakeFirstOrThrow();
      assert.equal(copy.status, 'on_loan');
      const after = await t.db.kysely.selectFrom('catalogue_changes').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'availability').executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n) + 1, 'one availability change for the record');
      const again = await desk('centre', f.lib.CENTRALE).checkout(f.readers.emily.cardNumber, f.barcodes.novel[0]!);
      assert.deepEqual(codes(again as never), ['COPY_ON_LOAN'], 'never lent twice');
    });

    it('explains refusals; a librarian overrides the overridable ones with a reason, recorded', async () => {
      const d = desk('centre', f.lib.CENTRALE);
      const refused = await d.checkout(f.readers.henri.cardNumber, f.barcodes.popular[0]!);
      assert.equal(refused.ok, false);
      assert.ok(!refused.ok && refused.code === 'REFUSED' && refused.canOverride, 'expired membership can be overridden');
      assert.deepEqual(codes(refused as never), ['MEMBERSHIP_EXPIRED']);
      assert.match(circulationMessage((refused as { reasons: Array<{ code: 'MEMBERSHIP_EXPIRED'; params?: Record<string, string> }> }).reasons[0]!, 'fr'), /L’adhésion a pris fin le 01\/10\/2026/);
      assert.deepEqual(await d.checkout(f.readers.henri.cardNumber, f.barcodes.popular[0]!, { reason: '  ' }), { ok: false, code: 'OVERRIDE_REASON_REQUIRED' });
      const forced = await d.checkout(f.readers.henri.cardNumber, f.barcodes.popular[0]!, { reason: 'Renouvellement payé ce jour' });
      assert.ok(forced.ok, 'overridden');
      assert.deepEqual(forced.overridden, ['MEMBERSHIP_EXPIRED']);
      assert.ok(forced.dueDate === '2026-11-20', `capped at the membership end, never before today: ${forced.dueDate}`);
      const loan = await t.db.kysely.selectFrom('loans').select(['override_codes', 'override_reason', 'staff_id']).where('id', '=', forced.loanId).executeTakeFirstOrThrow();
      assert.deepEqual([JSON.parse(loan.override_codes!), loan.override_reason, loan.staff_id], [['MEMBERSHIP_EXPIRED'], 'Renouvellement payé ce jour', f.staff.centre.staffId]);
      const reference = await d.checkout(f.readers.camille.cardNumber, f.barcodes.atlas[0]!, { reason: 'essai' });
      assert.ok(!reference.ok && reference.code === 'REFUSED' && !reference.canOverride, 'a reference copy is never lent');
      assert.deepEqual(codes(reference as never), ['COPY_NOT_LOANABLE']);
      assert.deepEqual(await d.checkout('0000', f.barcodes.popular[1]!), { ok: false, code: 'READER_UNKNOWN' });
      assert.deepEqual(await d.checkout(f.readers.camille.cardNumber, 'nope'), { ok: false, code: 'COPY_UNKNOWN' });
      await d.checkin(f.barcodes.popular[0]!);
    });

    it('keeps staff to their own desks', async () => {
      await assert.rejects(svc.checkout(f.staff.tilleuls, { libraryId: f.lib.CENTRALE, cardNumber: f.readers.camille.cardNumber, barcode: f.barcodes.popular[1]! }), (e: unknown) => e instanceof AuthzError && e.code === 'FORBIDDEN');
      await assert.rejects(svc.checkout(f.readers.camille, { libraryId: f.lib.CENTRALE, cardNumber: f.readers.camille.cardNumber, barcode: f.barcodes.popular[1]! }), (e: unknown) => e instanceof AuthzError && e.code === 'FORBIDDEN');
      await assert.rejects(svc.checkout(null, { libraryId: f.lib.CENTRALE, cardNumber: '', barcode: '' }), (e: unknown) => e instanceof AuthzError && e.code === 'SIGN_IN_REQUIRED');
    });

    it('renews until the limit, never a one-week loan, never another reader’s loan', async () => {
      const d = desk('centre', f.lib.CENTRALE);
      const std = await d.checkout(f.readers.camille.cardNumber, f.barcodes.popular[1]!);
      const week = await d.checkout(f.readers.camille.cardNumber, f.barcodes.weekly[0]!);
      assert.ok(std.ok && week.ok, 'checked out');
      const first = await svc.renew(f.readers.camille, [std.loanId, week.loanId]);
      assert.deepEqual(first[0], { loanId: std.loanId, ok: true, dueDate: '2027-01-02' }, '11 Dec + 21 = 1 January (a holiday) -> Saturday 2 January');
      assert.deepEqual(codes(first[1]!), ['RENEWAL_NOT_ALLOWED']);
      assert.equal((await svc.renew(f.readers.camille, [std.loanId]))[0]!.ok, true, 'second renewal');
      assert.deepEqual(codes((await svc.renew(f.readers.camille, [std.loanId]))[0]!), ['RENEWAL_LIMIT_REACHED']);
      assert.deepEqual(codes((await svc.renew(f.readers.emily, [std.loanId]))[0]!), ['NOT_YOUR_LOAN'], 'another reader gets nothing');
      const view = (await svc.loans(f.readers.camille)).find((l) => l.id === std.loanId)!;
      assert.deepEqual([view.renewals, view.renewalsLeft, view.renewable, view.reasons.map((r) => r.code)], [2, 0, false, ['RENEWAL_LIMIT_REACHED']]);
      await d.checkin(f.barcodes.popular[1]!);
      await d.checkin(f.barcodes.weekly[0]!);
    });

    it('holds: refused while a copy is on the shelf; queue, transit, holds shelf, email, pickup; CNIL unlinking', async () => {
      const tDesk = desk('tilleuls', f.lib.TILLEULS);
      const cDesk = desk('centre', f.lib.CENTRALE);
      assert.deepEqual(codes(await svc.placeHold(f.readers.emily, f.titles.onecopy, f.lib.CENTRALE)), ['COPY_AVAILABLE']);
      const loan = await tDesk.checkout(f.readers.camille.cardNumber, f.barcodes.onecopy[0]!);
      assert.ok(loan.ok, 'checked out');
      assert.deepEqual(codes(await svc.placeHold(f.readers.camille, f.titles.onecopy, f.lib.CENTRALE)), ['ALREADY_BORROWING']);
      const h1 = await svc.placeHold(f.readers.emily, f.titles.onecopy, f.lib.CENTRALE);
      const h2 = await svc.placeHold(f.readers.lucas, f.titles.onecopy, f.lib.TILLEULS);
      assert.ok(h1.ok && h2.ok, 'placed');
      assert.deepEqual([h1.position, h2.position, h2.queueLength], [1, 2, 2]);
      assert.deepEqual(codes(await svc.placeHold(f.readers.emily, f.titles.onecopy, f.lib.CENTRALE)), ['ALREADY_HOLDING']);
      assert.deepEqual(codes((await svc.renew(f.readers.camille, [loan.loanId]))[0]!), ['HELD_BY_OTHER'], 'the copy must go to the next reader');
      const lucasView = (await svc.holds(f.readers.lucas))[0]!;
      assert.deepEqual([lucasView.status, lucasView.position, lucasView.queueLength, lucasView.pickupLibraryName], ['pending', 2, 2, 'Bibliothèque des Tilleuls']);

      // returned at Tilleuls: Emily picks up at the central library, so it travels
      const back = await tDesk.checkin(f.barcodes.onecopy[0]!);
      assert.ok(back.ok, 'checked in');
      assert.deepEqual(back.action, { kind: 'transit', toLibraryId: f.lib.CENTRALE, toLibraryName: 'Médiathèque Jeanne-Barret', holdId: h1.holdId });
      const closed = await t.db.kysely.selectFrom('loans').select(['reader_id', 'returned_at']).where('id', '=', loan.loanId).executeTakeFirstOrThrow();
      assert.equal(closed.reader_id, null, 'a returned loan keeps no link to its reader');
      assert.ok(closed.returned_at, 'closed');
      assert.equal((await svc.holds(f.readers.emily))[0]!.status, 'in_transit');
      const tilleulsShelf = await svc.holdsShelf(f.staff.tilleuls, f.lib.TILLEULS);
      assert.deepEqual(tilleulsShelf.outgoing.map((o) => [o.barcode, o.toLibraryName, o.forHold]), [[f.barcodes.onecopy[0], 'Médiathèque Jeanne-Barret', true]]);

      // received at the central library: on the holds shelf until an open day 10 days on, and the email
      const arrived = await cDesk.checkin(f.barcodes.onecopy[0]!);
      assert.ok(arrived.ok && arrived.action.kind === 'hold_shelf', `on the holds shelf: ${JSON.stringify(arrived)}`);
      assert.equal(arrived.action.expiresOn, '2026-12-01', '30 November is a Monday (closed)');
      const emilyView = (await svc.holds(f.readers.emily))[0]!;
      assert.deepEqual([emilyView.status, emilyView.expiresOn, emilyView.cancellable], ['available', '2026-12-01', false]);
      assert.deepEqual(codes(await svc.cancelHold(f.readers.emily, emilyView.id)), ['HOLD_NOT_CANCELLABLE'], 'a copy on the shelf is a staff matter');
      const mail = await t.db.kysely.selectFrom('outbox').selectAll().where('kind', '=', 'hold-available').executeTakeFirstOrThrow();
      assert.match(mail.event_key ?? '', new RegExp(`^hold-available:${h1.holdId}:`), 'the event it belongs to');
      assert.equal(mail.to_address, 'emily.carter@example.org');
      assert.match(mail.subject, /your hold is available/, 'in the reader’s language');
      assert.match(mail.text_body, /Le roman|Un seul exemplaire/);
      assert.match(mail.text_body, /until 01\/12\/2026/);
      const shelf = await svc.holdsShelf(f.staff.centre, f.lib.CENTRALE);
      assert.deepEqual(shelf.waiting.map((w) => [w.barcode, w.reader.cardNumber, w.expiresOn, w.expired]), [[f.barcodes.onecopy[0], f.readers.emily.cardNumber, '2026-12-01', false]]);

      // someone else cannot take it without an override; Emily can, and that fills her hold
      const other = await cDesk.checkout(f.readers.lucas.cardNumber, f.barcodes.onecopy[0]!);
      assert.deepEqual(codes(other as never), ['COPY_HELD_FOR_OTHER']);
      const pickup = await cDesk.checkout(f.readers.emily.cardNumber, f.barcodes.onecopy[0]!);
      assert.ok(pickup.ok && pickup.filledHoldId === h1.holdId, 'the hold is filled by the loan');
      assert.deepEqual((await svc.holds(f.readers.emily)).map((h) => h.id), [], 'no open hold left');
      assert.equal((await svc.holds(f.readers.lucas))[0]!.position, 1, 'Lucas moves up');

      // returned at the central library, it goes to Lucas at Tilleuls
      const next = await cDesk.checkin(f.barcodes.onecopy[0]!);
      assert.ok(next.ok && next.action.kind === 'transit' && next.action.toLibraryId === f.lib.TILLEULS, 'in transit to the next pickup library');
      const atTilleuls = await tDesk.checkin(f.barcodes.onecopy[0]!);
      assert.ok(atTilleuls.ok && atTilleuls.action.kind === 'hold_shelf', 'on the Tilleuls holds shelf');
    });

    it('expired holds go to the next reader or back to the shelf', async () => {
      // Lucas's hold from the previous test is available until 2026-12-01; two days after it, it expires
      clock.set(new Date('2026-12-03T10:00:00.000Z'));
      try {
        assert.equal(await svc.expireHolds(), 1);
        const hold = await t.db.kysely.selectFrom('holds').select(['status']).where('reader_id', '=', f.readers.lucas.readerId).executeTakeFirstOrThrow();
        assert.equal(hold.status, 'expired');
        const copy = await t.db.kysely.selectFrom('copies').select(['status', 'current_library_id']).where('barcode', '=', f.barcodes.onecopy[0]!).executeTakeFirstOrThrow();
        assert.deepEqual([copy.status, copy.current_library_id], ['on_shelf', f.lib.TILLEULS], 'its home library: back on the shelf');
        assert.equal(await svc.expireHolds(), 0, 'nothing twice');
        const told = await t.db.kysely.selectFrom('outbox').select(['to_address', 'event_key', 'subject']).where('kind', '=', 'hold-expired').execute();
        assert.deepEqual(told.map((m) => [m.to_address, m.event_key]), [['lucas.bernard@example.org', `hold-expired:${(await t.db.kysely.selectFrom('holds').select('id').where('reader_id', '=', f.readers.lucas.readerId).executeTakeFirstOrThrow()).id}`]]);
        assert.match(told[0]!.subject, /votre réservation a expiré/);
      } finally {
        clock.set(new Date('2026-11-20T10:00:00.000Z'));
      }
    });

    it('a reader cancels their own pending hold, never another’s', async () => {
      const d = desk('centre', f.lib.CENTRALE);
      assert.ok((await d.checkout(f.readers.camille.cardNumber, f.barcodes.dvd[0]!)).ok, 'DVD out');
      const h = await svc.placeHold(f.readers.emily, f.titles.dvd, f.lib.TILLEULS);
      assert.ok(h.ok, 'placed');
      await assert.rejects(svc.cancelHold(f.readers.lucas, h.holdId), (e: unknown) => e instanceof AuthzError && e.code === 'NOT_FOUND');
      assert.deepEqual(await svc.cancelHold(f.readers.emily, h.holdId), { ok: true });
      assert.deepEqual(await svc.holds(f.readers.emily), []);
    });

    it('a backdated return computes lateness from the day it came back: a DVD costs suspension days', async () => {
      const d = desk('centre', f.lib.CENTRALE);
      // the DVD from the previous test: due 14 days after 20 November -> 4 December
      const loan = (await svc.loans(f.readers.camille)).find((l) => l.barcode === f.barcodes.dvd[0])!;
      assert.equal(loan.dueDate, '2026-12-04');
      clock.set(new Date('2026-12-09T09:00:00.000Z'));
      try {
        assert.equal((await svc.loans(f.readers.camille)).find((l) => l.id === loan.id)!.overdue, true);
        assert.deepEqual(codes((await svc.renew(f.readers.camille, [loan.id]))[0]!), ['LOAN_OVERDUE']);
        assert.deepEqual(await d.checkin(f.barcodes.dvd[0]!, '2026-12-10'), { ok: false, code: 'DATE_INVALID' }, 'not in the future');
        const r = await d.checkin(f.barcodes.dvd[0]!, '2026-12-06');
        assert.ok(r.ok && r.loan, 'closed');
        assert.deepEqual([r.loan.daysLate, r.loan.suspensionDays, r.loan.fineCents], [2, 2, 0]);
        const reader = await t.db.kysely.selectFrom('readers').select(['suspended_until']).where('id', '=', f.readers.camille.readerId).executeTakeFirstOrThrow();
        assert.equal(reader.suspended_until, '2026-12-11', 'two days from today');
        assert.deepEqual(codes((await d.checkout(f.readers.camille.cardNumber, f.barcodes.novel[1]!)) as never), ['READER_SUSPENDED']);
      } finally {
        clock.set(new Date('2026-11-20T10:00:00.000Z'));
        await t.db.kysely.updateTable('readers').set({ suspended_until: null }).execute();
      }
    });

    it('a rule with a fine per day late adds a fee at check-in; only administrators change rules', async () => {
      const stdType = (await t.db.kysely.selectFrom('loan_types').select('id').where('code', '=', 'STD').executeTakeFirstOrThrow()).id;
      await assert.rejects(svc.saveRule(f.staff.centre, { libraryId: null, categoryId: null, loanTypeId: stdType }, { fineCentsPerDay: 20 }), (e: unknown) => e instanceof AuthzError && e.code === 'FORBIDDEN');
      const bad = await svc.saveRule(f.staff.admin, { libraryId: null, categoryId: null, loanTypeId: 9999 }, { fineCentsPerDay: 'vingt' });
      assert.deepEqual(bad.ok ? [] : bad.errors.map((e) => e.field), ['fineCentsPerDay', 'loanTypeId']);
      const saved = await svc.saveRule(f.staff.admin, { libraryId: null, categoryId: null, loanTypeId: stdType }, { fineCentsPerDay: 20 });
      assert.ok(saved.ok, 'saved');
      try {
        const d = desk('centre', f.lib.CENTRALE);
        const loan = await d.checkout(f.readers.emily.cardNumber, f.barcodes.popular[1]!);
        assert.ok(loan.ok && loan.dueDate === '2026-12-11', 'due in 3 weeks');
        clock.set(new Date('2026-12-15T10:00:00.000Z'));
        const back = await d.checkin(f.barcodes.popular[1]!);
        assert.ok(back.ok && back.loan, 'returned');
        assert.deepEqual([back.loan.daysLate, back.loan.fineCents], [4, 80]);
        const fee = await t.db.kysely.selectFrom('fees').selectAll().where('reader_id', '=', f.readers.emily.readerId).executeTakeFirstOrThrow();
        assert.deepEqual([fee.reason, fee.amount_cents, fee.label], ['OVERDUE', 80, '4 days late: Le best-seller']);
      } finally {
        clock.set(new Date('2026-11-20T10:00:00.000Z'));
        assert.ok(await svc.deleteRule(f.staff.admin, saved.id), 'rule deleted');
      }
    });

    it('a copy returned to another library goes home in transit (navette)', async () => {
      const c = desk('centre', f.lib.CENTRALE);
      assert.ok((await c.checkout(f.readers.leo.cardNumber, f.barcodes.novel[1]!)).ok, 'Tilleuls copy lent at the central library');
      const r = await c.checkin(f.barcodes.novel[1]!);
      assert.ok(r.ok && r.action.kind === 'transit' && r.action.toLibraryId === f.lib.TILLEULS && r.action.holdId === null, 'sent home');
      const home = await desk('tilleuls', f.lib.TILLEULS).checkin(f.barcodes.novel[1]!);
      assert.deepEqual(home.ok && home.action, { kind: 'shelve' });
    });

    it('parallel check-outs of one copy to two readers: exactly one wins', async () => {
      const d = desk('centre', f.lib.CENTRALE);
      const results = await Promise.all([d.checkout(f.readers.camille.cardNumber, f.barcodes.popular[0]!), d.checkout(f.readers.emily.cardNumber, f.barcodes.popular[0]!)]);
      assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
      const open = await t.db.kysely.selectFrom('loans').select('id').where('returned_at', 'is', null).where('copy_id', '=', (await t.db.kysely.selectFrom('copies').select('id').where('barcode', '=', f.barcodes.popular[0]!).executeTakeFirstOrThrow()).id).execute();
      assert.equal(open.length, 1);
      await d.checkin(f.barcodes.popular[0]!);
    });
  });
}
