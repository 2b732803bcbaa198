// buildApp() assembles the Fastify app without listening: tests use app.inject(), main/ calls listen().
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Config } from '../config/config.js';
import { registerMetrics } from './metrics.js';
import { renderPage } from './render.js';
import { CatalogueRepository } from '../repositories/catalogue.repository.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /** pino options or false (tests) */
  logger?: boolean | object;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? { level: deps.config.logLevel },
    trustProxy: true,
  });
  await app.register(cookie);
  await app.register(formbody);
  registerMetrics(app);

  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('content-security-policy', "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
  });

  app.get('/health', async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db.kysely);
      return { status: 'ok', database: deps.db.engine };
    } catch (e) {
      reply.code(503);
      return { status: 'error', database: deps.db.engine, error: (e as Error).message };
    }
  });

  const catalogue = new CatalogueRepository(deps.db);
  app.get('/', async (_req, reply) => {
    const [records, copies] = await Promise.all([catalogue.countRecords(), catalogue.countCopies()]);
    reply.type('text/html; charset=utf-8');
    return renderPage({
      lang: 'fr',
      title: 'Colophon — catalogue du réseau',
      body: (
        <>
          <h1>Catalogue du réseau</h1>
          <p>
            {records.toLocaleString('fr-FR')} notices, {copies.toLocaleString('fr-FR')} exemplaires.
          </p>
        </>
      ),
    });
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404);
    if (req.url.startsWith('/api/')) return { error: { code: 'NOT_FOUND', message: 'Not found' } };
    reply.type('text/html; charset=utf-8');
    return renderPage({ lang: 'fr', title: 'Page introuvable', body: <h1>Page introuvable</h1> });
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    reply.code(status);
    return { error: { code: status >= 500 ? 'INTERNAL' : (err.code ?? 'BAD_REQUEST'), message: status >= 500 ? 'Internal error' : err.message } };
  });

  return app;
}
