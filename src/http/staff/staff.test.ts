import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../../test/helpers/db.js';
import { Client, createAccountApp, csrfOf, type AccountApp } from '../../../test/helpers/account-app.js';
import { OutboxRepository } from '../../repositories/outbox.repository.js';
import { SESSION_COOKIE } from '../account/session.js';

const ENGINES = await testEngines();

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');
const text = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
/** the page without its per-request CSRF tokens */
const stable = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '');
/** the <main> of a page (the header holds the signed-in user's first name and the catalogue search) */
const main = (html: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
const h1s = (html: string) => [...html.matchAll(/<h1[\s>]/g)].length;
let ipCounter = 10;
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const client = (ta: AccountApp) => new Client(ta.app, { 'x-forwarded-for': `198.51.100.${ipCounter++}`, 'user-agent': FIREFOX_LINUX });

async function staffClient(ta: AccountApp, who: 'centre' | 'tilleuls' | 'admin'): Promise<Client> {
  const c = client(ta);
  const r = await c.submit('/staff', '/staff/connexion', { login: ta.fx.staff[who].login, password: ta.fx.staff[who].password });
  assert.equal(r.status, 303, `${who} signs in`);
  assert.equal(r.location, '/staff', `${who} lands on the staff home`);
  return c;
}

/** The value of an input, by its id. */
function inputValue(html: string, id: string): string | null {
  const tag = new RegExp(`<input\\b(?:[^>"]|"[^"]*")*\\bid="${id}"(?:[^>"]|"[^"]*")*>`).exec(html)?.[0];
  if (!tag) return null;
  return decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
}

function inputTag(html: string, id: string): string {
  const tag = new RegExp(`<(?:input|select)\\b(?:[^>"]|"[^"]*")*\\bid="${id}"(?:[^>"]|"[^"]*")*>`).exec(html)?.[0];
  assert.ok(tag, `a field with id ${id}`);
  return tag;
}

const NEW_READER = {
  cardNumber: '2900 1000 0070 3',
  lastName: 'Lefèvre',
  firstName: 'Hélène',
  birthDate: '14/07/1990',
  email: 'helene.lefevre@example.org',
  phone: '',
  mobile: '06 39 98 50 05',
  categoryCode: 'ADULTE',
  homeLibraryCode: 'TILLEULS',
  membershipExpires: '01/03/2027',
  language: 'fr',
};

for (const engine of ENGINES) {
  describe(`staff back office (${engine.name})`, () => {
    let ta: AccountApp;
    before(async () => {
      ta = await createAccountApp(engine);
    });
    after(async () => {
      await ta.close();
    });

    it('shows the staff sign-in form to a visitor, in French and in English', async () => {
      const c = client(ta);
      const r = await c.get('/staff');
      assert.equal(r.status, 200);
      assert.equal(h1s(r.html), 1, 'one h1');
      assert.match(r.html, /<h1>Connexion du personnel<\/h1>/);
      assert.match(r.html, /<label for="login">Identifiant<\/label>/);
      assert.match(r.html, /<label for="password">Mot de passe<\/label>/);
      assert.match(r.html, /action="\/staff\/connexion"/);
      assert.doesNotMatch(r.html, /name="remember"/, 'staff sessions are never persistent: no "Rester connecté"');
      const en = await c.get('/staff?lang=en');
      assert.match(en.html, /<h1>Staff sign-in<\/h1>/);
      const away = await client(ta).get('/staff/lecteurs?q=martin');
      assert.equal(away.status, 303, 'a staff page sends a visitor to the sign-in');
      assert.equal(away.location, '/staff?next=%2Fstaff%2Flecteurs%3Fq%3Dmartin');
    });

    it('answers a wrong password and an unknown login the same way; a good one opens a browser-session', async () => {
      const a = client(ta);
      const b = client(ta);
      const wrong = await a.submit('/staff', '/staff/connexion', { login: 'biblio.centre', password: 'Pas-Le-Bon-2024!' });
      const unknown = await b.submit('/staff', '/staff/connexion', { login: 'biblio.nulle', password: 'Pas-Le-Bon-2024!' });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.match(text(wrong.html), /Identifiant ou mot de passe incorrect/);
      assert.equal(stable(unknown.html).replace('value="biblio.nulle"', 'LOGIN'), stable(wrong.html).replace('value="biblio.centre"', 'LOGIN'), 'same page');
      assert.doesNotMatch(wrong.html, /Pas-Le-Bon/, 'the password is never sent back');
      assert.equal(a.jar.has(SESSION_COOKIE), false, 'not signed in');

      const c = client(ta);
      const ok = await c.submit('/staff?next=%2Fstaff%2Flecteurs', '/staff/connexion', { login: 'BIBLIO.CENTRE', password: ta.fx.staff.centre.password, next: '/staff/lecteurs' });
      assert.equal(ok.status, 303);
      assert.equal(ok.location, '/staff/lecteurs', 'back to the page asked for');
      const cookie = ok.cookies.find((k) => k.name === SESSION_COOKIE);
      assert.ok(cookie, 'a session cookie');
      assert.equal(cookie.maxAge, undefined, 'no Max-Age: ends with the browser');
      assert.equal(cookie.httpOnly, true, 'HttpOnly');
      const evil = await client(ta).submit('/staff', '/staff/connexion', { login: 'biblio.centre', password: ta.fx.staff.centre.password, next: '//evil.example/staff' });
      assert.equal(evil.location, '/staff', 'never another site');
      const home = await c.get('/staff');
      assert.equal(home.status, 200);
      assert.equal(h1s(home.html), 1, 'one h1');
      assert.match(text(main(home.html)), /Bonjour Isabelle Roussel/);
      assert.match(text(main(home.html)), /Bibliothécaire : Médiathèque Jeanne-Barret/);
      assert.match(home.html, /<nav class="staff-nav" aria-label="Menu de l’espace professionnel">/);
      assert.match(home.html, /href="\/staff\/lecteurs"/);
      assert.match(home.html, /href="\/compte\/mot-de-passe"/);
      assert.match(home.html, /action="\/staff\/deconnexion"/);
      assert.doesNotMatch(home.html, /href="\/staff\/messages"/, 'a librarian has no outbox link');
      const admin = await staffClient(ta, 'admin');
      assert.match((await admin.get('/staff')).html, /href="\/staff\/messages"/, 'the administrator has one');
      assert.equal((await c.get('/compte')).location, '/staff', '"Mon compte" of a staff member is the back office');

      const token = c.jar.get(SESSION_COOKIE)!;
      const out = await c.post('/staff/deconnexion', {}, csrfOf(home.html));
      assert.equal(out.status, 303);
      assert.equal(out.location, '/staff');
      const replay = new Client(ta.app);
      replay.jar.set(SESSION_COOKIE, token);
      assert.equal((await replay.get('/staff/lecteurs')).status, 303, 'the session ended on the server');
    });

    it('gives a reader\'s session a 403 and no staff data', async () => {
      const c = client(ta);
      await c.signIn(ta.fx.readers.camille.cardNumber, ta.fx.readers.camille.password);
      const home = await c.get('/staff');
      assert.equal(home.status, 403);
      assert.match(text(home.html), /compte de lecteur/, 'told the area is for staff');
      assert.doesNotMatch(home.html, /class="staff-nav"/);
      const nadia = ta.fx.readers.nadia;
      for (const url of ['/staff/lecteurs?q=benali', `/staff/lecteurs/${nadia.id}`, `/staff/lecteurs/${nadia.id}/modifier`, '/staff/lecteurs/nouveau', '/staff/messages', '/staff/messages/1']) {
        const r = await c.get(url);
        assert.equal(r.status, 403, url);
        assert.doesNotMatch(r.html, /Benali|Nadia|2900100000093/, `${url}: nothing about another reader`);
      }
      const before = await ta.t.db.kysely.selectFrom('fees').select('id').where('reader_id', '=', nadia.id).execute();
      const post = await c.post(`/staff/lecteurs/${nadia.id}/frais`, { reason: 'OTHER', label: 'x', amount: '1' }, csrfOf(home.html));
      assert.equal(post.status, 403, 'a reader posting a staff form');
      const afterFees = await ta.t.db.kysely.selectFrom('fees').select('id').where('reader_id', '=', nadia.id).execute();
      assert.equal(afterFees.length, before.length, 'no fee added');
    });

    it('refuses staff forms posted without a CSRF token', async () => {
      const anon = client(ta);
      await anon.get('/staff');
      const r = await anon.post('/staff/connexion', { login: ta.fx.staff.centre.login, password: ta.fx.staff.centre.password }, false);
      assert.equal(r.status, 403, 'sign-in without a token');
      assert.equal(anon.jar.has(SESSION_COOKIE), false, 'not signed in');
      const c = await staffClient(ta, 'tilleuls');
      const count = async () => (await ta.t.db.kysely.selectFrom('readers').select('id').execute()).length;
      const n = await count();
      const lucas = ta.fx.readers.lucas.id;
      for (const url of ['/staff/lecteurs/nouveau', `/staff/lecteurs/${lucas}/modifier`, `/staff/lecteurs/${lucas}/mot-de-passe-initial`, `/staff/lecteurs/${lucas}/frais`, `/staff/lecteurs/${lucas}/frais/1/paiement`, '/staff/deconnexion']) {
        const p = await c.post(url, { ...NEW_READER, reason: 'OTHER', label: 'x', amount: '1', method: 'cash' }, false);
        assert.equal(p.status, 403, `${url} without a token`);
      }
      assert.equal(await count(), n, 'no reader created');
      assert.equal((await c.get('/staff')).status, 200, 'still signed in');
    });

    it('finds readers by card number or name, escaping what was typed', async () => {
      const c = await staffClient(ta, 'centre');
      const list = await c.get('/staff/lecteurs?q=BENALI');
      assert.equal(list.status, 200);
      assert.equal(h1s(list.html), 1, 'one h1');
      assert.match(text(main(list.html)), /2 lecteurs pour « BENALI »/);
      assert.match(list.html, new RegExp(`href="/staff/lecteurs/${ta.fx.readers.nadia.id}"`));
      assert.match(list.html, new RegExp(`href="/staff/lecteurs/${ta.fx.readers.yanis.id}"`));
      const card = await c.get('/staff/lecteurs?q=2900%201000%200001-7');
      assert.equal(card.status, 303, 'a scanned card goes straight to the reader');
      assert.equal(card.location, `/staff/lecteurs/${ta.fx.readers.camille.id}`);
      const none = await c.get('/staff/lecteurs?q=%3Cb%3Ex%3C%2Fb%3E');
      assert.match(text(main(none.html)), /Aucun lecteur pour « <b>x<\/b> »/);
      assert.doesNotMatch(none.html, /<b>x<\/b>/, 'markup in the search is escaped');
    });

    it('lets a librarian create a reader, who then signs in with the initial password and must change it', async () => {
      const c = await staffClient(ta, 'tilleuls');
      const form = await c.get('/staff/lecteurs/nouveau');
      assert.equal(form.status, 200);
      assert.equal(h1s(form.html), 1, 'one h1');
      assert.match(form.html, /<select id="reader-library" name="homeLibraryCode"/);
      assert.doesNotMatch(form.html, /value="CENTRALE"/, "only the librarian's own library is offered");
      assert.match(form.html, /<option value="TILLEULS" selected>/, 'their only library, chosen');
      const r = await c.post('/staff/lecteurs/nouveau', NEW_READER, csrfOf(form.html));
      assert.equal(r.status, 303, text(main(r.html)).slice(0, 300));
      const m = /^\/staff\/lecteurs\/(\d+)\?done=created-birth-year$/.exec(r.location);
      assert.ok(m, `redirected to the new reader: ${r.location}`);
      const page = await c.get(r.location);
      assert.equal(page.status, 200);
      const body = text(main(page.html));
      assert.match(body, /Lecteur créé\. Son mot de passe initial est l’année de naissance/);
      const notice = /<div class="notice" role="status"><p>([^<]*)<\/p>/.exec(page.html)?.[1] ?? '';
      assert.match(notice, /mot de passe initial/, 'the notice');
      assert.doesNotMatch(notice, /1990/, 'the password itself is not shown');
      assert.match(body, /2900100000703/);
      assert.match(body, /Hélène/);
      assert.match(body, /06 39 98 50 05/);
      assert.match(body, /Doit changer son mot de passe Oui/);

      const reader = client(ta);
      const signIn = await reader.signIn('2900100000703', '1990');
      assert.equal(signIn.status, 303);
      assert.equal(signIn.location, '/compte/mot-de-passe', 'forced to change it');
    });

    it('shows each error next to its field, keeps what was typed and escapes it', async () => {
      const c = await staffClient(ta, 'tilleuls');
      const form = await c.get('/staff/lecteurs/nouveau');
      const typed = { ...NEW_READER, cardNumber: '2900 1000 0080 2', lastName: '<script>alert(1)</script>', firstName: '', birthDate: '31/02/1990', email: 'pas-une-adresse', mobile: '01 23 45 67 89' };
      const r = await c.post('/staff/lecteurs/nouveau', typed, csrfOf(form.html));
      assert.equal(r.status, 422);
      assert.equal(h1s(r.html), 1, 'one h1');
      assert.match(r.html, /class="error-summary" role="alert"/, 'an error summary');
      assert.match(r.html, /<a href="#reader-birth-date">Date de naissance : Date invalide/, 'the summary links to the field');
      for (const [id, message] of [
        ['reader-first-name', 'Champ obligatoire'],
        ['reader-birth-date', 'Date invalide'],
        ['reader-email', 'Adresse électronique invalide'],
        ['reader-mobile', 'pas un numéro de portable'],
      ] as const) {
        const tag = inputTag(r.html, id);
        assert.match(tag, /aria-invalid="true"/, `${id} is marked invalid`);
        assert.match(tag, new RegExp(`aria-describedby="[^"]*${id}-error`), `${id} is described by its error`);
        const err = new RegExp(`<ul class="field-errors" id="${id}-error"><li>([^<]*)</li>`).exec(r.html);
        assert.ok(err, `an error next to ${id}`);
        assert.match(decode(err[1]!), new RegExp(message));
      }
      assert.doesNotMatch(inputTag(r.html, 'reader-card'), /aria-invalid/, 'a valid field is not marked');
      assert.equal(inputValue(r.html, 'reader-birth-date'), '31/02/1990', 'what was typed is kept');
      assert.equal(inputValue(r.html, 'reader-email'), 'pas-une-adresse');
      assert.equal(inputValue(r.html, 'reader-card'), '2900 1000 0080 2');
      assert.equal(inputValue(r.html, 'reader-last-name'), '<script>alert(1)</script>', 'the name comes back as typed');
      assert.doesNotMatch(r.html, /<script>alert/, 'and escaped');
      assert.equal((await ta.t.db.kysely.selectFrom('readers').select('id').where('card_number', '=', '2900100000802').execute()).length, 0, 'nothing saved');

      // the markup is a valid name: saved, shown escaped on the reader's page
      const ok = await c.post('/staff/lecteurs/nouveau', { ...typed, firstName: 'Zoé', birthDate: '28/02/1990', email: '', mobile: '' }, csrfOf(r.html));
      assert.equal(ok.status, 303);
      const page = await c.get(ok.location);
      assert.doesNotMatch(page.html, /<script>alert/);
      assert.match(page.html, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);

      const dup = await c.post('/staff/lecteurs/nouveau', { ...NEW_READER, cardNumber: ta.fx.readers.nadia.cardNumber }, csrfOf(page.html));
      assert.equal(dup.status, 422);
      assert.match(dup.html, /id="reader-card-error"><li>Ce numéro de carte est déjà attribué<\/li>/, 'duplicate card number next to the field');
      assert.match(dup.html, /aria-describedby="reader-card-hint reader-card-error"/);
    });

    it("keeps a Tilleuls librarian off the central library's readers: no edit (403), no creation there (field error)", async () => {
      const c = await staffClient(ta, 'tilleuls');
      const camille = ta.fx.readers.camille;
      const page = await c.get(`/staff/lecteurs/${camille.id}`);
      assert.equal(page.status, 200, 'any staff member looks readers up');
      assert.doesNotMatch(page.html, new RegExp(`href="/staff/lecteurs/${camille.id}/modifier"`), 'no edit link');
      assert.doesNotMatch(page.html, /mot-de-passe-initial/, 'no reset button');
      assert.match(text(main(page.html)), /pas la vôtre/);
      assert.equal((await c.get(`/staff/lecteurs/${camille.id}/modifier`)).status, 403, 'the edit form');
      const edit = await c.post(`/staff/lecteurs/${camille.id}/modifier`, { ...NEW_READER, cardNumber: camille.cardNumber, homeLibraryCode: 'CENTRALE', lastName: 'Pirate' }, csrfOf(page.html));
      assert.equal(edit.status, 403, 'saving');
      assert.equal((await ta.t.db.kysely.selectFrom('readers').select('last_name').where('id', '=', camille.id).executeTakeFirstOrThrow()).last_name, 'Martin', 'unchanged');
      assert.equal((await c.post(`/staff/lecteurs/${camille.id}/mot-de-passe-initial`, {}, csrfOf(page.html))).status, 403, 'resetting');
      const form = await c.get('/staff/lecteurs/nouveau');
      const create = await c.post('/staff/lecteurs/nouveau', { ...NEW_READER, cardNumber: '2900100000901', homeLibraryCode: 'CENTRALE' }, csrfOf(form.html));
      assert.equal(create.status, 422);
      assert.match(create.html, /id="reader-library-error"><li>Cette bibliothèque n’est pas la vôtre<\/li>/);
      assert.match(create.html, /<option value="CENTRALE" selected>/, 'what was chosen is kept');
      // the administrator edits anywhere
      const admin = await staffClient(ta, 'admin');
      const adminForm = await admin.get(`/staff/lecteurs/${camille.id}/modifier`);
      assert.equal(adminForm.status, 200);
      assert.equal(inputValue(adminForm.html, 'reader-birth-date'), '12/03/1984', 'dates shown as dd/mm/yyyy');
      const values: Record<string, string> = {};
      for (const name of ['cardNumber', 'lastName', 'firstName', 'birthDate', 'email', 'phone', 'mobile', 'membershipExpires']) {
        values[name] = inputValue(adminForm.html, `reader-${{ cardNumber: 'card', lastName: 'last-name', firstName: 'first-name', birthDate: 'birth-date', membershipExpires: 'expires' }[name] ?? name}`) ?? '';
      }
      const saved = await admin.post(`/staff/lecteurs/${camille.id}/modifier`, { ...values, phone: '03 53 01 33 21', categoryCode: 'ADULTE', homeLibraryCode: 'CENTRALE', language: 'fr' }, csrfOf(adminForm.html));
      assert.equal(saved.status, 303, text(main(saved.html)).slice(0, 300));
      assert.equal(saved.location, `/staff/lecteurs/${camille.id}?done=saved`);
      assert.match(text(main((await admin.get(saved.location)).html)), /Fiche enregistrée\..*03 53 01 33 21/);
    });

    it('resets a password to the initial one: notice, the reader\'s sessions end, the change is forced', async () => {
      const reader = client(ta);
      const yanis = ta.fx.readers.yanis;
      await reader.signIn(yanis.cardNumber, yanis.password);
      assert.equal((await reader.get('/compte')).status, 200, 'signed in');
      const c = await staffClient(ta, 'tilleuls');
      const page = await c.get(`/staff/lecteurs/${yanis.id}`);
      assert.match(page.html, /<button type="submit" class="secondary" aria-describedby="reset-hint">Réinitialiser le mot de passe<\/button>/);
      const r = await c.post(`/staff/lecteurs/${yanis.id}/mot-de-passe-initial`, {}, csrfOf(page.html));
      assert.equal(r.status, 303);
      assert.equal(r.location, `/staff/lecteurs/${yanis.id}?done=reset-birth-year`);
      assert.match(text(main((await c.get(r.location)).html)), /Le mot de passe est revenu au mot de passe initial \(l’année de naissance/);
      assert.equal((await reader.get('/compte')).status, 303, "the reader's session ended");
      assert.equal((await client(ta).signIn(yanis.cardNumber, yanis.password)).status, 401, 'the old password no longer works');
      assert.equal((await client(ta).signIn(yanis.cardNumber, '2013')).location, '/compte/mot-de-passe', 'the initial one does, with a forced change');
    });

    it("adds a fee and records a payment, both shown on the reader's own profile", async () => {
      const c = await staffClient(ta, 'centre');
      const fatou = ta.fx.readers.fatou;
      const page = await c.get(`/staff/lecteurs/${fatou.id}`);
      assert.match(page.html, /<select id="fee-reason" name="reason"/);
      const bad = await c.post(`/staff/lecteurs/${fatou.id}/frais`, { reason: 'OTHER', label: '', amount: 'douze' }, csrfOf(page.html));
      assert.equal(bad.status, 422);
      assert.match(bad.html, /id="fee-amount-error"><li>Montant invalide/);
      assert.match(bad.html, /id="fee-label-error"><li>Précisez le motif/);
      assert.equal(inputValue(bad.html, 'fee-amount'), 'douze', 'what was typed is kept');
      const add = await c.post(`/staff/lecteurs/${fatou.id}/frais`, { reason: 'LOST_DOCUMENT', label: 'Le Petit Prince', amount: '12,50' }, csrfOf(bad.html));
      assert.equal(add.status, 303);
      assert.equal(add.location, `/staff/lecteurs/${fatou.id}?done=fee#fees`);
      const withFee = await c.get(`/staff/lecteurs/${fatou.id}?done=fee`);
      assert.match(text(main(withFee.html)), /Frais ajoutés\./);
      assert.match(text(main(withFee.html)), /Le Petit Prince.*12,50\s€/);
      const fee = await ta.t.db.kysely.selectFrom('fees').select(['id', 'created_by_staff_id']).where('reader_id', '=', fatou.id).where('label', '=', 'Le Petit Prince').executeTakeFirstOrThrow();
      assert.equal(fee.created_by_staff_id, ta.fx.staff.centre.id, 'recorded with who added it');
      assert.equal(inputValue(withFee.html, `pay-${fee.id}-amount`), '12,50', 'the payment form offers the balance');

      const over = await c.post(`/staff/lecteurs/${fatou.id}/frais/${fee.id}/paiement`, { amount: '100', method: 'cash' }, csrfOf(withFee.html));
      assert.equal(over.status, 422);
      assert.match(over.html, new RegExp(`id="pay-${fee.id}-amount-error"><li>Le paiement dépasse le montant restant dû`));
      assert.equal(inputValue(over.html, `pay-${fee.id}-amount`), '100');
      const paid = await c.post(`/staff/lecteurs/${fatou.id}/frais/${fee.id}/paiement`, { amount: '5', method: 'card' }, csrfOf(over.html));
      assert.equal(paid.status, 303);
      const after = text(main((await c.get(`/staff/lecteurs/${fatou.id}?done=payment`)).html));
      assert.match(after, /Paiement enregistré\./);
      assert.match(after, /Reste dû 7,50\s€/);
      assert.match(after, /5,00\s€ Carte bancaire Le Petit Prince Isabelle Roussel/, 'the payment, its method and who recorded it');
      assert.equal((await c.post(`/staff/lecteurs/${ta.fx.readers.nadia.id}/frais/${fee.id}/paiement`, { amount: '1', method: 'cash' }, csrfOf(over.html))).status, 404, "a fee paid through another reader's page");

      const reader = client(ta);
      await reader.signIn(fatou.cardNumber, fatou.password);
      const profile = text(main((await reader.get('/compte/profil')).html));
      assert.match(profile, /Le Petit Prince/);
      assert.match(profile, /7,50\s€/);
    });

    it('shows the outbox to the administrator (newest first, paged, text escaped, HTML part never rendered) and 403 to a librarian', async () => {
      const repo = new OutboxRepository(ta.t.db.kysely);
      const t0 = Date.parse('2026-03-02T09:00:00Z');
      let lastId = 0;
      for (let i = 0; i < 52; i++) {
        lastId = await repo.insert({
          messageId: `<test-${i}-${engine.name}@colophon.test>`,
          kind: 'password-reset',
          from: 'Réseau <no-reply@example.org>',
          to: `lecteur${i}@example.org`,
          readerId: null,
          subject: `Message ${i} <i>important</i>`,
          text: `Bonjour,\nVotre lien : https://example.org/compte/mot-de-passe/nouveau?token=abc${i}&x=<y>\n`,
          html: `<p>Bonjour</p><a href="https://example.org/compte/mot-de-passe/nouveau?token=abc${i}" class="html-only-marker">Choisir</a>`,
          createdAt: new Date(t0 + i * 60_000).toISOString(),
        });
      }
      const admin = await staffClient(ta, 'admin');
      const list = await admin.get('/staff/messages');
      assert.equal(list.status, 200);
      assert.equal(h1s(list.html), 1, 'one h1');
      const subjects = [...list.html.matchAll(/href="\/staff\/messages\/(\d+)">([^<]*)</g)].map((m) => [Number(m[1]), decode(m[2]!)] as const);
      assert.equal(subjects.length, 50, 'a page of 50');
      assert.deepEqual(subjects[0], [lastId, 'Message 51 <i>important</i>'], 'newest first, subject escaped');
      assert.doesNotMatch(list.html, /<i>important<\/i>/);
      const older = /href="\/staff\/messages\?avant=(\d+)"/.exec(list.html);
      assert.ok(older, 'a link to older messages');
      const page2 = await admin.get(`/staff/messages?avant=${older[1]}`);
      assert.equal([...page2.html.matchAll(/href="\/staff\/messages\/\d+">/g)].length, 2, 'the two oldest on the second page');
      assert.match(text(main(page2.html)), /Message 0 <i>important<\/i>/);

      const one = await admin.get(`/staff/messages/${lastId}`);
      assert.equal(one.status, 200);
      assert.equal(h1s(one.html), 1, 'one h1');
      assert.match(one.html, /<pre class="mail-text"[^>]*>Bonjour,\nVotre lien : https:\/\/example\.org\/compte\/mot-de-passe\/nouveau\?token=abc51&amp;x=&lt;y>/, 'the text part in a <pre>, escaped');
      assert.doesNotMatch(one.html, /html-only-marker/, 'the HTML part is not in the page');
      assert.match(text(main(one.html)), /lecteur51@example\.org/);
      assert.match(text(main(one.html)), /En attente/);
      assert.match(text(main(one.html)), /02\/03\/2026 à 10:51/, 'the time in Europe/Paris');

      const librarian = await staffClient(ta, 'centre');
      assert.equal((await librarian.get('/staff/messages')).status, 403, 'a librarian: the list');
      const denied = await librarian.get(`/staff/messages/${lastId}`);
      assert.equal(denied.status, 403, 'a librarian: a message');
      assert.doesNotMatch(denied.html, /token=abc/, 'no link leaks');
    });

    it('answers 404 for ids that are not numbers or do not exist', async () => {
      const c = await staffClient(ta, 'admin');
      for (const url of ['/staff/lecteurs/abc', '/staff/lecteurs/12abc/modifier', '/staff/lecteurs/1e3', '/staff/lecteurs/99999999', '/staff/lecteurs/99999999/modifier', '/staff/messages/x', '/staff/messages/99999999', '/staff/messages?avant=x']) {
        const r = await c.get(url);
        assert.equal(r.status, 404, url);
      }
      const page = await c.get('/staff');
      for (const url of ['/staff/lecteurs/abc/frais', '/staff/lecteurs/99999999/frais', `/staff/lecteurs/${ta.fx.readers.camille.id}/frais/x/paiement`, '/staff/lecteurs/abc/mot-de-passe-initial']) {
        const r = await c.post(url, { reason: 'OTHER', label: 'x', amount: '1', method: 'cash' }, csrfOf(page.html));
        assert.equal(r.status, 404, `POST ${url}`);
      }
    });

    it('sends a staff member who must change their password to "Modifier le mot de passe" (staff policy), then back to /staff', async () => {
      await ta.t.db.kysely.updateTable('staff').set({ must_change_password: 1 }).where('id', '=', ta.fx.staff.tilleuls.id).execute();
      try {
        const c = client(ta);
        const r = await c.submit('/staff', '/staff/connexion', { login: ta.fx.staff.tilleuls.login, password: ta.fx.staff.tilleuls.password });
        assert.equal(r.location, '/compte/mot-de-passe');
        for (const url of ['/staff', '/staff/lecteurs', `/staff/lecteurs/${ta.fx.readers.lucas.id}`, '/compte']) {
          const g = await c.get(url);
          assert.equal(g.status, 303, url);
          assert.equal(g.location, '/compte/mot-de-passe', url);
        }
        const form = await c.get('/compte/mot-de-passe');
        assert.equal(form.status, 200);
        assert.match(text(main(form.html)), /Au moins 12 caractères/, 'the staff policy');
        assert.match(text(main(form.html)), /majuscule/);
        const weak = await c.post('/compte/mot-de-passe', { current: ta.fx.staff.tilleuls.password, password: 'Court-1!', confirmation: 'Court-1!' }, csrfOf(form.html));
        assert.equal(weak.status, 422, 'a reader-strength password is too weak for staff');
        const ok = await c.post('/compte/mot-de-passe', { current: ta.fx.staff.tilleuls.password, password: 'Nouveau-Guichet-2026!', confirmation: 'Nouveau-Guichet-2026!' }, csrfOf(weak.html));
        assert.equal(ok.status, 303);
        assert.equal(ok.location, '/staff?done=password', 'back to the back office, not /compte');
        const home = await c.get(ok.location);
        assert.equal(home.status, 200);
        assert.match(text(main(home.html)), /Votre mot de passe a été modifié\..*Bonjour Karim Haddad/);
      } finally {
        await ta.t.db.kysely.updateTable('staff').set({ must_change_password: 0 }).where('id', '=', ta.fx.staff.tilleuls.id).execute();
      }
    });

    it('"Mes appareils" names the browser and gives Paris times in the page language', async () => {
      const c = await staffClient(ta, 'centre');
      const fr = await c.get('/compte/appareils');
      assert.equal(fr.status, 200);
      assert.match(fr.html, /<h2>Firefox sur Linux<\/h2>/);
      assert.doesNotMatch(fr.html, /Gecko\/20100101/, 'not the raw User-Agent');
      assert.doesNotMatch(fr.html, /UTC/);
      assert.match(text(main(fr.html)), /Connexion \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/);
      const en = await c.get('/compte/appareils?lang=en');
      assert.match(en.html, /<h2>Firefox on Linux<\/h2>/);
      assert.match(text(main(en.html)), /Signed in \d{2}\/\d{2}\/\d{4} at \d{2}:\d{2}/);
    });
  });
}
