import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { testEngines } from './helpers/db.js';
import { sharedDataSkip, sharedFile, PROJECT_ROOT } from './helpers/shared-data.js';
import { runCli } from './helpers/cli.js';
import { DEMO_SIGN_INS } from '../src/demo/demo-network.js';
import { freePort } from './helpers/net.js';
import { seedCirculation } from './helpers/circulation.js';
import { startServer, stopServer } from './helpers/server.js';
import { openDb } from '../src/db/connect.js';
import { SqlSearchEngine } from '../src/search/sql-engine.js';

const ENGINES = await testEngines();

describe('colophon CLI', () => {
  it('prints its usage, and exits 2 on an unknown command', async () => {
    const help = await runCli(['help'], {});
    assert.equal(help.code, 0);
    assert.match(help.stdout, /import FILE/);
    const bad = await runCli(['frobnicate'], {});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown command "frobnicate"/);
  });

  it('stops at start-up with a message naming a wrong variable', async () => {
    const r = await runCli(['migrate'], { PORT: 'eighty' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /configuration error: PORT:/);
  });

  it('refuses to import a file that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'colophon-cli-'));
    try {
      const r = await runCli(['import', join(dir, 'nope.mrc')], { DATA_DIR: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no such file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const engine of ENGINES) {
    it(`imports files with a progress bar and a final count line, then re-imports as updates (${engine.name})`, { skip: sharedDataSkip() }, async () => {
      const t = await engine.create();
      const dir = mkdtempSync(join(tmpdir(), 'colophon-cli-'));
      try {
        await t.db.close();
        const env = engine.name === 'sqlite' ? { DATA_DIR: dir, DATABASE_URL: t.url } : { DATA_DIR: dir, DATABASE_URL: t.url };
        const files = [sharedFile('unimarc/marcjs-bnf-6.unimarc.iso2709.mrc'), sharedFile('marc21/marc4j-bad-hathi-5-malformed.iso2709.mrc')];
        const first = await runCli(['import', ...files], env);
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stderr, /\[[#-]{30}\]\s+\d+% .*records\/s/, 'progress bar with records/s');
        assert.match(first.stdout, /repaired: .*marc4j-bad-hathi.*record 4 at byte 6343: /);
        const m = /^created (\d+), updated (\d+), skipped (\d+)$/m.exec(first.stdout);
        assert.ok(m, first.stdout);
        assert.equal(Number(m[1]) + Number(m[2]) + Number(m[3]), 11);
        const again = await runCli(['import', files[0]!], env);
        assert.match(again.stdout, /^created 0, updated 6, skipped 0$/m);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await t.cleanup().catch(() => {});
      }
    });
  }

  for (const engine of ENGINES) {
    it(`search rebuild fills the full-text tables of a database imported before them, with a progress bar (${engine.name})`, async () => {
      const t = await engine.create();
      try {
        const f = await seedCirculation(t.db);
        const count = async (db: typeof t.db) => Number((await db.kysely.selectFrom('record_search').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        assert.equal(await count(t.db), 0, 'records inserted without their search rows');
        await t.db.close();
        const r = await runCli(['search', 'rebuild'], { DATABASE_URL: t.url });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /\[#{30}\]\s+100% 6 \/ 6 records/);
        assert.match(r.stdout, /search tables rebuilt: 6 records in [\d.]+ s/);
        const db = openDb(t.database);
        try {
          assert.equal(await count(db), 6);
          const found = await new SqlSearchEngine(db).search({ query: 'best-seller', facets: false });
          assert.deepEqual(found.ids, [f.titles.popular]);
        } finally {
          await db.close();
        }
        assert.equal((await runCli(['search', 'frobnicate'], { DATABASE_URL: t.url })).code, 2);
        // and a server on the SQL engine answers from those tables
        const dir = mkdtempSync(join(tmpdir(), 'colophon-sql-'));
        const server = await startServer({ DATABASE_URL: t.url, DATA_DIR: dir, SEARCH_ENGINE: 'sql' });
        try {
          const res = (await (await fetch(`${server.url}/api/search?q=best-seller`)).json()) as { total: number; results: Array<{ id: number }> };
          assert.deepEqual([res.total, res.results[0]?.id], [1, f.titles.popular]);
        } finally {
          await stopServer(server);
          rmSync(dir, { recursive: true, force: true });
        }
      } finally {
        await t.cleanup().catch(() => {});
      }
    });
  }

  if (ENGINES.some((e) => e.name === 'postgres')) {
    it('on PostgreSQL, serve never loads the demo by itself; seed-demo does, once', async () => {
      const pgEngine = ENGINES.find((e) => e.name === 'postgres')!;
      const t = await pgEngine.create({ migrate: false });
      try {
        await t.db.close();
        const migrate = await runCli(['migrate'], { DATABASE_URL: t.url });
        assert.equal(migrate.code, 0, migrate.stderr);
        assert.match(migrate.stdout, /applied: 0001-initial, 0002-search, 0003-accounts, 0004-circulation, 0005-notices/);
        const seed = await runCli(['seed-demo'], { DATABASE_URL: t.url });
        assert.equal(seed.code, 0, seed.stderr);
        assert.match(seed.stdout, /demo network loaded: \d+ records/);
        const again = await runCli(['seed-demo'], { DATABASE_URL: t.url });
        assert.equal(again.code, 1);
        assert.match(again.stderr, /already has libraries/);
      } finally {
        await t.cleanup();
      }
    });
  }

  it('serve on an empty data directory migrates, loads the demo network, prints the URL and the demo sign-ins, and answers /health', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'colophon-serve-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/main/cli.ts'), 'serve'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const deadline = Date.now() + 120_000;
      while (!out.includes('Demo sign-ins') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      assert.match(out, new RegExp(`running at http://localhost:${port}/`), out);
      for (const s of DEMO_SIGN_INS) assert.ok(out.includes(s.login) && out.includes(s.password), `sign-in ${s.login} printed`);
      assert.ok(existsSync(join(dir, 'colophon.sqlite')), 'database file created in DATA_DIR');
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'sqlite' });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(metrics, /colophon_http_request_duration_seconds_bucket/);
      const home = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      assert.match(home, /notices/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
