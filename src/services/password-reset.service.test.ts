import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { testEngines, type TestDb } from '../../test/helpers/db.js';
import { countingHasher, seedAccounts, testClock, type AccountsFixture, type TestClock } from '../../test/helpers/accounts.js';
import { firstLink, startSmtpSink, type SmtpSink } from '../../test/helpers/smtp.js';
import { solvedCaptcha } from '../../test/helpers/captcha.js';
import { Mailer } from '../notices/mailer.js';
import { AuthService } from './auth.service.js';
import { CaptchaService } from './captcha.js';
import { MAX_RESETS_PER_HOUR, PASSWORD_RESET_PATH, PasswordResetService } from './password-reset.service.js';

const ENGINES = await testEngines();
const BASE_URL = 'https://portail.example.org';
const ctx = { ip: '203.0.113.7' };

interface Env {
  t: TestDb;
  f: AccountsFixture;
  clock: TestClock;
  sink: SmtpSink;
  mailer: Mailer;
  captcha: CaptchaService;
  reset: PasswordResetService;
  auth: AuthService;
  close(): Promise<void>;
}

async function setup(engine: (typeof ENGINES)[number]): Promise<Env> {
  const t = await engine.create();
  const clock = testClock();
  const f = await seedAccounts(t.db, clock.now());
  const sink = await startSmtpSink();
  const mailer = new Mailer({ db: t.db, config: { dataDir: tmpdir(), baseUrl: BASE_URL, smtpUrl: sink.url }, now: clock.now });
  const captcha = new CaptchaService({ db: t.db, now: clock.now });
  const hasher = countingHasher();
  const reset = new PasswordResetService({ db: t.db, config: { baseUrl: BASE_URL }, mailer, captcha, now: clock.now, hasher });
  const auth = new AuthService({ db: t.db, now: clock.now, hasher });
  return {
    t, f, clock, sink, mailer, captcha, reset, auth,
    async close() {
      await mailer.close();
      await sink.close();
      await t.cleanup();
    },
  };
}

/** The token of the link in a received email's text part, after checking the link's address. */
function tokenOf(text: string): string {
  const link = new URL(firstLink(text));
  assert.equal(`${link.origin}${link.pathname}`, `${BASE_URL}${PASSWORD_RESET_PATH}`);
  return link.searchParams.get('token') ?? '';
}

