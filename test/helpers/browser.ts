// Browser tests drive Debian's Chromium through playwright-core (browsers are never downloaded).
// Without Chromium they are skipped with a loud message, except in CI (CI=true), where that is a failure.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
} as const;

/** `skip` option for browser suites: false when Chromium is there, a message when not (throws when CI=true). */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM_PATH)) return false;
  const missing = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`${missing}: browser tests cannot be skipped when CI=true`);
  const message = `${missing}: browser tests SKIPPED`;
  console.warn(`\n${'*'.repeat(100)}\n*** ${message}\n${'*'.repeat(100)}\n`);
  return message;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS, timeout: 30_000 });
}

/** axe's serious and critical violations on the page, one line each (an empty list is what tests expect). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The page fits the viewport's width: nothing scrolls sideways (phones). */
export async function noSidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

/** A reader signs in at /connexion (French pages) and lands on "Mon compte". */
export async function readerSignIn(page: Page, base: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Identifiant').fill(identifier);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
}

/** A staff member signs in at /staff (French pages) and sees the staff menu. */
export async function staffSignIn(page: Page, base: string, login: string, password: string): Promise<void> {
  await page.goto(`${base}/staff`);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('navigation', { name: 'Menu de l’espace professionnel' }).waitFor();
}
