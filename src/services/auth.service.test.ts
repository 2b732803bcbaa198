import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines, type TestDb } from '../../test/helpers/db.js';
import { countingHasher, principalOf, seedAccounts, testClock, type AccountsFixture, type TestClock } from '../../test/helpers/accounts.js';
import { AuthService, type SignInResult } from './auth.service.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { canOpenAccountPage, type ReaderPrincipal, type StaffPrincipal } from '../authz/accounts.js';
import { openDb } from '../db/connect.js';
import { hashToken } from './account-tokens.js';

const ENGINES = await testEngines();
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const ctx = { ip: '203.0.113.7', userAgent: 'Firefox' };

async function setup(engine: (typeof ENGINES)[number]): Promise<{ t: TestDb; f: AccountsFixture; clock: TestClock; auth: AuthService; hasher: ReturnType<typeof countingHasher> }> {
  const t = await engine.create();
  const clock = testClock();
  const f = await seedAccounts(t.db, clock.now());
  const hasher = countingHasher();
  return { t, f, clock, hasher, auth: new AuthService({ db: t.db, now: clock.now, hasher }) };
}

/** The answer without what legitimately differs between two failures (nothing should). */
function failure(r: SignInResult): unknown {
  assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r)}`);
  return r;
}

for (const engine of ENGINES) {
  describe(`sign-in (${engine.name})`, () => {
    it('signs a reader in with the card number, spaces and punctuation ignored, or with their own email address', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const byCard = await auth.signIn(' 2900 1000-0001.7 ', f.readers.camille.password, ctx);
        assert.equal(principalOf<ReaderPrincipal>(byCard).readerId, f.readers.camille.id);
        assert.equal(principalOf<ReaderPrincipal>(byCard).firstName, 'Camille', 'the first name shown at the top right');
        const byEmail = await auth.signIn('Camille.Martin@EXAMPLE.org', f.readers.camille.password, ctx);
        assert.equal(principalOf<ReaderPrincipal>(byEmail).readerId, f.readers.camille.id);
        assert.equal(byCard.ok && byEmail.ok && byCard.token !== byEmail.token, true, 'each sign-in gets its own session id');
      } finally {
        await t.cleanup();
      }
    });

    it('answers an unknown identifier, a shared email and a wrong password identically, each after one password verification', async () => {
      const { t, f, auth, hasher } = await setup(engine);
      try {
        const readerHashes = new Set((await t.db.kysely.selectFrom('readers').select('password_hash').execute()).map((r) => r.password_hash));
        const cases: Array<[string, string, string]> = [
          ['wrong password', f.readers.camille.cardNumber, 'Lecture-2025!'],
          ['unknown card number', '2900199999999', 'Lecture-2024!'],
          ['unknown email', 'personne@example.org', 'Lecture-2024!'],
          // Nadia and Yanis share this address: right password of one of them, still a failure
          ['email shared by two accounts', 'nadia.benali@example.org', f.readers.nadia.password],
          ['empty identifier', '', 'x'],
        ];
        const answers: unknown[] = [];
        for (const [what, id, pw] of cases) {
          hasher.verified.length = 0;
          answers.push(failure(await auth.signIn(id, pw, { ...ctx, ip: `198.51.100.${answers.length}` })));
          assert.equal(hasher.verified.length, 1, `${what}: exactly one argon2 verification`);
          const usedRealHash = readerHashes.has(hasher.verified[0]!);
          assert.equal(usedRealHash, what === 'wrong password', `${what}: ${usedRealHash ? "the reader's hash" : 'the dummy hash'} was verified`);
          assert.match(hasher.verified[0]!, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, `${what}: a real argon2id hash with the same cost`);
        }
        for (const a of answers) assert.deepEqual(a, { ok: false, code: 'INVALID_CREDENTIALS', messageKey: 'signIn.invalid' });
        assert.equal(hasher.hashed, 1, 'the dummy hash is computed once and reused');
      } finally {
        await t.cleanup();
      }
    });

    it('refuses an account without a password after verifying the dummy hash', async () => {
      const { t, f, auth, hasher } = await setup(engine);
      try {
        await t.db.kysely.updateTable('readers').set({ password_hash: null }).where('id', '=', f.readers.fatou.id).execute();
        const r = await auth.signIn(f.readers.fatou.cardNumber, f.readers.fatou.password, ctx);
        assert.deepEqual(r, { ok: false, code: 'INVALID_CREDENTIALS', messageKey: 'signIn.invalid' });
        assert.equal(hasher.verified.length, 1);
      } finally {
        await t.cleanup();
      }
    });

    it('sends a reader with an initial password to "Modifier le mot de passe" and nowhere else', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const r = await auth.signIn(f.readers.lucas.cardNumber, '1987', ctx);
        assert.equal(r.ok && r.mustChangePassword, true);
        const p = principalOf<ReaderPrincipal>(r);
        assert.equal(canOpenAccountPage(p, 'profile'), false);
        assert.equal(canOpenAccountPage(p, 'change-password'), true);
      } finally {
        await t.cleanup();
      }
    });
  });

  describe(`sign-in throttling (${engine.name})`, () => {
    it('after 5 failures for one identifier, accepts one attempt every 30 seconds; a success resets the counter', async () => {
      const { t, f, clock, auth } = await setup(engine);
      try {
        const card = f.readers.camille.cardNumber;
        for (let i = 0; i < 5; i++) assert.equal((await auth.signIn(card, 'wrong-1!', ctx)).ok, false);
        const refused = await auth.signIn(card, f.readers.camille.password, ctx);
        assert.deepEqual(refused, { ok: false, code: 'TOO_MANY_ATTEMPTS', scope: 'identifier', retryAfterSeconds: 30, messageKey: 'signIn.throttledIdentifier', params: { seconds: 30, minutes: 1 } });
        clock.advance(29 * S);
        assert.equal((await auth.signIn(card, f.readers.camille.password, ctx) as { code?: string }).code, 'TOO_MANY_ATTEMPTS');
        clock.advance(S);
        assert.equal((await auth.signIn(card, 'wrong-2!', ctx) as { code?: string }).code, 'INVALID_CREDENTIALS', 'one attempt after 30 s');
        assert.equal((await auth.signIn(card, f.readers.camille.password, ctx) as { code?: string }).code, 'TOO_MANY_ATTEMPTS', 'and only one');
        clock.advance(30 * S);
        assert.equal((await auth.signIn(card, f.readers.camille.password, ctx)).ok, true, 'the right password after the wait');
        for (let i = 0; i < 4; i++) assert.equal((await auth.signIn(card, 'wrong-3!', ctx) as { code?: string }).code, 'INVALID_CREDENTIALS', 'the counter started again');
      } finally {
        await t.cleanup();
      }
    });

    it('throttles an unknown identifier exactly like a known one (nothing to learn from the delay)', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const answers = async (id: string, ip: string) => {
          const out: unknown[] = [];
          for (let i = 0; i < 7; i++) out.push(await auth.signIn(id, 'wrong-1!', { ip }));
          return out;
        };
        assert.deepEqual(await answers(f.readers.camille.cardNumber, '198.51.100.1'), await answers('2900199999999', '198.51.100.2'));
        assert.deepEqual(await answers(f.readers.emily.email!, '198.51.100.3'), await answers('nadia.benali@example.org', '198.51.100.4'));
      } finally {
        await t.cleanup();
      }
    });

    it('makes an address that failed 20 times in 15 minutes wait 15 minutes, whatever the identifier', async () => {
      const { t, f, clock, auth } = await setup(engine);
      try {
        for (let i = 0; i < 20; i++) {
          const r = await auth.signIn(`29001000${String(i).padStart(5, '0')}`, 'wrong-1!', ctx);
          assert.equal((r as { code?: string }).code, 'INVALID_CREDENTIALS');
          clock.advance(10 * S);
        }
        const blocked = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx);
        assert.equal((blocked as { scope?: string }).scope, 'address');
        assert.equal((blocked as { retryAfterSeconds?: number }).retryAfterSeconds, 15 * 60 - 10);
        assert.equal((await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, { ip: '192.0.2.1' })).ok, true, 'another address is not affected');
        clock.advance(15 * MIN);
        assert.equal((await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx)).ok, true, 'after 15 minutes the address is let in again');
      } finally {
        await t.cleanup();
      }
    });

    it('does not count successful sign-ins against an address (a library full of readers behind one address)', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        for (let i = 0; i < 25; i++) assert.equal((await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx)).ok, true, `sign-in ${i + 1}`);
      } finally {
        await t.cleanup();
      }
    });

    it('never locks a reader out for good: 15 minutes after the latest failure the counter is forgotten', async () => {
      const { t, f, clock, auth } = await setup(engine);
      try {
        for (let i = 0; i < 5; i++) await auth.signIn(f.readers.camille.cardNumber, 'wrong-1!', ctx);
        clock.advance(15 * MIN);
        for (let i = 0; i < 4; i++) assert.equal((await auth.signIn(f.readers.camille.cardNumber, 'wrong-1!', ctx) as { code?: string }).code, 'INVALID_CREDENTIALS');
      } finally {
        await t.cleanup();
      }
    });

    it('shares the counters and the sessions between server processes through the database', async () => {
      const { t, f, clock, auth } = await setup(engine);
      const other = openDb(t.database);
      try {
        const second = new AuthService({ db: other, now: clock.now });
        for (let i = 0; i < 3; i++) await auth.signIn(f.readers.camille.cardNumber, 'wrong-1!', ctx);
        for (let i = 0; i < 2; i++) await second.signIn(f.readers.camille.cardNumber, 'wrong-1!', ctx);
        assert.equal((await second.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx) as { code?: string }).code, 'TOO_MANY_ATTEMPTS');
        assert.equal((await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx) as { code?: string }).code, 'TOO_MANY_ATTEMPTS');
        // and the sessions: one process signs in, the other recognises the session and signs it out
        const s = await second.signIn(f.readers.emily.cardNumber, f.readers.emily.password, ctx);
        const token = (s as { token: string }).token;
        assert.equal((await auth.authenticate(token))?.principal.kind, 'reader');
        await auth.signOut(token);
        assert.equal(await second.authenticate(token), null);
      } finally {
        await other.close();
        await t.cleanup();
      }
    });

    it('lets at most 5 of 12 simultaneous attempts through to the password check', async () => {
      const { t, f, auth, hasher } = await setup(engine);
      try {
        await auth.signIn('warm-up-dummy-hash', 'x', { ip: '192.0.2.9' });
        hasher.verified.length = 0;
        const results = await Promise.all(Array.from({ length: 12 }, () => auth.signIn(f.readers.camille.cardNumber, 'wrong-1!', ctx)));
        assert.equal(results.filter((r) => (r as { code?: string }).code === 'INVALID_CREDENTIALS').length, 5);
        assert.equal(hasher.verified.length, 5);
      } finally {
        await t.cleanup();
      }
    });
  });

  describe(`sessions (${engine.name})`, () => {
    it('stores only a hash of the session id, changes the id at each sign-in and ends the previous session', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const first = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx);
        assert.equal(first.ok, true);
        const token1 = (first as { token: string }).token;
        const rows = await t.db.kysely.selectFrom('sessions').select('token_hash').execute();
        assert.deepEqual(rows.map((r) => r.token_hash), [hashToken(token1)]);
        const second = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, { ...ctx, previousToken: token1 });
        const token2 = (second as { token: string }).token;
        assert.notEqual(token2, token1);
        assert.equal(await auth.authenticate(token1), null, 'the session id the browser had before signing in no longer works');
        assert.equal((await auth.authenticate(token2))?.principal.kind, 'reader');
      } finally {
        await t.cleanup();
      }
    });

    it('"Se déconnecter" ends the session on the server', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const r = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx);
        const token = (r as { token: string }).token;
        await auth.signOut(token);
        assert.equal(await auth.authenticate(token), null);
        assert.equal(Number((await t.db.kysely.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 0);
      } finally {
        await t.cleanup();
      }
    });

    it('"Rester connecté" keeps the reader signed in for 30 days; otherwise the session ends after 2 hours of inactivity', async () => {
      const { t, f, clock, auth } = await setup(engine);
      try {
        const kept = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, { ...ctx, persistent: true });
        const browser = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx);
        assert.equal((kept as { cookieMaxAgeSeconds: number }).cookieMaxAgeSeconds, 30 * 86_400);
        assert.equal((browser as { cookieMaxAgeSeconds: null }).cookieMaxAgeSeconds, null, 'a cookie that ends with the browser');
        const keptToken = (kept as { token: string }).token;
        const browserToken = (browser as { token: string }).token;
        clock.advance(90 * MIN);
        assert.notEqual(await auth.authenticate(browserToken), null, 'active within 2 hours');
        clock.advance(2 * H);
        assert.equal(await auth.authenticate(browserToken), null, 'idle for 2 hours');
        clock.advance(29 * 24 * H);
        assert.notEqual(await auth.authenticate(keptToken), null, 'still signed in after 29 days without activity');
        clock.advance(24 * H);
        assert.equal(await auth.authenticate(keptToken), null, 'ended after 30 days');
      } finally {
        await t.cleanup();
      }
    });

    it('follows the network setting for the persistent session length', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        await new AccountSettingsRepository(t.db.kysely).save({ sessions: { persistentDays: 14, idleMinutes: 30 } });
        const r = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, { ...ctx, persistent: true });
        assert.equal((r as { cookieMaxAgeSeconds: number }).cookieMaxAgeSeconds, 14 * 86_400);
      } finally {
        await t.cleanup();
      }
    });

    it('"Mes appareils" lists the reader\'s sessions and ends any of them, but never another reader\'s', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const phone = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, { ip: '192.0.2.10', userAgent: 'Phone', persistent: true });
        const desk = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, { ip: '192.0.2.11', userAgent: 'Desk' });
        const emily = await auth.signIn(f.readers.emily.cardNumber, f.readers.emily.password, ctx);
        const me = principalOf<ReaderPrincipal>(desk);
        const list = await auth.listSessions(me, (desk as { token: string }).token);
        assert.deepEqual(list.map((s) => [s.userAgent, s.current, s.persistent]).sort(), [['Desk', true, false], ['Phone', false, true]]);
        const emilySession = (emily as { sessionId: number }).sessionId;
        assert.deepEqual(await auth.endSession(me, emilySession), { ok: false, code: 'NOT_FOUND' }, "another reader's session id");
        assert.notEqual(await auth.authenticate((emily as { token: string }).token), null, "Emily's session is untouched");
        assert.deepEqual(await auth.endSession(me, (phone as { sessionId: number }).sessionId), { ok: true });
        assert.equal(await auth.authenticate((phone as { token: string }).token), null);
      } finally {
        await t.cleanup();
      }
    });
  });

  describe(`changing the password (${engine.name})`, () => {
    it('needs the old password and the new one twice, reports every unmet rule, then rotates the session and ends the others', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const other = await auth.signIn(f.readers.lucas.cardNumber, '1987', { ip: '192.0.2.20' });
        const r = await auth.signIn(f.readers.lucas.cardNumber, '1987', ctx);
        const token = (r as { token: string }).token;
        const me = principalOf<ReaderPrincipal>(r);
        const bad = await auth.changePassword(me, { current: '1988', password: 'nouveau', confirmation: 'nouveau!' }, token);
        assert.deepEqual(
          (bad as { errors: Array<{ field: string; code: string }> }).errors.map((e) => `${e.field}:${e.code}`),
          ['current:CURRENT_PASSWORD_WRONG', 'password:PASSWORD_TOO_SHORT', 'password:PASSWORD_NEEDS_DIGIT', 'password:PASSWORD_NEEDS_SPECIAL', 'confirmation:PASSWORD_CONFIRMATION_MISMATCH'],
        );
        const ok = await auth.changePassword(me, { current: '1987', password: 'Nouveau-mot-2!', confirmation: 'Nouveau-mot-2!' }, token);
        assert.equal(ok.ok, true);
        const newToken = (ok as { token: string }).token;
        assert.notEqual(newToken, token, 'the session id changes');
        assert.equal(await auth.authenticate(token), null);
        const now = await auth.authenticate(newToken);
        assert.equal(now?.principal.mustChangePassword, false, 'the account pages are open now');
        assert.equal(await auth.authenticate((other as { token: string }).token), null, 'the other session ended');
        assert.equal((ok as { endedSessions: number }).endedSessions, 1);
        assert.equal((await auth.signIn(f.readers.lucas.cardNumber, 'Nouveau-mot-2!', ctx)).ok, true);
        assert.equal((await auth.signIn(f.readers.lucas.cardNumber, '1987', ctx)).ok, false);
      } finally {
        await t.cleanup();
      }
    });

    it('keeps the other sessions when asked to', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const other = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, { ip: '192.0.2.20' });
        const r = await auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx);
        const ok = await auth.changePassword(principalOf(r), { current: f.readers.camille.password, password: 'Autre-mot-3!', confirmation: 'Autre-mot-3!', endOtherSessions: false }, (r as { token: string }).token);
        assert.equal(ok.ok, true);
        assert.notEqual(await auth.authenticate((other as { token: string }).token), null);
      } finally {
        await t.cleanup();
      }
    });

    it("applies the reader category's policy when the network sets one", async () => {
      const { t, f, auth } = await setup(engine);
      try {
        await new AccountSettingsRepository(t.db.kysely).save({ readerPolicyByCategory: { JEUNE: 'upper-lower-digit-special' } });
        const yanis = await auth.signIn(f.readers.yanis.cardNumber, f.readers.yanis.password, ctx);
        const r = await auth.changePassword(principalOf(yanis), { current: f.readers.yanis.password, password: 'album-2024!', confirmation: 'album-2024!' }, (yanis as { token: string }).token);
        assert.deepEqual((r as { errors: Array<{ code: string }> }).errors.map((e) => e.code), ['PASSWORD_NEEDS_UPPERCASE']);
        const nadia = await auth.signIn(f.readers.nadia.cardNumber, f.readers.nadia.password, ctx);
        const ok = await auth.changePassword(principalOf(nadia), { current: f.readers.nadia.password, password: 'album-2024!', confirmation: 'album-2024!' }, (nadia as { token: string }).token);
        assert.equal(ok.ok, true, 'the network default for ADULTE');
      } finally {
        await t.cleanup();
      }
    });
  });

  describe(`staff sign-in (${engine.name})`, () => {
    it('signs staff in with their login, with their role and libraries, and never as a persistent session', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const r = await auth.signInStaff('Biblio.Centre', f.staff.centre.password, { ...ctx, persistent: true });
        const p = principalOf<StaffPrincipal>(r);
        assert.deepEqual([p.role, p.libraryIds], ['librarian', [f.libraries.CENTRALE]]);
        assert.equal((r as { cookieMaxAgeSeconds: null }).cookieMaxAgeSeconds, null);
        assert.deepEqual(await auth.signInStaff('biblio.centre', 'Lecture-2024!', ctx), { ok: false, code: 'INVALID_CREDENTIALS', messageKey: 'signIn.invalid' });
        assert.deepEqual(await auth.signInStaff('personne', 'Lecture-2024!', ctx), { ok: false, code: 'INVALID_CREDENTIALS', messageKey: 'signIn.invalid' });
        assert.equal((await auth.signIn('biblio.centre', f.staff.centre.password, ctx)).ok, false, 'a staff login is no reader identifier');
      } finally {
        await t.cleanup();
      }
    });

    it('holds staff to the stronger policy', async () => {
      const { t, f, auth } = await setup(engine);
      try {
        const r = await auth.signInStaff(f.staff.centre.login, f.staff.centre.password, ctx);
        const res = await auth.changePassword(principalOf(r), { current: f.staff.centre.password, password: 'lecture-2024!', confirmation: 'lecture-2024!' }, (r as { token: string }).token);
        assert.deepEqual((res as { errors: Array<{ code: string }> }).errors.map((e) => e.code), ['PASSWORD_NEEDS_UPPERCASE']);
      } finally {
        await t.cleanup();
      }
    });
  });
}
