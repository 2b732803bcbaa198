// The catalogue in a real browser (Debian Chromium), on a desktop and a phone viewport: search, refine by two
// facets, open a record, read "Où le trouver ?"; axe finds no serious or critical violation on the home,
// results and record pages. Set COLOPHON_SCREENSHOTS=/some/dir to keep screenshots of the results page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { testEngines } from '../helpers/db.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { browserSkip, launchBrowser, VIEWPORTS, seriousViolations } from '../helpers/browser.js';

const skip = browserSkip();
const [sqlite] = await testEngines();

async function countOf(page: Page): Promise<number> {
  const s = await page.getByRole('status').first().innerText();
  const m = /^([\d\s\u202f\u00a0]+)\s/.exec(s);
  return m ? Number(m[1]!.replace(/\D/g, '')) : 0;
}

/** axe on the current page: the serious and critical violations, as readable lines. */
async function assertNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${where}: page is ${scroll}px wide in a ${width}px viewport (horizontal scroll)`);
}

describe('OPAC in Chromium', { skip, timeout: 90_000 }, () => {
  let ta: TestApp;
  let browser: Browser;
  let base: string;

  before(async () => {
    const [app, b] = await Promise.all([createTestApp(sqlite!, { recordCount: 300 }), launchBrowser()]);
    ta = app;
    browser = b;
    await ta.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(ta.app.server.address() as { port: number }).port}`;
  });
  after(async () => {
    await browser?.close();
    await ta?.close();
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`${name} (${viewport.width}x${viewport.height}): search, refine by two facets, open a record, read "Où le trouver ?"`, { timeout: 30_000 }, async () => {
      const context = await browser.newContext({ viewport, locale: 'fr-FR' });
      const page = await context.newPage();
      try {
        await page.goto(`${base}/`);
        await page.getByLabel('Rechercher dans le catalogue').fill('guerre');
        await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Résultats pour « guerre »' }).waitFor();
        const before = await countOf(page);
        assert.ok(before > 1, `several results for "guerre" (got ${before})`);

        const refine = page.getByRole('region', { name: 'Affiner la recherche' });
        await refine.getByRole('group', { name: 'Type de document' }).getByRole('checkbox', { name: /^Livre/ }).check();
        await refine.getByRole('group', { name: 'Bibliothèque' }).getByRole('checkbox', { name: /^Bibliothèque des Tilleuls/ }).check();
        await refine.getByRole('button', { name: 'Appliquer les filtres' }).click();
        await page.waitForURL(/type=book/);
        const typeChip = page.getByRole('link', { name: 'Retirer le filtre Type de document : Livre' });
        const libraryChip = page.getByRole('link', { name: 'Retirer le filtre Bibliothèque : Bibliothèque des Tilleuls' });
        await typeChip.waitFor();
        await libraryChip.waitFor();
        const after = await countOf(page);
        const api = (await (await page.request.get(`${base}/api/search?q=guerre&type=book&library=TILLEULS`)).json()) as { total: number };
        assert.equal(after, api.total, 'the announced count is the API total');
        assert.ok(after > 0 && after < before, `two facets narrow the results (${before} -> ${after})`);
        await assertNoHorizontalScroll(page, 'results');
        if (process.env.COLOPHON_SCREENSHOTS) await page.screenshot({ path: join(process.env.COLOPHON_SCREENSHOTS, `results-${name}.png`), fullPage: true });

        // removing a chip gives the one-facet count back
        await libraryChip.click();
        await typeChip.waitFor();
        await page.getByRole('link', { name: /Retirer le filtre Bibliothèque/ }).waitFor({ state: 'detached' });
        const bookOnly = (await (await page.request.get(`${base}/api/search?q=guerre&type=book`)).json()) as { total: number };
        assert.equal(await countOf(page), bookOnly.total);

        const first = page.getByRole('list', { name: 'Résultats' }).getByRole('heading', { level: 2 }).first();
        const title = (await first.innerText()).trim();
        await first.getByRole('link').click();
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        const where = page.getByRole('region', { name: 'Où le trouver ?' });
        await where.getByRole('heading', { level: 2, name: 'Où le trouver ?' }).waitFor();
        const library = where.getByRole('heading', { level: 3 }).first();
        assert.match(await library.innerText(), /Biblioth|Médiath/);
        await where.getByRole('cell', { name: 'En rayon' }).first().waitFor();
        await where.getByRole('rowheader', { name: 'Lundi' }).first().waitFor();
        await assertNoHorizontalScroll(page, 'record');
      } finally {
        await context.close();
      }
    });

    it(`${name}: axe finds no serious or critical violation on the home, results and record pages`, { timeout: 30_000 }, async () => {
      const context = await browser.newContext({ viewport, locale: 'fr-FR' });
      const page = await context.newPage();
      try {
        const pages: Array<[string, string]> = [
          ['home', '/'],
          ['results', '/recherche?q=guerre&type=book'],
          ['no results', '/recherche?q=gerre'],
          ['advanced search', '/recherche/avancee'],
          ['record', '/notices/277'],
          ['home (English)', '/?lang=en'],
        ];
        const problems: string[] = [];
        for (const [label, path] of pages) {
          await page.goto(`${base}${path}`);
          await page.getByRole('heading', { level: 1 }).waitFor();
          for (const v of await seriousViolations(page)) problems.push(`${label}: ${v}`);
          await assertNoHorizontalScroll(page, label);
        }
        assert.deepEqual(problems, [], `axe violations:\n${problems.join('\n')}`);
      } finally {
        await context.close();
      }
    });
  }
});
