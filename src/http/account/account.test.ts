import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../../test/helpers/db.js';
import { Client, createAccountApp, csrfOf, type AccountApp } from '../../../test/helpers/account-app.js';
import { captchaAnswer } from '../../../test/helpers/captcha.js';
import { firstLink } from '../../../test/helpers/smtp.js';
import { SESSION_COOKIE } from './session.js';

const ENGINES = await testEngines();

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');
const text = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
/** the page without its per-request random values (CSRF token, CAPTCHA id and challenge) */
const stable = (html: string) =>
  html
    .replace(/name="_csrf" value="[^"]+"/g, '')
    .replace(/name="captcha_id" value="[^"]+"/g, '')
    .replace(/\/captcha\/[^"]+\.svg/g, '')
    .replace(/data-pow-challenge="[^"]+"/g, '');
let ipCounter = 10;
const client = (ta: AccountApp) => new Client(ta.app, { 'x-forwarded-for': `203.0.113.${ipCounter++}` });
const captchaId = (html: string) => /name="captcha_id" value="([^"]+)"/.exec(html)?.[1] ?? '';

for (const engine of ENGINES) {
  describe(`reader account pages (${engine.name})`, () => {
    let ta: AccountApp;
    before(async () => {
      ta = await createAccountApp(engine);
    });
    after(async () => {
      await ta.close();
    });

    it('sign-in form: Identifiant, Mot de passe, Rester connecté, Mot de passe oublié, card number hint', async () => {
      const c = client(ta);
      const home = await c.get('/');
      assert.match(home.html, /href="\/connexion"/, 'header sign-in link');
      const r = await c.get('/connexion');
      assert.equal(r.status, 200);
      assert.match(r.html, /<label for="identifier">Identifiant<\/label>/);
      assert.match(r.html, /<label for="password">Mot de passe<\/label>/);
      assert.match(r.html, /<label for="remember">Rester connecté<\/label>/);
      assert.match(r.html, /href="\/compte\/mot-de-passe\/oublie">Mot de passe oublié \?</);
      assert.match(text(r.html), /numéro de carte/, 'the form says the card number works');
      const en = await c.get('/connexion?lang=en');
      assert.match(en.html, /Keep me signed in/);
    });

    it('refuses every form posted without a valid CSRF token', async () => {
      const c = client(ta);
      await c.get('/connexion');
      const other = client(ta);
      const foreign = csrfOf((await other.get('/connexion')).html);
      const r1 = await c.post('/connexion', { identifier: ta.fx.readers.camille.cardNumber, password: ta.fx.readers.camille.password }, false);
      assert.equal(r1.status, 403, 'no token');
      const r2 = await c.post('/connexion', { identifier: ta.fx.readers.camille.cardNumber, password: ta.fx.readers.camille.password }, foreign);
      assert.equal(r2.status, 403, "another browser's token");
      assert.equal(c.jar.has(SESSION_COOKIE), false, 'not signed in');
      const signed = client(ta);
      await signed.signIn(ta.fx.readers.camille.cardNumber, ta.fx.readers.camille.password);
      for (const url of ['/deconnexion', '/compte/mot-de-passe', '/compte/mot-de-passe/oublie', '/compte/mot-de-passe/nouveau', '/compte/appareils/1/fin', '/compte/appareils/autres/fin', '/compte/profil/modifier']) {
        const r = await signed.post(url, { password: 'x', confirmation: 'x', current: 'x', email: 'a@b.fr' }, false);
        assert.equal(r.status, 403, `${url} without a token`);
      }
      assert.equal((await signed.get('/compte')).status, 200, 'still signed in: the sign-out without a token did nothing');
    });

    it('answers a wrong password and an unknown identifier the same way', async () => {
      const a = client(ta);
      const b = client(ta);
      const wrong = await a.signIn(ta.fx.readers.camille.cardNumber, 'Not-The-Password-1!');
      const unknown = await b.signIn('2900199999999', 'Not-The-Password-1!');
      const unknownEmail = await b.signIn('personne@example.org', 'Not-The-Password-1!');
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, wrong.status);
      assert.equal(unknownEmail.status, wrong.status);
      assert.match(text(wrong.html), /Identifiant ou mot de passe incorrect/);
      assert.equal(stable(unknown.html).replace('2900199999999', 'ID'), stable(wrong.html).replace(ta.fx.readers.camille.cardNumber, 'ID'));
      assert.doesNotMatch(wrong.html, /Not-The-Password/, 'the password is never sent back');
      assert.match(wrong.html, new RegExp(`value="${ta.fx.readers.camille.cardNumber}"`), 'the identifier is kept');
    });

    it('signs in with the card number: new session id (fixation), HttpOnly SameSite=Lax browser-session cookie, first name in the header', async () => {
      const c = client(ta);
      c.jar.set(SESSION_COOKIE, 'planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaaaaaaaaaa');
      const r = await c.signIn(ta.fx.readers.camille.cardNumber, ta.fx.readers.camille.password);
      assert.equal(r.status, 303);
      assert.equal(r.location, '/compte');
      const cookie = r.cookies.find((k) => k.name === SESSION_COOKIE);
      assert.ok(cookie, 'a session cookie is set');
      assert.notEqual(cookie.value, 'planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaaaaaaaaaa');
      assert.equal(cookie.httpOnly, true, 'HttpOnly');
      assert.equal(String(cookie.sameSite).toLowerCase(), 'lax', 'SameSite=Lax');
      assert.equal(cookie.maxAge, undefined, 'no Max-Age: ends with the browser');
      assert.notEqual(cookie.secure, true, 'not Secure on http');
      const home = await c.get('/compte');
      assert.equal(home.status, 200);
      assert.match(home.html, /class="user-name">Camille</);
      assert.match(home.html, /action="\/deconnexion"/);
      assert.match(home.html, /Mon profil &amp; mes frais/);
      // a session cookie the browser had before signing in is ended, not kept
      const before = c.jar.get(SESSION_COOKIE)!;
      const again = await c.post('/connexion', { identifier: ta.fx.readers.camille.cardNumber, password: ta.fx.readers.camille.password }, csrfOf(home.html));
      assert.notEqual(again.cookies.find((k) => k.name === SESSION_COOKIE)?.value, before);
      const stale = new Client(ta.app);
      stale.jar.set(SESSION_COOKIE, before);
      assert.equal((await stale.get('/compte')).status, 303, 'the previous session id no longer works');
    });

    it('"Rester connecté" sets a 30-day cookie', async () => {
      const c = client(ta);
      const r = await c.signIn(ta.fx.readers.emily.email!, ta.fx.readers.emily.password, true);
      assert.equal(r.status, 303);
      const cookie = r.cookies.find((k) => k.name === SESSION_COOKIE);
      assert.equal(cookie?.maxAge, 30 * 24 * 3600);
    });

    it('"Se déconnecter" ends the session on the server', async () => {
      const c = client(ta);
      await c.signIn(ta.fx.readers.fatou.cardNumber, ta.fx.readers.fatou.password);
      const token = c.jar.get(SESSION_COOKIE)!;
      const page = await c.get('/compte');
      const out = await c.post('/deconnexion', {}, csrfOf(page.html));
      assert.equal(out.status, 303);
      assert.equal(c.jar.has(SESSION_COOKIE), false, 'cookie cleared');
      const replay = new Client(ta.app);
      replay.jar.set(SESSION_COOKIE, token);
      const r = await replay.get('/compte');
      assert.equal(r.status, 303, 'the old cookie no longer opens the account');
      assert.match(r.location, /^\/connexion/);
    });

    it('first sign-in with the initial password: only "Modifier le mot de passe" until it is changed', async () => {
      const c = client(ta);
      const lucas = ta.fx.readers.lucas;
      const r = await c.signIn(lucas.cardNumber, lucas.password);
      assert.equal(r.location, '/compte/mot-de-passe');
      for (const url of ['/compte', '/compte/profil', '/compte/appareils', '/compte/profil/modifier']) {
        const g = await c.get(url);
        assert.equal(g.status, 303, url);
        assert.equal(g.location, '/compte/mot-de-passe', url);
      }
      const form = await c.get('/compte/mot-de-passe');
      assert.equal(form.status, 200);
      assert.match(text(form.html), /remplacez le mot de passe/);
      assert.match(text(form.html), /Au moins 8 caractères/);
      const bad = await c.post('/compte/mot-de-passe', { current: '1987', password: 'court', confirmation: 'autre' }, csrfOf(form.html));
      assert.equal(bad.status, 422);
      assert.match(bad.html, /id="password-error"/, 'errors next to the new password');
      assert.match(bad.html, /id="confirmation-error"/, 'error next to the confirmation');
      assert.doesNotMatch(bad.html, /value="court"|value="1987"|value="autre"/, 'passwords are not sent back');
      const before = c.jar.get(SESSION_COOKIE);
      const ok = await c.post('/compte/mot-de-passe', { current: '1987', password: 'Nouveau-Depart-9!', confirmation: 'Nouveau-Depart-9!' }, csrfOf(bad.html));
      assert.equal(ok.status, 303);
      assert.notEqual(c.jar.get(SESSION_COOKIE), before, 'the session id changes at password change');
      const home = await c.get(ok.location);
      assert.equal(home.status, 200);
      assert.match(text(home.html), /Votre mot de passe a été modifié/);
      assert.match(home.html, /class="user-name">Lucas</);
    });

    it('forgotten password: same answer whatever matches; the emailed link sets a new password', async () => {
      const c = client(ta);
      const nadia = ta.fx.readers.nadia;
      const ask = async (identifier: string, email: string) => {
        const page = await c.get('/compte/mot-de-passe/oublie');
        assert.match(page.html, /<img class="captcha-image" src="\/captcha\/[^"]+\.svg"/);
        const id = captchaId(page.html);
        const svg = await c.get(`/captcha/${id}.svg`);
        assert.equal(svg.status, 200);
        assert.match(String(svg.headers['content-type']), /image\/svg\+xml/);
        return c.post('/compte/mot-de-passe/oublie', { identifier, email, captcha_id: id, captcha_text: await captchaAnswer(ta.t.db, id) }, csrfOf(page.html));
      };
      const wrongCaptcha = await c.submit('/compte/mot-de-passe/oublie', '/compte/mot-de-passe/oublie', { identifier: nadia.cardNumber, email: nadia.email!, captcha_id: 'nope', captcha_text: 'AAAAAA' });
      assert.equal(wrongCaptcha.status, 422);
      assert.match(text(wrongCaptcha.html), /anti-robot/);
      const unknown = await ask('2900199999999', 'personne@example.org');
      const mismatch = await ask(nadia.cardNumber, 'autre@example.org');
      const match = await ask(nadia.cardNumber, nadia.email!);
      assert.equal(match.status, 200);
      assert.equal(stable(unknown.html), stable(match.html), 'unknown account: same page');
      assert.equal(stable(mismatch.html), stable(match.html), 'wrong email: same page');
      const mail = await ta.sink.waitFor(nadia.email!, { timeoutMs: 10_000 });
      const link = new URL(firstLink(mail.text));
      assert.equal(link.pathname, '/compte/mot-de-passe/nouveau');
      const url = link.pathname + link.search;
      const form = await c.get(url);
      assert.equal(form.status, 200);
      assert.match(form.html, /name="token"/);
      const done = await c.post('/compte/mot-de-passe/nouveau', { token: link.searchParams.get('token')!, password: 'Bibliotheque-2026!', confirmation: 'Bibliotheque-2026!' }, csrfOf(form.html));
      assert.equal(done.status, 303);
      assert.equal((await c.get(url)).status, 410, 'the link works once');
      const signIn = await c.signIn(nadia.cardNumber, 'Bibliotheque-2026!');
      assert.equal(signIn.location, '/compte');
    });

    it('"Mes appareils" lists the sessions and ends one; another reader\'s session id is not found', async () => {
      const phone = client(ta);
      const laptop = client(ta);
      const camille = ta.fx.readers.camille;
      await phone.signIn(camille.cardNumber, camille.password);
      await laptop.signIn(camille.cardNumber, camille.password, true);
      const page = await laptop.get('/compte/appareils');
      assert.equal(page.status, 200);
      const ids = [...page.html.matchAll(/action="\/compte\/appareils\/(\d+)\/fin"/g)].map((m) => Number(m[1]));
      assert.ok(ids.length >= 2, `at least two sessions listed, got ${ids.length}`);
      assert.match(text(page.html), /Cet appareil/);
      const stranger = client(ta);
      await stranger.signIn(ta.fx.readers.emily.cardNumber, ta.fx.readers.emily.password);
      const sp = await stranger.get('/compte/appareils');
      for (const id of ids) {
        const r = await stranger.post(`/compte/appareils/${id}/fin`, {}, csrfOf(sp.html));
        assert.equal(r.status, 404, `session ${id} of another reader`);
      }
      assert.equal((await phone.get('/compte')).status, 200, "Camille's sessions survive");
      const end = await laptop.post('/compte/appareils/autres/fin', {}, csrfOf(page.html));
      assert.equal(end.status, 303);
      assert.equal((await phone.get('/compte')).status, 303, 'the other device is signed out');
      assert.equal((await laptop.get('/compte')).status, 200, 'this one is not');
    });

    it('"Mon profil & mes frais": profile, fees, edit phone; a new email waits for confirmation', async () => {
      const c = client(ta);
      const fatou = ta.fx.readers.fatou;
      await c.signIn(fatou.cardNumber, fatou.password);
      const now = new Date().toISOString();
      await ta.t.db.kysely
        .insertInto('fees')
        .values({ reader_id: fatou.id, reason: 'LOST_DOCUMENT', label: 'Le Petit Prince (perdu)', amount_cents: 1250, created_by_staff_id: null, created_at: now, paid_at: null })
        .execute();
      const p = await c.get('/compte/profil');
      assert.equal(p.status, 200);
      assert.match(text(p.html), /Fatou Diallo/);
      assert.match(text(p.html), new RegExp(fatou.cardNumber));
      assert.match(text(p.html), /Le Petit Prince \(perdu\)/, 'fee reason');
      assert.match(text(p.html), /12,50\s€/, 'fee amount');
      const edit = await c.get('/compte/profil/modifier');
      const bad = await c.post('/compte/profil/modifier', { email: 'pas-une-adresse', phone: '01 23 45 67 89', mobile: '' }, csrfOf(edit.html));
      assert.equal(bad.status, 422);
      assert.match(bad.html, /id="email-error"/);
      assert.match(bad.html, /value="01 23 45 67 89"/, 'what was typed is kept');
      const ok = await c.post('/compte/profil/modifier', { email: 'fatou.diallo@example.org', phone: '01 23 45 67 89', mobile: '06 12 34 56 78' }, csrfOf(bad.html));
      assert.equal(ok.status, 303);
      const after = await c.get(ok.location);
      assert.match(text(after.html), /fatou\.diallo@example\.org/);
      const mail = await ta.sink.waitFor('fatou.diallo@example.org', { timeoutMs: 10_000 });
      const link = new URL(firstLink(mail.text));
      const confirmed = await c.get(link.pathname + link.search);
      assert.equal(confirmed.status, 200);
      assert.match(text(confirmed.html), /nouvelle adresse électronique est enregistrée/);
    });

    it("ignores a reader id slipped into the profile form: only the signed-in reader's data changes", async () => {
      const c = client(ta);
      const camille = ta.fx.readers.camille;
      const emily = ta.fx.readers.emily;
      const before = await ta.t.db.kysely.selectFrom('readers').select(['phone', 'email']).where('id', '=', emily.id).executeTakeFirstOrThrow();
      await c.signIn(camille.cardNumber, camille.password);
      const edit = await c.get(`/compte/profil/modifier?id=${emily.id}&readerId=${emily.id}`);
      assert.equal(edit.status, 200);
      assert.doesNotMatch(edit.html, /emily\.carter/, "another reader's email is never shown");
      const r = await c.post(`/compte/profil/modifier?readerId=${emily.id}`, { id: String(emily.id), readerId: String(emily.id), reader_id: String(emily.id), email: camille.email!, phone: '05 55 55 55 55', mobile: '' }, csrfOf(edit.html));
      assert.equal(r.status, 303);
      const after = await ta.t.db.kysely.selectFrom('readers').select(['phone', 'email']).where('id', '=', emily.id).executeTakeFirstOrThrow();
      assert.deepEqual(after, before, "Emily's record is unchanged");
      const mine = await ta.t.db.kysely.selectFrom('readers').select('phone').where('id', '=', camille.id).executeTakeFirstOrThrow();
      assert.equal(mine.phone !== null && mine.phone.replace(/\D/g, '').endsWith('555555555'), true, `Camille's phone saved (got ${mine.phone})`);
    });

    it('never sends the reader to another site after signing in, and shows a page for an expired form', async () => {
      const c = client(ta);
      const form = await c.get('/connexion?next=//evil.example/x');
      assert.doesNotMatch(form.html, /name="next"/, "an off-site next is dropped");
      const r = await c.post('/connexion', { identifier: ta.fx.readers.fatou.cardNumber, password: ta.fx.readers.fatou.password, next: '//evil.example/x' }, csrfOf(form.html));
      assert.equal(r.location, '/compte');
      const expired = await client(ta).post('/connexion', { identifier: 'x', password: 'y' }, false);
      assert.equal(expired.status, 403);
      assert.match(text(expired.html), /Le formulaire a expiré/);
    });

    it('renders names and search terms containing markup escaped', async () => {
      const c = client(ta);
      const yanis = ta.fx.readers.yanis;
      await ta.t.db.kysely.updateTable('readers').set({ first_name: '<script>alert(1)</script>' }).where('id', '=', yanis.id).execute();
      await c.signIn(yanis.cardNumber, yanis.password);
      const p = await c.get('/compte');
      assert.doesNotMatch(p.html, /<script>alert/);
      assert.match(p.html, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      const s = await c.get('/recherche?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
      assert.doesNotMatch(s.html, /<img src=x/);
      const signIn = await client(ta).signIn('<b>x</b>', 'y');
      assert.doesNotMatch(signIn.html, /<b>x<\/b>/);
    });

    it('sends security headers on account pages and keeps them out of caches', async () => {
      const r = await client(ta).get('/connexion');
      assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
      assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'same-origin');
      assert.equal(r.headers['cache-control'], 'no-store');
      const js = await client(ta).get('/assets/captcha-pow.js');
      assert.equal(js.status, 200);
      assert.match(String(js.headers['content-type']), /javascript/);
    });
  });
}

describe('account cookies behind https', () => {
  it('are Secure when BASE_URL is https', async () => {
    const [engine] = ENGINES;
    const ta = await createAccountApp(engine!, { baseUrl: 'https://mediatheques.example.org' });
    try {
      const c = new Client(ta.app);
      const r = await c.signIn(ta.fx.readers.camille.cardNumber, ta.fx.readers.camille.password);
      const cookie = r.cookies.find((k) => k.name === SESSION_COOKIE);
      assert.equal(cookie?.secure, true, 'Secure');
    } finally {
      await ta.close();
    }
  });
});
