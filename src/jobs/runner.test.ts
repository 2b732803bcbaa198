// The job runner on both engines: jobs run once, failing ones are retried with backoff then kept 'failed'
// for staff, a job left by a dead worker runs again after its lease, two runners working the same queue at
// once never run a job twice, and a schedule gives one job per occurrence whichever runner sees it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines, type TestDb } from '../../test/helpers/db.js';
import { testClock, type TestClock } from '../../test/helpers/accounts.js';
import { openDb } from '../db/connect.js';
import type { Db } from '../db/connect.js';
import { JOB_BACKOFF_MS, JobRunner, failedJobs, retryJob, type JobHandler } from './runner.js';

const ENGINES = await testEngines();

for (const engine of ENGINES) {
  describe(`job runner (${engine.name})`, () => {
    let t: TestDb;
    let clock: TestClock;
    const runs = new Map<number, number>();
    const handlers: Record<string, JobHandler> = {
      count: async (payload) => {
        const n = Number(payload.n);
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
      },
      boom: async () => {
        throw new Error('the SMTP server is on fire');
      },
    };
    const runner = (db: Db = t.db) => new JobRunner({ db, handlers, now: clock.now, leaseMs: 60_000 });

    before(async () => {
      t = await engine.create();
      clock = testClock(new Date('2026-11-20T10:00:00.000Z'));
    });
    after(async () => t.cleanup());

    it('runs a job once; a unique key enqueues it once', async () => {
      const r = runner();
      assert.equal(typeof (await r.enqueue('count', { n: 1 }, { uniqueKey: 'one' })), 'number');
      assert.equal(await r.enqueue('count', { n: 1 }, { uniqueKey: 'one' }), null);
      assert.equal(await r.tick(), 1);
      assert.equal(await r.tick(), 0);
      assert.equal(runs.get(1), 1);
    });

    it('retries a failing job with backoff, then keeps it failed with its error; "Relancer" queues it again', async () => {
      const r = runner();
      const id = (await r.enqueue('boom', {}, { maxAttempts: 2 }))!;
      assert.equal(await r.tick(), 1);
      let row = await t.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.attempts], ['queued', 1]);
      assert.equal(row.run_at, new Date(clock.now().getTime() + JOB_BACKOFF_MS[0]!).toISOString(), 'backoff');
      assert.equal(await r.tick(), 0, 'not before its backoff');
      clock.advance(JOB_BACKOFF_MS[0]!);
      assert.equal(await r.tick(), 1);
      row = await t.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.attempts], ['failed', 2]);
      assert.match(row.last_error ?? '', /the SMTP server is on fire/);
      assert.deepEqual((await failedJobs(t.db)).map((j) => j.id), [id]);
      assert.equal(await retryJob(t.db, id, clock.now()), true);
      assert.equal((await t.db.kysely.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'queued');
      await t.db.kysely.deleteFrom('jobs').where('id', '=', id).execute();
    });

    it('a job taken by a worker that died runs again once its lease has passed', async () => {
      const dead = runner();
      const id = (await dead.enqueue('count', { n: 2 }))!;
      const taken = await dead.claim();
      assert.equal(taken?.id, id, 'taken, then the worker dies');
      const alive = runner();
      assert.equal(await alive.tick(), 0, 'leased');
      clock.advance(60_001);
      assert.equal(await alive.tick(), 1);
      assert.equal(runs.get(2), 1);
      const row = await t.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.attempts], ['done', 2]);
    });

    it('two runners working the same queue at once never run a job twice', async () => {
      // PostgreSQL: a second pool, as a second process has. SQLite: the same handle (better-sqlite3 is
      // synchronous: a second handle in one process would wait on the first's lock while blocking the thread
      // that would release it; separate processes serialise on BEGIN IMMEDIATE, see circulation-processes).
      const other = engine.name === 'postgres' ? openDb(t.database) : t.db;
      try {
        const a = runner();
        const b = runner(other);
        for (let n = 100; n < 160; n++) await a.enqueue('count', { n });
        const [ra, rb] = await Promise.all([a.tick(100), b.tick(100)]);
        assert.equal(ra + rb, 60, `ran ${ra} + ${rb}`);
        for (let n = 100; n < 160; n++) assert.equal(runs.get(n), 1, `job ${n} ran once`);
      } finally {
        if (other !== t.db) await other.close();
      }
    });

    it('a schedule gives one job per occurrence, whichever runner sees it', async () => {
      const a = runner();
      const b = runner();
      await a.ensureSchedule({ name: 'every-minute', kind: 'count', everySeconds: 60, firstRunAt: clock.now() });
      await b.ensureSchedule({ name: 'every-minute', kind: 'count', everySeconds: 60 });
      const made = await Promise.all([a.materializeSchedules(), b.materializeSchedules()]);
      assert.equal(made[0] + made[1], 1);
      assert.equal(await a.materializeSchedules(), 0, 'next occurrence in a minute');
      clock.advance(60_000);
      assert.equal(await b.materializeSchedules(), 1);
      const jobs = await t.db.kysely.selectFrom('jobs').select('unique_key').where('unique_key', 'like', 'every-minute@%').execute();
      assert.equal(jobs.length, 2);
    });
  });
}
