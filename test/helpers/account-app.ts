// A portal with the account fixture (test/helpers/accounts.ts), a mailer delivering to a real SMTP sink on
// 127.0.0.1, and a low CAPTCHA proof-of-work difficulty. Plus a small cookie-keeping client for app.inject.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TestDb, TestEngine } from './db.js';
import { seedAccounts, type AccountsFixture } from './accounts.js';
import { startSmtpSink, type SmtpSink } from './smtp.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { MemorySearchEngine } from '../../src/search/memory-engine.js';
import { SearchService } from '../../src/services/search.service.js';
import { Mailer } from '../../src/notices/mailer.js';
import { buildApp } from '../../src/http/app.js';

export interface AccountApp {
  app: FastifyInstance;
  t: TestDb;
  fx: AccountsFixture;
  sink: SmtpSink;
  mailer: Mailer;
  baseUrl: string;
  close(): Promise<void>;
}

export interface TestPortal {
  app: FastifyInstance;
  sink: SmtpSink;
  mailer: Mailer;
  config: Config;
  /** closes the app, the mailer, the index, the SMTP sink, and drops the database and the data directory */
  close(): Promise<void>;
}

/**
 * The portal on a seeded test database: a fresh data directory, a real SMTP sink on 127.0.0.1, an in-memory
 * index built from the database as it is now (seed before calling), a low CAPTCHA difficulty.
 */
export async function startTestPortal(t: TestDb, opts: { baseUrl: string; jobs?: boolean }): Promise<TestPortal> {
  const dataDir = mkdtempSync(join(tmpdir(), 'colophon-portal-'));
  const sink = await startSmtpSink();
  const config = loadConfig({ BASE_URL: opts.baseUrl, DATA_DIR: dataDir, SMTP_URL: sink.url });
  const search = await MemorySearchEngine.open(t.db.kysely, { followIntervalMs: 0 });
  const service = new SearchService(t.db.kysely, search);
  const mailer = new Mailer({ db: t.db, config });
  const app = await buildApp({ config, db: t.db, logger: false, search: service, mailer, captchaPowDifficulty: 4, ...(opts.jobs === false ? { jobs: false } : {}) });
  return {
    app,
    sink,
    mailer,
    config,
    async close() {
      await app.close();
      await mailer.drain();
      await mailer.close();
      await search.close();
      await sink.close();
      await t.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createAccountApp(engine: TestEngine, opts: { baseUrl?: string } = {}): Promise<AccountApp> {
  const t = await engine.create();
  const fx = await seedAccounts(t.db);
  const baseUrl = opts.baseUrl ?? 'http://localhost:3000';
  const portal = await startTestPortal(t, { baseUrl });
  return { app: portal.app, t, fx, sink: portal.sink, mailer: portal.mailer, baseUrl, close: portal.close };
}

export interface Res {
  status: number;
  html: string;
  headers: Record<string, string | string[] | number | undefined>;
  location: string;
  cookies: Array<{ name: string; value: string; maxAge?: number; httpOnly?: boolean; sameSite?: string; secure?: boolean; expires?: Date }>;
}

/** The value of the first hidden `_csrf` field of a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field in the page');
  return m[1]!;
}

/** A browser-like client: keeps cookies between requests, sends the form's CSRF token. */
export class Client {
  readonly jar = new Map<string, string>();
  constructor(readonly app: FastifyInstance, readonly headers: Record<string, string> = {}) {}

  private cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(r: { cookies: Res['cookies'] }) {
    for (const c of r.cookies) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
  }

  async get(url: string): Promise<Res> {
    const r = await this.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...this.headers, cookie: this.cookieHeader() } });
    this.keep(r as unknown as { cookies: Res['cookies'] });
    return { status: r.statusCode, html: r.body, headers: r.headers, location: String(r.headers.location ?? ''), cookies: r.cookies as Res['cookies'] };
  }

  /** Posts a form; `csrf` true takes the token from `from` (a page's HTML), false sends none. */
  async post(url: string, form: Record<string, string>, csrf: string | false): Promise<Res> {
    const body = new URLSearchParams(csrf === false ? form : { ...form, _csrf: csrf }).toString();
    const r = await this.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...this.headers, cookie: this.cookieHeader() },
    });
    this.keep(r as unknown as { cookies: Res['cookies'] });
    return { status: r.statusCode, html: r.body, headers: r.headers, location: String(r.headers.location ?? ''), cookies: r.cookies as Res['cookies'] };
  }

  /** GET the form page, then post it with the page's token. */
  async submit(pageUrl: string, action: string, form: Record<string, string>): Promise<Res> {
    const p = await this.get(pageUrl);
    return this.post(action, form, csrfOf(p.html));
  }

  async signIn(identifier: string, password: string, remember = false): Promise<Res> {
    return this.submit('/connexion', '/connexion', { identifier, password, ...(remember ? { remember: 'on' } : {}) });
  }
}
