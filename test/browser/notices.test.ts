// Notice pages in a real browser (Debian Chromium), checked with axe at 360 px and 1280 px: the reader's
// "Mes messages" (list and one message) and "Mes avis" (turning the due-soon reminder off), the unsubscribe
// page, the staff's notices to print (marked printed) and failed jobs ("Relancer").
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { testEngines } from '../helpers/db.js';
import { createCirculationApp, FIXTURE_PASSWORD, type CirculationApp } from '../helpers/circulation-app.js';
import { browserSkip, launchBrowser, VIEWPORTS, seriousViolations, noSidewaysScroll, readerSignIn, staffSignIn as staffSignInAs } from '../helpers/browser.js';
import { NoticesService } from '../../src/services/notices.service.js';
import { addDays } from '../../src/domain/circulation/calendar.js';

const skip = browserSkip();
const [sqlite] = await testEngines();

describe('notice pages in Chromium', { skip, timeout: 180_000 }, () => {
  let c: CirculationApp;
  let browser: Browser;
  let base: string;
  let jobId = 0;

  before(async () => {
    const [app, b] = await Promise.all([createCirculationApp(sqlite!), launchBrowser()]);
    c = app;
    browser = b;
    await c.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(c.app.server.address() as { port: number }).port}`;
    const { f } = c;
    const k = c.t.db.kysely;
    const lend = async (card: string, barcode: string) => {
      const r = await c.circulation.checkout(f.staff.centre, { libraryId: f.lib.CENTRALE, cardNumber: card, barcode });
      assert.ok(r.ok, `lent ${barcode}`);
      return (await k.selectFrom('loans as l').innerJoin('copies as c', 'c.id', 'l.copy_id').select('l.due_date').where('c.barcode', '=', barcode).executeTakeFirstOrThrow()).due_date;
    };
    const due = await lend(f.readers.camille.cardNumber, f.barcodes.novel[0]!);
    await lend(f.readers.leo.cardNumber, f.barcodes.popular[0]!);
    const on = (day: string) => new NoticesService({ db: c.t.db, config: { baseUrl: base }, mailer: c.mailer, now: () => new Date(`${day}T08:00:00.000Z`) });
    // a due-soon reminder, then overdue notices (Léo has no email address: his is to print)
    await on(addDays(due, -2)).run();
    await on(addDays(due, 8)).run();
    await c.mailer.record(k, {
      kind: 'overdue',
      to: '',
      from: 'Colophon <no-reply@127.0.0.1>',
      readerId: f.readers.henri.readerId,
      subject: 'Colophon : documents en retard',
      text: 'Bonjour Henri,\nMerci de rapporter vos documents.',
      html: '<p>x</p>',
      print: true,
    });
    // a job that failed at every attempt, with a long error line (the page must wrap it on a phone)
    const now = new Date().toISOString();
    jobId = (
      await k
        .insertInto('jobs')
        .values({ kind: 'notices.run', payload: '{}', unique_key: null, status: 'failed', run_at: now, attempts: 3, max_attempts: 3, last_error: `Error: connect ECONNREFUSED 127.0.0.1:25\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) ${'x'.repeat(200)}`, created_at: now, finished_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(async () => {
    await browser?.close();
    await c?.close();
  });

  const signIn = (page: Page, identifier: string) => readerSignIn(page, base, identifier, FIXTURE_PASSWORD);
  const staffSignIn = (page: Page, login: string) => staffSignInAs(page, base, login, FIXTURE_PASSWORD);

  it('the notice pages work on a 360 px phone', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await signIn(page, c.f.readers.camille.cardNumber);
      const first = await c.t.db.kysely.selectFrom('outbox').select('id').where('reader_id', '=', c.f.readers.camille.readerId).orderBy('id').executeTakeFirstOrThrow();
      for (const path of ['/compte/messages', `/compte/messages/${first.id}`, '/compte/avis', '/avis/desabonnement?r=1&k=due-soon&t=x']) {
        await page.goto(`${base}${path}`);
        assert.deepEqual(await seriousViolations(page), [], `axe at 360 px: ${path}`);
        assert.ok(await noSidewaysScroll(page), `no sideways scrolling at 360 px: ${path}`);
      }
      await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
      await staffSignIn(page, 'admin.reseau');
      for (const path of ['/staff/avis-a-imprimer', '/staff/taches', '/staff/reglages-avis', '/staff/fermetures']) {
        await page.goto(`${base}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert.deepEqual(await seriousViolations(page), [], `axe at 360 px: ${path}`);
        assert.ok(await noSidewaysScroll(page), `no sideways scrolling at 360 px: ${path}`);
      }
    } finally {
      await context.close();
    }
  });

  it('a reader reads their messages and turns the reminder off; staff print the notices and retry a failed job', { timeout: 120_000 }, async () => {
    const { f } = c;
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await signIn(page, f.readers.camille.cardNumber);
      await page.getByRole('link', { name: 'Mes messages' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mes messages' }).waitFor();
      const table = page.getByRole('table', { name: 'Vos messages, du plus récent au plus ancien' });
      assert.equal(await table.getByRole('row').count(), 3, 'a header row and two messages');
      assert.match(await table.innerText(), /Documents en retard[\s\S]*Rappel avant la date de retour/, 'newest first, kinds in words');
      assert.deepEqual(await seriousViolations(page), [], 'axe: Mes messages');
      await table.getByRole('row').nth(2).getByRole('link').click();
      await page.locator('pre.mail-text').waitFor();
      assert.match(await page.locator('pre.mail-text').innerText(), /Ces documents sont à rendre bientôt/);
      assert.deepEqual(await seriousViolations(page), [], 'axe: one message');

      await page.goto(`${base}/compte`);
      await page.getByRole('link', { name: 'Mes avis' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mes avis' }).waitFor();
      const reminder = page.getByLabel('Rappel avant la date de retour');
      assert.equal(await reminder.isChecked(), true, 'on by default');
      assert.deepEqual(await seriousViolations(page), [], 'axe: Mes avis');
      await reminder.uncheck();
      await page.getByRole('button', { name: 'Enregistrer mes choix' }).click();
      await page.getByRole('status').filter({ hasText: 'Vos choix sont enregistrés.' }).waitFor();
      assert.equal(await page.getByLabel('Rappel avant la date de retour').isChecked(), false, 'saved off');
      assert.deepEqual(await seriousViolations(page), [], 'axe: Mes avis saved');

      const staffContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'fr-FR' });
      const staff = await staffContext.newPage();
      try {
        await staffSignIn(staff, 'admin.reseau');
        const menu = staff.getByRole('navigation', { name: 'Menu de l’espace professionnel' });
        await menu.getByRole('link', { name: 'Avis à imprimer' }).click();
        await staff.getByRole('heading', { level: 1, name: 'Avis à imprimer' }).waitFor();
        const waiting = (await c.t.db.kysely.selectFrom('outbox').select('id').where('status', '=', 'print').execute()).length;
        assert.ok(waiting >= 2, `Léo's and Henri's notices wait: ${waiting}`);
        const list = staff.getByRole('table', { name: `Avis à imprimer (${waiting})` });
        assert.match(await list.innerText(), /Léo Martin[\s\S]*Henri Lefèvre|Henri Lefèvre[\s\S]*Léo Martin/);
        assert.deepEqual(await seriousViolations(staff), [], 'axe: notices to print');
        const download = staff.waitForEvent('download');
        await staff.getByRole('link', { name: 'Télécharger les avis (PDF)' }).click();
        assert.match((await download).suggestedFilename(), /^avis-a-imprimer-\d{4}-\d\d-\d\d\.pdf$/, 'the PDF downloads');
        await staff.getByRole('button', { name: 'Marquer ces avis comme imprimés' }).click();
        await staff.getByRole('status').filter({ hasText: `${waiting} avis marqués comme imprimés.` }).waitFor();
        assert.deepEqual(await seriousViolations(staff), [], 'axe: notices printed');

        await menu.getByRole('link', { name: 'Tâches' }).click();
        await staff.getByRole('heading', { level: 1, name: 'Tâches en échec' }).waitFor();
        assert.match(await staff.locator('pre.job-error').innerText(), /ECONNREFUSED/);
        assert.deepEqual(await seriousViolations(staff), [], 'axe: failed jobs');
        await staff.getByRole('button', { name: `Relancer la tâche n° ${jobId} (Avis aux lecteurs)` }).click();
        await staff.getByRole('status').filter({ hasText: 'La tâche est relancée' }).waitFor();
        assert.deepEqual(await seriousViolations(staff), [], 'axe: job retried');

        // the network's notice settings: a refused value is said next to its field, then saved
        await menu.getByRole('link', { name: 'Réglages des avis' }).click();
        await staff.getByRole('heading', { level: 1, name: 'Réglages des avis aux lecteurs' }).waitFor();
        assert.deepEqual(await seriousViolations(staff), [], 'axe: notice settings');
        const days = staff.getByLabel('Jours avant la date de retour');
        await days.fill('0');
        await staff.getByRole('button', { name: 'Enregistrer les réglages' }).click();
        await staff.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' }).waitFor();
        assert.equal(await staff.getByLabel('Jours avant la date de retour').inputValue(), '0', 'what was typed is kept');
        assert.equal(await staff.getByLabel('Jours avant la date de retour').getAttribute('aria-invalid'), 'true');
        assert.deepEqual(await seriousViolations(staff), [], 'axe: notice settings refused');
        await staff.getByLabel('Jours avant la date de retour').fill('4');
        await staff.getByRole('group', { name: 'Échéance proche' }).getByLabel('Texte d’introduction en français').fill('Pensez à vos prêts !');
        await staff.getByRole('button', { name: 'Enregistrer les réglages' }).click();
        await staff.getByRole('status').filter({ hasText: 'Réglages enregistrés' }).waitFor();
        assert.equal(await staff.getByLabel('Jours avant la date de retour').inputValue(), '4');
        assert.deepEqual(await seriousViolations(staff), [], 'axe: notice settings saved');
        await c.t.db.kysely.deleteFrom('settings').where('key', '=', 'notices').execute();

        // an exceptional closure: a wrong date is said next to its field, then the closure is listed
        await menu.getByRole('link', { name: 'Fermetures' }).click();
        await staff.getByRole('heading', { level: 1, name: 'Fermetures exceptionnelles' }).waitFor();
        await staff.getByLabel('Bibliothèque').selectOption({ label: 'Médiathèque Jeanne-Barret' });
        await staff.getByLabel('Premier jour fermé').fill('30/02/2027');
        await staff.getByLabel('Motif').fill('Inventaire');
        await staff.getByRole('button', { name: 'Ajouter la fermeture' }).click();
        await staff.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' }).waitFor();
        assert.equal(await staff.getByLabel('Premier jour fermé').inputValue(), '30/02/2027', 'what was typed is kept');
        assert.deepEqual(await seriousViolations(staff), [], 'axe: closure refused');
        await staff.getByLabel('Premier jour fermé').fill('02/03/2027');
        await staff.getByRole('button', { name: 'Ajouter la fermeture' }).click();
        await staff.getByRole('status').filter({ hasText: 'Fermeture ajoutée.' }).waitFor();
        assert.match(await staff.getByRole('table', { name: 'Fermetures à venir (1)' }).innerText(), /Médiathèque Jeanne-Barret\s+02\/03\/2027\s+02\/03\/2027\s+Inventaire/);
        assert.deepEqual(await seriousViolations(staff), [], 'axe: closures');
        await staff.getByRole('button', { name: 'Supprimer la fermeture de Médiathèque Jeanne-Barret du 02/03/2027' }).click();
        await staff.getByRole('status').filter({ hasText: 'Fermeture supprimée.' }).waitFor();
      } finally {
        await staffContext.close();
      }
    } finally {
      await context.close();
    }
  });
});
