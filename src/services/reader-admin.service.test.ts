import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/helpers/db.js';
import { principalOf, seedAccounts, testClock } from '../../test/helpers/accounts.js';
import { AuthService } from './auth.service.js';
import { ReaderAdminService } from './reader-admin.service.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { AuthzError, type ReaderPrincipal, type StaffPrincipal } from '../authz/accounts.js';
import { foldName } from '../repositories/account-readers.repository.js';
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
    it('finds readers by exact card number (as typed) or by the start of the name, accents and case ignored', async () => {
      const { t, f, auth, admin, staff } = await setup();
      try {
        const centre = await staff('centre');
        assert.equal((await admin.create(await staff('admin'), { ...newReader, cardNumber: '2900100000512', lastName: 'Lefèvre-Dubois', firstName: 'Éloïse' })).ok, true, 'created');
        const names = async (q: string) => (await admin.search(centre, q)).readers.map((r) => `${r.lastName} ${r.firstName}`);
        assert.deepEqual(await names('2900 1000 0001-7'), ['Martin Camille'], 'card number with spaces and a hyphen');
        assert.deepEqual(await names('290010000001'), [], 'a card number is matched exactly, not as a prefix');
        assert.deepEqual(await names('benali'), ['Benali Nadia', 'Benali Yanis'], 'lower case, sorted by first name');
        assert.deepEqual(await names('BENALI Y'), ['Benali Yanis'], 'last name then the start of the first name');
        assert.deepEqual(await names('LEFEVRE'), ['Lefèvre-Dubois Éloïse'], 'accents ignored in the name');
        assert.deepEqual(await names('lefèvre dubois'), ['Lefèvre-Dubois Éloïse'], 'hyphen typed as a space');
        assert.deepEqual(await names('martín'), ['Martin Camille'], 'accents ignored in the query');
        assert.deepEqual(await names('artin'), [], 'a prefix, not a substring');
        assert.deepEqual(await names('%'), [], 'LIKE wildcards are literal');
        assert.deepEqual(await names('_enali'), [], 'LIKE wildcards are literal');
        assert.deepEqual(await names('   '), [], 'nothing typed: nothing found');
        assert.equal(foldName("  D’Œuvre-ÉLAN  "), 'd oeuvre elan');
        const reader = principalOf<ReaderPrincipal>(await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx));
        await assert.rejects(admin.search(reader, 'benali'), (e: unknown) => e instanceof AuthzError && e.code === 'FORBIDDEN', 'a reader may not look readers up');
        await assert.rejects(admin.search(null, 'benali'), (e: unknown) => e instanceof AuthzError && e.code === 'SIGN_IN_REQUIRED', 'signed out');
      } finally {
        await t.cleanup();
      }
    });

    it('returns at most 50 readers and says when more match', async () => {
      const { t, f, admin, staff } = await setup();
      try {
        const ts = new Date().toISOString();
        for (let i = 0; i < 55; i++) {
          await t.db.kysely
            .insertInto('readers')
            .values({
              card_number: `31000000${String(i).padStart(5, '0')}`, first_name: `Prénom ${String(i).padStart(2, '0')}`, last_name: 'Dupont', birth_date: '1990-01-01',
              email: null, phone: null, mobile: null, category_id: f.categories.ADULTE, home_library_id: f.libraries.CENTRALE, membership_expires: null,
              password_hash: null, must_change_password: 1, blocked: 0, language: 'fr', created_at: ts, updated_at: ts,
            })
            .execute();
        }
        const r = await admin.search(await staff('tilleuls'), 'dupont');
        assert.equal(r.readers.length, 50, 'bounded');
        assert.equal(r.more, true, 'more match');
        assert.equal(r.readers[0]!.firstName, 'Prénom 00', 'by name');
        const few = await admin.search(await staff('tilleuls'), 'Dupont Prénom 5');
        assert.deepEqual([few.readers.length, few.more], [5, false]);
      } finally {
        await t.cleanup();
      }
    });

    it("offers a librarian's own libraries in the reader form, every library to the administrator", async () => {
      const { t, admin, staff } = await setup();
      try {
        const mine = await admin.formChoices(await staff('tilleuls'));
        assert.deepEqual(mine.libraries.map((l) => l.code), ['TILLEULS']);
        assert.deepEqual(mine.categories.map((c) => c.code), ['ADULTE', 'JEUNE']);
        assert.equal(mine.allLibraries.length, 2, 'names of every library for reader pages');
        assert.deepEqual((await admin.formChoices(await staff('admin'))).libraries.map((l) => l.code).sort(), ['CENTRALE', 'TILLEULS']);
      } finally {
        await t.cleanup();
      }
    });
  });
}