for (const engine of ENGINES) {
  describe(`forgotten password (${engine.name})`, () => {
    it('gives the same answer whether or not the identifier and email match, and emails a link only when they do', async () => {
      const e = await setup(engine);
      try {
        const { f } = e;
        const attempts: Array<[string, string, string]> = [
          ['unknown card', '2900199999999', 'camille.martin@example.org'],
          ['card with another email', f.readers.camille.cardNumber, 'emily.carter@example.org'],
          ['reader without email', f.readers.fatou.cardNumber, 'fatou@example.org'],
          ['shared email as identifier', 'nadia.benali@example.org', 'nadia.benali@example.org'],
          ['match', ` ${f.readers.camille.cardNumber.slice(0, 4)} ${f.readers.camille.cardNumber.slice(4)} `, 'Camille.Martin@example.org'],
        ];
        for (const [what, identifier, email] of attempts) {
          const r = await e.reset.request({ identifier, email, captcha: await solvedCaptcha(e.t.db, e.captcha) });
          assert.deepEqual(r, { ok: true, code: 'RESET_REQUESTED', messageKey: 'reset.requested' }, what);
        }
        await e.mailer.drain();
        const mail = await e.sink.waitFor('camille.martin@example.org');
        assert.equal(e.sink.mails.length, 1, 'one email, for the match only');
        assert.match(mail.subject, /choisir un nouveau mot de passe/);
        assert.match(mail.html, /Choisir un nouveau mot de passe/);
        assert.equal(tokenOf(mail.text).length, 43);
      } finally {
        await e.close();
      }
    });

    it('follows the emailed link to choose a new password under the policy, which ends the other sessions; the link works once', async () => {
      const e = await setup(engine);
      try {
        const { f } = e;
        const session = await e.auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx);
        const oldToken = (session as { token: string }).token;
        await e.reset.request({ identifier: f.readers.camille.email!, email: f.readers.camille.email!, captcha: await solvedCaptcha(e.t.db, e.captcha) });
        const token = tokenOf((await e.sink.waitFor(f.readers.camille.email!)).text);

        const check = await e.reset.check(token);
        assert.equal(check.valid, true);
        assert.deepEqual((check as { rules: Array<{ code: string }> }).rules.map((r) => r.code), ['PASSWORD_TOO_SHORT', 'PASSWORD_NEEDS_LETTER', 'PASSWORD_NEEDS_DIGIT', 'PASSWORD_NEEDS_SPECIAL']);

        const weak = await e.reset.complete(token, { password: 'motdepasse', confirmation: 'motdepasse' });
        assert.deepEqual((weak as { errors: Array<{ code: string }> }).errors.map((x) => x.code), ['PASSWORD_NEEDS_DIGIT', 'PASSWORD_NEEDS_SPECIAL']);
        assert.equal((await e.reset.check(token)).valid, true, 'a refused password does not use up the link');

        assert.deepEqual(await e.reset.complete(token, { password: 'Nouveau-mot-5!', confirmation: 'Nouveau-mot-5!' }), { ok: true, messageKey: 'reset.done' });
        assert.equal(await e.auth.authenticate(oldToken), null, 'the sessions open before the reset are ended');
        assert.equal((await e.auth.signIn(f.readers.camille.cardNumber, 'Nouveau-mot-5!', ctx)).ok, true);
        assert.equal((await e.auth.signIn(f.readers.camille.cardNumber, f.readers.camille.password, ctx)).ok, false);

        assert.deepEqual(await e.reset.complete(token, { password: 'Encore-autre-6!', confirmation: 'Encore-autre-6!' }), { ok: false, code: 'TOKEN_INVALID', messageKey: 'reset.tokenInvalid' });
        assert.equal((await e.reset.check(token)).valid, false);
      } finally {
        await e.close();
      }
    });

    it('stores only a hash of the token, and the link expires after one hour', async () => {
      const e = await setup(engine);
      try {
        const { f } = e;
        await e.reset.request({ identifier: f.readers.emily.cardNumber, email: f.readers.emily.email!, captcha: await solvedCaptcha(e.t.db, e.captcha) });
        const mail = await e.sink.waitFor(f.readers.emily.email!);
        assert.match(mail.subject, /choose a new password/, "in the reader's language");
        const token = tokenOf(mail.text);
        const stored = await e.t.db.kysely.selectFrom('password_reset_tokens').select('token_hash').execute();
        assert.equal(stored.length, 1);
        assert.notEqual(stored[0]!.token_hash, token);
        assert.match(stored[0]!.token_hash, /^[0-9a-f]{64}$/);
        e.clock.advance(59 * 60_000);
        assert.equal((await e.reset.check(token)).valid, true);
        e.clock.advance(60_000);
        assert.equal((await e.reset.check(token)).valid, false);
        assert.equal((await e.reset.complete(token, { password: 'Nouveau-mot-5!', confirmation: 'Nouveau-mot-5!' })).ok, false);
      } finally {
        await e.close();
      }
    });

    it('clears the must-change flag and the sign-in counters of a reader who chose a new password through the link', async () => {
      const e = await setup(engine);
      try {
        const { f } = e;
        for (let i = 0; i < 6; i++) await e.auth.signIn(f.readers.lucas.cardNumber, 'oublié', ctx);
        await e.reset.request({ identifier: f.readers.lucas.cardNumber, email: f.readers.lucas.email!, captcha: await solvedCaptcha(e.t.db, e.captcha) });
        const token = tokenOf((await e.sink.waitFor(f.readers.lucas.email!)).text);
        assert.equal((await e.reset.complete(token, { password: 'Nouveau-mot-5!', confirmation: 'Nouveau-mot-5!' })).ok, true);
        const r = await e.auth.signIn(f.readers.lucas.cardNumber, 'Nouveau-mot-5!', ctx);
        assert.equal(r.ok && r.mustChangePassword, false);
      } finally {
        await e.close();
      }
    });

    it('refuses a wrong or reused CAPTCHA before looking at the account', async () => {
      const e = await setup(engine);
      try {
        const { f } = e;
        const c = await solvedCaptcha(e.t.db, e.captcha);
        const req = (captcha: { id: string; text: string }) => e.reset.request({ identifier: f.readers.camille.cardNumber, email: f.readers.camille.email!, captcha });
        assert.deepEqual(await req({ id: c.id, text: 'ZZZZZZ' }), { ok: false, code: 'CAPTCHA_FAILED', messageKey: 'captcha.failed' });
        assert.equal((await req(c)).ok, false, 'the challenge was used by the wrong answer');
        await e.mailer.drain();
        assert.equal(e.sink.mails.length, 0);
      } finally {
        await e.close();
      }
    });

    it(`sends at most ${MAX_RESETS_PER_HOUR} links an hour to one reader, with the same answer beyond`, async () => {
      const e = await setup(engine);
      try {
        const { f } = e;
        for (let i = 0; i < MAX_RESETS_PER_HOUR + 2; i++) {
          const r = await e.reset.request({ identifier: f.readers.camille.cardNumber, email: f.readers.camille.email!, captcha: await solvedCaptcha(e.t.db, e.captcha) });
          assert.equal(r.ok, true);
        }
        await e.mailer.drain();
        assert.equal(e.sink.mails.length, MAX_RESETS_PER_HOUR);
      } finally {
        await e.close();
      }
    });
  });
}
