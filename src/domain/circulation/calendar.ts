// Library calendars: on which days a library is open, and the dates circulation moves to (due dates and the
// last day a hold is kept fall on open days). Pure: dates are "yyyy-mm-dd" strings in the library's time
// zone, the clock is passed in.
//
// A day is closed when it is a public holiday of the library's zone (French holidays from the maintained
// date-holidays package: metropolitan France, Alsace-Moselle's Good Friday and St Stephen's day, the
// overseas départements' abolition days), inside an exceptional closure, or has no opening period (weekly
// closed day, or the season's hours say so). Seasonal hours (summer...) replace the weekly hours between two
// month-days.
import Holidays from 'date-holidays';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type OpeningHours = Partial<Record<Weekday, Array<[string, string]>>>;

export interface CalendarData {
  timeZone: string;
  /** 'metropole' | 'alsace-moselle' | an overseas code (GP, MQ, GF, RE, YT, MF, BL or 971..976) */
  holidayZone: string;
  weekly: OpeningHours;
  seasons: Array<{ name: string; startMd: string; endMd: string; hours: OpeningHours }>;
  closures: Array<{ start: string; end: string; reason: string }>;
}

export type ClosedReason = { kind: 'holiday'; name: string } | { kind: 'closure'; reason: string } | { kind: 'weekly' };

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

// Overseas départements by number, as libraries sometimes write them.
const OVERSEAS_NUMBERS: Record<string, string> = { '971': 'GP', '972': 'MQ', '973': 'GF', '974': 'RE', '976': 'YT' };
const OVERSEAS = new Set(['GP', 'MQ', 'GF', 'RE', 'YT', 'MF', 'BL']);

/** The date-holidays state for a library's holiday zone; unknown zones are an error (caught when saved). */
export function holidayState(zone: string): string | null {
  const z = zone.trim();
  if (z === '' || z === 'metropole') return null;
  if (z === 'alsace-moselle' || z === '57' || z === '67' || z === '68') return '57';
  const code = OVERSEAS_NUMBERS[z] ?? z.toUpperCase();
  if (OVERSEAS.has(code)) return code;
  throw new Error(`unknown holiday zone "${zone}"`);
}

export function isValidHolidayZone(zone: string): boolean {
  try {
    holidayState(zone);
    return true;
  } catch {
    return false;
  }
}

const holidayCache = new Map<string, Map<string, string>>();

/** Public holidays of a zone and year: date -> name (French). */
export function publicHolidays(zone: string, year: number): Map<string, string> {
  const state = holidayState(zone);
  const key = `${state ?? 'FR'}:${year}`;
  let days = holidayCache.get(key);
  if (!days) {
    const hd = state ? new Holidays('FR', state, { languages: ['fr'] }) : new Holidays('FR', { languages: ['fr'] });
    days = new Map();
    for (const h of hd.getHolidays(year)) if (h.type === 'public') days.set(h.date.slice(0, 10), h.name);
    holidayCache.set(key, days);
  }
  return days;
}

// ------------------------------------------------------------------ date arithmetic on "yyyy-mm-dd"

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

/** The date ("yyyy-mm-dd") of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function inSeason(md: string, start: string, end: string): boolean {
  return start <= end ? md >= start && md <= end : md >= start || md <= end;
}

// ------------------------------------------------------------------ the calendar

export class LibraryCalendar {
  constructor(readonly data: CalendarData) {}

  /** The opening periods of a date (seasonal hours if a season covers it), before holidays and closures. */
  hoursOf(date: string): Array<[string, string]> {
    const md = date.slice(5);
    const season = this.data.seasons.find((s) => inSeason(md, s.startMd, s.endMd));
    return (season ? season.hours : this.data.weekly)[weekdayOf(date)] ?? [];
  }

  /** Why the library is closed that day, or null when it is open. */
  closedReason(date: string): ClosedReason | null {
    const holiday = publicHolidays(this.data.holidayZone, Number(date.slice(0, 4))).get(date);
    if (holiday) return { kind: 'holiday', name: holiday };
    const closure = this.data.closures.find((c) => c.start <= date && date <= c.end);
    if (closure) return { kind: 'closure', reason: closure.reason };
    return this.hoursOf(date).length ? null : { kind: 'weekly' };
  }

  isOpen(date: string): boolean {
    return this.closedReason(date) === null;
  }

  /** The first open day on or after `date`; `date` itself if no day is open within a year (a calendar error). */
  nextOpenDay(date: string): string {
    for (let i = 0, d = date; i < 366; i++, d = addDays(d, 1)) if (this.isOpen(d)) return d;
    return date;
  }

  /** The last open day on or before `date`; `date` itself if none within a year. */
  previousOpenDay(date: string): string {
    for (let i = 0, d = date; i < 366; i++, d = addDays(d, -1)) if (this.isOpen(d)) return d;
    return date;
  }

  today(now: Date): string {
    return localDate(now, this.data.timeZone);
  }
}
