import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../../test/helpers/db.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';

const ENGINES = await testEngines();

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');
const text = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
const count = (html: string, re: RegExp) => (html.match(new RegExp(re.source, 'g')) ?? []).length;
/** the text of the element with role="status" (the announced result count) */
const statusOf = (html: string) => text(/role="status"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
const numberIn = (s: string) => Number((/[\d\s\u202f\u00a0]+/.exec(s)?.[0] ?? 'NaN').replace(/\D/g, ''));
/** hrefs of the removable filter chips */
const chips = (html: string) => [...html.matchAll(/class="chip" href="([^"]+)"/g)].map((m) => decode(m[1]!));
const attr = (html: string, re: RegExp) => decode(re.exec(html)?.[1] ?? '');

for (const engine of ENGINES) {
  describe(`portal pages (${engine.name})`, () => {
    let ta: TestApp;
    const page = async (url: string, headers: Record<string, string> = {}) => {
      const r = await ta.app.inject({ url, headers: { accept: 'text/html', ...headers } });
      return { status: r.statusCode, html: r.body, headers: r.headers };
    };
    const apiTotal = async (qs: string) => (JSON.parse((await ta.app.inject(`/api/search?${qs}`)).body) as { total: number }).total;

    before(async () => {
      ta = await createTestApp(engine);
    });
    after(async () => {
      await ta.close();
    });

    it('home page: French, one h1, landmarks, skip link, labelled search field, advanced link, categories, sign-in link', async () => {
      const { status, html, headers } = await page('/');
      assert.equal(status, 200);
      assert.match(headers['content-type'] as string, /text\/html/);
      assert.match(html, /<html lang="fr">/);
      assert.equal(count(html, /<h1[ >]/), 1, 'one h1');
      for (const tag of ['header', 'main', 'footer']) assert.equal(count(html, new RegExp(`<${tag}[ >]`)), 1, `one <${tag}>`);
      assert.ok(count(html, /<nav [^>]*aria-label="[^"]+"/) >= 3, 'every nav is labelled (language, categories, footer)');
      assert.match(html, /<a class="skip-link" href="#main">Aller au contenu<\/a>/);
      assert.match(html, /<form [^>]*role="search"[^>]*action="\/recherche"/);
      assert.match(html, /<label for="search-q">Rechercher dans le catalogue<\/label>/);
      assert.match(html, /<input id="search-q" type="search" name="q"/);
      assert.match(html, /href="\/recherche\/avancee">\+ recherche avancée</);
      for (const [code, label] of [['livres', 'Livres'], ['musique', 'Musique'], ['cinema', 'Cinéma'], ['numerique', 'Numérique'], ['jeunesse', 'Jeunesse'], ['ados', 'Ados'], ['patrimoine', 'Patrimoine']]) {
        assert.match(html, new RegExp(`href="/recherche\\?scope=${code}"[^>]*>${label}<`), `category ${label}`);
      }
      assert.match(html, /href="\/connexion">Se connecter</);
      assert.match(html, /href="\/\?lang=en" lang="en" hreflang="en">English</);
      assert.match(html, /Nouveautés/);
    });

    it('serves the style sheet with a content hash, cacheable, and no inline style or script anywhere', async () => {
      const { html } = await page('/');
      const href = attr(html, /<link rel="stylesheet" href="([^"]+)"/);
      assert.match(href, /^\/assets\/colophon\.css\?v=[0-9a-f]{12}$/);
      const css = await ta.app.inject(href);
      assert.equal(css.statusCode, 200);
      assert.match(css.headers['content-type'] as string, /text\/css/);
      assert.match(css.headers['cache-control'] as string, /immutable/);
      assert.match(css.body, /:focus-visible/);
      assert.equal((await ta.app.inject({ url: href, headers: { 'if-none-match': css.headers.etag as string } })).statusCode, 304);
      assert.equal((await ta.app.inject('/assets/nope.css')).statusCode, 404);
      for (const url of ['/', '/recherche?q=guerre', '/recherche/avancee']) {
        const { html: h } = await page(url);
        assert.doesNotMatch(h, /<script|style="|<style/, `${url}: CSP forbids inline styles and scripts`);
      }
    });

    it('results page: the count (role=status) matches the API, results link to records, facets are checkbox groups', async () => {
      const { status, html } = await page('/recherche?q=guerre');
      assert.equal(status, 200);
      const total = await apiTotal('q=guerre');
      assert.ok(total > 0, 'demo records about "guerre"');
      assert.equal(numberIn(statusOf(html)), total);
      assert.match(statusOf(html), /résultats?$/);
      assert.equal(count(html, /<h1[ >]/), 1, 'one h1');
      assert.match(html, /<h1>Résultats pour « guerre »<\/h1>/);
      assert.match(html, /<title>Résultats pour « guerre » \(\d+ résultats?\) — Colophon<\/title>/);
      assert.equal(count(html, /<li class="result">/), Math.min(total, 20));
      assert.match(html, /<a href="\/notices\/\d+">/);
      assert.match(html, /value="guerre"/, 'the search bar keeps the words');
      for (const legend of ['Disponibilité', 'Type de document', 'Bibliothèque', 'Langue', 'Année de publication']) {
        assert.match(html, new RegExp(`<fieldset class="facet[^"]*">\\s*<legend>${legend}</legend>`), `facet ${legend}`);
      }
      assert.match(html, /<input type="checkbox" id="f-type-0" name="type" value="book"\/>\s*<label for="f-type-0">Livre <span class="count">\(\d+\)<\/span>/);
      assert.match(html, /<button type="submit">Appliquer les filtres<\/button>/);
      assert.match(html, /<select id="sort" name="sort">/);
      assert.match(html, /<label for="sort">Trier par<\/label>/);
    });

    it('refines by two facets through the query string, shows them as chips, and removing a chip restores the count', async () => {
      const base = '/recherche?q=guerre';
      const before = numberIn(statusOf((await page(base)).html));
      const refined = await page(`${base}&type=book&library=TILLEULS`);
      const n = numberIn(statusOf(refined.html));
      assert.equal(n, await apiTotal('q=guerre&type=book&library=TILLEULS'));
      assert.ok(n > 0 && n <= before, `refined count ${n} within ${before}`);
      assert.match(refined.html, /checked/);
      assert.match(text(refined.html), /Retirer le filtre Type de document : Livre/);
      assert.match(text(refined.html), /Retirer le filtre Bibliothèque : Bibliothèque des Tilleuls/);
      const links = chips(refined.html);
      assert.deepEqual(links.sort(), ['/recherche?q=guerre&library=TILLEULS', '/recherche?q=guerre&type=book'].sort());
      const removed = await page('/recherche?q=guerre&library=TILLEULS');
      assert.equal(numberIn(statusOf(removed.html)), await apiTotal('q=guerre&library=TILLEULS'));
      assert.match(refined.html, /Retirer tous les filtres/);
      assert.match(refined.html, /class="chip-clear" href="\/recherche\?q=guerre"/);
      // the facet form carries the words and sort but not the old filters (its checkboxes say them)
      const form = /<section id="refine"[\s\S]*?<\/form>/.exec(refined.html)![0];
      assert.match(form, /<input type="hidden" name="q" value="guerre"\/>/);
      assert.doesNotMatch(form, /type="hidden" name="(type|library)"/);
    });

    it('browses a menu category (scope) with its own heading and a removable category chip', async () => {
      const { html } = await page('/recherche?scope=musique');
      assert.match(html, /<h1>Musique<\/h1>/);
      assert.match(html, /href="\/recherche\?scope=musique" aria-current="page"/);
      assert.equal(numberIn(statusOf(html)), await apiTotal('scope=musique'));
      assert.ok(chips(html).includes('/recherche'), 'category chip removes the scope');
    });

    it('sorts with a select, pages with links, and keeps the state in every link', async () => {
      const { html } = await page('/recherche?sort=title&page_size=10&type=book');
      assert.match(html, /<option value="title" selected>Titre<\/option>/);
      assert.match(html, /<option value="10" selected>10<\/option>/);
      assert.match(html, /<nav class="pagination" aria-label="Pagination des résultats">/);
      assert.match(html, /href="\/recherche\?type=book&amp;sort=title&amp;page_size=10&amp;page=2" aria-label="Page 2"/);
      assert.match(html, /aria-current="page" aria-label="Page 1 sur \d+"/);
      assert.match(html, /rel="next">Page suivante</);
      const p2 = await page('/recherche?sort=title&page_size=10&type=book&page=2');
      assert.match(p2.html, /<ol class="results" start="11"/);
      assert.match(p2.html, /rel="prev">Page précédente</);
      assert.match(statusOf(p2.html), /Résultats 11 à 20 sur/);
      const far = await page('/recherche?page=9999');
      assert.equal(far.status, 200);
      assert.match(far.html, /Cette page n’existe pas pour cette recherche/);
    });

    it('no results: says so with the words and suggests a correction', async () => {
      const { status, html } = await page('/recherche?q=gerre');
      assert.equal(status, 200);
      assert.match(html, /<h1>Aucun résultat pour « gerre »<\/h1>/);
      assert.equal(statusOf(html), 'Aucun résultat');
      assert.match(html, /Essayez : <a href="\/recherche\?q=guerre">guerre<\/a>/);
      const filtered = await page('/recherche?q=zzzzqqqq&type=film');
      assert.match(filtered.html, /retirez un ou plusieurs filtres/);
    });

    it('escapes the reader’s query everywhere it is shown', async () => {
      const q = '<script>alert(1)</script>"\'&';
      const { status, html } = await page(`/recherche?q=${encodeURIComponent(q)}`);
      assert.equal(status, 200);
      assert.doesNotMatch(html, /<script>alert/);
      assert.match(html, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(html, /value="&lt;script>alert\(1\)&lt;\/script>&quot;'&amp;"|value="&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&#x27;&amp;"/);
      const adv = await page(`/recherche?adv=1&t1=${encodeURIComponent(q)}&year_from=x${encodeURIComponent('<b>')}`);
      assert.equal(adv.status, 400);
      assert.doesNotMatch(adv.html, /<script>alert|<b>/);
    });

    it('invalid parameters: a friendly 400 page naming them and keeping what was typed, never a 500', async () => {
      const r = await page('/recherche?q=chat&page_size=13&year_from=19x0');
      assert.equal(r.status, 400);
      assert.match(r.headers['content-type'] as string, /text\/html/);
      assert.equal(count(r.html, /<h1[ >]/), 1);
      assert.match(r.html, /role="alert"/);
      assert.match(text(r.html), /Résultats par page : « 13 » n’est pas une valeur possible \(10, 20 ou 50\)/);
      assert.match(text(r.html), /Année de début : « 19x0 » n’est pas une valeur possible/);
      assert.match(r.html, /<input id="search-q" type="search" name="q" value="chat"/);
      assert.match(r.html, /href="\/recherche\?q=chat">Rechercher sans ces critères</);
      const adv = await page('/recherche?adv=1&f1=title&t1=guerre&year_from=19x0');
      assert.equal(adv.status, 400);
      assert.match(adv.html, /<h1>Recherche avancée<\/h1>/);
      assert.match(adv.html, /<input id="t1" name="t1" type="text" value="guerre"/);
      assert.match(adv.html, /<input id="adv-year-from" name="year_from" type="text" inputmode="numeric" value="19x0"/);
      assert.match(adv.html, /<option value="title" selected>Titre<\/option>/);
      for (const url of ['/recherche?scope=nowhere', '/recherche?type=vinyl', '/recherche?sort=x', '/recherche?q=a&q=b', '/recherche?page=-1', `/recherche?q=${'x'.repeat(1001)}`]) {
        assert.equal((await page(url)).status, 400, url);
      }
    });

    it('advanced search form: labelled rows and limits, sent by GET to the results with adv=1', async () => {
      const { status, html } = await page('/recherche/avancee');
      assert.equal(status, 200);
      assert.equal(count(html, /<h1[ >]/), 1);
      assert.match(html, /<form class="advanced-form" method="get" action="\/recherche">/);
      assert.match(html, /<input type="hidden" name="adv" value="1"\/>/);
      for (let n = 1; n <= 4; n++) {
        assert.match(html, new RegExp(`<legend>Critère ${n}</legend>`));
        assert.match(html, new RegExp(`<label for="t${n}">Termes recherchés</label>`));
        assert.match(html, new RegExp(`<label for="f${n}">Champ</label>`));
      }
      // every input and select has a label
      const ids = [...html.matchAll(/<(?:input|select) (?:type="(?:text|number|checkbox|search)" )?id="([^"]+)"/g)].map((m) => m[1]!);
      assert.ok(ids.length > 10, 'the form has fields');
      for (const id of ids) assert.match(html, new RegExp(`<label for="${id}"`), `label for #${id}`);
      const res = await page('/recherche?adv=1&f1=title&t1=guerre&o2=not&f2=subject&t2=mondiale');
      assert.equal(res.status, 200);
      assert.match(res.html, /<h1>Résultats de la recherche avancée<\/h1>/);
      assert.match(text(res.html), /Votre recherche : titre:guerre -sujet:mondiale/);
      assert.equal(numberIn(statusOf(res.html)), await apiTotal('adv=1&f1=title&t1=guerre&o2=not&f2=subject&t2=mondiale'));
      assert.match(res.html, /href="\/recherche\/avancee\?adv=1&amp;f1=title&amp;t1=guerre&amp;o2=not&amp;f2=subject&amp;t2=mondiale">Modifier la recherche</);
    });

    it('record page: labelled description, "Où le trouver ?" by library with hours and each copy’s status in words', async () => {
      const id = 277;
      const rec = await ta.search.record(id);
      assert.ok(rec && rec.holdings.length > 0, 'demo record 277 has copies');
      const { status, html } = await page(`/notices/${id}`);
      assert.equal(status, 200);
      assert.equal(count(html, /<h1[ >]/), 1);
      assert.match(html, /<h1 id="record-title">Guerre et paix : roman<\/h1>/);
      assert.match(html, /<dt>Auteurs<\/dt>/);
      assert.match(html, /Tolstoï, Léon<\/a>\s*<span class="role"> \(Auteur\)<\/span>/);
      assert.match(html, /<dt>Description matérielle<\/dt>\s*<dd>1 vol\. \(867 p\.\) ; 18 cm<\/dd>/);
      assert.match(html, /<dt>Collection<\/dt>/);
      assert.match(html, /<dt>Sujets<\/dt>/);
      assert.match(html, /<dt>ISBN<\/dt>/);
      assert.match(html, /<h2 id="where-title">Où le trouver \?<\/h2>/);
      for (const h of rec.holdings) assert.match(html, new RegExp(`<h3 id="[^"]+">${h.library.name}</h3>`));
      assert.match(html, /<th scope="col">Cote<\/th>/);
      assert.match(html, /En rayon/);
      assert.match(html, /<th scope="row">Lundi<\/th>\s*<td>Fermé<\/td>/);
      assert.match(html, /<th scope="row">Mercredi<\/th>\s*<td>\d+ h( \d\d)? – \d+ h/);
    });

    it('record page: every copy status in words, with the due date when known', async () => {
      // a record of its own, so other tests' counts stay as seeded
      const row = await ta.t.db.kysely
        .selectFrom('copies')
        .select(['record_id'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .groupBy('record_id')
        .orderBy('n', 'desc')
        .orderBy('record_id')
        .executeTakeFirstOrThrow();
      assert.ok(Number(row.n) >= 3, 'a record with 3 copies or more');
      const copies = await ta.t.db.kysely.selectFrom('copies').select('id').where('record_id', '=', row.record_id).orderBy('id').execute();
      const statuses = ['on_loan', 'in_transit', 'on_hold_shelf', 'in_processing', 'not_for_loan'];
      for (const [i, c] of copies.entries()) {
        await ta.t.db.kysely.updateTable('copies').set({ status: statuses[i % statuses.length]! }).where('id', '=', c.id).execute();
      }
      const { html } = await page(`/notices/${row.record_id}`);
      const want = ['En prêt', 'En transit', 'Sur l’étagère des réservations', 'En traitement', 'Exclu du prêt'].slice(0, copies.length);
      for (const w of want) assert.match(html, new RegExp(`<span class="status status-[a-z_]+">${w}</span>`), w);
      const en = await page(`/notices/${row.record_id}?lang=en`);
      assert.match(en.html, />On loan</);
      assert.match(en.html, /<h2 id="where-title">Where to find it\?<\/h2>/);
    });

    it('unknown or malformed record ids give a 404 page', async () => {
      for (const url of ['/notices/999999', '/notices/abc', '/notices/0', '/notices/99999999999999999999']) {
        const r = await page(url);
        assert.equal(r.status, 404, url);
        assert.match(r.html, /<h1>Notice introuvable<\/h1>/, url);
      }
      const other = await page('/no/such/page');
      assert.equal(other.status, 404);
      assert.match(other.html, /<h1>Page introuvable<\/h1>/);
    });

    it('speaks English with ?lang=en (remembered in a cookie), the lang cookie, or Accept-Language', async () => {
      const r = await page('/recherche?q=guerre&lang=en');
      assert.match(r.html, /<html lang="en">/);
      assert.match(r.html, /<label for="search-q">Search the catalogue<\/label>/);
      assert.match(r.html, /<h1>Results for “guerre”<\/h1>/);
      assert.match(statusOf(r.html), /^\d+ results?$/);
      assert.match(r.html, /<legend>Document type<\/legend>/);
      assert.match(r.html, /\+ advanced search/);
      assert.match(r.html, />Sign in</);
      assert.match(String(r.headers['set-cookie']), /lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax/);
      assert.equal(r.headers['content-language'], 'en');
      assert.match((await page('/', { cookie: 'lang=en' })).html, /<html lang="en">/);
      assert.match((await page('/', { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' })).html, /<html lang="en">/);
      assert.match((await page('/', { 'accept-language': 'de-DE,fr;q=0.9,en;q=0.8' })).html, /<html lang="fr">/);
      assert.match((await page('/', { 'accept-language': 'de-DE' })).html, /<html lang="fr">/);
      // the query parameter beats the cookie, the cookie beats the browser
      assert.match((await page('/?lang=fr', { cookie: 'lang=en' })).html, /<html lang="fr">/);
      assert.match((await page('/', { cookie: 'lang=fr', 'accept-language': 'en' })).html, /<html lang="fr">/);
      const home = await page('/?lang=en');
      assert.match(home.html, /<h1>Library network catalogue<\/h1>/);
      assert.match(home.html, /href="\/\?lang=fr" lang="fr" hreflang="fr">Français</);
      const none = await page('/recherche?q=gerre&lang=en');
      assert.match(none.html, /No results for “gerre”/);
      assert.match(none.html, /Try: <a href="\/recherche\?q=guerre">guerre<\/a>/);
      const bad = await page('/recherche?page_size=7&lang=en');
      assert.match(text(bad.html), /Results per page: “7” is not a possible value \(10, 20 or 50\)/);
      assert.match((await page('/notices/999999?lang=en')).html, /<h1>Record not found<\/h1>/);
    });
  });
}
