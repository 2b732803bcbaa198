import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_SESSION_MAX_HOURS, cookieMaxAgeSeconds, DEFAULT_SESSION_SETTINGS, isSessionActive, sessionExpiresAt } from './sessions.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const H = 3_600_000;
const settings = DEFAULT_SESSION_SETTINGS;

function session(persistent: boolean, lastSeenAfterMs = 0) {
  return { persistent, createdAt: T0.toISOString(), lastSeenAt: new Date(T0.getTime() + lastSeenAfterMs).toISOString(), expiresAt: sessionExpiresAt(T0, persistent, settings) };
}

describe('session lifetimes', () => {
  it('"Rester connecté" lasts 30 days whatever the inactivity, with a 30-day cookie', () => {
    const s = session(true);
    assert.equal(isSessionActive(s, new Date(T0.getTime() + 29 * 24 * H), settings), true);
    assert.equal(isSessionActive(s, new Date(T0.getTime() + 30 * 24 * H), settings), false);
    assert.equal(cookieMaxAgeSeconds(true, settings), 30 * 86_400);
  });
  it('a browser session has a cookie without Max-Age and ends after 2 hours without activity', () => {
    assert.equal(cookieMaxAgeSeconds(false, settings), null);
    assert.equal(isSessionActive(session(false), new Date(T0.getTime() + 2 * H - 1), settings), true);
    assert.equal(isSessionActive(session(false), new Date(T0.getTime() + 2 * H), settings), false);
    assert.equal(isSessionActive(session(false, 3 * H), new Date(T0.getTime() + 4 * H), settings), true, 'activity keeps it alive');
  });
  it(`a browser session ends ${BROWSER_SESSION_MAX_HOURS} hours after sign-in even when active`, () => {
    const s = session(false, BROWSER_SESSION_MAX_HOURS * H - 60_000);
    assert.equal(isSessionActive(s, new Date(T0.getTime() + BROWSER_SESSION_MAX_HOURS * H), settings), false);
  });
  it('follows the network settings', () => {
    const custom = { persistentDays: 7, idleMinutes: 30 };
    assert.equal(cookieMaxAgeSeconds(true, custom), 7 * 86_400);
    const s = { ...session(false), expiresAt: sessionExpiresAt(T0, false, custom) };
    assert.equal(isSessionActive(s, new Date(T0.getTime() + 31 * 60_000), custom), false);
  });
});
