// The grouped reader notice of a run: loans overdue (firmer at each level), loans due soon, membership ending;
// in the reader's language, HTML and text, with the library's contact details and, when every part of it is
// optional, an unsubscribe link. Wording: built in, or the network's own intro per notice kind and language.
import { button, html, layout, type Lang, type RenderedMail } from './html.js';
import { formatDay } from '../../domain/circulation/messages.js';

export type NoticeKind = 'due-soon' | 'overdue' | 'membership-ending' | 'hold-available' | 'hold-expired';

export interface NoticeLoan {
  title: string;
  barcode: string;
  dueDate: string;
  /** overdue: 1, 2 or 3 (at +7, +14, +21 days by default) */
  level?: number;
}

export interface ReaderNoticeInput {
  lang: Lang;
  networkName: string;
  firstName: string;
  overdue: NoticeLoan[];
  dueSoon: NoticeLoan[];
  membershipEnds: string | null;
  library: { name: string; address: string | null; postcode: string | null; city: string | null; phone: string | null; email: string | null };
  accountLink: string;
  /** the network's intros by kind (null: the built-in wording) */
  intros?: Partial<Record<NoticeKind, string | null>>;
  /** set when the notice is optional: where to turn it off */
  unsubscribeLink: string | null;
  preferencesLink: string;
}

const TEXT = {
  fr: {
    hello: (n: string) => `Bonjour ${n},`,
    overdue: [
      'Les documents suivants auraient dû être rendus. Merci de les rapporter dès que possible :',
      'Deuxième rappel : ces documents sont toujours en retard. Merci de les rapporter sans attendre :',
      'Dernier rappel : ces documents sont très en retard. Sans retour rapide, la bibliothèque pourra suspendre vos emprunts :',
    ],
    dueSoon: 'Ces documents sont à rendre bientôt. Vous pouvez les prolonger depuis votre compte :',
    membership: (d: string) => `Votre adhésion prend fin le ${d}. Pensez à la renouveler à l’accueil de votre bibliothèque.`,
    due: (d: string) => `à rendre le ${d}`,
    account: 'Mes prêts & réservations',
    contact: 'Votre bibliothèque',
    unsubscribe: 'Ne plus recevoir les rappels avant échéance',
    preferences: 'Choisir les avis que je reçois',
    subject: (net: string, overdue: boolean) => (overdue ? `${net} : documents en retard` : `${net} : vos prêts et votre compte`),
  },
  en: {
    hello: (n: string) => `Hello ${n},`,
    overdue: [
      'The following items should have been returned. Please bring them back as soon as possible:',
      'Second reminder: these items are still overdue. Please bring them back without delay:',
      'Final reminder: these items are long overdue. Without a quick return, the library may suspend your borrowing:',
    ],
    dueSoon: 'These items are due soon. You can renew them from your account:',
    membership: (d: string) => `Your membership ends on ${d}. Please renew it at your library’s desk.`,
    due: (d: string) => `due ${d}`,
    account: 'My loans & holds',
    contact: 'Your library',
    unsubscribe: 'Stop the reminders before the due date',
    preferences: 'Choose the notices I receive',
    subject: (net: string, overdue: boolean) => (overdue ? `${net}: overdue items` : `${net}: your loans and account`),
  },
} as const;

export function readerNoticeMail(m: ReaderNoticeInput): RenderedMail {
  const t = TEXT[m.lang];
  const level = Math.min(3, Math.max(1, ...m.overdue.map((l) => l.level ?? 1)));
  const overdueIntro = m.intros?.overdue ?? t.overdue[level - 1]!;
  const dueSoonIntro = m.intros?.['due-soon'] ?? t.dueSoon;
  const membership = m.membershipEnds ? (m.intros?.['membership-ending'] ?? t.membership(formatDay(m.membershipEnds))) : null;
  const line = (l: NoticeLoan) => `${l.title} (${l.barcode}), ${t.due(formatDay(l.dueDate))}`;
  const lib = m.library;
  const address = [lib.address, [lib.postcode, lib.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const contact = [lib.name, address, lib.phone, lib.email].filter(Boolean);
  const colon = m.lang === 'fr' ? ' : ' : ': ';
  const text = [
    t.hello(m.firstName),
    '',
    ...(m.overdue.length ? [overdueIntro, ...m.overdue.map((l) => `- ${line(l)}`), ''] : []),
    ...(m.dueSoon.length ? [dueSoonIntro, ...m.dueSoon.map((l) => `- ${line(l)}`), ''] : []),
    ...(membership ? [membership, ''] : []),
    `${t.account}${colon}${m.accountLink}`,
    '',
    `${t.contact}${colon.trimEnd()}`,
    ...contact,
    '',
    m.networkName,
    ...(m.unsubscribeLink ? ['', `${t.unsubscribe}${colon}${m.unsubscribeLink}`] : []),
    `${t.preferences}${colon}${m.preferencesLink}`,
  ].join('\n');
  const subject = t.subject(m.networkName, m.overdue.length > 0);
  const body = html`<p>${t.hello(m.firstName)}</p>
${m.overdue.length ? html`<p><strong>${overdueIntro}</strong></p><ul>${m.overdue.map((l) => html`<li>${line(l)}</li>`)}</ul>` : ''}
${m.dueSoon.length ? html`<p>${dueSoonIntro}</p><ul>${m.dueSoon.map((l) => html`<li>${line(l)}</li>`)}</ul>` : ''}
${membership ? html`<p>${membership}</p>` : ''}
${button(m.accountLink, t.account)}
<p style="font-size: 14px; color: #555555;">${t.contact}${colon}${contact.join(' · ')}</p>
<p style="font-size: 14px; color: #555555;">${m.unsubscribeLink ? html`<a href="${m.unsubscribeLink}">${t.unsubscribe}</a> · ` : ''}<a href="${m.preferencesLink}">${t.preferences}</a></p>`;
  return { subject, text, html: layout({ lang: m.lang, title: subject, networkName: m.networkName, body }) };
}
