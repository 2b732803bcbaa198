// The durable job runner. Jobs and schedules live in the database, so every server process (by default)
// and every `colophon worker` process can run them:
// - a job is taken with one atomic claim: on PostgreSQL `FOR UPDATE SKIP LOCKED` (several workers never take
//   the same job and never wait on each other), on SQLite inside BEGIN IMMEDIATE (one writer at a time);
// - a taken job is leased (locked_until); a worker killed mid-job loses nothing: once the lease has passed,
//   another worker (or the same one restarted) takes it again. Handlers are written to be run again safely
//   (the notices run records what it told, the outbox what it sent);
// - a failing job is retried with backoff (30 s, 2 min, 10 min, 1 h...) up to max_attempts, then stays
//   'failed' with its error, listed for staff with a "Relancer" button (retry);
// - a schedule enqueues one job per occurrence (unique key "<name>@<time>"), whichever process sees it first.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { inWriteTransaction } from '../db/transaction.js';
import type { Selectable } from 'kysely';
import type { JobTable } from '../db/schema.js';

export type JobRow = Selectable<JobTable>;
export type JobHandler = (payload: Record<string, unknown>, ctx: { jobId: number; attempt: number }) => Promise<unknown>;

export const JOB_BACKOFF_MS = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 3_600_000];

export interface ScheduleSpec {
  name: string;
  kind: string;
  everySeconds: number;
  /** first occurrence (default: now) */
  firstRunAt?: Date;
}

