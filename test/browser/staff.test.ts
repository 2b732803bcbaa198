// The staff back office in a real browser (Debian Chromium): a librarian signs in, creates a reader (after a
// first attempt with errors), sees the reader's page and adds a fee; axe on the staff home, the reader form
// with its errors and the reader page, on a desktop (1280 px) and on a phone (360 px, no sideways scrolling).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { testEngines } from '../helpers/db.js';
import { createAccountApp, type AccountApp } from '../helpers/account-app.js';
import { browserSkip, launchBrowser, VIEWPORTS, seriousViolations, staffSignIn } from '../helpers/browser.js';
import { OutboxRepository } from '../../src/repositories/outbox.repository.js';

const skip = browserSkip();
const [sqlite] = await testEngines();

/** Wider than the viewport means sideways scrolling on a phone. */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('staff back office in Chromium', { skip, timeout: 180_000 }, () => {
  let ta: AccountApp;
  let browser: Browser;
  let base: string;

  before(async () => {
    const [app, b] = await Promise.all([createAccountApp(sqlite!), launchBrowser()]);
    ta = app;
    browser = b;
    await ta.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(ta.app.server.address() as { port: number }).port}`;
  });
  after(async () => {
    await browser?.close();
    await ta?.close();
  });

  const scenarios = [
    { name: 'desktop', viewport: VIEWPORTS.desktop, card: '2900100000710', first: 'Hélène' },
    { name: 'phone', viewport: VIEWPORTS.phone, card: '2900100000727', first: 'Inès' },
  ] as const;

  for (const s of scenarios) {
    it(`a librarian signs in, creates a reader, sees them and adds a fee (${s.name}, ${s.viewport.width} px)`, { timeout: 90_000 }, async () => {
      const context = await browser.newContext({ viewport: s.viewport, locale: 'fr-FR' });
      const page = await context.newPage();
      const check = async (what: string) => {
        assert.deepEqual(await seriousViolations(page), [], `axe: ${what} (${s.name})`);
        assert.ok((await overflow(page)) <= 0, `${what}: no sideways scrolling at ${s.viewport.width} px (${await overflow(page)} px too wide)`);
      };
      try {
        await page.goto(`${base}/staff`);
        await page.getByRole('heading', { level: 1, name: 'Connexion du personnel' }).waitFor();
        await check('staff sign-in');
        await page.getByLabel('Identifiant').fill(ta.fx.staff.tilleuls.login);
        await page.getByLabel('Mot de passe', { exact: true }).fill(ta.fx.staff.tilleuls.password);
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.getByRole('heading', { level: 1, name: 'Espace professionnel' }).waitFor();
        await check('staff home');

        const nav = page.getByRole('navigation', { name: 'Menu de l’espace professionnel' });
        await nav.getByRole('link', { name: 'Lecteurs' }).click();
        await page.getByRole('heading', { level: 1, name: 'Lecteurs' }).waitFor();
        await page.getByRole('link', { name: 'Nouveau lecteur' }).click();
        await page.getByRole('heading', { level: 1, name: 'Nouveau lecteur' }).waitFor();

        // first attempt: a few mistakes
        await page.getByLabel('Numéro de carte').fill(s.card);
        await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Lefèvre');
        await page.getByLabel('Date de naissance').fill('31/02/1990');
        await page.getByLabel('Adresse électronique').fill('pas-une-adresse');
        await page.getByRole('button', { name: 'Créer le lecteur' }).click();
        await page.getByRole('heading', { level: 2, name: 'Le formulaire contient des erreurs' }).waitFor();
        assert.equal(await page.getByLabel('Date de naissance').inputValue(), '31/02/1990', 'what was typed is kept');
        assert.equal(await page.getByLabel('Date de naissance').getAttribute('aria-invalid'), 'true');
        await check('reader form with errors');

        await page.getByLabel('Prénom').fill(s.first);
        await page.getByLabel('Date de naissance').fill('14/07/1990');
        await page.getByLabel('Adresse électronique').fill('');
        await page.getByRole('combobox', { name: 'Catégorie', exact: true }).selectOption('ADULTE');
        await page.getByRole('button', { name: 'Créer le lecteur' }).click();
        await page.getByRole('heading', { level: 1, name: `${s.first} Lefèvre` }).waitFor();
        await page.getByText('Lecteur créé. Son mot de passe initial est l’année de naissance').waitFor();
        await check('reader page');

        await page.getByRole('combobox', { name: 'Motif', exact: true }).selectOption('CARD_REPLACEMENT');
        await page.getByRole('textbox', { name: 'Montant', exact: true }).fill('3,50');
        await page.getByRole('button', { name: 'Ajouter les frais' }).click();
        await page.getByText('Frais ajoutés.').waitFor();
        await page.getByRole('heading', { level: 3, name: 'Remplacement de carte' }).waitFor();
        assert.match(await page.locator('.total-owed').innerText(), /Total dû : 3,50\s€/);
        await check('reader page with a fee');
      } finally {
        await context.close();
      }
    });
  }

  it('the administrator reads the outbox on a phone', { timeout: 60_000 }, async () => {
    await new OutboxRepository(ta.t.db.kysely).insert({
      messageId: '<browser-test@colophon.test>',
      kind: 'password-reset',
      from: 'Réseau des médiathèques <no-reply@example.org>',
      to: 'un.lecteur.avec.une.adresse.tres.longue@example.org',
      readerId: null,
      subject: 'Choisir un nouveau mot de passe',
      text: 'Bonjour,\n\nPour choisir un nouveau mot de passe : https://mediatheques.example.org/compte/mot-de-passe/nouveau?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n',
      html: '<p>Bonjour</p>',
      createdAt: new Date().toISOString(),
    });
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await staffSignIn(page, base, ta.fx.staff.admin.login, ta.fx.staff.admin.password);
      await page.getByRole('navigation', { name: 'Menu de l’espace professionnel' }).getByRole('link', { name: 'Messages' }).click();
      await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: outbox');
      await page.getByRole('link', { name: 'Choisir un nouveau mot de passe' }).click();
      await page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: outbox message');
      assert.ok((await overflow(page)) <= 0, `no sideways scrolling on the message page (${await overflow(page)} px too wide)`);
    } finally {
      await context.close();
    }
  });
});
