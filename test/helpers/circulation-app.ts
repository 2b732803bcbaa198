// A portal on the circulation fixture (test/helpers/circulation.ts) whose readers and staff sign in with one
// known password, and a mailer delivering to a real SMTP sink on 127.0.0.1.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { TestDb, TestEngine } from './db.js';
import { seedCirculation, type CirculationFixture } from './circulation.js';
import type { SmtpSink } from './smtp.js';
import { Client, startTestPortal } from './account-app.js';
import type { Mailer } from '../../src/notices/mailer.js';
import { hashPassword } from '../../src/services/passwords.js';
import { CirculationService } from '../../src/services/circulation.service.js';

export const FIXTURE_PASSWORD = 'Circulation-2026!';

export interface CirculationApp {
  app: FastifyInstance;
  t: TestDb;
  f: CirculationFixture;
  sink: SmtpSink;
  mailer: Mailer;
  /** the service, for setting the scene (desk actions) */
  circulation: CirculationService;
  baseUrl: string;
  close(): Promise<void>;
}

/** `jobs: false` builds the app without its job runner (tests that watch a job's status). */
export async function createCirculationApp(engine: TestEngine, opts: { port?: number; jobs?: boolean } = {}): Promise<CirculationApp> {
  const t = await engine.create();
  const f = await seedCirculation(t.db);
  const hash = await hashPassword(FIXTURE_PASSWORD);
  await t.db.kysely.updateTable('readers').set({ password_hash: hash }).execute();
  await t.db.kysely.updateTable('staff').set({ password_hash: hash }).execute();
  const baseUrl = `http://127.0.0.1:${opts.port ?? 3000}`;
  const portal = await startTestPortal(t, { baseUrl, jobs: opts.jobs });
  const circulation = new CirculationService({ db: t.db, config: portal.config, mailer: portal.mailer });
  return { app: portal.app, t, f, sink: portal.sink, mailer: portal.mailer, circulation, baseUrl, close: portal.close };
}

/** A browser-like client signed in at /staff with the fixture's password. */
export async function staffClient(c: CirculationApp, login: string): Promise<Client> {
  const s = new Client(c.app);
  const r = await s.submit('/staff', '/staff/connexion', { login, password: FIXTURE_PASSWORD });
  assert.equal(r.status, 303, `staff ${login} signed in: ${r.html.slice(0, 200)}`);
  return s;
}

/** A browser-like client of a reader signed in with the fixture's password. */
export async function readerClient(c: CirculationApp, card: string): Promise<Client> {
  const r = new Client(c.app);
  const res = await r.signIn(card, FIXTURE_PASSWORD);
  assert.equal(res.status, 303, `reader ${card} signed in`);
  return r;
}
