import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADDRESS_RULE, IDENTIFIER_RULE, checkThrottle, refundAttempt, reserveAttempt, type ThrottleRule, type ThrottleState } from './sign-in-throttle.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const S = 1000;
const MIN = 60 * S;

/** Plays failed attempts at the given times (ms after T0); returns the state and the refusals. */
function play(rule: ThrottleRule, times: number[]): { state: ThrottleState | null; refused: Array<{ at: number; retryIn: number }> } {
  let state: ThrottleState | null = null;
  const refused: Array<{ at: number; retryIn: number }> = [];
  for (const t of times) {
    const r = reserveAttempt(state, at(t), rule);
    if (r.allowed) state = r.next;
    else refused.push({ at: t, retryIn: r.retryAt.getTime() - at(t).getTime() });
  }
  return { state, refused };
}

describe('identifier throttling: 5 failures in 15 minutes, then one attempt every 30 seconds', () => {
  it('lets 5 attempts through at once, then refuses the 6th for 30 seconds', () => {
    const { state, refused } = play(IDENTIFIER_RULE, [0, 1 * S, 2 * S, 3 * S, 4 * S, 5 * S]);
    assert.equal(state!.count, 5);
    assert.deepEqual(refused, [{ at: 5 * S, retryIn: 29 * S }]);
  });
  it('accepts one attempt every 30 seconds afterwards, and no more', () => {
    const { refused } = play(IDENTIFIER_RULE, [0, 0, 0, 0, 0, 30 * S, 31 * S, 59 * S, 60 * S, 89 * S, 90 * S]);
    assert.deepEqual(refused.map((r) => r.at), [31 * S, 59 * S, 89 * S]);
  });
  it('forgets the failures 15 minutes after the latest one: never a permanent lock', () => {
    const { state, refused } = play(IDENTIFIER_RULE, [0, 0, 0, 0, 0, 16 * MIN, 16 * MIN, 16 * MIN]);
    assert.deepEqual(refused, []);
    assert.equal(state!.count, 3);
  });
  it('keeps the 30-second rate while failures keep coming (no fresh burst of 5 every 15 minutes)', () => {
    const times = [0, 0, 0, 0, 0];
    for (let t = 30 * S; t <= 40 * MIN; t += 30 * S) times.push(t);
    const { state, refused } = play(IDENTIFIER_RULE, [...times, 40 * MIN + S]);
    assert.deepEqual(refused.map((r) => r.at), [40 * MIN + S]);
    assert.ok(state!.count > 5, `count ${state!.count}`);
  });
  it('refunding a successful attempt lifts the delay that attempt started', () => {
    const { state } = play(IDENTIFIER_RULE, [0, 0, 0, 0]);
    const fifth = reserveAttempt(state, at(S), IDENTIFIER_RULE);
    assert.equal(fifth.allowed, true);
    const next = (fifth as { next: ThrottleState }).next;
    assert.equal(checkThrottle(next, at(2 * S), IDENTIFIER_RULE).allowed, false);
    const refunded = refundAttempt(next, at(S), IDENTIFIER_RULE);
    assert.equal(refunded.count, 4);
    assert.equal(refunded.nextAllowedAt, null);
  });
});

describe('address throttling: 20 failures in 15 minutes, then a 15-minute wait', () => {
  it('refuses the 21st attempt for 15 minutes, then starts again from zero', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => i * 10 * S);
    const last = 19 * 10 * S;
    const { state, refused } = play(ADDRESS_RULE, [...twenty, last + MIN, last + 14 * MIN, last + 15 * MIN]);
    assert.deepEqual(refused.map((r) => r.at), [last + MIN, last + 14 * MIN]);
    assert.equal(refused[0]!.retryIn, 14 * MIN);
    assert.equal(state!.count, 1, 'after the wait, the counter starts again');
  });
  it('19 failures do not block', () => {
    const { refused } = play(ADDRESS_RULE, Array.from({ length: 19 }, () => 0));
    assert.deepEqual(refused, []);
  });
});
