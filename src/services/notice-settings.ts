// The network's notice settings (settings key 'notices', JSON): which notices are sent, when, and the
// network's own wording by notice kind and language. Missing or damaged values take the defaults.
import type { NoticeKind } from '../notices/templates/reader-notice.js';

export const NOTICE_SETTINGS_KEY = 'notices';

export interface NoticeSettings {
  dueSoon: { enabled: boolean; daysBefore: number };
  overdue: { enabled: boolean; days: number[] };
  membershipEnding: { enabled: boolean; daysBefore: number };
  holdAvailable: { enabled: boolean };
  holdExpired: { enabled: boolean };
  /** the network's own wording, by notice kind and language */
  intros: Partial<Record<NoticeKind, { fr?: string; en?: string }>>;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = {
  dueSoon: { enabled: true, daysBefore: 3 },
  overdue: { enabled: true, days: [7, 14, 21] },
  membershipEnding: { enabled: true, daysBefore: 30 },
  holdAvailable: { enabled: true },
  holdExpired: { enabled: true },
  intros: {},
};


export function parseNoticeSettings(json: string | undefined): NoticeSettings {
  let raw: Partial<NoticeSettings> = {};
  try {
    raw = json ? (JSON.parse(json) as Partial<NoticeSettings>) : {};
  } catch {
    // damaged: defaults
  }
  const d = DEFAULT_NOTICE_SETTINGS;
  const days = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 365 ? v : fallback);
  const on = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
  const levels = Array.isArray(raw.overdue?.days) ? raw.overdue.days.filter((x): x is number => Number.isInteger(x) && x > 0).sort((a, b) => a - b).slice(0, 3) : d.overdue.days;
  return {
    dueSoon: { enabled: on(raw.dueSoon?.enabled, true), daysBefore: days(raw.dueSoon?.daysBefore, d.dueSoon.daysBefore) },
    overdue: { enabled: on(raw.overdue?.enabled, true), days: levels.length ? levels : d.overdue.days },
    membershipEnding: { enabled: on(raw.membershipEnding?.enabled, true), daysBefore: days(raw.membershipEnding?.daysBefore, d.membershipEnding.daysBefore) },
    holdAvailable: { enabled: on(raw.holdAvailable?.enabled, true) },
    holdExpired: { enabled: on(raw.holdExpired?.enabled, true) },
    intros: raw.intros && typeof raw.intros === 'object' ? raw.intros : {},
  };
}
