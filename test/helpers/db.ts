// Fresh migrated databases for tests, on SQLite always and on PostgreSQL when TEST_DATABASE_URL is set.
// Use at a test file's top level:  const ENGINES = await testEngines();
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { DatabaseEngine } from '../../src/config/config.js';

export interface TestDb {
  db: Db;
  /** what to pass as Config['database'] to a child process (CLI, second server) */
  database: { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };
  /** DATABASE_URL for a child process */
  url: string;
  cleanup(): Promise<void>;
}

export interface TestEngine {
  name: DatabaseEngine;
  create(opts?: { migrate?: boolean }): Promise<TestDb>;
}

let probed: Promise<boolean> | undefined;

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (e) {
    if (process.env.CI === 'true') throw new Error(`TEST_DATABASE_URL=${url} cannot be reached and CI=true: ${(e as Error).message}`);
    console.warn(`\n*** PostgreSQL at TEST_DATABASE_URL=${url} cannot be reached (${(e as Error).message}): PostgreSQL tests skipped ***\n`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const sqliteEngine: TestEngine = {
  name: 'sqlite',
  async create(opts) {
    const dir = mkdtempSync(join(tmpdir(), 'colophon-test-'));
    const file = join(dir, 'colophon.sqlite');
    const db = openDb({ engine: 'sqlite', file });
    if (opts?.migrate !== false) await migrateToLatest(db.kysely, 'sqlite');
    return {
      db,
      database: { engine: 'sqlite', file },
      url: `sqlite://${file}`,
      async cleanup() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function postgresEngine(adminUrl: string): TestEngine {
  return {
    name: 'postgres',
    async create(opts) {
      const name = `colophon_t_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = withDatabase(adminUrl, name);
      const db = openDb({ engine: 'postgres', url });
      if (opts?.migrate !== false) await migrateToLatest(db.kysely, 'postgres');
      return {
        db,
        database: { engine: 'postgres', url },
        url,
        async cleanup() {
          await db.close();
          const a = new pg.Client({ connectionString: adminUrl });
          await a.connect();
          await a.query(`drop database if exists ${name} with (force)`);
          await a.end();
        },
      };
    },
  };
}

/** SQLite, plus PostgreSQL when TEST_DATABASE_URL is set and reachable (unreachable fails when CI=true). */
export async function testEngines(): Promise<TestEngine[]> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return [sqliteEngine];
  probed ??= postgresReachable(url);
  return (await probed) ? [sqliteEngine, postgresEngine(url)] : [sqliteEngine];
}
