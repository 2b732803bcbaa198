// Circulation in a real browser (Debian Chromium): a reader renews a loan from its "⋮" menu, sees a refused
// renewal with its reason, places a hold with a pickup library and cancels another; a librarian checks the
// held copy in at the desk; the reader sees it available and receives the email (real SMTP sink). axe on the
// loans, holds, hold placement, desk, holds shelf and rules pages, at desktop and phone widths.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { testEngines } from '../helpers/db.js';
import { createCirculationApp, FIXTURE_PASSWORD, type CirculationApp } from '../helpers/circulation-app.js';
import { browserSkip, launchBrowser, VIEWPORTS, seriousViolations, noSidewaysScroll, readerSignIn, staffSignIn } from '../helpers/browser.js';

const skip = browserSkip();
const [sqlite] = await testEngines();

describe('circulation in Chromium', { skip, timeout: 180_000 }, () => {
  let c: CirculationApp;
  let browser: Browser;
  let base: string;

  before(async () => {
    const [app, b] = await Promise.all([createCirculationApp(sqlite!), launchBrowser()]);
    c = app;
    browser = b;
    await c.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(c.app.server.address() as { port: number }).port}`;
    const { f } = c;
    const lend = async (card: string, barcode: string, staff = f.staff.centre, libraryId = f.lib.CENTRALE) => assert.ok((await c.circulation.checkout(staff, { libraryId, cardNumber: card, barcode })).ok, `lent ${barcode}`);
    await lend(f.readers.camille.cardNumber, f.barcodes.novel[0]!);
    await lend(f.readers.camille.cardNumber, f.barcodes.weekly[0]!);
    await lend(f.readers.leo.cardNumber, f.barcodes.popular[0]!);
    await lend(f.readers.leo.cardNumber, f.barcodes.popular[1]!);
    await lend(f.readers.lucas.cardNumber, f.barcodes.onecopy[0]!, f.staff.tilleuls, f.lib.TILLEULS);
    assert.ok((await c.circulation.placeHold(f.readers.camille, f.titles.onecopy, f.lib.CENTRALE)).ok, 'a hold to cancel');
  });
  after(async () => {
    await browser?.close();
    await c?.close();
  });

  const signIn = (page: Page, identifier: string) => readerSignIn(page, base, identifier, FIXTURE_PASSWORD);

  it('a reader renews, is told why a renewal is refused, places a hold and cancels another; the librarian checks the copy in; the reader sees it and gets the email', { timeout: 120_000 }, async () => {
    const { f } = c;
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await signIn(page, f.readers.camille.cardNumber);
      await page.getByRole('link', { name: 'Mes prêts & réservations' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mes prêts & réservations' }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: loans tab');
      // the one-week loan says why it cannot be renewed before anything is tried
      const weekly = page.locator('li.loan', { hasText: 'La nouveauté' });
      assert.match(await weekly.innerText(), /Les documents de ce type ne se prolongent pas/);
      // "⋮" then "Prolonger" on the novel
      const novel = page.locator('li.loan', { hasText: 'Le roman des jours' });
      await novel.getByText('⋮').click();
      await novel.getByRole('button', { name: 'Prolonger' }).click();
      const results = page.getByRole('status').filter({ hasText: 'Résultat des prolongations' });
      await results.waitFor();
      assert.match(await results.innerText(), /Le roman des jours : prolongé, à rendre le \d\d\/\d\d\/\d{4}/);
      // and the refused one, with its reason
      await page.locator('li.loan', { hasText: 'La nouveauté' }).getByText('⋮').click();
      await page.locator('li.loan', { hasText: 'La nouveauté' }).getByRole('button', { name: 'Prolonger' }).click();
      await page.getByRole('status').filter({ hasText: 'refusé' }).waitFor();
      assert.match(await page.getByRole('status').filter({ hasText: 'Résultat' }).innerText(), /La nouveauté : refusé : Les documents de ce type ne se prolongent pas/);
      assert.deepEqual(await seriousViolations(page), [], 'axe: loans tab with results');

      // a hold: "Où le trouver ?" then "Réserver", the pickup library, "Sélectionner", "Confirmer la réservation"
      await page.goto(`${base}/notices/${f.titles.popular}`);
      await page.getByRole('heading', { level: 2, name: 'Où le trouver ?' }).waitFor();
      await page.getByRole('link', { name: 'Réserver' }).click();
      await page.getByLabel('Bibliothèque de retrait').selectOption({ label: 'Médiathèque Jeanne-Barret' });
      assert.deepEqual(await seriousViolations(page), [], 'axe: choosing the pickup library');
      await page.getByRole('button', { name: 'Sélectionner' }).click();
      await page.getByRole('heading', { level: 1, name: 'Confirmer la réservation' }).waitFor();
      await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
      await page.getByText('Réservation enregistrée : vous êtes 1er sur 1.').waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: holds tab');
      // cancel the other one
      await page.getByRole('button', { name: 'Annuler la réservation de « Un seul exemplaire »' }).click();
      await page.getByText('La réservation est annulée.').waitFor();
      assert.equal(await page.locator('li.hold', { hasText: 'Un seul exemplaire' }).count(), 0);

      // the librarian checks the held copy in at the central library
      const staffContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'fr-FR' });
      const desk = await staffContext.newPage();
      try {
        await staffSignIn(desk, base, 'biblio.centre', FIXTURE_PASSWORD);
        const menu = desk.getByRole('navigation', { name: 'Menu de l’espace professionnel' });
        await menu.getByRole('link', { name: 'Guichet' }).click();
        await desk.getByRole('heading', { level: 1, name: 'Guichet' }).waitFor();
        assert.deepEqual(await seriousViolations(desk), [], 'axe: desk');
        await desk.getByLabel('Code-barres de l’exemplaire').nth(1).fill(f.barcodes.popular[0]!);
        await desk.getByRole('button', { name: 'Enregistrer le retour' }).click();
        const told = desk.getByRole('status').filter({ hasText: 'Mettre de côté' });
        await told.waitFor();
        assert.match(await told.innerText(), /Mettre de côté pour Camille Martin \(2900100000017\) sur le rayon des réservations, jusqu’au \d\d\/\d\d\/\d{4}/);
        assert.deepEqual(await seriousViolations(desk), [], 'axe: desk after a check-in');
        await menu.getByRole('link', { name: 'Rayon des réservations' }).click();
        await desk.getByRole('cell', { name: 'Camille Martin (2900100000017)' }).waitFor();
        assert.deepEqual(await seriousViolations(desk), [], 'axe: holds shelf');
        await menu.getByRole('link', { name: 'Règles de prêt' }).click();
        await desk.getByRole('heading', { level: 1, name: 'Règles de prêt' }).waitFor();
        assert.deepEqual(await seriousViolations(desk), [], 'axe: rules');
      } finally {
        await staffContext.close();
      }

      await page.goto(`${base}/compte/prets/reservations`);
      const held = page.locator('li.hold', { hasText: 'Le best-seller' });
      assert.match(await held.innerText(), /Disponible[\s\S]*À retirer au plus tard le\s*\d\d\/\d\d\/\d{4}/);
      const mail = await c.sink.waitFor(f.readers.camille.email!);
      assert.match(mail.subject, /votre réservation est disponible/);
      assert.match(mail.text, /« Le best-seller » vous attend à Médiathèque Jeanne-Barret jusqu'au \d\d\/\d\d\/\d{4} inclus/);
    } finally {
      await context.close();
    }
  });

  it('the loans, holds and desk pages work on a 360 px phone', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await signIn(page, c.f.readers.camille.cardNumber);
      for (const path of ['/compte/prets', '/compte/prets/reservations', `/notices/${c.f.titles.onecopy}/reserver`]) {
        await page.goto(`${base}${path}`);
        assert.deepEqual(await seriousViolations(page), [], `axe at 360 px: ${path}`);
        assert.ok(await noSidewaysScroll(page), `no sideways scrolling at 360 px: ${path}`);
      }
      await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
      await staffSignIn(page, base, 'biblio.centre', FIXTURE_PASSWORD);
      for (const path of ['/staff/guichet', '/staff/reservations', '/staff/regles']) {
        await page.goto(`${base}${path}`);
        assert.deepEqual(await seriousViolations(page), [], `axe at 360 px: ${path}`);
        assert.ok(await noSidewaysScroll(page), `no sideways scrolling at 360 px: ${path}`);
      }
    } finally {
      await context.close();
    }
  });
});
