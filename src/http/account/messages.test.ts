// Notice pages over HTTP on both engines: "Mes messages" (only the reader's own), "Mes avis" (the choice changes
// what the notices run plans), the unsubscribe link and its one-click POST without CSRF token (RFC 8058), the
// staff's notices to print (scoped to the librarian's libraries, a real PDF read back with pdftotext, marked
// printed) and the failed jobs page with "Relancer" (administrators only).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngines } from '../../../test/helpers/db.js';
import { createCirculationApp, readerClient, staffClient, type CirculationApp } from '../../../test/helpers/circulation-app.js';
import { Client, csrfOf } from '../../../test/helpers/account-app.js';
import { NoticesService } from '../../services/notices.service.js';
import { JobRunner } from '../../jobs/runner.js';
import { toWinAnsi } from '../../services/print-notices.service.js';
import { addDays } from '../../domain/circulation/calendar.js';
import type { StaffPrincipal } from '../../authz/accounts.js';

const ENGINES = await testEngines();

/** pdftotext (poppler-utils): required when CI=true; elsewhere the PDF text check is skipped, loudly. */
function pdftotextSkip(): string | false {
  const r = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (!r.error) return false;
  const missing = 'pdftotext not found (apt-get install -y poppler-utils)';
  if (process.env.CI === 'true') throw new Error(`${missing}: the PDF checks cannot be skipped when CI=true`);
  console.warn(`\n${'*'.repeat(100)}\n*** ${missing}: PDF text checks SKIPPED\n${'*'.repeat(100)}\n`);
  return `${missing}: skipped`;
}
const pdfSkip = pdftotextSkip();

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'colophon-pdf-'));
  try {
    const file = join(dir, 'avis.pdf');
    writeFileSync(file, pdf);
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `pdftotext failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function lend(c: CirculationApp, staff: StaffPrincipal, libraryId: number, card: string, barcode: string): Promise<string> {
  const r = await c.circulation.checkout(staff, { libraryId, cardNumber: card, barcode });
  assert.ok(r.ok, `lent ${barcode} to ${card}: ${JSON.stringify(r)}`);
  const loan = await c.t.db.kysely.selectFrom('loans as l').innerJoin('copies as c', 'c.id', 'l.copy_id').select('l.due_date').where('c.barcode', '=', barcode).where('l.returned_at', 'is', null).executeTakeFirstOrThrow();
  return loan.due_date;
}

/** A notices service whose clock is 08:00 UTC on `day` (the same day in Paris). */
function noticesOn(c: CirculationApp, day: string): NoticesService {
  return new NoticesService({ db: c.t.db, config: { baseUrl: c.baseUrl }, mailer: c.mailer, now: () => new Date(`${day}T08:00:00.000Z`) });
}

describe('notices to print: PDF text', () => {
  it('keeps what Helvetica (WinAnsi) shows, folds other letters to their base letter, else "?"', () => {
    assert.equal(toWinAnsi('Léo Lefèvre « Œuvre » – 12 €, l’été'), 'Léo Lefèvre « Œuvre » – 12 €, l’été', 'French is kept whole');
    assert.equal(toWinAnsi('Łódź Dvořák Жанна'), '?ódz Dvorák ?????', 'others folded or replaced');
    assert.equal(toWinAnsi('e\u0301te\r\nfin'), 'éte\nfin', 'NFC, one kind of line end');
  });
});

const ids = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => Number(m[1]));

for (const engine of ENGINES) {
  describe(`notice pages (${engine.name})`, () => {
    let c: CirculationApp;
    before(async () => {
      // no job runner in the app: the jobs test watches a job's status
      c = await createCirculationApp(engine, { jobs: false });
    });
    after(async () => c.close());

    it('"Mes messages": a reader sees only their own messages, newest first, opens one (text, never HTML); another reader’s id is not found', async () => {
      const { f } = c;
      const due = await lend(c, f.staff.centre, f.lib.CENTRALE, f.readers.camille.cardNumber, f.barcodes.novel[0]!);
      const report = await noticesOn(c, addDays(due, -2)).run();
      assert.equal(report.emails, 1, `one due-soon email: ${JSON.stringify(report)}`);
      const k = c.t.db.kysely;
      const dueSoon = await k.selectFrom('outbox').selectAll().where('reader_id', '=', f.readers.camille.readerId).where('kind', '=', 'due-soon').executeTakeFirstOrThrow();
      assert.equal(dueSoon.status, 'sent', 'delivered to the SMTP sink');
      const from = dueSoon.from_address;
      const reset = await c.mailer.record(k, { kind: 'password-reset', to: f.readers.camille.email!, from, readerId: f.readers.camille.readerId, subject: 'Colophon : mot de passe oublié', text: 'Votre lien : http://127.0.0.1:3000/compte/mot-de-passe/nouveau?token=SECRET-TOKEN', html: '<p>SECRET-TOKEN</p>' });
      const emilys = await c.mailer.record(k, { kind: 'hold-available', to: f.readers.emily.email!, from, readerId: f.readers.emily.readerId, subject: 'Emily’s own hold is ready', text: 'Only for Emily', html: '<p>Only for Emily</p>' });

      const camille = await readerClient(c, f.readers.camille.cardNumber);
      const home = await camille.get('/compte');
      assert.match(home.html, /<a href="\/compte\/messages">Mes messages<\/a>/, 'the account home links to "Mes messages"');
      assert.match(home.html, /<a href="\/compte\/avis">Mes avis<\/a>/, 'the account home links to "Mes avis"');
      const list = await camille.get('/compte/messages');
      assert.equal(list.status, 200);
      assert.equal((list.html.match(/<h1>/g) ?? []).length, 1, 'one h1');
      assert.match(list.html, /<h1>Mes messages<\/h1>/);
      assert.match(list.html, /<div class="table-scroll" role="region" aria-labelledby="messages-caption" tabindex="0">/, 'the table scrolls in its own labelled region');
      assert.match(list.html, /<caption id="messages-caption">/);
      const listed = ids(list.html, /href="\/compte\/messages\/(\d+)"/g);
      assert.deepEqual(listed, [reset.id, dueSoon.id], 'newest first, only Camille’s');
      assert.match(list.html, /Rappel avant la date de retour/, 'the kind in words');
      assert.match(list.html, /<td class="outbox-status outbox-sent">Envoyé<\/td>/, 'the status in words');
      assert.match(list.html, /<td class="outbox-status outbox-queued">En attente d’envoi<\/td>/);
      assert.match(list.html, /\d\d\/\d\d\/\d{4} à \d\d:\d\d/, 'the date in Paris time');
      assert.doesNotMatch(list.html, /Emily’s own hold/, 'nothing of another reader');

      const one = await camille.get(`/compte/messages/${dueSoon.id}`);
      assert.equal(one.status, 200);
      assert.ok(one.html.includes(`<h1>${dueSoon.subject}</h1>`), `the subject is the title: ${dueSoon.subject}`);
      assert.match(one.html, /<pre class="mail-text">[\s\S]*Ces documents sont à rendre bientôt[\s\S]*Le roman des jours[\s\S]*<\/pre>/, 'the text part in a <pre>');
      assert.match(dueSoon.html_body, /<body style=/, 'the HTML part has a body of its own');
      assert.equal((one.html.match(/<body/g) ?? []).length, 1, 'the HTML part is never rendered');
      const hidden = await camille.get(`/compte/messages/${reset.id}`);
      assert.equal(hidden.status, 200);
      assert.doesNotMatch(hidden.html, /SECRET-TOKEN/, 'an account-opening link is not shown');
      assert.match(hidden.html, /son texte n’est pas affiché ici/);

      const other = await camille.get(`/compte/messages/${emilys.id}`);
      assert.equal(other.status, 404, 'another reader’s message is not found');
      assert.doesNotMatch(other.html, /Emily’s own hold|Only for Emily/);
      assert.equal((await camille.get('/compte/messages/99999999')).status, 404, 'an unknown id');
      assert.equal((await camille.get('/compte/messages/abc')).status, 404, 'not an id');

      const en = await camille.get('/compte/messages?lang=en');
      assert.match(en.html, /<h1>My messages<\/h1>/);
      assert.match(en.html, /Reminder before the due date/);
      assert.match(en.html, />Sent<\/td>/);

      const anon = await new Client(c.app).get('/compte/messages');
      assert.equal(anon.status, 303, 'signed out: to the sign-in page');
      assert.equal(anon.location, '/connexion?next=%2Fcompte%2Fmessages');
      const staff = await staffClient(c, 'biblio.centre');
      assert.equal((await staff.get('/compte/messages')).status, 403, 'a staff member has no reader messages');
    });

    it('"Mes avis": opting out of the due-soon reminder removes it from the notices run, opting in brings it back', async () => {
      const { f } = c;
      const due = await lend(c, f.staff.tilleuls, f.lib.TILLEULS, f.readers.lucas.cardNumber, f.barcodes.novel[1]!);
      const service = noticesOn(c, addDays(due, -2));
      const lucasPlan = async () => (await service.plan()).find((p) => p.readerId === f.readers.lucas.readerId);
      assert.equal((await lucasPlan())?.dueSoon.length, 1, 'planned before opting out');

      const lucas = await readerClient(c, f.readers.lucas.cardNumber);
      const form = await lucas.get('/compte/avis');
      assert.equal(form.status, 200);
      assert.match(form.html, /<h1>Mes avis<\/h1>/);
      assert.match(form.html, /<input type="checkbox" id="notice-due-soon" name="due-soon" value="on" checked/, 'on by default');
      assert.match(form.html, /<label for="notice-due-soon">Rappel avant la date de retour<\/label>/, 'a labelled checkbox');
      assert.match(form.html, /Les avis de retard et les avis de réservation disponible sont toujours envoyés/);
      assert.equal((await lucas.post('/compte/avis', {}, false)).status, 403, 'the CSRF token is required');

      const off = await lucas.post('/compte/avis', {}, csrfOf(form.html));
      assert.equal(off.status, 303);
      assert.equal(off.location, '/compte/avis?done=saved');
      const saved = await lucas.get(off.location);
      assert.match(saved.html, /Vos choix sont enregistrés\./);
      assert.doesNotMatch(saved.html, /name="due-soon" value="on" checked/, 'now unticked');
      assert.equal(await lucasPlan(), undefined, 'no due-soon item once opted out');
      assert.deepEqual(await service.preferences(f.readers.lucas), { 'due-soon': false });

      const on = await lucas.post('/compte/avis', { 'due-soon': 'on' }, csrfOf(saved.html));
      assert.equal(on.status, 303);
      assert.equal((await lucasPlan())?.dueSoon.length, 1, 'planned again once opted in');
    });

    it('unsubscribe link: the one-click POST needs no cookie nor CSRF token with a good link, fails (400, neutral) with a bad one; other POSTs still need the token', async () => {
      const { f } = c;
      const due = await lend(c, f.staff.tilleuls, f.lib.TILLEULS, f.readers.emily.cardNumber, f.barcodes.onecopy[0]!);
      await noticesOn(c, addDays(due, -2)).run();
      const k = c.t.db.kysely;
      const row = await k.selectFrom('outbox').selectAll().where('reader_id', '=', f.readers.emily.readerId).where('kind', '=', 'due-soon').executeTakeFirstOrThrow();
      const headers = JSON.parse(row.headers ?? '{}') as Record<string, string>;
      assert.equal(headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click', 'a one-click notice');
      const link = new URL(/^<(.+)>$/.exec(headers['List-Unsubscribe'] ?? '')?.[1] ?? 'http://invalid/');
      assert.equal(link.pathname, '/avis/desabonnement', `the link: ${link.href}`);
      const mail = await c.sink.waitFor(f.readers.emily.email!);
      const rawHeaders = mail.raw.toString('utf8').split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
      assert.match(rawHeaders, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m, 'the email is one-click');
      assert.ok(rawHeaders.includes(`List-Unsubscribe: <${link.href}>`), `the email carries the same link: ${rawHeaders}`);
      const target = link.pathname + link.search;

      const anon = new Client(c.app);
      const ask = await anon.get(target);
      assert.equal(ask.status, 200);
      assert.match(ask.html, /<h1>Ne plus recevoir ces rappels<\/h1>/);
      const action = /<form method="post" action="([^"]+)"><button type="submit">Ne plus recevoir ces rappels<\/button>/.exec(ask.html)?.[1];
      assert.equal(action?.replace(/&amp;/g, '&'), target, 'the button posts to the same link');
      const optouts = () => k.selectFrom('reader_notice_optouts').selectAll().where('reader_id', '=', f.readers.emily.readerId).execute();
      assert.equal((await optouts()).length, 0, 'following the link (GET) changes nothing');

      const oneClick = (url: string, contentType = 'application/x-www-form-urlencoded', payload = 'List-Unsubscribe=One-Click') => c.app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });
      const bad = new URL(link.href);
      bad.searchParams.set('t', `${link.searchParams.get('t')!.slice(0, -2)}xx`);
      const refused = await oneClick(bad.pathname + bad.search);
      assert.equal(refused.statusCode, 400, 'a wrong token is refused');
      assert.match(refused.body, /<h1>Ne plus recevoir ces rappels<\/h1>[\s\S]*Ce lien ne permet pas de se désabonner/, 'the same neutral page');
      const otherReader = new URL(link.href);
      otherReader.searchParams.set('r', String(f.readers.camille.readerId));
      assert.equal((await oneClick(otherReader.pathname + otherReader.search)).statusCode, 400, 'the token of one reader does not unsubscribe another');
      assert.equal((await oneClick('/avis/desabonnement')).statusCode, 400, 'no link parameters');
      assert.equal((await optouts()).length, 0, 'nothing changed');

      const done = await oneClick(target);
      assert.equal(done.statusCode, 200, `one-click POST without cookie or token: ${done.body.slice(0, 300)}`);
      assert.match(done.body, /C’est fait : vous ne recevrez plus ces rappels/);
      assert.deepEqual((await optouts()).map((o) => o.kind), ['due-soon']);
      const multipart = await oneClick(target, 'multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ--\r\n');
      assert.equal(multipart.statusCode, 200, 'multipart/form-data (RFC 8058 allows it), again: still fine');
      const emily = await readerClient(c, f.readers.emily.cardNumber);
      assert.doesNotMatch((await emily.get('/compte/avis')).html, /name="due-soon" value="on" checked/, 'the reader’s choice shows it');

      // CSRF still applies everywhere else
      const camille = await readerClient(c, f.readers.camille.cardNumber);
      assert.equal((await camille.post('/compte/avis', { 'due-soon': 'on' }, false)).status, 403, 'Mes avis without token');
      assert.equal((await c.app.inject({ method: 'POST', url: '/avis/desabonnement/x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode, 403, 'another path');
      const admin = await staffClient(c, 'admin.reseau');
      assert.equal((await admin.post('/staff/avis-a-imprimer/imprimes', { id: '1' }, false)).status, 403, 'staff POST without token');
    });

    describe('notices to print', () => {
      let upTo = '';
      let henriNotice = 0;

      it('librarians see the notices of their libraries’ readers without email, administrators all', async () => {
        const { f } = c;
        const k = c.t.db.kysely;
        // Lucas (Tilleuls) loses his email address; Léo (Centrale) has none
        await k.updateTable('readers').set({ email: null }).where('id', '=', f.readers.lucas.readerId).execute();
        const due = await lend(c, f.staff.centre, f.lib.CENTRALE, f.readers.leo.cardNumber, f.barcodes.popular[0]!);
        // Henri's membership has ended (no loan for him): a notice recorded by hand
        const henri = await c.mailer.record(k, {
          kind: 'overdue',
          to: '',
          from: 'Colophon <no-reply@127.0.0.1>',
          readerId: f.readers.henri.readerId,
          subject: 'Colophon : documents en retard',
          text: 'Bonjour Henri,\n\nMerci de rapporter « L’Été des Noël » à la médiathèque, Œuvre complète.\n',
          html: '<p>HTML part</p>',
          print: true,
        });
        henriNotice = henri.id;
        const report = await noticesOn(c, addDays(due, 8)).run();
        assert.ok(report.toPrint >= 2, `Léo and Lucas get notices to print: ${JSON.stringify(report)}`);

        const centre = await staffClient(c, 'biblio.centre');
        const page = await centre.get('/staff/avis-a-imprimer');
        assert.equal(page.status, 200);
        assert.equal((page.html.match(/<h1>/g) ?? []).length, 1, 'one h1');
        assert.match(page.html, /<h1>Avis à imprimer<\/h1>/);
        assert.match(page.html, /<nav class="staff-nav"[\s\S]*aria-current="page">Avis à imprimer<\/a>/, 'the staff menu marks the section');
        assert.doesNotMatch(page.html, /href="\/staff\/taches"/, 'no "Tâches" for a librarian');
        assert.match(page.html, /<div class="table-scroll" role="region" aria-labelledby="print-caption" tabindex="0">/);
        assert.match(page.html, /<caption id="print-caption">Avis à imprimer \(2\)<\/caption>/);
        assert.match(page.html, /Léo Martin[\s\S]*2900100000055[\s\S]*Médiathèque Jeanne-Barret/, 'reader, card, home library');
        assert.match(page.html, /Henri Lefèvre/);
        assert.doesNotMatch(page.html, /Lucas Bernard/, 'a reader of another library is not listed');
        upTo = /href="\/staff\/avis-a-imprimer\.pdf\?jusqua=(\d+)"/.exec(page.html)?.[1] ?? '';
        assert.ok(upTo, 'a link to the PDF of the listed notices');

        const tilleuls = await staffClient(c, 'biblio.tilleuls');
        const tp = await tilleuls.get('/staff/avis-a-imprimer');
        assert.match(tp.html, /Lucas Bernard/);
        assert.doesNotMatch(tp.html, /Léo Martin|Henri Lefèvre/);
        // a notice of another library is not theirs to mark
        const stray = await tilleuls.post('/staff/avis-a-imprimer/imprimes', { id: String(henriNotice) }, csrfOf(tp.html));
        assert.equal(stray.status, 303);
        assert.equal(stray.location, '/staff/avis-a-imprimer?imprimes=0');
        assert.equal((await k.selectFrom('outbox').select('status').where('id', '=', henriNotice).executeTakeFirstOrThrow()).status, 'print', 'Henri’s notice untouched');

        const admin = await staffClient(c, 'admin.reseau');
        const ap = await admin.get('/staff/avis-a-imprimer');
        assert.match(ap.html, /Avis à imprimer \(3\)/, 'an administrator sees all');
        assert.match(ap.html, /Lucas Bernard[\s\S]*Bibliothèque des Tilleuls/);

        const reader = await readerClient(c, f.readers.camille.cardNumber);
        assert.equal((await reader.get('/staff/avis-a-imprimer')).status, 403, 'not for readers');
        assert.equal((await reader.get('/staff/avis-a-imprimer.pdf')).status, 403, 'nor the PDF');
        const anon = await new Client(c.app).get('/staff/avis-a-imprimer.pdf');
        assert.equal(anon.status, 303, 'signed out: to the staff sign-in');
        assert.match(anon.location, /^\/staff\?next=/);
      });

      it('the PDF holds one notice a page with the reader’s name (accents and all) and the notice text', { skip: pdfSkip }, async () => {
        const centre = await staffClient(c, 'biblio.centre');
        const r = await c.app.inject({ method: 'GET', url: `/staff/avis-a-imprimer.pdf?jusqua=${upTo}`, headers: { cookie: [...centre.jar].map(([n, v]) => `${n}=${v}`).join('; ') } });
        assert.equal(r.statusCode, 200, r.body.slice(0, 200));
        assert.match(String(r.headers['content-type']), /^application\/pdf/);
        assert.match(String(r.headers['content-disposition']), /^attachment; filename="avis-a-imprimer-\d{4}-\d\d-\d\d\.pdf"$/);
        const pdf = r.rawPayload;
        assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF file');
        const text = pdfText(pdf);
        assert.match(text, /Léo Martin/, `the reader's name with its accent: ${text.slice(0, 500)}`);
        assert.match(text, /Henri Lefèvre/);
        assert.match(text, /Carte n° 2900100000055/, 'the card number');
        assert.match(text, /Merci de rapporter « L’Été des Noël » à la médiathèque, Œuvre complète\./, 'the notice text, French characters intact');
        assert.match(text, /Les documents suivants auraient dû être rendus/, 'the text of the notices run');
        assert.match(text, /Colophon/, 'the network name');
        assert.doesNotMatch(text, /Lucas Bernard/, 'only the librarian’s readers');
        assert.equal(text.split('\f').filter((p) => p.trim()).length, 2, 'one page a notice');
      });

      it('marking the listed notices printed takes them off the list; the reader sees them printed', async () => {
        const { f } = c;
        const centre = await staffClient(c, 'biblio.centre');
        const page = await centre.get('/staff/avis-a-imprimer');
        const form = /<form method="post" action="\/staff\/avis-a-imprimer\/imprimes"[\s\S]*?<\/form>/.exec(page.html)?.[0] ?? '';
        const listed = ids(form, /name="id" value="(\d+)"/g);
        assert.equal(listed.length, 2, 'the form carries the listed notices');
        const body = `${listed.map((id) => `id=${id}`).join('&')}&_csrf=${encodeURIComponent(csrfOf(page.html))}`;
        const r = await c.app.inject({ method: 'POST', url: '/staff/avis-a-imprimer/imprimes', payload: body, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: [...centre.jar].map(([n, v]) => `${n}=${v}`).join('; ') } });
        assert.equal(r.statusCode, 303);
        const after = await centre.get(String(r.headers.location));
        assert.match(after.html, /2 avis marqués comme imprimés\./);
        assert.match(after.html, /Aucun avis à imprimer\./);
        const rows = await c.t.db.kysely.selectFrom('outbox').select(['status', 'sent_at']).where('id', 'in', listed).execute();
        assert.deepEqual(rows.map((x) => x.status), ['printed', 'printed']);
        assert.ok(rows.every((x) => x.sent_at), 'the date it was printed is kept');
        const leo = await readerClient(c, f.readers.leo.cardNumber);
        assert.match((await leo.get('/compte/messages')).html, /Imprimé par la bibliothèque/, 'Léo sees it printed');
        const tilleuls = await staffClient(c, 'biblio.tilleuls');
        assert.match((await tilleuls.get('/staff/avis-a-imprimer')).html, /Lucas Bernard/, 'the other library’s notice is still waiting');
      });
    });

    it('failed jobs: administrators only; a failed job shows its error and "Relancer" puts it back in the queue', async () => {
      const k = c.t.db.kysely;
      const runner = new JobRunner({ db: c.t.db, handlers: { 'notices.run': async () => Promise.reject(new Error('SMTP injoignable : connexion refusée <127.0.0.1:2525>')) } });
      const id = (await runner.enqueue('notices.run', {}, { maxAttempts: 1 }))!;
      await runner.tick();
      assert.equal((await k.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'failed', 'the job failed');

      const centre = await staffClient(c, 'biblio.centre');
      const refused = await centre.get('/staff/taches');
      assert.equal(refused.status, 403, 'a librarian may not');
      assert.doesNotMatch(refused.html, /SMTP injoignable/);
      const admin = await staffClient(c, 'admin.reseau');
      const page = await admin.get('/staff/taches');
      assert.equal(page.status, 200);
      assert.equal((page.html.match(/<h1>/g) ?? []).length, 1, 'one h1');
      assert.match(page.html, /<h1>Tâches en échec<\/h1>/);
      assert.match(page.html, /<a href="\/staff\/taches" aria-current="page">Tâches<\/a>/, '"Tâches" in the administrator’s menu');
      assert.match(page.html, /<a href="\/staff\/avis-a-imprimer">Avis à imprimer<\/a>/);
      assert.match(page.html, new RegExp(`Avis aux lecteurs \\(tâche n° ${id}\\)`), 'the kind in words');
      assert.match(page.html, /<pre class="mail-text job-error">Error: SMTP injoignable : connexion refusée &lt;127\.0\.0\.1:2525>/, 'the error, escaped, in a <pre>');
      assert.match(page.html, /1 sur 1/, 'attempts');
      const csrf = csrfOf(page.html);
      assert.equal((await admin.post(`/staff/taches/${id}/relancer`, {}, false)).status, 403, 'the CSRF token is required');
      assert.equal((await centre.post(`/staff/taches/${id}/relancer`, {}, csrfOf((await centre.get('/staff')).html))).status, 403, 'a librarian may not retry');
      assert.equal((await k.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'failed', 'still failed');

      const retried = await admin.post(`/staff/taches/${id}/relancer`, {}, csrf);
      assert.equal(retried.status, 303);
      assert.equal(retried.location, '/staff/taches?done=retried');
      const job = await k.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(job.status, 'queued', 'back in the queue');
      assert.equal(job.attempts, 0, 'with fresh attempts');
      const after = await admin.get(retried.location);
      assert.match(after.html, /La tâche est relancée/);
      assert.match(after.html, /Aucune tâche en échec\./);
      const again = await admin.post(`/staff/taches/${id}/relancer`, {}, csrfOf(after.html));
      assert.equal(again.status, 409, 'a job no longer failed');
      assert.match(again.html, /n’est plus en échec/);
      assert.equal((await admin.post('/staff/taches/abc/relancer', {}, csrfOf(after.html))).status, 404);
      const en = await admin.get('/staff/taches?lang=en');
      assert.match(en.html, /<h1>Failed jobs<\/h1>/);
    });

    it('notice settings: administrators only; a refused field says why next to it with what was typed; saved settings change the next run', async () => {
      const { f } = c;
      const k = c.t.db.kysely;
      const centre = await staffClient(c, 'biblio.centre');
      assert.equal((await centre.get('/staff/reglages-avis')).status, 403, 'a librarian may not');
      assert.doesNotMatch((await centre.get('/staff')).html, /href="\/staff\/reglages-avis"/, 'nor sees it in the menu');
      const reader = await readerClient(c, f.readers.camille.cardNumber);
      assert.equal((await reader.get('/staff/reglages-avis')).status, 403, 'not for readers');
      const anon = await new Client(c.app).get('/staff/reglages-avis');
      assert.equal(anon.status, 303);
      assert.equal(anon.location, '/staff?next=%2Fstaff%2Freglages-avis');

      const admin = await staffClient(c, 'admin.reseau');
      const page = await admin.get('/staff/reglages-avis');
      assert.equal(page.status, 200);
      assert.equal((page.html.match(/<h1>/g) ?? []).length, 1, 'one h1');
      assert.match(page.html, /<h1>Réglages des avis aux lecteurs<\/h1>/);
      assert.match(page.html, /<a href="\/staff\/reglages-avis" aria-current="page">Réglages des avis<\/a>/);
      assert.match(page.html, /<legend>Échéance proche<\/legend>\s*<div class="field checkbox"><input type="checkbox" id="ns-dueSoon" name="dueSoon" value="on" checked/, 'the defaults: due soon sent...');
      assert.match(page.html, /id="ns-dueSoonDays" name="dueSoonDays" type="text" value="3"/, '...3 days before');
      assert.match(page.html, /id="ns-overdueDays" name="overdueDays" type="text" value="7, 14, 21"/);
      assert.match(page.html, /<label for="ns-intro-overdue-en">Texte d’introduction en anglais<\/label>/, 'every field labelled');

      const form = { dueSoon: 'on', dueSoonDays: '0', overdue: 'on', overdueDays: '14, 7', membershipEnding: 'on', membershipDays: '30', holdAvailable: 'on', holdExpired: 'on', 'intro-due-soon-fr': '<script>x</script>' + 'é'.repeat(1000) };
      assert.equal((await admin.post('/staff/reglages-avis', form, false)).status, 403, 'the CSRF token is required');
      const bad = await admin.post('/staff/reglages-avis', form, csrfOf(page.html));
      assert.equal(bad.status, 400);
      assert.match(bad.html, /<div class="field field-error"><label for="ns-dueSoonDays">[\s\S]*?Indiquez un nombre de jours dans les limites indiquées\.[\s\S]*?id="ns-dueSoonDays" name="dueSoonDays" type="text" value="0"[^>]*aria-invalid="true"/, 'the error next to the field, what was typed kept');
      assert.match(bad.html, /value="14, 7"[^>]*aria-invalid="true"/);
      assert.match(bad.html, /Indiquez une à trois durées croissantes/);
      assert.match(bad.html, /1\s000 caractères au plus\./);
      assert.match(bad.html, /&lt;script>x&lt;\/script>é/, 'the typed text, escaped');
      assert.doesNotMatch(bad.html, /<script>x/);
      assert.match(bad.html, /<a href="#ns-overdueDays">/, 'the summary links to the fields');
      assert.equal(await k.selectFrom('settings').select('value').where('key', '=', 'notices').executeTakeFirst(), undefined, 'nothing saved');

      // a loan due in 5 days: not due soon with the default 3 days, due soon once the network says 5
      const due = await lend(c, f.staff.centre, f.lib.CENTRALE, f.readers.camille.cardNumber, f.barcodes.popular[1]!);
      const loan = await k.selectFrom('loans as l').innerJoin('copies as cp', 'cp.id', 'l.copy_id').select('l.id').where('cp.barcode', '=', f.barcodes.popular[1]!).where('l.returned_at', 'is', null).executeTakeFirstOrThrow();
      const service = noticesOn(c, addDays(due, -5));
      const told = async () => (await service.plan()).find((p) => p.readerId === f.readers.camille.readerId)?.dueSoon.some((l) => l.key === `due-soon:${loan.id}:${due}`) ?? false;
      assert.equal(await told(), false, 'not 5 days before with the defaults');

      const good = { ...form, dueSoonDays: '5', overdueDays: '10 20', overdue: '', 'intro-due-soon-fr': 'Le réseau vous rappelle vos prêts <b>bientôt</b> à rendre.' };
      const saved = await admin.post('/staff/reglages-avis', good, csrfOf(bad.html));
      assert.equal(saved.status, 303);
      assert.equal(saved.location, '/staff/reglages-avis?enregistre=1');
      const after = await admin.get(saved.location);
      assert.match(after.html, /Réglages enregistrés/);
      assert.match(after.html, /id="ns-dueSoonDays" name="dueSoonDays" type="text" value="5"/);
      assert.match(after.html, /id="ns-overdueDays" name="overdueDays" type="text" value="10, 20"/);
      assert.doesNotMatch(after.html, /name="overdue" value="on" checked/, 'overdue notices now off');
      const settings = await service.settings();
      assert.deepEqual([settings.dueSoon, settings.overdue], [{ enabled: true, daysBefore: 5 }, { enabled: false, days: [10, 20] }]);

      assert.equal(await told(), true, 'due soon 5 days before');
      await service.run();
      const camille = await k.selectFrom('readers').select('email').where('id', '=', f.readers.camille.readerId).executeTakeFirstOrThrow();
      // earlier tests' mails to Camille come first: the one of this run is the one with the due-soon subject's loan
      let mail = await c.sink.waitFor(camille.email!);
      for (let i = 0; i < 10 && !mail.text.includes('Le best-seller'); i++) mail = await c.sink.waitFor(camille.email!);
      assert.match(mail.text, /Le réseau vous rappelle vos prêts <b>bientôt<\/b> à rendre\./, 'the network’s wording, as written, in the text part');
      assert.match(mail.html, /Le réseau vous rappelle vos prêts &lt;b(?:&gt;|>)bientôt&lt;\/b(?:&gt;|>) à rendre\./, 'escaped in the HTML part');

      // back to the defaults for the other tests
      await k.deleteFrom('settings').where('key', '=', 'notices').execute();
    });
  });
}
