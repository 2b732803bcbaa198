import { render } from 'preact-render-to-string';
import type { ComponentChildren } from 'preact';

export interface PageProps {
  lang: 'fr' | 'en';
  title: string;
  body: ComponentChildren;
}

/** A whole HTML document; preact escapes every text and attribute value. */
export function renderPage(p: PageProps): string {
  return (
    '<!doctype html>' +
    render(
      <html lang={p.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{p.title}</title>
        </head>
        <body>
          <header>
            <a href="/">Colophon</a>
          </header>
          <main id="main">{p.body}</main>
        </body>
      </html>,
    )
  );
}
