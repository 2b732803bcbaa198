// buildApp() assembles the Fastify app without listening: tests use app.inject(), main/ calls listen().
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Config } from '../config/config.js';
import { registerMetrics } from './metrics.js';
import { MemorySearchEngine } from '../search/memory-engine.js';
import { SearchService } from '../services/search.service.js';
import { registerAssets } from './portal/assets.js';
import { registerApi } from './api/routes.js';
import { paramErrors } from './api/search-query.js';
import { pageContext, registerPortal, sendPage } from './portal/routes.js';
import { MessagePage } from './portal/home-page.js';
import { registerAccount } from './account/routes.js';
import { registerSession } from './account/session.js';
import { AuthService } from '../services/auth.service.js';
import { PasswordResetService } from '../services/password-reset.service.js';
import { ProfileService } from '../services/profile.service.js';
import { CaptchaService } from '../services/captcha.js';
import { Mailer } from '../notices/mailer.js';
import { CirculationService } from '../services/circulation.service.js';
import { NoticesService } from '../services/notices.service.js';
import { colophonJobs } from '../jobs/jobs.js';
import { registerLoans } from './account/loans-routes.js';
import { registerNoticePages, UNSUBSCRIBE_PATH } from './account/messages-routes.js';
import { registerDesk } from './desk/desk-routes.js';
import { registerCirculationApi } from './api/circulation.js';
import { registerStaff } from './staff/routes.js';
import { ReaderAdminService } from '../services/reader-admin.service.js';
import { OutboxService } from '../services/outbox.service.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /** pino options or false (tests) */
  logger?: boolean | object;
  /** the catalogue search; when absent, one is built on an in-memory engine following the database */
  search?: SearchService;
  /** the mailer of account emails (tests point one at an SMTP sink); when absent, one from the config */
  mailer?: Mailer;
  /** CAPTCHA proof-of-work difficulty (tests lower it) */
  captchaPowDifficulty?: number;
  /** run the jobs (outbox delivery, hold expiry, notices) in this process (default on; see jobs/jobs.ts) */
  jobs?: boolean;
}

function wantsHtml(req: FastifyRequest): boolean {
  return !req.url.startsWith('/api/') && /text\/html/.test(req.headers.accept ?? '');
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? { level: deps.config.logLevel },
    trustProxy: true,
    // every invalid parameter is reported, not only the first (error details list them all)
    ajv: { customOptions: { allErrors: true } },
  });
  await app.register(cookie);
  await app.register(formbody);
  const secureCookies = deps.config.baseUrl.startsWith('https:');
  // CSRF: a secret in an HttpOnly cookie, the token in each form's hidden `_csrf` field, checked on every
  // POST of the pages as a preHandler (the body is parsed after onRequest). The JSON API uses no cookies.
  await app.register(csrf, { cookieKey: 'colophon_csrf', cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies } });
  // One exemption, exactly one route: the one-click unsubscribe of optional notices (RFC 8058). Mail clients POST
  // to the List-Unsubscribe link without any cookie or form token; the HMAC token in the link authenticates the
  // request instead (NoticesService.unsubscribe checks it), and all it can do is turn one reminder off.
  app.addHook('preHandler', (req, reply, done) => {
    const oneClickUnsubscribe = req.method === 'POST' && req.routeOptions.url === UNSUBSCRIBE_PATH;
    if (req.method !== 'GET' && req.method !== 'HEAD' && !req.url.startsWith('/api/') && !oneClickUnsubscribe) return app.csrfProtection(req, reply, done);
    done();
  });
  registerMetrics(app);

  let search = deps.search;
  if (!search) {
    const engine = await MemorySearchEngine.open(deps.db.kysely, { followIntervalMs: 1000 });
    search = new SearchService(deps.db.kysely, engine);
    app.addHook('onClose', async () => engine.close());
  }

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

  const auth = new AuthService({ db: deps.db });
  const mailer = deps.mailer ?? new Mailer({ db: deps.db, config: deps.config });
  if (!deps.mailer) app.addHook('onClose', async () => mailer.close());
  const captcha = new CaptchaService({ db: deps.db, powDifficulty: deps.captchaPowDifficulty });
  // before every route: the session cookie's principal on each request (header, forced password change)
  registerSession(app, { auth });

  registerAssets(app);
  registerApi(app, { search });
  registerPortal(app, { db: deps.db, search });

  const profile = new ProfileService({ db: deps.db, config: deps.config, mailer });
  registerAccount(app, {
    auth,
    reset: new PasswordResetService({ db: deps.db, config: deps.config, mailer, captcha }),
    profile,
    captcha,
    secureCookies,
  });

  // circulation: "Mes prêts & réservations", holds from record pages, the desk, the rules, the JSON API
  const circulation = new CirculationService({ db: deps.db, config: deps.config, mailer });
  registerLoans(app, { circulation });
  registerDesk(app, { circulation });
  registerCirculationApi(app, { auth, circulation });
  const notices = new NoticesService({ db: deps.db, config: deps.config, mailer });
  // "Mes messages", "Mes avis", the unsubscribe link; the staff's notices to print and failed jobs
  registerNoticePages(app, { notices, db: deps.db });
  if (deps.jobs !== false) {
    const runner = await colophonJobs({ db: deps.db, mailer, circulation, notices }, { log: (msg, err) => app.log.error({ err }, msg) });
    runner.start();
    app.addHook('onClose', async () => runner.stop());
  }

  // the staff back office (/staff)
  registerStaff(app, {
    auth,
    readers: new ReaderAdminService({ db: deps.db }),
    profile,
    outbox: new OutboxService({ db: deps.db }),
    secureCookies,
  });

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) {
      reply.code(404);
      return { error: { code: 'NOT_FOUND', message: 'Not found' } };
    }
    const ctx = pageContext(req, reply, search.scopes);
    return sendPage(reply, ctx, ctx.t.errors.notFoundTitle, <MessagePage ctx={ctx} title={ctx.t.errors.notFoundTitle} text={ctx.t.errors.notFoundText} />, 404);
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown[] }, req, reply) => {
    if (err.validation) {
      reply.code(400);
      const details = paramErrors(err.validation as Parameters<typeof paramErrors>[0]);
      return { error: { code: 'INVALID_REQUEST', message: err.message, details } };
    }
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    if (status === 403 && err.code?.startsWith('FST_CSRF') && wantsHtml(req)) {
      // an expired or missing form token: a page saying so, not a JSON error
      const ctx = pageContext(req, reply, search.scopes);
      return sendPage(reply, ctx, ctx.t.account.formExpired, <MessagePage ctx={ctx} title={ctx.t.account.formExpired} text={ctx.t.account.formExpired} />, 403);
    }
    if (status >= 500 && wantsHtml(req)) {
      const ctx = pageContext(req, reply, search.scopes);
      return sendPage(reply, ctx, ctx.t.errors.serverTitle, <MessagePage ctx={ctx} title={ctx.t.errors.serverTitle} text={ctx.t.errors.serverText} />, status);
    }
    reply.code(status);
    return { error: { code: status >= 500 ? 'INTERNAL' : (err.code ?? 'BAD_REQUEST'), message: status >= 500 ? 'Internal error' : err.message } };
  });

  return app;
}
