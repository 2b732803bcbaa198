// Session lifetimes: pure rules, the clock passed in.
// - "Rester connecté" (persistent): valid for `persistentDays` (default 30) from sign-in, across browser
//   restarts (the cookie has a Max-Age); no inactivity limit.
// - Otherwise (browser session): the cookie has no Max-Age, so it ends with the browser; on the server the
//   session also ends after `idleMinutes` (default 120) without a request, and at most BROWSER_SESSION_MAX_HOURS
//   after sign-in, for a browser left open on a shared computer.

export interface SessionSettings {
  persistentDays: number;
  idleMinutes: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { persistentDays: 30, idleMinutes: 120 };

/** Upper bound of a browser session, whatever its activity. */
export const BROWSER_SESSION_MAX_HOURS = 12;

/** last_seen_at is written at most once a minute per session: a request does not cost a write each time. */
export const TOUCH_INTERVAL_MS = 60_000;

export interface SessionTimes {
  persistent: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export function sessionExpiresAt(createdAt: Date, persistent: boolean, settings: SessionSettings): string {
  const ms = persistent ? settings.persistentDays * 86_400_000 : BROWSER_SESSION_MAX_HOURS * 3_600_000;
  return new Date(createdAt.getTime() + ms).toISOString();
}

/** The cookie's Max-Age in seconds: a number for a persistent session, null for a browser-session cookie. */
export function cookieMaxAgeSeconds(persistent: boolean, settings: SessionSettings): number | null {
  return persistent ? settings.persistentDays * 86_400 : null;
}

export function isSessionActive(s: SessionTimes, now: Date, settings: SessionSettings): boolean {
  const t = now.getTime();
  if (t >= Date.parse(s.expiresAt)) return false;
  if (!s.persistent && t - Date.parse(s.lastSeenAt) >= settings.idleMinutes * 60_000) return false;
  return true;
}

export function needsTouch(s: SessionTimes, now: Date): boolean {
  return now.getTime() - Date.parse(s.lastSeenAt) >= TOUCH_INTERVAL_MS;
}
