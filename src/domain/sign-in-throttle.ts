// Sign-in throttling: pure rules over one failure counter, the clock passed in. The counters live in the
// database (auth_throttle) so that every server process shares them; the repository applies these functions
// with compare-and-set updates.
//
// Rules (issue 4):
// - identifier: after 5 failures within 15 minutes, one attempt every 30 seconds;
// - address: after 20 failures within 15 minutes, the address waits 15 minutes.
// A counter forgets its failures 15 minutes after the latest one, and a delay is never longer than the rule's
// delay, so nobody can lock a reader out for good. A successful sign-in deletes the identifier's counter.
//
// An attempt is *reserved* before the password is verified (counted as a failure), and refunded if the
// password turns out right. Reserving is one atomic step, so a burst of parallel requests cannot all slip
// through between "check" and "count".

export interface ThrottleRule {
  /** failures after which the delay applies */
  maxFailures: number;
  /** a counter is forgotten this long after its latest failure */
  windowMs: number;
  /** wait imposed after each failure once maxFailures is reached */
  delayMs: number;
}

export const IDENTIFIER_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, delayMs: 30_000 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 20, windowMs: 15 * 60_000, delayMs: 15 * 60_000 };

export interface ThrottleState {
  count: number;
  /** ISO timestamps */
  windowStart: string;
  lastFailureAt: string;
  nextAllowedAt: string | null;
}

export type ReserveResult = { allowed: true; next: ThrottleState } | { allowed: false; retryAt: Date };

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The number of failures still counted at `now` (0 once the window after the latest failure has passed). */
export function liveCount(state: ThrottleState | null, now: Date, rule: ThrottleRule): number {
  if (!state) return 0;
  return now.getTime() - Date.parse(state.lastFailureAt) >= rule.windowMs ? 0 : state.count;
}

/** Whether an attempt may be made now; when not, the time from which it may. */
export function checkThrottle(state: ThrottleState | null, now: Date, _rule: ThrottleRule): { allowed: true } | { allowed: false; retryAt: Date } {
  if (state?.nextAllowedAt && Date.parse(state.nextAllowedAt) > now.getTime()) return { allowed: false, retryAt: new Date(state.nextAllowedAt) };
  return { allowed: true };
}

/** Counts one attempt as a failure in advance; refused while a delay runs. */
export function reserveAttempt(state: ThrottleState | null, now: Date, rule: ThrottleRule): ReserveResult {
  const check = checkThrottle(state, now, rule);
  if (!check.allowed) return check;
  const base = liveCount(state, now, rule);
  const count = base + 1;
  const t = now.getTime();
  return {
    allowed: true,
    next: {
      count,
      windowStart: base === 0 || !state ? iso(t) : state.windowStart,
      lastFailureAt: iso(t),
      nextAllowedAt: count >= rule.maxFailures ? iso(t + rule.delayMs) : null,
    },
  };
}

/** Gives back an attempt reserved by reserveAttempt at `reservedAt` (the password was right). */
export function refundAttempt(state: ThrottleState, reservedAt: Date, rule: ThrottleRule): ThrottleState {
  const count = Math.max(0, state.count - 1);
  // Only the delay this very attempt started is lifted; a delay set by a later failure stays.
  const startedHere = state.nextAllowedAt !== null && Date.parse(state.nextAllowedAt) === reservedAt.getTime() + rule.delayMs;
  return { ...state, count, nextAllowedAt: startedHere && count < rule.maxFailures ? null : state.nextAllowedAt };
}
