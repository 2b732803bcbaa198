// The reader portal's catalogue pages: home, results (/recherche), advanced search, record (/notices/:id).
// Handlers stay thin: validate (the API's TypeBox schema), call the SearchService, present.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { Db } from '../../db/connect.js';
import type { SearchService } from '../../services/search.service.js';
import { CatalogueRepository } from '../../repositories/catalogue.repository.js';
import { CatalogueReadRepository } from '../../repositories/catalogue-read.repository.js';
import { buildAdvancedQuery, formatQuery } from '../../search/query.js';
import { layoutContext, renderPage, type LayoutContext } from '../render.js';
import { pickLang } from '../i18n.js';
import { searchQuerySchema, type SearchQuery } from '../api/schemas.js';
import { advancedForm, paramErrors, stateFromQuery, toServiceParams, withoutParams } from '../api/search-query.js';
import { dropEmptyParams } from '../api/routes.js';
import { ErrorSummary, errorMessages } from './components.js';
import { HomePage, MessagePage } from './home-page.js';
import { ResultsPage, resultsTitle } from './results-page.js';
import { AdvancedPage } from './advanced-page.js';
import { RecordPage } from './record-page.js';

export interface PortalDeps {
  db: Db;
  search: SearchService;
}

/** The layout context of a request: its language (remembering `?lang=`), its URL, the categories. */
export function pageContext(req: FastifyRequest, reply: FastifyReply, scopes = layoutContext('fr').scopes, extra: Partial<LayoutContext> = {}): LayoutContext {
  const lang = pickLang(req, reply);
  reply.header('content-language', lang);
  reply.header('vary', 'Accept-Language, Cookie');
  return { ...layoutContext(lang, req.url, scopes), user: req.viewer ?? null, ...extra };
}

export function sendPage(reply: FastifyReply, ctx: LayoutContext, title: string, body: ComponentChildren, status = 200): string {
  reply.code(status).type('text/html; charset=utf-8');
  return renderPage({ lang: ctx.lang, title, body, ctx });
}

function rawQuery(req: FastifyRequest): URLSearchParams {
  const i = req.url.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : req.url.slice(i + 1));
}

export function registerPortal(app: FastifyInstance, deps: PortalDeps): void {
  const { search } = deps;
  const scopes = search.scopes;
  const counts = new CatalogueRepository(deps.db);
  const read = new CatalogueReadRepository(deps.db.kysely);
  const querySchema = searchQuerySchema(scopes.map((s) => s.code));
  const ctxOf = (req: FastifyRequest, reply: FastifyReply, extra: Partial<LayoutContext> = {}) => pageContext(req, reply, scopes, extra);

  app.get('/', async (req, reply) => {
    const ctx = ctxOf(req, reply);
    const [records, copies, libraries, newest] = await Promise.all([
      counts.countRecords(),
      counts.countCopies(),
      read.libraries(),
      search.search({ q: '', sort: 'newest', pageSize: 10 }),
    ]);
    return sendPage(reply, ctx, ctx.t.home.title, <HomePage v={{ ctx, records, copies, libraries, newest: newest.results.slice(0, 6) }} />);
  });

  app.get('/recherche', { schema: { querystring: querySchema }, attachValidation: true, preValidation: dropEmptyParams }, async (req, reply) => {
    const raw = rawQuery(req);
    if (req.validationError) {
      // Never a 500 for a hand-edited URL: say which criteria are wrong, keep what was typed.
      const errors = paramErrors(req.validationError.validation, querySchema);
      const ctx = ctxOf(req, reply, { q: raw.get('q') ?? '' });
      const msgs = errorMessages(ctx.t, errors, raw);
      if (raw.get('adv') === '1') {
        const libraries = (await read.libraries()).map((l) => ({ code: l.code, name: l.name }));
        return sendPage(reply, ctx, ctx.t.advanced.title, <AdvancedPage v={{ ctx, raw, libraries, errors: msgs }} />, 400);
      }
      const retry = withoutParams(raw.toString(), errors.map((e) => e.param));
      return sendPage(
        reply,
        ctx,
        ctx.t.errors.invalidTitle,
        <div class="invalid-search">
          <ErrorSummary t={ctx.t} messages={msgs} heading="h1" />
          <p>
            <a href={`/recherche${retry ? `?${retry}` : ''}`}>{ctx.t.errors.withoutInvalid}</a>
          </p>
        </div>,
        400,
      );
    }
    const state = stateFromQuery(req.query as SearchQuery);
    const ctx = ctxOf(req, reply, { q: state.q, scope: state.scope });
    const result = await search.search(toServiceParams(state));
    const libraryNames = new Map<string, string>();
    if (state.libraries.length) for (const l of await read.libraries()) libraryNames.set(l.code, l.name);
    const advancedText = state.advanced ? formatQuery(buildAdvancedQuery(advancedForm(state))) : '';
    const v = { ctx, state, result, libraryNames, advancedText };
    return sendPage(reply, ctx, resultsTitle(v), <ResultsPage v={v} />);
  });

  app.get('/recherche/avancee', async (req, reply) => {
    const ctx = ctxOf(req, reply);
    const libraries = (await read.libraries()).map((l) => ({ code: l.code, name: l.name }));
    return sendPage(reply, ctx, ctx.t.advanced.title, <AdvancedPage v={{ ctx, raw: rawQuery(req), libraries, errors: [] }} />);
  });

  app.get<{ Params: { id: string } }>('/notices/:id', async (req, reply) => {
    const ctx = ctxOf(req, reply);
    const id = /^\d{1,10}$/.test(req.params.id) ? Number(req.params.id) : NaN;
    const record = Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647 ? await search.record(id) : null;
    if (!record) return sendPage(reply, ctx, ctx.t.record.notFoundTitle, <MessagePage ctx={ctx} title={ctx.t.record.notFoundTitle} text={ctx.t.record.notFoundText} />, 404);
    return sendPage(reply, ctx, record.title, <RecordPage v={{ ctx, record }} />);
  });
}
