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

// ---------------------------------------------------------------- the back office's form (/staff/reglages-avis)

/** The kinds whose wording the network may write, in the order of the form. */
export const INTRO_KINDS: NoticeKind[] = ['due-soon', 'overdue', 'membership-ending', 'hold-available', 'hold-expired'];
export const INTRO_MAX = 1000;

/** The form's fields, as typed (strings; a checkbox is 'on' or absent). */
export type NoticeSettingsForm = Record<string, string>;

/** Why a field was refused; the pages say it in the reader's language. */
export type NoticeSettingsError = 'days' | 'levels' | 'tooLong';

/** The form field of a kind's wording in a language. */
export const introField = (kind: NoticeKind, lang: 'fr' | 'en') => `intro-${kind}-${lang}`;

export function noticeSettingsToForm(s: NoticeSettings): NoticeSettingsForm {
  const f: NoticeSettingsForm = {
    dueSoonDays: String(s.dueSoon.daysBefore),
    overdueDays: s.overdue.days.join(', '),
    membershipDays: String(s.membershipEnding.daysBefore),
  };
  for (const [name, on] of [['dueSoon', s.dueSoon.enabled], ['overdue', s.overdue.enabled], ['membershipEnding', s.membershipEnding.enabled], ['holdAvailable', s.holdAvailable.enabled], ['holdExpired', s.holdExpired.enabled]] as const) if (on) f[name] = 'on';
  for (const kind of INTRO_KINDS) for (const lang of ['fr', 'en'] as const) f[introField(kind, lang)] = s.intros[kind]?.[lang] ?? '';
  return f;
}

/** The settings a submitted form gives, or each refused field with why (what was typed is the form itself). */
export function noticeSettingsFromForm(f: NoticeSettingsForm): { ok: true; settings: NoticeSettings } | { ok: false; errors: Record<string, NoticeSettingsError> } {
  const errors: Record<string, NoticeSettingsError> = {};
  const days = (name: string, min: number, max: number): number => {
    const v = (f[name] ?? '').trim();
    const n = /^\d{1,3}$/.test(v) ? Number(v) : NaN;
    if (!(n >= min && n <= max)) errors[name] = 'days';
    return n;
  };
  const dueSoon = days('dueSoonDays', 1, 30);
  const membership = days('membershipDays', 1, 365);
  // overdue levels: one to three increasing numbers of days after the due date, "7, 14, 21"
  const parts = (f.overdueDays ?? '').split(/[\s,;]+/).filter(Boolean);
  const levels = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (!levels.length || levels.length > 3 || levels.some((n, i) => !(n >= 1 && n <= 365) || (i > 0 && n <= levels[i - 1]!))) errors.overdueDays = 'levels';
  const intros: NoticeSettings['intros'] = {};
  for (const kind of INTRO_KINDS) {
    for (const lang of ['fr', 'en'] as const) {
      const text = (f[introField(kind, lang)] ?? '').replace(/\r\n?/g, '\n').trim();
      if (text.length > INTRO_MAX) errors[introField(kind, lang)] = 'tooLong';
      else if (text) intros[kind] = { ...intros[kind], [lang]: text };
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const on = (name: string) => f[name] === 'on';
  return {
    ok: true,
    settings: {
      dueSoon: { enabled: on('dueSoon'), daysBefore: dueSoon },
      overdue: { enabled: on('overdue'), days: levels },
      membershipEnding: { enabled: on('membershipEnding'), daysBefore: membership },
      holdAvailable: { enabled: on('holdAvailable') },
      holdExpired: { enabled: on('holdExpired') },
      intros,
    },
  };
}

