// A portal on a fresh database with a small demo network: the app (not listening), its search service and
// engine. One per test file (and per database engine) is enough: the catalogue is read-only in these tests.
import type { FastifyInstance } from 'fastify';
import type { TestDb, TestEngine } from './db.js';
import { loadConfig } from '../../src/config/config.js';
import { seedDemo } from '../../src/services/demo-seed.service.js';
import { MemorySearchEngine } from '../../src/search/memory-engine.js';
import { SearchService } from '../../src/services/search.service.js';
import { buildApp } from '../../src/http/app.js';

export interface TestApp {
  app: FastifyInstance;
  t: TestDb;
  search: SearchService;
  engine: MemorySearchEngine;
  close(): Promise<void>;
}

export async function createTestApp(dbEngine: TestEngine, opts: { recordCount?: number; today?: string } = {}): Promise<TestApp> {
  const t = await dbEngine.create();
  try {
    await seedDemo(t.db, { recordCount: opts.recordCount ?? 300, today: opts.today ?? '2026-03-02' });
    // followIntervalMs 0: tests call engine.catchUp() when they change the catalogue
    const engine = await MemorySearchEngine.open(t.db.kysely, { followIntervalMs: 0 });
    const search = new SearchService(t.db.kysely, engine);
    const app = await buildApp({ config: loadConfig({}), db: t.db, logger: false, search });
    return {
      app,
      t,
      search,
      engine,
      async close() {
        await app.close();
        await engine.close();
        await t.cleanup();
      },
    };
  } catch (e) {
    await t.cleanup();
    throw e;
  }
}
