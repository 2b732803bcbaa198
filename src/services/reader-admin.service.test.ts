import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/helpers/db.js';
import { principalOf, seedAccounts, testClock } from '../../test/helpers/accounts.js';
import { AuthService } from './auth.service.js';
import { ReaderAdminService } from './reader-admin.service.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { AuthzError, type StaffPrincipal } from '../authz/accounts.js';
import type { RawReaderFields } from '../domain/reader-fields.js';

const ENGINES = await testEngines();
const ctx = { ip: '203.0.113.7' };

const newReader: RawReaderFields = {
  cardNumber: '2900 1000 0050 5',
  lastName: 'Lefort',
  firstName: 'Hélène',
  birthDate: '14/07/1990',
  email: 'helene.lefort@example.org',
  phone: '',
  mobile: '06 39 98 50 05',
  categoryCode: 'ADULTE',
  homeLibraryCode: 'CENTRALE',
  membershipExpires: '2027-03-01',
};

for (const engine of ENGINES) {
  describe(`reader administration (${engine.name})`, () => {
    async function setup() {
      const t = await engine.create();
      const clock = testClock();
      const f = await seedAccounts(t.db, clock.now());
      const auth = new AuthService({ db: t.db, now: clock.now });
      const admin = new ReaderAdminService({ db: t.db, now: clock.now });
      const staff = async (who: keyof typeof f.staff) => principalOf<StaffPrincipal>(await auth.signInStaff(f.staff[who].login, f.staff[who].password, ctx));
      return { t, f, clock, auth, admin, staff };
    }

    it('creates a reader who signs in with the initial password (birth year) and must change it', async () => {
      const { t, auth, admin, staff } = await setup();
      try {
        const r = await admin.create(await staff('centre'), newReader);
        assert.deepEqual(r.ok && r.initialPasswordRule, 'birth-year');
        const s = await auth.signIn('2900100000505', '1990', ctx);
        assert.equal(s.ok && s.mustChangePassword, true);
        const stored = await admin.get(await staff('centre'), (r as { readerId: number }).readerId);
        assert.deepEqual([stored.cardNumber, stored.birthDate, stored.mobile, stored.homeLibraryCode], ['2900100000505', '1990-07-14', '06 39 98 50 05', 'CENTRALE']);
      } finally {
        await t.cleanup();
      }
    });

    it('uses the birth date as ddmmyyyy when the network says so', async () => {
      const { t, auth, admin, staff } = await setup();
      try {
        await new AccountSettingsRepository(t.db.kysely).save({ initialPassword: 'birth-date' });
        assert.equal((await admin.create(await staff('admin'), newReader)).ok, true);
        assert.equal((await auth.signIn('2900100000505', '14071990', ctx)).ok, true);
        assert.equal((await auth.signIn('2900100000505', '1990', ctx)).ok, false);
      } finally {
        await t.cleanup();
      }
    });

    it('reports every invalid field, including a card number already in use and an unknown category', async () => {
      const { t, f, admin, staff } = await setup();
      try {
        const r = await admin.create(await staff('centre'), { ...newReader, cardNumber: f.readers.camille.cardNumber, firstName: '', birthDate: '2030-01-01', categoryCode: 'VIP' });
        assert.deepEqual(
          (r as { errors: Array<{ field: string; code: string }> }).errors.map((x) => `${x.field}:${x.code}`).sort(),
          ['birthDate:BIRTH_DATE_IN_FUTURE', 'cardNumber:CARD_NUMBER_TAKEN', 'categoryCode:CATEGORY_UNKNOWN', 'firstName:REQUIRED'],
        );
      } finally {
        await t.cleanup();
      }
    });

    it("lets a librarian create and edit readers of their own libraries only; the administrator everywhere", async () => {
      const { t, f, admin, staff } = await setup();
      try {
        const centre = await staff('centre');
        const notMine = await admin.create(centre, { ...newReader, homeLibraryCode: 'TILLEULS' });
        assert.deepEqual((notMine as { errors: Array<{ code: string }> }).errors.map((x) => x.code), ['HOME_LIBRARY_NOT_YOURS']);
        const emily = await admin.get(centre, f.readers.emily.id);
        assert.equal(emily.homeLibraryCode, 'TILLEULS', 'any staff member looks readers up');
        await assert.rejects(admin.update(centre, f.readers.emily.id, { ...emily, phone: '0353013321' }), (e: unknown) => e instanceof AuthzError && e.code === 'FORBIDDEN');
        await assert.rejects(admin.resetPasswordToInitial(centre, f.readers.emily.id), (e: unknown) => e instanceof AuthzError && e.code === 'FORBIDDEN');
        const camille = await admin.get(centre, f.readers.camille.id);
        const moved = await admin.update(centre, f.readers.camille.id, { ...camille, homeLibraryCode: 'TILLEULS' });
        assert.deepEqual((moved as { errors: Array<{ code: string }> }).errors.map((x) => x.code), ['HOME_LIBRARY_NOT_YOURS']);
        assert.equal((await admin.update(await staff('admin'), f.readers.emily.id, { ...emily, phone: '0353013321' })).ok, true);
        assert.equal((await admin.get(centre, f.readers.emily.id)).phone, '03 53 01 33 21');
      } finally {
        await t.cleanup();
      }
    });

    it('resets a password to the initial one: the reader must change it at next sign-in, and their sessions end', async () => {
      const { t, f, auth, admin, staff } = await setup();
      try {
        const session = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx);
        assert.deepEqual(await admin.resetPasswordToInitial(await staff('centre'), f.readers.camille.id), { ok: true, rule: 'birth-year' });
        assert.equal(await auth.authenticate((session as { token: string }).token), null);
        assert.equal((await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx)).ok, false);
        const again = await auth.signIn(f.readers.camille.cardNumber, '1984', ctx);
        assert.equal(again.ok && again.mustChangePassword, true);
      } finally {
        await t.cleanup();
      }
    });

    it('gives a reader still on the initial password the one of a corrected birth date', async () => {
      const { t, f, auth, admin, staff } = await setup();
      try {
        const tilleuls = await staff('tilleuls');
        const lucas = await admin.get(tilleuls, f.readers.lucas.id);
        assert.equal((await admin.update(tilleuls, lucas.id, { ...lucas, birthDate: '05/11/1988' })).ok, true);
        assert.equal((await auth.signIn(f.readers.lucas.cardNumber, '1988', ctx)).ok, true);
      } finally {
        await t.cleanup();
      }
    });
  });
}
