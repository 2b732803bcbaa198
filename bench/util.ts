// Shared helpers for the benchmark scripts: fresh databases on both engines, memory sampling, percentiles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';

export type Engine = 'sqlite' | 'postgres';

export function parseEngines(arg: string | undefined): Engine[] {
  if (!arg || arg === 'both') return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  if (arg === 'sqlite' || arg === 'postgres') return [arg];
  throw new Error(`--engine must be sqlite, postgres or both, got ${arg}`);
}

export async function freshDb(engine: Engine): Promise<{ db: Db; cleanup(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'colophon-bench-'));
    const db = openDb({ engine: 'sqlite', file: join(dir, 'bench.sqlite') });
    await migrateToLatest(db.kysely, 'sqlite');
    return { db, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `colophon_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const db = openDb({ engine: 'postgres', url: u.toString() });
  await migrateToLatest(db.kysely, 'postgres');
  return {
    db,
    cleanup: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Samples this process's RSS every 50 ms; stop() returns the peak in MiB. */
export function memorySampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) / 1048576;
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }).replace(/,/g, ' ');
}
