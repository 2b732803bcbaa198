// A new email address on the profile takes effect once confirmed through this link, sent to the new address.
import { button, html, layout, type Lang, type RenderedMail } from './html.js';

export interface EmailChangeMail {
  lang: Lang;
  networkName: string;
  firstName: string;
  newEmail: string;
  link: string;
  expiresInHours: number;
}

export function emailChangeMail(m: EmailChangeMail): RenderedMail {
  if (m.lang === 'en') {
    const subject = `${m.networkName}: confirm your email address`;
    const text = [
      `Hello ${m.firstName},`,
      '',
      `To use ${m.newEmail} for your library account, confirm it by opening this link within ${m.expiresInHours} hours:`,
      '',
      m.link,
      '',
      'If you did not ask for this, ignore this message: your account keeps its current address.',
      '',
      m.networkName,
    ].join('\n');
    const body = html`<p>Hello ${m.firstName},</p>
<p>To use <strong>${m.newEmail}</strong> for your library account, confirm it by opening this link within ${m.expiresInHours} hours.</p>
${button(m.link, 'Confirm this address')}
<p>If you did not ask for this, ignore this message: your account keeps its current address.</p>`;
    return { subject, text, html: layout({ lang: 'en', title: subject, networkName: m.networkName, body }) };
  }
  const subject = `${m.networkName} : confirmez votre adresse électronique`;
  const text = [
    `Bonjour ${m.firstName},`,
    '',
    `Pour utiliser ${m.newEmail} sur votre compte de lecteur, confirmez-la en ouvrant ce lien dans les ${m.expiresInHours} heures :`,
    '',
    m.link,
    '',
    "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre compte garde son adresse actuelle.",
    '',
    m.networkName,
  ].join('\n');
  const body = html`<p>Bonjour ${m.firstName},</p>
<p>Pour utiliser <strong>${m.newEmail}</strong> sur votre compte de lecteur, confirmez-la en ouvrant ce lien dans les ${m.expiresInHours} heures.</p>
${button(m.link, 'Confirmer cette adresse')}
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre compte garde son adresse actuelle.</p>`;
  return { subject, text, html: layout({ lang: 'fr', title: subject, networkName: m.networkName, body }) };
}
