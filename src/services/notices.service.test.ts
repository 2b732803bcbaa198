// Reader notices through the service, on both engines, delivered to a real SMTP server on 127.0.0.1: what a
// run tells (due soon, overdue levels, membership ending), one email per reader grouping their loans, in their
// language, never twice; optional notices with List-Unsubscribe; readers without email on the print list;
// a 5xx answer is 'rejected', not retried.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { testEngines, type TestDb } from '../../test/helpers/db.js';
import { seedCirculation, type CirculationFixture } from '../../test/helpers/circulation.js';
import { testClock, type TestClock } from '../../test/helpers/accounts.js';
import { startSmtpSink, type SmtpSink } from '../../test/helpers/smtp.js';
import { freePort } from '../../test/helpers/net.js';
import { CirculationService } from './circulation.service.js';
import { NoticesService } from './notices.service.js';
import { Mailer } from '../notices/mailer.js';

const ENGINES = await testEngines();

/** The header block of a raw message, folded lines unfolded (RFC 5322 2.2.3). */
function headerBlock(raw: Buffer): string {
  return raw.toString('utf8').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
}

for (const engine of ENGINES) {
  describe(`reader notices (${engine.name})`, () => {
    let t: TestDb;
    let f: CirculationFixture;
    let clock: TestClock;
    let sink: SmtpSink;
    let mailer: Mailer;
    let notices: NoticesService;
    const dataDir = mkdtempSync(join(tmpdir(), 'colophon-notices-'));

    before(async () => {
      t = await engine.create();
      f = await seedCirculation(t.db);
      sink = await startSmtpSink();
      clock = testClock(new Date('2026-11-20T10:00:00.000Z'));
      const config = { baseUrl: 'https://portail.example.org', dataDir, smtpUrl: sink.url };
      mailer = new Mailer({ db: t.db, config, now: clock.now });
      notices = new NoticesService({ db: t.db, config, mailer, now: clock.now });
      const circ = new CirculationService({ db: t.db, config, mailer, now: clock.now });
      // Camille: two loans due 11 December; Emily (English): one; Léo (no email): one
      for (const [card, bc] of [
        [f.readers.camille.cardNumber, f.barcodes.novel[0]!],
        [f.readers.camille.cardNumber, f.barcodes.popular[0]!],
        [f.readers.emily.cardNumber, f.barcodes.popular[1]!],
        [f.readers.leo.cardNumber, f.barcodes.dvd[0]!],
      ] as const) {
        assert.ok((await circ.checkout(f.staff.centre, { libraryId: f.lib.CENTRALE, cardNumber: card, barcode: bc })).ok, 'lent');
      }
      // Léo's DVD: a child's rule (category) outranks the DVD rule (loan type), so it is due in 3 weeks too; make it a week earlier
      await t.db.kysely.updateTable('loans').set({ due_date: '2026-12-04' }).where('reader_id', '=', f.readers.leo.readerId).execute();
    });
    after(async () => {
      await mailer.close();
      await sink.close();
      await t.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('nothing to say a fortnight before the due date', async () => {
      assert.deepEqual(await notices.plan(), []);
    });

    it('3 days before: one email per reader grouping their loans, in their language, optional with List-Unsubscribe', async () => {
      clock.set(new Date('2026-12-08T07:00:00.000Z'));
      const dry = await notices.run({ dryRun: true });
      assert.deepEqual(dry.planned!.map((p) => [p.cardNumber, p.dueSoon.length]).sort(), [[f.readers.camille.cardNumber, 2], [f.readers.emily.cardNumber, 1]].sort(), 'Léo’s DVD (due 4 December) is 4 days late: no overdue notice before 7 days');
      assert.equal(await t.db.kysely.selectFrom('outbox').select('id').executeTakeFirst(), undefined, 'a dry run records nothing');
      const r = await notices.run();
      assert.deepEqual([r.readers, r.emails, r.toPrint, r.items], [2, 2, 0, 3]);
      const camille = await sink.waitFor('camille.martin@example.org');
      assert.match(camille.subject, /vos prêts et votre compte/);
      assert.match(camille.text, /Ces documents sont à rendre bientôt/);
      assert.match(camille.text, /Le roman des jours \(\d+\), à rendre le 11\/12\/2026/);
      assert.match(camille.text, /Le best-seller/);
      assert.match(camille.text, /Médiathèque Jeanne-Barret/, 'the library’s contact details');
      const raw = headerBlock(camille.raw);
      assert.match(raw, /^List-Unsubscribe: <https:\/\/portail\.example\.org\/avis\/desabonnement\?r=\d+&k=due-soon&t=[\w-]+>\r?$/m);
      assert.match(raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      const emily = await sink.waitFor('emily.carter@example.org');
      assert.match(emily.text, /These items are due soon/);
      assert.equal((await notices.run()).readers, 0, 'never twice for the same loan and due date');
    });

    it('overdue at +7, +14, +21 days, firmer each time, never optional; print list for a reader without email; membership ending', async () => {
      clock.set(new Date('2026-12-12T07:00:00.000Z')); // Léo's DVD (due 4 December) is 8 days late
      await t.db.kysely.updateTable('readers').set({ membership_expires: '2026-12-30' }).where('id', '=', f.readers.emily.readerId).execute();
      const r1 = await notices.run();
      assert.deepEqual([r1.emails, r1.toPrint], [1, 1], 'Emily’s membership (email), Léo’s overdue DVD (to print)');
      const print = await t.db.kysely.selectFrom('outbox').selectAll().where('reader_id', '=', f.readers.leo.readerId).executeTakeFirstOrThrow();
      assert.deepEqual([print.status, print.print, print.to_address], ['print', 1, '']);
      assert.match(print.text_body, /Les documents suivants auraient dû être rendus/);
      const emily = await sink.waitFor('emily.carter@example.org');
      assert.match(emily.text, /Your membership ends on 30\/12\/2026/);
      assert.doesNotMatch(headerBlock(emily.raw), /^List-Unsubscribe/m, 'not optional');
      clock.set(new Date('2026-12-19T07:00:00.000Z')); // Camille's and Emily's loans: 8 days late; Léo: 15
      const r2 = await notices.run();
      assert.deepEqual([r2.emails, r2.toPrint], [2, 1]);
      const camille = await sink.waitFor('camille.martin@example.org');
      assert.match(camille.subject, /documents en retard/);
      assert.doesNotMatch(camille.text, /Ne plus recevoir/);
      const leo2 = await t.db.kysely.selectFrom('outbox').select('text_body').where('reader_id', '=', f.readers.leo.readerId).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.match(leo2.text_body, /Deuxième rappel/);
      clock.set(new Date('2026-12-26T07:00:00.000Z')); // Léo: 22 days
      await notices.run();
      const leo3 = await t.db.kysely.selectFrom('outbox').select('text_body').where('reader_id', '=', f.readers.leo.readerId).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.match(leo3.text_body, /Dernier rappel/);
    });

    it('a reader who turned due-soon notices off is not told; the signed unsubscribe link turns them off', async () => {
      const withLink = sink.mails.find((m) => m.to.includes('camille.martin@example.org') && /^List-Unsubscribe: </m.test(headerBlock(m.raw)))!;
      const u = new URL(/^List-Unsubscribe: <([^>]+)>/m.exec(headerBlock(withLink.raw))![1]!);
      assert.equal(await notices.unsubscribe(u.searchParams.get('r')!, 'due-soon', 'forged'), false, 'a wrong token changes nothing');
      assert.equal(await notices.unsubscribe(u.searchParams.get('r')!, 'overdue', u.searchParams.get('t')!), false, 'overdue notices are not optional');
      assert.equal(await notices.unsubscribe(u.searchParams.get('r')!, 'due-soon', u.searchParams.get('t')!), true);
      assert.equal(Number(u.searchParams.get('r')), f.readers.camille.readerId);
      assert.deepEqual(await notices.preferences(f.readers.camille), { 'due-soon': false }, 'turned off by the link');
      await notices.setPreferences(f.readers.camille, { 'due-soon': true });
      assert.deepEqual(await notices.preferences(f.readers.camille), { 'due-soon': true });
      await notices.setPreferences(f.readers.camille, { 'due-soon': false });
      // Camille borrows again, due soon later: not told
      await t.db.kysely.updateTable('loans').set({ due_date: '2027-01-08' }).where('reader_id', '=', f.readers.camille.readerId).execute();
      clock.set(new Date('2027-01-06T07:00:00.000Z'));
      const planned = await notices.plan();
      assert.equal(planned.find((p) => p.readerId === f.readers.camille.readerId), undefined);
      await notices.setPreferences(f.readers.camille, { 'due-soon': true });
      assert.equal((await notices.plan()).find((p) => p.readerId === f.readers.camille.readerId)?.dueSoon.length, 2);
    });

    it('two runs at once (two workers) tell each thing once', async () => {
      await t.db.kysely.updateTable('loans').set({ due_date: '2027-01-15' }).where('reader_id', 'in', [f.readers.emily.readerId, f.readers.camille.readerId]).execute();
      clock.set(new Date('2027-01-13T07:00:00.000Z'));
      const other = new NoticesService({ db: t.db, config: { baseUrl: 'https://portail.example.org' }, mailer, now: clock.now });
      const [a, b] = await Promise.all([notices.run(), other.run()]);
      assert.equal(a.emails + b.emails, 2, `${a.emails} + ${b.emails} emails (skipped ${a.skipped} + ${b.skipped})`);
      const items = await t.db.kysely.selectFrom('notice_items').select('item_key').where('item_key', 'like', 'due-soon:%:2027-01-15').execute();
      assert.equal(items.length, 3, 'Camille’s two loans and Emily’s, once each');
      assert.equal((await notices.run()).readers, 0);
    });

    for (const connections of [1, 3]) it(`a 5xx answer is recorded as rejected and never retried; a 4xx as failed with a retry time (${connections === 1 ? 'one connection' : 'SMTP thread'})`, async () => {
      const port = await freePort();
      const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onRcptTo(address, _s, cb) {
          if (address.address.startsWith('gone')) return cb(Object.assign(new Error('5.1.1 mailbox unknown'), { responseCode: 550 }));
          return cb(Object.assign(new Error('4.2.2 mailbox full, try later'), { responseCode: 452 }));
        },
      });
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
      try {
        const m = new Mailer({ db: t.db, config: { baseUrl: 'https://portail.example.org', dataDir, smtpUrl: `smtp://127.0.0.1:${port}` }, now: clock.now, maxConnections: connections });
        const gone = await m.record(t.db.kysely, { kind: 'test', to: 'gone@example.org', from: 'x@example.org', subject: 's', text: 't', html: '<p>t</p>' });
        const full = await m.record(t.db.kysely, { kind: 'test', to: 'full@example.org', from: 'x@example.org', subject: 's', text: 't', html: '<p>t</p>' });
        assert.equal(await m.deliver(gone.id), 'rejected');
        assert.equal(await m.deliver(full.id), 'failed');
        const rows = await t.db.kysely.selectFrom('outbox').select(['id', 'status', 'error', 'next_attempt_at']).where('id', 'in', [gone.id, full.id]).orderBy('id').execute();
        assert.deepEqual(rows.map((r) => r.status), ['rejected', 'failed']);
        assert.match(rows[0]!.error ?? '', /550|mailbox unknown/);
        assert.equal(rows[0]!.next_attempt_at, null, 'never retried');
        assert.ok(rows[1]!.next_attempt_at && rows[1]!.next_attempt_at > clock.now().toISOString(), 'retried after its backoff');
        assert.equal(await m.deliver(gone.id), 'skipped');
        await m.close();
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    });
  });
}