export interface RunnerOptions {
  db: Db;
  handlers: Record<string, JobHandler>;
  now?: () => Date;
  /** how long a taken job is leased (default 5 minutes) */
  leaseMs?: number;
  /** how often start() looks for work (default 1 s) */
  pollMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly now: () => Date;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly opts: RunnerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
  }

  private get k() {
    return this.opts.db.kysely;
  }

  /** Adds a job; with a unique key already used, nothing is added and null is returned. */
  async enqueue(kind: string, payload: Record<string, unknown> = {}, o: { runAt?: Date; uniqueKey?: string; maxAttempts?: number } = {}): Promise<number | null> {
    const now = this.now().toISOString();
    const values = {
      kind,
      payload: JSON.stringify(payload),
      unique_key: o.uniqueKey ?? null,
      status: 'queued',
      run_at: (o.runAt ?? this.now()).toISOString(),
      attempts: 0,
      max_attempts: o.maxAttempts ?? 5,
      created_at: now,
    };
    const r = await this.k.insertInto('jobs').values(values).onConflict((oc) => oc.column('unique_key').doNothing()).returning('id').executeTakeFirst();
    return r?.id ?? null;
  }

  /** Creates a schedule, or updates its period and kind (keeping when it runs next). */
  async ensureSchedule(s: ScheduleSpec): Promise<void> {
    await this.k
      .insertInto('job_schedules')
      .values({ name: s.name, kind: s.kind, every_seconds: s.everySeconds, next_run_at: (s.firstRunAt ?? this.now()).toISOString(), enabled: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ kind: s.kind, every_seconds: s.everySeconds }))
      .execute();
  }

  /** Turns due schedule occurrences into jobs (idempotent across processes). */
  async materializeSchedules(): Promise<number> {
    const now = this.now();
    const due = await this.k.selectFrom('job_schedules').selectAll().where('enabled', '=', 1).where('next_run_at', '<=', now.toISOString()).execute();
    let n = 0;
    for (const s of due) {
      // the next occurrence after now (a process asleep for a while does not enqueue every missed one)
      let next = Date.parse(s.next_run_at);
      while (next <= now.getTime()) next += s.every_seconds * 1000;
      const moved = await this.k
        .updateTable('job_schedules')
        .set({ next_run_at: new Date(next).toISOString() })
        .where('name', '=', s.name)
        .where('next_run_at', '=', s.next_run_at)
        .executeTakeFirst();
      // only the process that moved the schedule enqueues, and the unique key guards the rest
      if (Number(moved.numUpdatedRows) > 0 && (await this.enqueue(s.kind, {}, { uniqueKey: `${s.name}@${s.next_run_at}`, maxAttempts: 3 })) !== null) n++;
    }
    return n;
  }

  /** Takes the next due job (queued and due, or running with an expired lease), or undefined. */
  async claim(): Promise<JobRow | undefined> {
    const now = this.now();
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + this.leaseMs).toISOString();
    const db = this.opts.db;
    const skipLocked = db.engine === 'postgres' ? sql` for update skip locked` : sql``;
    return inWriteTransaction(db, async (tx) => {
      const r = await sql<{ id: number }>`
        select id from jobs
        where (status = 'queued' and run_at <= ${nowIso}) or (status = 'running' and locked_until < ${nowIso})
        order by run_at, id limit 1${skipLocked}`.execute(tx.kysely);
      const id = r.rows[0]?.id;
      if (id === undefined) return undefined;
      return tx.kysely
        .updateTable('jobs')
        .set((eb) => ({ status: 'running', locked_by: this.workerId, locked_until: until, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    });
  }

  /** Runs one job: done, or back in the queue with backoff, or failed after its last attempt. */
  async runOne(job: JobRow): Promise<'done' | 'retry' | 'failed'> {
    const handler = this.opts.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(JSON.parse(job.payload) as Record<string, unknown>, { jobId: job.id, attempt: job.attempts });
      await this.k.updateTable('jobs').set({ status: 'done', finished_at: this.now().toISOString(), locked_by: null, locked_until: null, last_error: null }).where('id', '=', job.id).where('locked_by', '=', this.workerId).execute();
      return 'done';
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      this.opts.log?.(`job ${job.id} (${job.kind}) failed, attempt ${job.attempts}`, e);
      const last = job.attempts >= job.max_attempts;
      const wait = JOB_BACKOFF_MS[Math.min(job.attempts - 1, JOB_BACKOFF_MS.length - 1)]!;
      await this.k
        .updateTable('jobs')
        .set({
          status: last ? 'failed' : 'queued',
          run_at: last ? job.run_at : new Date(this.now().getTime() + wait).toISOString(),
          last_error: error.slice(0, 4000),
          locked_by: null,
          locked_until: null,
          finished_at: last ? this.now().toISOString() : null,
        })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.workerId)
        .execute();
      return last ? 'failed' : 'retry';
    }
  }

  /** Materialises schedules, then runs due jobs until none is left (or `max`). Returns how many ran. */
  async tick(max = 50): Promise<number> {
    await this.materializeSchedules();
    let n = 0;
    while (n < max && !this.stopped) {
      const job = await this.claim();
      if (!job) break;
      await this.runOne(job);
      n++;
    }
    return n;
  }

  /** Polls every pollMs until stop(). */
  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch((e: unknown) => this.opts.log?.('job runner tick failed', e))
        .finally(() => {
          this.running = null;
          if (!this.stopped) {
            this.timer = setTimeout(loop, this.opts.pollMs ?? 1000);
            this.timer.unref();
          }
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

// ---------------------------------------------------------------- for staff (the back office's jobs page)

/** Failed jobs, newest first, with their error. */
export function failedJobs(db: Db, limit = 100): Promise<JobRow[]> {
  return db.kysely.selectFrom('jobs').selectAll().where('status', '=', 'failed').orderBy('id', 'desc').limit(limit).execute();
}

/** "Relancer": a failed job goes back to the queue, due now, with fresh attempts. */
export async function retryJob(db: Db, id: number, now: Date = new Date()): Promise<boolean> {
  const r = await db.kysely.updateTable('jobs').set({ status: 'queued', run_at: now.toISOString(), attempts: 0, finished_at: null }).where('id', '=', id).where('status', '=', 'failed').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
