// "Votre réservation est disponible": the title, the pickup library with its address and opening hours, and the
// last day the copy is kept on the holds shelf. Not optional (no unsubscribe link).
import { button, html, layout, type Lang, type RenderedMail } from './html.js';
import { formatDay } from '../../domain/circulation/messages.js';
import type { OpeningHours, Weekday } from '../../domain/circulation/calendar.js';

export interface HoldAvailableMail {
  lang: Lang;
  networkName: string;
  firstName: string;
  title: string;
  library: { name: string; address: string | null; postcode: string | null; city: string | null; phone: string | null; email: string | null };
  hours: OpeningHours;
  lastDay: string;
  accountLink: string;
}

const DAYS: Record<Lang, Record<Weekday, string>> = {
  fr: { mon: 'lundi', tue: 'mardi', wed: 'mercredi', thu: 'jeudi', fri: 'vendredi', sat: 'samedi', sun: 'dimanche' },
  en: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
};
const ORDER: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function hoursLines(hours: OpeningHours, lang: Lang): string[] {
  return ORDER.map((d) => {
    const periods = hours[d] ?? [];
    const text = periods.length ? periods.map(([a, b]) => `${a}–${b}`).join(lang === 'fr' ? ' et ' : ' and ') : lang === 'fr' ? 'fermé' : 'closed';
    return lang === 'fr' ? `${DAYS.fr[d]} : ${text}` : `${DAYS.en[d]}: ${text}`;
  });
}

export function holdAvailableMail(m: HoldAvailableMail): RenderedMail {
  const l = m.library;
  const address = [l.address, [l.postcode, l.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const contact = [l.phone, l.email].filter(Boolean).join(' · ');
  const hours = hoursLines(m.hours, m.lang);
  const last = formatDay(m.lastDay);
  if (m.lang === 'en') {
    const subject = `${m.networkName}: your hold is available`;
    const text = [
      `Hello ${m.firstName},`,
      '',
      `"${m.title}" is waiting for you at ${l.name} until ${last} (included).`,
      '',
      `${l.name}, ${address}`,
      contact,
      'Opening hours:',
      ...hours.map((h) => `  ${h}`),
      '',
      `Your account: ${m.accountLink}`,
      '',
      m.networkName,
    ].join('\n');
    const body = html`<p>Hello ${m.firstName},</p>
<p><strong>${m.title}</strong> is waiting for you at <strong>${l.name}</strong> until <strong>${last}</strong> (included).</p>
<p>${l.name}, ${address}<br>${contact}</p>
<p>Opening hours:</p><ul>${hours.map((h) => html`<li>${h}</li>`)}</ul>
${button(m.accountLink, 'My loans and holds')}`;
    return { subject, text, html: layout({ lang: 'en', title: subject, networkName: m.networkName, body }) };
  }
  const subject = `${m.networkName} : votre réservation est disponible`;
  const text = [
    `Bonjour ${m.firstName},`,
    '',
    `« ${m.title} » vous attend à ${l.name} jusqu'au ${last} inclus.`,
    '',
    `${l.name}, ${address}`,
    contact,
    'Horaires d’ouverture :',
    ...hours.map((h) => `  ${h}`),
    '',
    `Votre compte : ${m.accountLink}`,
    '',
    m.networkName,
  ].join('\n');
  const body = html`<p>Bonjour ${m.firstName},</p>
<p><strong>${m.title}</strong> vous attend à <strong>${l.name}</strong> jusqu’au <strong>${last}</strong> inclus.</p>
<p>${l.name}, ${address}<br>${contact}</p>
<p>Horaires d’ouverture :</p><ul>${hours.map((h) => html`<li>${h}</li>`)}</ul>
${button(m.accountLink, 'Mes prêts & réservations')}`;
  return { subject, text, html: layout({ lang: 'fr', title: subject, networkName: m.networkName, body }) };
}

/** "Votre réservation a expiré": the copy was kept until its last day and went to the next reader or back. */
export function holdExpiredMail(m: HoldAvailableMail): RenderedMail {
  const last = formatDay(m.lastDay);
  if (m.lang === 'en') {
    const subject = `${m.networkName}: your hold has expired`;
    const text = [`Hello ${m.firstName},`, '', `"${m.title}" was kept for you at ${m.library.name} until ${last}. The hold has now expired.`, 'You can place a new hold from the catalogue.', '', `Your account: ${m.accountLink}`, '', m.networkName].join('\n');
    const body = html`<p>Hello ${m.firstName},</p>
<p><strong>${m.title}</strong> was kept for you at ${m.library.name} until ${last}. The hold has now expired. You can place a new hold from the catalogue.</p>
${button(m.accountLink, 'My loans and holds')}`;
    return { subject, text, html: layout({ lang: 'en', title: subject, networkName: m.networkName, body }) };
  }
  const subject = `${m.networkName} : votre réservation a expiré`;
  const text = [`Bonjour ${m.firstName},`, '', `« ${m.title} » vous a été réservé à ${m.library.name} jusqu'au ${last}. La réservation a expiré.`, 'Vous pouvez le réserver à nouveau depuis le catalogue.', '', `Votre compte : ${m.accountLink}`, '', m.networkName].join('\n');
  const body = html`<p>Bonjour ${m.firstName},</p>
<p><strong>${m.title}</strong> vous a été réservé à ${m.library.name} jusqu’au ${last}. La réservation a expiré. Vous pouvez le réserver à nouveau depuis le catalogue.</p>
${button(m.accountLink, 'Mes prêts & réservations')}`;
  return { subject, text, html: layout({ lang: 'fr', title: subject, networkName: m.networkName, body }) };
}
