// Work each server process does in the background until the job runner (issue 6) takes it over: deliver
// what the outbox still holds (a hold-available email whose delivery a crash or an SMTP failure interrupted:
// it goes out within a minute), and expire holds whose last day on the holds shelf has passed.
// Timers are unref'd: they never keep a process alive; stop() ends them (app close).
import type { Mailer } from '../notices/mailer.js';
import type { CirculationService } from './circulation.service.js';

export interface BackgroundOptions {
  outboxEveryMs?: number;
  holdsEveryMs?: number;
  log?: (msg: string, err: unknown) => void;
}

export function startBackground(deps: { mailer: Mailer; circulation: CirculationService }, opts: BackgroundOptions = {}): { stop(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const every = (ms: number, what: string, fn: () => Promise<unknown>) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const p = fn()
        .catch((e: unknown) => opts.log?.(`background ${what} failed`, e))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = [every(opts.outboxEveryMs ?? 20_000, 'outbox delivery', () => deps.mailer.deliverPending()), every(opts.holdsEveryMs ?? 15 * 60_000, 'hold expiry', () => deps.circulation.expireHolds())];
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
