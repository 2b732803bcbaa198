// The portal's page layout: skip link, header (site name, language switch, sign-in link, the search bar with
// its "+ recherche avancée" link, the menu of categories), main, footer. Rendered on the server by preact,
// which escapes every text and attribute value: never pass data through dangerouslySetInnerHTML.
import { render } from 'preact-render-to-string';
import type { ComponentChildren } from 'preact';
import { messages, LANGS, type Lang, type Messages } from './i18n.js';
import { DEFAULT_SCOPES, type Scope } from '../search/scopes.js';
import { assetUrl } from './portal/assets.js';

export interface LayoutContext {
  lang: Lang;
  t: Messages;
  /** path and query string of this page (the language switch links back to it) */
  url: string;
  scopes: readonly Scope[];
  /** the words in the search bar */
  q?: string;
  /** the menu category being browsed */
  scope?: string | null;
  /** the signed-in reader or staff member (first name in the header), with the CSRF token of the sign-out form */
  user?: { firstName: string; csrfToken: string; mustChangePassword: boolean } | null;
}

export interface PageProps {
  lang: Lang;
  title: string;
  body: ComponentChildren;
  ctx?: LayoutContext;
}

export function layoutContext(lang: Lang, url = '/', scopes: readonly Scope[] = DEFAULT_SCOPES): LayoutContext {
  return { lang, t: messages(lang), url, scopes };
}

/** This page's URL in another language. */
export function langUrl(url: string, lang: Lang): string {
  const u = new URL(url, 'http://colophon.invalid');
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

const LANG_NAMES: Record<Lang, string> = { fr: 'Français', en: 'English' };

function Header({ ctx }: { ctx: LayoutContext }) {
  const { t } = ctx;
  return (
    <header class="site-header">
      <div class="bar">
        <a class="brand" href="/">
          <span class="brand-name">{t.site.name}</span>
          <span class="brand-tagline">{t.site.tagline}</span>
        </a>
        <div class="tools">
          <nav class="langs" aria-label={t.site.languageNav}>
            <ul>
              {LANGS.map((l) => (
                <li key={l}>
                  {l === ctx.lang ? (
                    <a href={langUrl(ctx.url, l)} lang={l} hrefLang={l} aria-current="true">
                      {LANG_NAMES[l]}
                    </a>
                  ) : (
                    <a href={langUrl(ctx.url, l)} lang={l} hrefLang={l}>
                      {LANG_NAMES[l]}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </nav>
          {ctx.user ? (
            <nav class="account-menu" aria-label={t.account.menuLabel}>
              <span class="user-name">{ctx.user.firstName}</span>
              <ul>
                {ctx.user.mustChangePassword ? null : (
                  <>
                    <li>
                      <a href="/compte">{t.account.menu}</a>
                    </li>
                    <li>
                      <a href="/compte/appareils">{t.account.devices}</a>
                    </li>
                  </>
                )}
                <li>
                  <form method="post" action="/deconnexion">
                    <input type="hidden" name="_csrf" value={ctx.user.csrfToken} />
                    <button type="submit" class="link-button">
                      {t.account.signOut}
                    </button>
                  </form>
                </li>
              </ul>
            </nav>
          ) : (
            <a class="sign-in" href="/connexion">
              {t.site.signIn}
            </a>
          )}
        </div>
      </div>
      <div class="search-area">
        <form class="search-bar" role="search" method="get" action="/recherche">
          <label for="search-q">{t.searchBar.label}</label>
          <div class="search-row">
            <input
              id="search-q"
              type="search"
              name="q"
              value={ctx.q ?? ''}
              maxLength={1000}
              autoComplete="off"
              placeholder={t.searchBar.hint}
            />
            <button type="submit">{t.searchBar.button}</button>
          </div>
          <a class="advanced-link" href="/recherche/avancee">
            {t.searchBar.advanced}
          </a>
        </form>
      </div>
      <nav class="categories" aria-label={t.site.categoriesNav}>
        <ul>
          {ctx.scopes.map((s) => (
            <li key={s.code}>
              <a href={`/recherche?scope=${encodeURIComponent(s.code)}`} aria-current={ctx.scope === s.code ? 'page' : undefined}>
                {s.label[ctx.lang]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

function Footer({ ctx }: { ctx: LayoutContext }) {
  const { t } = ctx;
  return (
    <footer class="site-footer">
      <p>{t.site.footerText}</p>
      <nav aria-label={t.site.footerNav}>
        <ul>
          <li>
            <a href="/api/openapi.json">{t.site.api}</a>
          </li>
        </ul>
      </nav>
      <p>{t.site.accessibility}</p>
    </footer>
  );
}

/** A whole HTML document; preact escapes every text and attribute value. */
export function renderPage(p: PageProps): string {
  const ctx = p.ctx ?? layoutContext(p.lang);
  const { t } = ctx;
  return (
    '<!doctype html>' +
    render(
      <html lang={p.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${p.title} — ${t.site.name}`}</title>
          <link rel="stylesheet" href={assetUrl('colophon.css')} />
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t.site.skipToContent}
          </a>
          <Header ctx={ctx} />
          <main id="main" tabIndex={-1}>
            {p.body}
          </main>
          <Footer ctx={ctx} />
        </body>
      </html>,
    )
  );
}
