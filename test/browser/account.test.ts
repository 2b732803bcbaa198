// Reader accounts in a real browser (Debian Chromium): first sign-in through the forced password change, the
// forgotten password through the emailed link (real SMTP sink), "Rester connecté" across a browser restart
// (storageState), and axe on the sign-in, change-password, forgotten-password and profile pages.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { testEngines } from '../helpers/db.js';
import { createAccountApp, type AccountApp } from '../helpers/account-app.js';
import { browserSkip, launchBrowser, VIEWPORTS, seriousViolations } from '../helpers/browser.js';
import { firstLink } from '../helpers/smtp.js';
import { captchaAnswer } from '../helpers/captcha.js';

const skip = browserSkip();
const [sqlite] = await testEngines();

describe('reader accounts in Chromium', { skip, timeout: 120_000 }, () => {
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

  const signIn = async (page: Page, identifier: string, password: string, remember = false) => {
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
    await page.getByLabel('Identifiant').fill(identifier);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    if (remember) await page.getByLabel('Rester connecté').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
  };

  it('first sign-in with the initial password goes through the forced change to the account page', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/connexion`);
      assert.deepEqual(await seriousViolations(page), [], 'axe: sign-in page');
      const lucas = ta.fx.readers.lucas;
      await signIn(page, lucas.cardNumber, lucas.password);
      await page.getByRole('heading', { level: 1, name: 'Modifier le mot de passe' }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: change-password page');
      await page.goto(`${base}/compte/profil`);
      await page.getByRole('heading', { level: 1, name: 'Modifier le mot de passe' }).waitFor();
      await page.getByLabel('Mot de passe actuel').fill(lucas.password);
      await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('court');
      await page.getByLabel('Confirmez le nouveau mot de passe').fill('court');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByRole('alert').first().waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: change-password page with errors');
      await page.getByLabel('Mot de passe actuel').fill(lucas.password);
      await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Premier-Pas-2026!');
      await page.getByLabel('Confirmez le nouveau mot de passe').fill('Premier-Pas-2026!');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
      assert.equal(await page.locator('.user-name').innerText(), 'Lucas');
      await page.getByRole('link', { name: 'Mon profil & mes frais' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon profil & mes frais' }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: profile page');
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.getByRole('link', { name: 'Se connecter' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('forgotten password through the emailed link', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      const camille = ta.fx.readers.camille;
      await page.goto(`${base}/connexion`);
      await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'axe: forgotten-password page');
      await page.getByLabel('Identifiant').fill(camille.cardNumber);
      await page.getByLabel('Adresse électronique du compte').fill(camille.email!);
      const id = await page.locator('input[name="captcha_id"]').inputValue();
      await page.getByLabel('Recopiez les caractères de l’image').fill(await captchaAnswer(ta.t.db, id));
      await page.getByRole('button', { name: 'Valider' }).click();
      await page.getByText('Si ces informations correspondent à un compte').waitFor();
      const mail = await ta.sink.waitFor(camille.email!, { timeoutMs: 15_000 });
      const link = new URL(firstLink(mail.text));
      await page.goto(`${base}${link.pathname}${link.search}`);
      await page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' }).waitFor();
      await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Nouvelle-Page-2026!');
      await page.getByLabel('Confirmez le nouveau mot de passe').fill('Nouvelle-Page-2026!');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Votre nouveau mot de passe est enregistré').waitFor();
      await page.getByLabel('Identifiant').fill(camille.cardNumber);
      await page.getByLabel('Mot de passe', { exact: true }).fill('Nouvelle-Page-2026!');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('"Rester connecté" survives a browser restart; a plain session does not', { timeout: 60_000 }, async () => {
    const restart = async (remember: boolean): Promise<string> => {
      const first = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'fr-FR' });
      const page = await first.newPage();
      await signIn(page, ta.fx.readers.emily.cardNumber, ta.fx.readers.emily.password, remember);
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
      // closing the browser drops session cookies: storageState keeps what a browser keeps on disk
      const state = await first.storageState();
      await first.close();
      const kept = { ...state, cookies: state.cookies.filter((c) => c.expires > 0) };
      const second = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'fr-FR', storageState: kept });
      try {
        const p2 = await second.newPage();
        await p2.goto(`${base}/compte`);
        return await p2.locator('h1').innerText();
      } finally {
        await second.close();
      }
    };
    assert.equal(await restart(true), 'Mon compte', 'remembered session survives');
    assert.equal(await restart(false), 'Se connecter', 'plain session ends with the browser');
  });
});
