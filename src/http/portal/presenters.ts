// Record and copy data in the reader's words: labels for codes, statuses, opening hours.
import type { Messages } from '../i18n.js';
import type { Author, CopyStatus, DocumentType } from '../../marc/model.js';
import type { CopyView, RecordSummary } from '../../services/search.service.js';
import type { OpeningHours } from '../../repositories/catalogue-read.repository.js';
import type { Weekday } from '../i18n/fr.js';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function documentTypeLabel(t: Messages, code: string): string {
  return t.documentTypes[code as DocumentType] ?? code;
}

export function languageLabel(t: Messages, code: string | null): string {
  if (!code) return '';
  const name = t.languages[code];
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : code;
}

export function roleLabel(t: Messages, role: string): string {
  return t.roles[role] ?? role;
}

export function fullTitle(r: Pick<RecordSummary, 'title' | 'subtitle'>): string {
  return r.subtitle ? `${r.title} : ${r.subtitle}` : r.title;
}

/** "Hugo, Victor" -> "Victor Hugo" for running text (the inverted form stays in the record's fields). */
export function displayName(name: string): string {
  const m = /^([^,]+),\s*([^,]+)$/.exec(name);
  return m ? `${m[2]} ${m[1]}` : name;
}

export function authorsLine(t: Messages, authors: Author[], max = 3): string {
  const shown = authors.slice(0, max).map((a) => (a.role && a.role !== 'Auteur' ? `${displayName(a.name)} (${roleLabel(t, a.role).toLowerCase()})` : displayName(a.name)));
  return shown.join(', ') + (authors.length > max ? '…' : '');
}

/** A copy's status in words: "En prêt jusqu'au 12/12/2026", or "En prêt" while due dates are unknown. */
export function copyStatusText(t: Messages, c: Pick<CopyView, 'status' | 'dueDate'>): string {
  if (c.status === 'on_loan' && c.dueDate) return t.onLoanUntil(t.formatDate(c.dueDate));
  return t.statuses[c.status as CopyStatus] ?? c.status;
}

/** One line per weekday, Monday first: "10 h – 12 h 30, 14 h – 18 h" or "Fermé". */
export function openingHoursRows(t: Messages, hours: OpeningHours): Array<{ day: Weekday; label: string; text: string; closed: boolean }> {
  return WEEKDAYS.map((day) => {
    const periods = hours[day] ?? [];
    return {
      day,
      label: t.weekdays[day],
      closed: periods.length === 0,
      text: periods.length === 0 ? t.record.closed : periods.map(([from, to]) => t.timeRange(from, to)).join(', '),
    };
  });
}

export function publicationLine(r: { publicationPlace: string | null; publisher: string | null; year: number | null }): string {
  const left = [r.publicationPlace, r.publisher].filter(Boolean).join(' : ');
  return [left, r.year !== null ? String(r.year) : ''].filter(Boolean).join(', ');
}
