// Colophon's jobs and schedules, run by every server process (unless JOBS=off) and by `colophon worker`:
// - outbox.deliver, every 20 s: what the outbox still holds (a failed attempt whose backoff is over, a message
//   a stopped process left uncertain); new messages are sent at once when recorded, this is the safety net
//   that keeps "within a minute";
// - holds.expire, every 15 minutes: holds not collected by their last day;
// - notices.run, every day at 06:00 UTC (07:00 or 08:00 in Paris): due soon, overdue, membership ending.
import type { Db } from '../db/connect.js';
import type { Mailer } from '../notices/mailer.js';
import type { CirculationService } from '../services/circulation.service.js';
import type { NoticesService } from '../services/notices.service.js';
import { JobRunner, type RunnerOptions } from './runner.js';

export function nextUtcHour(now: Date, hour: number): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (d <= now) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

export async function colophonJobs(
  deps: { db: Db; mailer: Mailer; circulation: CirculationService; notices: NoticesService },
  opts: Pick<RunnerOptions, 'now' | 'pollMs' | 'leaseMs' | 'log'> = {},
): Promise<JobRunner> {
  const runner = new JobRunner({
    db: deps.db,
    ...opts,
    handlers: {
      'outbox.deliver': () => deps.mailer.deliverPending(500),
      'holds.expire': () => deps.circulation.expireHolds(),
      'notices.run': () => deps.notices.run(),
    },
  });
  const now = (opts.now ?? (() => new Date()))();
  await runner.ensureSchedule({ name: 'outbox', kind: 'outbox.deliver', everySeconds: 20 });
  await runner.ensureSchedule({ name: 'holds', kind: 'holds.expire', everySeconds: 900 });
  await runner.ensureSchedule({ name: 'notices', kind: 'notices.run', everySeconds: 86_400, firstRunAt: nextUtcHour(now, 6) });
  return runner;
}
