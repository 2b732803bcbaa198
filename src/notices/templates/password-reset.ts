// "Mot de passe oublié": the email with the single-use link (expires after 1 hour).
import { button, html, layout, type Lang, type RenderedMail } from './html.js';

export interface PasswordResetMail {
  lang: Lang;
  networkName: string;
  firstName: string;
  link: string;
  expiresInMinutes: number;
}

export function passwordResetMail(m: PasswordResetMail): RenderedMail {
  if (m.lang === 'en') {
    const subject = `${m.networkName}: choose a new password`;
    const text = [
      `Hello ${m.firstName},`,
      '',
      'Someone (probably you) asked to choose a new password for your library account.',
      `To choose it, open this link within ${m.expiresInMinutes} minutes. It works only once:`,
      '',
      m.link,
      '',
      'If you did not ask for this, ignore this message: your password stays as it is.',
      '',
      m.networkName,
    ].join('\n');
    const body = html`<p>Hello ${m.firstName},</p>
<p>Someone (probably you) asked to choose a new password for your library account. To choose it, open this link within ${m.expiresInMinutes} minutes. It works only once.</p>
${button(m.link, 'Choose a new password')}
<p>If you did not ask for this, ignore this message: your password stays as it is.</p>`;
    return { subject, text, html: layout({ lang: 'en', title: subject, networkName: m.networkName, body }) };
  }
  const subject = `${m.networkName} : choisir un nouveau mot de passe`;
  const text = [
    `Bonjour ${m.firstName},`,
    '',
    'Une demande de nouveau mot de passe a été faite pour votre compte de lecteur.',
    `Pour le choisir, ouvrez ce lien dans les ${m.expiresInMinutes} minutes. Il ne sert qu'une fois :`,
    '',
    m.link,
    '',
    "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe ne change pas.",
    '',
    m.networkName,
  ].join('\n');
  const body = html`<p>Bonjour ${m.firstName},</p>
<p>Une demande de nouveau mot de passe a été faite pour votre compte de lecteur. Pour le choisir, ouvrez ce lien dans les ${m.expiresInMinutes} minutes. Il ne sert qu'une fois.</p>
${button(m.link, 'Choisir un nouveau mot de passe')}
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe ne change pas.</p>`;
  return { subject, text, html: layout({ lang: 'fr', title: subject, networkName: m.networkName, body }) };
}
