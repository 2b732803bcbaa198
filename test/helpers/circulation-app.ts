// A portal on the circulation fixture (test/helpers/circulation.ts) whose readers and staff sign in with one
// known password, and a mailer delivering to a real SMTP sink on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TestDb, TestEngine } from './db.js';
import { seedCirculation, type CirculationFixture } from './circulation.js';
import { startSmtpSink, type SmtpSink } from './smtp.js';
import { loadConfig } from '../../src/config/config.js';
import { MemorySearchEngine } from '../../src/search/memory-engine.js';
import { SearchService } from '../../src/services/search.service.js';
import { Mailer } from '../../src/notices/mailer.js';
import { buildApp } from '../../src/http/app.js';
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
  const dataDir = mkdtempSync(join(tmpdir(), 'colophon-circ-app-'));
  const sink = await startSmtpSink();
  const baseUrl = `http://127.0.0.1:${opts.port ?? 3000}`;
  const config = loadConfig({ BASE_URL: baseUrl, DATA_DIR: dataDir, SMTP_URL: sink.url });
  const f = await seedCirculation(t.db);
  const hash = await hashPassword(FIXTURE_PASSWORD);
  await t.db.kysely.updateTable('readers').set({ password_hash: hash }).execute();
  await t.db.kysely.updateTable('staff').set({ password_hash: hash }).execute();
  const search = await MemorySearchEngine.open(t.db.kysely, { followIntervalMs: 0 });
  const service = new SearchService(t.db.kysely, search);
  const mailer = new Mailer({ db: t.db, config });
  const app = await buildApp({ config, db: t.db, logger: false, search: service, mailer, captchaPowDifficulty: 4, ...(opts.jobs === false ? { jobs: false } : {}) });
  const circulation = new CirculationService({ db: t.db, config, mailer });
  return {
    app,
    t,
    f,
    sink,
    mailer,
    circulation,
    baseUrl,
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
