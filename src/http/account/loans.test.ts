// Circulation over HTTP on both engines: "Mes prêts & réservations" (renew one, a selection, all), placing
// and cancelling a hold from a record page, the desk and the holds shelf, the rules page, the JSON API with
// bearer tokens, and the hold-available email received by a real SMTP server.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../../test/helpers/db.js';
import { createCirculationApp, FIXTURE_PASSWORD, readerClient, staffClient, type CirculationApp } from '../../../test/helpers/circulation-app.js';
import { Client, csrfOf } from '../../../test/helpers/account-app.js';
import { CirculationService } from '../../services/circulation.service.js';
import { addDays } from '../../domain/circulation/calendar.js';

const ENGINES = await testEngines();

async function api(c: CirculationApp, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string | null, body?: unknown) {
  const r = await c.app.inject({ method, url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, payload: body !== undefined ? JSON.stringify(body) : undefined });
  return { status: r.statusCode, json: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {} };
}

for (const engine of ENGINES) {
  describe(`circulation pages and API (${engine.name})`, () => {
    let c: CirculationApp;
    before(async () => {
      c = await createCirculationApp(engine);
    });
    after(async () => c.close());

    it('"Mes prêts": each loan says whether it can be renewed and why not; renew one, a selection, all', async () => {
      const { f } = c;
      for (const bc of [f.barcodes.novel[0]!, f.barcodes.weekly[0]!, f.barcodes.popular[0]!]) {
        assert.ok((await c.circulation.checkout(f.staff.centre, { libraryId: f.lib.CENTRALE, cardNumber: f.readers.camille.cardNumber, barcode: bc })).ok, 'lent');
      }
      const reader = await readerClient(c, f.readers.camille.cardNumber);
      const page = await reader.get('/compte/prets');
      assert.equal(page.status, 200);
      assert.match(page.html, /<h1>Mes prêts &amp; réservations<\/h1>/);
      assert.match(page.html, /3 prêts en cours/);
      assert.match(page.html, /Prolongeable : nouvelle date de retour le \d\d\/\d\d\/\d{4}/);
      assert.match(page.html, /Les documents de ce type ne se prolongent pas/, 'the one-week loan says why');
      assert.match(page.html, /aria-label="Actions pour « Le roman des jours »"/, 'the ⋮ menu is labelled');
      const loans = await c.circulation.loans(f.readers.camille);
      const novel = loans.find((l) => l.title === 'Le roman des jours')!;
      const weekly = loans.find((l) => l.title === 'La nouveauté')!;
      const one = await reader.post('/compte/prets/prolonger', { one: String(novel.id) }, csrfOf(page.html));
      assert.equal(one.status, 200);
      assert.match(one.html, /Résultat des prolongations/);
      assert.match(one.html, /Le roman des jours<\/strong> : prolongé, à rendre le/);
      // a selection of two, as a browser sends checkboxes (loan=..&loan=..)
      const sel = await c.app.inject({
        method: 'POST',
        url: '/compte/prets/prolonger',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: [...reader.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        payload: `loan=${novel.id}&loan=${weekly.id}&selection=1&_csrf=${encodeURIComponent(csrfOf(one.html))}`,
      });
      assert.match(sel.body, /Le roman des jours<\/strong> : prolongé/);
      assert.match(sel.body, /La nouveauté<\/strong> : refusé : Les documents de ce type ne se prolongent pas/);
      const all = await reader.post('/compte/prets/prolonger', { all: '1' }, csrfOf(sel.body));
      assert.match(all.html, /Déjà prolongé le nombre maximum de fois \(2\)/, 'the third renewal of the novel is refused');
      assert.match(all.html, /Le best-seller<\/strong> : prolongé/);
      // another reader's loan id: refused as unknown
      const emily = await readerClient(c, f.readers.emily.cardNumber);
      const ep = await emily.get('/compte/prets');
      assert.match(ep.html, /aucun prêt en cours/);
      const steal = await emily.post('/compte/prets/prolonger', { one: String(novel.id) }, csrfOf(ep.html));
      assert.match(steal.html, /Ce prêt n’est pas le vôtre/);
      assert.doesNotMatch(steal.html, /Le roman des jours/, 'nothing about the other reader’s loan is shown');
      assert.equal((await reader.post('/compte/prets/prolonger', { all: '1' }, false)).status, 403, 'CSRF token required');
    });

    it('placing a hold from the record page: Réserver, pickup library, Sélectionner, Confirmer; then cancelling it', async () => {
      const { f } = c;
      assert.ok((await c.circulation.checkout(f.staff.centre, { libraryId: f.lib.CENTRALE, cardNumber: f.readers.leo.cardNumber, barcode: f.barcodes.popular[1]! })).ok, 'both copies out');
      const anon = new Client(c.app);
      const record = await anon.get(`/notices/${f.titles.popular}`);
      assert.match(record.html, new RegExp(`href="/notices/${f.titles.popular}/reserver"`), '"Réserver" when every copy is out');
      assert.match(record.html, /En prêt jusqu’au \d\d\/\d\d\/\d{4}|jusqu'au|until/, 'due dates shown');
      const redirect = await anon.get(`/notices/${f.titles.popular}/reserver`);
      assert.equal(redirect.status, 303);
      assert.match(redirect.location, /^\/connexion\?next=%2Fnotices%2F\d+%2Freserver$/);
      assert.doesNotMatch((await anon.get(`/notices/${f.titles.dvd}`)).html, /\/reserver"/, 'no "Réserver" when a copy is on the shelf');

      const emily = await readerClient(c, f.readers.emily.cardNumber);
      const choose = await emily.get(`/notices/${f.titles.popular}/reserver`);
      assert.equal(choose.status, 200);
      assert.match(choose.html, /<label for="pickup">Bibliothèque de retrait<\/label>/, 'a labelled choice of pickup library');
      const confirm = await emily.get(`/notices/${f.titles.popular}/reserver/confirmer?bibliotheque=${f.lib.TILLEULS}`);
      assert.match(confirm.html, /<h1>Confirmer la réservation<\/h1>/);
      assert.match(confirm.html, /Bibliothèque des Tilleuls/);
      const placed = await emily.post(`/notices/${f.titles.popular}/reserver`, { bibliotheque: String(f.lib.TILLEULS) }, csrfOf(confirm.html));
      assert.equal(placed.status, 303);
      const holds = await emily.get(placed.location);
      assert.match(holds.html, /Réservation enregistrée : vous êtes 1er sur 1\./);
      const again = await emily.get(`/notices/${f.titles.popular}/reserver`);
      assert.equal(again.status, 409);
      assert.match(again.html, /Vous avez déjà réservé ce document/);
      const lucas = await readerClient(c, f.readers.lucas.cardNumber);
      const lc = await lucas.get(`/notices/${f.titles.popular}/reserver/confirmer?bibliotheque=${f.lib.CENTRALE}`);
      assert.equal((await lucas.post(`/notices/${f.titles.popular}/reserver`, { bibliotheque: String(f.lib.CENTRALE) }, csrfOf(lc.html))).status, 303);
      const lh = await lucas.get('/compte/prets/reservations');
      assert.match(lh.html, /2e sur 2/);
      const holdId = /action="\/compte\/reservations\/(\d+)\/annuler"/.exec(lh.html)![1]!;
      // Emily cannot cancel Lucas's hold
      const eh = await emily.get('/compte/prets/reservations');
      assert.equal((await emily.post(`/compte/reservations/${holdId}/annuler`, {}, csrfOf(eh.html))).status, 404);
      const cancelled = await lucas.post(`/compte/reservations/${holdId}/annuler`, {}, csrfOf(lh.html));
      assert.equal(cancelled.location, '/compte/prets/reservations?done=cancelled');
      assert.match((await lucas.get(cancelled.location)).html, /La réservation est annulée/);
    });

    it('the desk: a refused check-out is explained and overridden with a reason; a check-in routes the copy to the holds shelf and the reader gets the email', async () => {
      const { f } = c;
      const desk = await staffClient(c, 'biblio.centre');
      const page = await desk.get('/staff/guichet');
      assert.equal(page.status, 200);
      assert.match(page.html, /Guichet de Médiathèque Jeanne-Barret/);
      const refused = await desk.post('/staff/guichet/pret', { bibliotheque: String(f.lib.CENTRALE), card: f.readers.henri.cardNumber, barcode: f.barcodes.dvd[0]! }, csrfOf(page.html));
      assert.equal(refused.status, 422);
      assert.match(refused.html, /L’adhésion a pris fin le 01\/10\/2026/);
      assert.match(refused.html, /Prêter quand même/, 'the override is offered');
      assert.match(refused.html, new RegExp(`name="card" value="${f.readers.henri.cardNumber}"`), 'what was typed is kept');
      const forced = await desk.post('/staff/guichet/pret', { bibliotheque: String(f.lib.CENTRALE), card: f.readers.henri.cardNumber, barcode: f.barcodes.dvd[0]!, override: 'on', reason: 'Adhésion renouvelée au guichet' }, csrfOf(refused.html));
      assert.equal(forced.status, 200);
      assert.match(forced.html, /« Le film » prêté à Henri Lefèvre/);
      assert.match(forced.html, /Le passage outre est enregistré/);
      // the popular title is held by Emily (pickup Tilleuls) from the previous test: checked in at the central library, it travels
      const back = await desk.post('/staff/guichet/retour', { bibliotheque: String(f.lib.CENTRALE), barcode: f.barcodes.popular[0]! }, csrfOf(forced.html));
      assert.match(back.html, /Réservé : envoyer à Bibliothèque des Tilleuls par la navette/);
      const tDesk = await staffClient(c, 'biblio.tilleuls');
      const tp = await tDesk.get('/staff/guichet');
      assert.equal((await tDesk.post('/staff/guichet/retour', { bibliotheque: String(f.lib.CENTRALE), barcode: f.barcodes.popular[0]! }, csrfOf(tp.html))).status, 200, 'another library in the form falls back to the librarian’s own');
      const mail = await c.sink.waitFor(f.readers.emily.email!);
      assert.match(mail.subject, /your hold is available/);
      assert.match(mail.text, /"Le best-seller" is waiting for you at Bibliothèque des Tilleuls until \d\d\/\d\d\/\d{4}/);
      assert.match(mail.html, /Opening hours/);
      const shelf = await tDesk.get('/staff/reservations');
      assert.match(shelf.html, /Emily Carter \(2900100000024\)/);
      const emily = await readerClient(c, f.readers.emily.cardNumber);
      assert.match((await emily.get('/compte/prets/reservations')).html, /<strong>Disponible<\/strong>/);
      // a librarian of Tilleuls has no desk at the central library
      assert.equal((await desk.get('/staff/reservations')).status, 200);
      const readerOnDesk = await readerClient(c, f.readers.camille.cardNumber);
      assert.equal((await readerOnDesk.get('/staff/guichet')).status, 403, 'readers never reach the desk');
    });

    it('the rules page: librarians read, administrators edit with errors next to the fields', async () => {
      const lib = await staffClient(c, 'biblio.centre');
      const ro = await lib.get('/staff/regles');
      assert.equal(ro.status, 200);
      assert.match(ro.html, /Règles de prêt/);
      assert.doesNotMatch(ro.html, /Enregistrer la règle/, 'no form for a librarian');
      const admin = await staffClient(c, 'admin.reseau');
      const form = await admin.get(`/staff/regles?loanTypeId=&categoryId=&libraryId=${c.f.lib.TILLEULS}`);
      assert.match(form.html, /Enregistrer la règle/);
      const bad = await admin.post('/staff/regles', { libraryId: String(c.f.lib.TILLEULS), categoryId: '', loanTypeId: '', loanDays: 'trois', maxLoansTotal: '20', maxLoansOfType: '20', renewals: '1', renewalDays: '14', renewWindowDays: '', renewalBase: 'due_date', overdueBlocksRenewal: 'this', holdsAllowed: 'on', maxHolds: '5', holdShelfDays: '7', fineCentsPerDay: '0', suspensionDaysPerDay: '0', holdStatuses: 'on_loan,in_transit' }, csrfOf(form.html));
      assert.equal(bad.status, 422);
      assert.match(bad.html, /id="rule-loanDays-error"[^>]*><li>Un nombre entier positif ou nul/);
      assert.match(bad.html, /id="rule-loanDays" name="loanDays" inputmode="numeric" value="trois"/, 'what was typed is kept');
      const ok = await admin.post('/staff/regles', { libraryId: String(c.f.lib.TILLEULS), categoryId: '', loanTypeId: '', loanDays: '28', maxLoansTotal: '20', maxLoansOfType: '20', renewals: '1', renewalDays: '14', renewWindowDays: '', renewalBase: 'due_date', overdueBlocksRenewal: 'this', holdsAllowed: 'on', maxHolds: '5', holdShelfDays: '7', fineCentsPerDay: '0', suspensionDaysPerDay: '0', holdStatuses: 'on_loan,in_transit' }, csrfOf(bad.html));
      assert.equal(ok.status, 303);
      const rules = await c.circulation.listRules(c.f.staff.admin);
      assert.equal(rules.rules.find((r) => r.libraryId === c.f.lib.TILLEULS && r.categoryId === null && r.loanTypeId === null)?.rule.loanDays, 28);
      assert.equal((await lib.post('/staff/regles', { libraryId: '', loanDays: '1' }, csrfOf(ro.html))).status, 403, 'a librarian cannot save a rule');
    });

    it('exceptional closures: librarians read, administrators add (errors next to the fields) and delete; the calendar follows', async () => {
      const { f } = c;
      const fresh = () => new CirculationService({ db: c.t.db, config: { baseUrl: c.baseUrl } });
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
      const day = (await fresh().calendar(f.lib.CENTRALE)).nextOpenDay(addDays(today, 40));
      const next = addDays(day, 1);
      const fr = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

      const admin = await staffClient(c, 'admin.reseau');
      const page = await admin.get('/staff/fermetures');
      assert.equal(page.status, 200);
      assert.equal((page.html.match(/<h1>/g) ?? []).length, 1, 'one h1');
      assert.match(page.html, /<h1>Fermetures exceptionnelles<\/h1>/);
      assert.match(page.html, /<a href="\/staff\/fermetures" aria-current="page">Fermetures<\/a>/);
      assert.match(page.html, /Aucune fermeture exceptionnelle à venir\./);
      assert.equal((await admin.post('/staff/fermetures', { libraryId: String(f.lib.CENTRALE), start: fr(day), end: '', reason: 'x' }, false)).status, 403, 'the CSRF token is required');

      const bad = await admin.post('/staff/fermetures', { libraryId: '', start: '31/02/2027', end: '01/01/2020', reason: ' ' }, csrfOf(page.html));
      assert.equal(bad.status, 422);
      assert.match(bad.html, /id="closure-libraryId-error"><li>Ce champ est obligatoire\./);
      assert.match(bad.html, /id="closure-start-error"><li>Indiquez une date réelle/);
      assert.match(bad.html, /id="closure-start" name="start" type="text" value="31\/02\/2027"[^>]*aria-invalid="true"/, 'what was typed is kept');
      assert.match(bad.html, /id="closure-reason-error"><li>Ce champ est obligatoire\./);
      const backwards = await admin.post('/staff/fermetures', { libraryId: String(f.lib.CENTRALE), start: fr(next), end: fr(day), reason: 'Inventaire' }, csrfOf(bad.html));
      assert.match(backwards.html, /Le dernier jour ne peut pas précéder le premier\./);
      assert.equal(await fresh().calendar(f.lib.CENTRALE).then((cal) => cal.closedReason(day)), null, 'nothing saved');

      const ok = await admin.post('/staff/fermetures', { libraryId: String(f.lib.CENTRALE), start: fr(day), end: fr(next), reason: 'Inventaire <annuel>' }, csrfOf(backwards.html));
      assert.equal(ok.status, 303);
      assert.equal(ok.location, '/staff/fermetures?done=added');
      const listed = await admin.get(ok.location);
      assert.match(listed.html, /Fermeture ajoutée\./);
      assert.match(listed.html, new RegExp(`<th scope="row">Médiathèque Jeanne-Barret</th><td>${fr(day)}</td><td>${fr(next)}</td><td>Inventaire &lt;annuel(?:&gt;|>)</td>`), 'listed, the reason escaped');
      const cal = await fresh().calendar(f.lib.CENTRALE);
      assert.deepEqual([cal.closedReason(day), cal.closedReason(next), cal.isOpen(day)], [{ kind: 'closure', reason: 'Inventaire <annuel>' }, { kind: 'closure', reason: 'Inventaire <annuel>' }, false], 'due dates now skip those days');

      const lib = await staffClient(c, 'biblio.centre');
      const ro = await lib.get('/staff/fermetures');
      assert.equal(ro.status, 200);
      assert.match(ro.html, /Inventaire &lt;annuel(?:&gt;|>)/, 'librarians read them');
      assert.match(ro.html, /Seuls les administrateurs du réseau/);
      assert.doesNotMatch(ro.html, /Ajouter la fermeture|\/supprimer"/, 'but neither add nor delete');
      const id = /action="\/staff\/fermetures\/(\d+)\/supprimer"/.exec(listed.html)?.[1];
      assert.ok(id, 'a delete button');
      assert.equal((await lib.post(`/staff/fermetures/${id}/supprimer`, {}, csrfOf(ro.html))).status, 403, 'a librarian cannot delete');
      assert.equal((await lib.post('/staff/fermetures', { libraryId: String(f.lib.CENTRALE), start: fr(day), end: '', reason: 'x' }, csrfOf(ro.html))).status, 403, 'nor add');
      const reader = await readerClient(c, f.readers.camille.cardNumber);
      assert.equal((await reader.get('/staff/fermetures')).status, 403, 'not for readers');

      const removed = await admin.post(`/staff/fermetures/${id}/supprimer`, {}, csrfOf(listed.html));
      assert.equal(removed.status, 303);
      assert.match((await admin.get(removed.location)).html, /Fermeture supprimée\.[\s\S]*Aucune fermeture exceptionnelle à venir/);
      assert.equal((await fresh().calendar(f.lib.CENTRALE)).closedReason(day), null, 'open again');
      assert.equal((await admin.post(`/staff/fermetures/${id}/supprimer`, {}, csrfOf(listed.html))).status, 404, 'gone');
    });

    it('the JSON API: bearer tokens, the reader’s loans and holds, the desk, staff-only and admin-only routes, OpenAPI', async () => {
      const { f } = c;
      assert.equal((await api(c, 'GET', '/api/me/loans', null)).status, 401);
      const bad = await api(c, 'POST', '/api/session', null, { identifier: f.readers.camille.cardNumber, password: 'wrong' });
      assert.deepEqual([bad.status, (bad.json.error as { code: string }).code], [401, 'INVALID_CREDENTIALS']);
      const reader = (await api(c, 'POST', '/api/session', null, { identifier: f.readers.camille.cardNumber, password: FIXTURE_PASSWORD })).json.token as string;
      const staff = (await api(c, 'POST', '/api/staff/session', null, { login: 'biblio.centre', password: FIXTURE_PASSWORD })).json.token as string;
      const admin = (await api(c, 'POST', '/api/staff/session', null, { login: 'admin.reseau', password: FIXTURE_PASSWORD })).json.token as string;
      const loans = await api(c, 'GET', '/api/me/loans', reader);
      assert.equal(loans.status, 200);
      const list = loans.json.loans as Array<{ id: number; title: string; renewable: boolean; reasons: Array<{ code: string; message: string }> }>;
      assert.ok(list.length >= 2, 'Camille’s loans');
      const renew = await api(c, 'POST', '/api/me/loans/renew', reader, { loanIds: 'all' });
      assert.equal(renew.status, 200);
      assert.ok((renew.json.results as Array<{ ok: boolean; reasons?: Array<{ message: string }> }>).some((r) => !r.ok && r.reasons?.[0]?.message), 'refusals carry their messages');
      const held = await api(c, 'POST', '/api/me/holds', reader, { recordId: f.titles.dvd, pickupLibraryId: f.lib.CENTRALE });
      assert.equal(held.status, 201, JSON.stringify(held.json));
      const dup = await api(c, 'POST', '/api/me/holds', reader, { recordId: f.titles.dvd, pickupLibraryId: f.lib.CENTRALE });
      assert.deepEqual([dup.status, (dup.json.error as { reasons: Array<{ code: string }> }).reasons.map((r) => r.code)], [409, ['ALREADY_HOLDING']]);
      assert.equal((await api(c, 'POST', '/api/me/holds', reader, { recordId: 'x', pickupLibraryId: 1 })).status, 400);
      assert.equal((await api(c, 'DELETE', `/api/me/holds/${held.json.holdId}`, reader)).status, 204);
      // staff-only routes refuse a reader token; a reader id in the path is not enough
      assert.equal((await api(c, 'GET', `/api/readers/${f.readers.emily.readerId}/loans`, reader)).status, 403);
      assert.equal((await api(c, 'POST', '/api/desk/checkin', reader, { libraryId: f.lib.CENTRALE, barcode: f.barcodes.novel[0] })).status, 403);
      const out = await api(c, 'POST', '/api/desk/checkout', staff, { libraryId: f.lib.CENTRALE, cardNumber: f.readers.leo.cardNumber, barcode: f.barcodes.atlas[0] });
      // Léo is a child: the JEUNE rule (category) outranks the REF rule (loan type), yet a reference copy is never lent
      assert.deepEqual([out.status, (out.json.error as { reasons: Array<{ code: string; overridable: boolean }> }).reasons], [409, [{ code: 'COPY_NOT_LOANABLE', message: 'Ce document se consulte sur place.', overridable: false }]]);
      assert.equal((await api(c, 'POST', '/api/desk/checkout', staff, { libraryId: f.lib.TILLEULS, cardNumber: f.readers.leo.cardNumber, barcode: f.barcodes.novel[1] })).status, 403, 'not this librarian’s desk');
      const shelf = await api(c, 'GET', `/api/desk/holds-shelf?libraryId=${f.lib.CENTRALE}`, staff);
      assert.equal(shelf.status, 200);
      assert.ok(Array.isArray(shelf.json.waiting), 'the shelf lists');
      assert.equal((await api(c, 'PUT', '/api/circulation/rules', staff, { libraryId: null, categoryId: null, loanTypeId: null, loanDays: 30 })).status, 403, 'administrators only');
      const badRule = await api(c, 'PUT', '/api/circulation/rules', admin, { libraryId: null, categoryId: null, loanTypeId: null, loanDays: -3, renewalBase: 'tomorrow' });
      assert.deepEqual([badRule.status, (badRule.json.error as { details: Array<{ field: string }> }).details.map((d) => d.field)], [400, ['loanDays', 'renewalBase']]);
      const doc = await api(c, 'GET', '/api/openapi.json', null);
      const paths = doc.json.paths as Record<string, unknown>;
      for (const p of ['/api/session', '/api/me/loans', '/api/me/loans/renew', '/api/me/holds', '/api/desk/checkout', '/api/desk/checkin', '/api/circulation/rules']) assert.ok(paths[p], `${p} documented`);
    });
  });
}
