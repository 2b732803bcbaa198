// Sign-in failure counters, shared by every server process through the database. The rules are the pure
// functions of domain/sign-in-throttle.ts; this repository applies them with compare-and-set writes (a
// `version` column), which behave the same on SQLite and PostgreSQL and need no row lock: a writer that lost
// the race reads the row again and re-applies the rule.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { refundAttempt, reserveAttempt, type ThrottleRule, type ThrottleState } from '../domain/sign-in-throttle.js';

const MAX_RETRIES = 20;

export class AccountThrottleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async state(key: string): Promise<(ThrottleState & { version: number }) | undefined> {
    const r = await this.db.selectFrom('auth_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    return r && { count: r.count, windowStart: r.window_start, lastFailureAt: r.last_failure_at, nextAllowedAt: r.next_allowed_at, version: r.version };
  }

  /** Reserves one attempt for `key` (counted as a failure until refunded); refused while a delay runs. */
  async reserve(key: string, now: Date, rule: ThrottleRule): Promise<{ allowed: true } | { allowed: false; retryAt: Date }> {
    for (let i = 0; i < MAX_RETRIES; i++) {
      const current = await this.state(key);
      const r = reserveAttempt(current ?? null, now, rule);
      if (!r.allowed) return r;
      const values = { count: r.next.count, window_start: r.next.windowStart, last_failure_at: r.next.lastFailureAt, next_allowed_at: r.next.nextAllowedAt };
      if (!current) {
        const res = await this.db
          .insertInto('auth_throttle')
          .values({ key, ...values, version: 1 })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) === 1) return { allowed: true };
      } else if (await this.compareAndSet(key, current.version, values)) return { allowed: true };
    }
    throw new Error(`sign-in throttle: too much contention on ${key}`);
  }

  /** Gives back an attempt reserved at `reservedAt` (the password was right). */
  async refund(key: string, reservedAt: Date, rule: ThrottleRule): Promise<void> {
    for (let i = 0; i < MAX_RETRIES; i++) {
      const current = await this.state(key);
      if (!current) return;
      const next = refundAttempt(current, reservedAt, rule);
      if (await this.compareAndSet(key, current.version, { count: next.count, next_allowed_at: next.nextAllowedAt })) return;
    }
  }

  async clear(keys: string[]): Promise<void> {
    if (keys.length) await this.db.deleteFrom('auth_throttle').where('key', 'in', keys).execute();
  }

  /** Deletes counters whose latest failure is older than `before` (they count nothing any more). */
  async purge(before: string): Promise<number> {
    const r = await this.db
      .deleteFrom('auth_throttle')
      .where('last_failure_at', '<', before)
      .where((eb) => eb.or([eb('next_allowed_at', 'is', null), eb('next_allowed_at', '<', before)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  private async compareAndSet(
    key: string,
    version: number,
    values: Partial<{ count: number; window_start: string; last_failure_at: string; next_allowed_at: string | null }>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('auth_throttle')
      .set({ ...values, version: version + 1 })
      .where('key', '=', key)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
