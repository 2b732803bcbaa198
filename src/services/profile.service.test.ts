import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { testEngines } from '../../test/helpers/db.js';
import { principalOf, seedAccounts, testClock } from '../../test/helpers/accounts.js';
import { firstLink, startSmtpSink } from '../../test/helpers/smtp.js';
import { Mailer } from '../notices/mailer.js';
import { AuthService } from './auth.service.js';
import { EMAIL_CONFIRM_PATH, ProfileService } from './profile.service.js';
import { AuthzError, type Principal, type ReaderPrincipal, type StaffPrincipal } from '../authz/accounts.js';

const ENGINES = await testEngines();
const BASE_URL = 'https://portail.example.org';
const ctx = { ip: '203.0.113.7' };

async function authzCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'allowed';
  } catch (e) {
    if (e instanceof AuthzError) return e.code;
    throw e;
  }
}

for (const engine of ENGINES) {
  describe(`profile (${engine.name})`, () => {
    async function setup() {
      const t = await engine.create();
      const clock = testClock();
      const f = await seedAccounts(t.db, clock.now());
      const sink = await startSmtpSink();
      const mailer = new Mailer({ db: t.db, config: { dataDir: tmpdir(), baseUrl: BASE_URL, smtpUrl: sink.url }, now: clock.now });
      const auth = new AuthService({ db: t.db, now: clock.now });
      const profile = new ProfileService({ db: t.db, config: { baseUrl: BASE_URL }, mailer, now: clock.now });
      const signIn = async (card: string, pw: string) => principalOf<ReaderPrincipal>(await auth.signIn(card, pw, ctx));
      const staff = async (login: string, pw: string) => principalOf<StaffPrincipal>(await auth.signInStaff(login, pw, ctx));
      return {
        t, f, clock, sink, profile, signIn, staff,
        async close() {
          await mailer.close();
          await sink.close();
          await t.cleanup();
        },
      };
    }

    it("shows the signed-in reader's own profile", async () => {
      const e = await setup();
      try {
        const me = await e.signIn(e.f.readers.camille.cardNumber, e.f.readers.camille.password);
        const p = await e.profile.view(me);
        assert.deepEqual([p.cardNumber, p.firstName, p.email, p.category, p.homeLibrary], ['2900100000017', 'Camille', 'camille.martin@example.org', 'Adulte', 'Médiathèque Jeanne-Barret']);
      } finally {
        await e.close();
      }
    });

    it('validates phone and mobile, and saves them normalised', async () => {
      const e = await setup();
      try {
        const me = await e.signIn(e.f.readers.camille.cardNumber, e.f.readers.camille.password);
        const bad = await e.profile.updateContact(me, { email: 'pas une adresse', phone: '12', mobile: '03 53 01 33 21' });
        assert.deepEqual((bad as { errors: Array<{ field: string; code: string }> }).errors.map((x) => `${x.field}:${x.code}`), ['email:EMAIL_INVALID', 'phone:PHONE_INVALID', 'mobile:MOBILE_NOT_MOBILE']);
        assert.deepEqual(await e.profile.updateContact(me, { email: e.f.readers.camille.email, phone: '03.53.01.33.21', mobile: '+33639981234' }), { ok: true, emailConfirmationSentTo: null });
        const p = await e.profile.view(me);
        assert.deepEqual([p.phone, p.mobile], ['03 53 01 33 21', '06 39 98 12 34']);
      } finally {
        await e.close();
      }
    });

    it('takes a new email address into use only once it is confirmed through the link sent to it', async () => {
      const e = await setup();
      try {
        const me = await e.signIn(e.f.readers.camille.cardNumber, e.f.readers.camille.password);
        const r = await e.profile.updateContact(me, { email: 'Camille.Nouvelle@example.org', phone: '', mobile: '' });
        assert.deepEqual(r, { ok: true, emailConfirmationSentTo: 'camille.nouvelle@example.org' });
        let p = await e.profile.view(me);
        assert.deepEqual([p.email, p.pendingEmail], ['camille.martin@example.org', 'camille.nouvelle@example.org']);
        const mail = await e.sink.waitFor('camille.nouvelle@example.org');
        const link = new URL(firstLink(mail.text));
        assert.equal(link.pathname, EMAIL_CONFIRM_PATH);
        const token = link.searchParams.get('token')!;
        assert.deepEqual(await e.profile.confirmEmail(token), { ok: true, messageKey: 'email.confirmed' });
        p = await e.profile.view(me);
        assert.deepEqual([p.email, p.pendingEmail], ['camille.nouvelle@example.org', null]);
        assert.equal((await e.profile.confirmEmail(token)).ok, false, 'single use');
      } finally {
        await e.close();
      }
    });

    it('keeps the profile of a reader who must change their password, and every staff member, out', async () => {
      const e = await setup();
      try {
        const lucas = await e.signIn(e.f.readers.lucas.cardNumber, '1987');
        assert.equal(await authzCode(e.profile.view(lucas)), 'PASSWORD_CHANGE_REQUIRED');
        assert.equal(await authzCode(e.profile.updateContact(lucas, { phone: '0353013321' })), 'PASSWORD_CHANGE_REQUIRED');
        const librarian = await e.staff(e.f.staff.centre.login, e.f.staff.centre.password);
        assert.equal(await authzCode(e.profile.view(librarian)), 'FORBIDDEN');
        assert.equal(await authzCode(e.profile.myFees(null)), 'SIGN_IN_REQUIRED');
      } finally {
        await e.close();
      }
    });

    it('lists fees with reason, date and amount; staff add fees and record payments', async () => {
      const e = await setup();
      try {
        const librarian = await e.staff(e.f.staff.tilleuls.login, e.f.staff.tilleuls.password);
        const camille = e.f.readers.camille.id;
        const card = await e.profile.addFee(librarian, camille, { reason: 'CARD_REPLACEMENT', amount: '3,00' });
        e.clock.advance(60_000);
        const lost = await e.profile.addFee(librarian, camille, { reason: 'LOST_DOCUMENT', label: 'Perte : Le Petit Prince', amount: '15,50' });
        assert.equal(card.ok && lost.ok, true);
        const bad = await e.profile.addFee(librarian, camille, { reason: 'OTHER', amount: '0' });
        assert.deepEqual((bad as { errors: Array<{ code: string }> }).errors.map((x) => x.code), ['LABEL_REQUIRED', 'AMOUNT_NOT_POSITIVE']);

        const lostId = (lost as { feeId: number }).feeId;
        assert.deepEqual(await e.profile.recordPayment(librarian, camille, lostId, { amount: '10', method: 'cash' }), { ok: true, balanceCents: 550 });
        const over = await e.profile.recordPayment(librarian, camille, lostId, { amount: '6', method: 'cash' });
        assert.deepEqual((over as { errors: Array<{ code: string }> }).errors.map((x) => x.code), ['PAYMENT_EXCEEDS_BALANCE']);

        const me = await e.signIn(e.f.readers.camille.cardNumber, e.f.readers.camille.password);
        const statement = await e.profile.myFees(me);
        assert.deepEqual(
          statement.fees.map((x) => [x.reason, x.label, x.amountCents, x.balanceCents, x.createdAt]),
          [
            ['LOST_DOCUMENT', 'Perte : Le Petit Prince', 1550, 550, '2026-03-02T09:01:00.000Z'],
            ['CARD_REPLACEMENT', 'Remplacement de carte', 300, 300, '2026-03-02T09:00:00.000Z'],
          ],
        );
        assert.equal(statement.totalOwedCents, 850);
        assert.deepEqual(statement.payments.map((x) => [x.amountCents, x.method, x.recordedBy]), [[1000, 'cash', 'Karim Haddad']]);
        assert.deepEqual(await e.profile.recordPayment(librarian, camille, lostId, { amount: '5,50', method: 'card' }), { ok: true, balanceCents: 0 });
        assert.notEqual((await e.profile.myFees(me)).fees[0]!.paidAt, null, 'paid in full');
      } finally {
        await e.close();
      }
    });

    it("never lets anyone reach another reader's fees by changing an id", async () => {
      const e = await setup();
      try {
        const librarian = await e.staff(e.f.staff.centre.login, e.f.staff.centre.password);
        const emilyFee = await e.profile.addFee(librarian, e.f.readers.emily.id, { reason: 'DAMAGED_DOCUMENT', amount: '8' });
        const feeId = (emilyFee as { feeId: number }).feeId;
        // A payment posted with Camille's reader id and Emily's fee id: no such fee for Camille.
        const crossed = await e.profile.recordPayment(librarian, e.f.readers.camille.id, feeId, { amount: '8', method: 'cash' });
        assert.deepEqual((crossed as { errors: Array<{ code: string }> }).errors.map((x) => x.code), ['FEE_NOT_FOUND']);
        const camille = await e.signIn(e.f.readers.camille.cardNumber, e.f.readers.camille.password);
        assert.deepEqual((await e.profile.myFees(camille)).fees, [], "Camille's statement has only her fees");
        // A reader principal cannot use the staff methods, whatever ids it passes.
        assert.equal(await authzCode(e.profile.readerFees(camille as Principal, e.f.readers.emily.id)), 'FORBIDDEN');
        assert.equal(await authzCode(e.profile.addFee(camille as Principal, e.f.readers.camille.id, { reason: 'OTHER', label: 'x', amount: '-5' })), 'FORBIDDEN');
        assert.equal(await authzCode(e.profile.readerFees(librarian, 999_999)), 'NOT_FOUND');
      } finally {
        await e.close();
      }
    });
  });
}
