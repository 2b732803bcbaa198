import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { buildMessage, envelopeOf, type MimeMessage } from './mime.js';

const base: MimeMessage = {
  from: '"Réseau des médiathèques de Val-de-Lys" <no-reply@portail.example.org>',
  to: 'camille.martin@example.org',
  subject: 'Vos prêts arrivent à échéance',
  text: 'Bonjour Camille,\n\nVotre prêt « Les Misérables » est à rendre le 24/11/2026.\n',
  html: '<!doctype html><html lang="fr"><body><p>Bonjour Camille,</p></body></html>',
  messageId: '<0b9c2d6e-1f7a-4c53-9d2e-3f0a8c1b2d4e@portail.example.org>',
  date: new Date('2026-11-22T05:30:00Z'),
  headers: { 'Auto-Submitted': 'auto-generated', 'List-Unsubscribe': '<https://portail.example.org/avis/desabonnement?t=abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
};

// Each case: what changes from `base`, and what mailparser must read back.
const cases: Array<{ name: string; with: Partial<MimeMessage>; expect?: Partial<{ subject: string; text: string; html: string }> }> = [
  { name: 'accents in every part', with: {} },
  { name: 'an ASCII subject stays as it is', with: { subject: 'Your loans are due soon' } },
  { name: 'a long subject with accents is folded and encoded', with: { subject: 'Réservation disponible : « ' + 'Ô saisons, ô châteaux, quelle âme est sans défauts ? '.repeat(4) + '»' } },
  { name: 'a line break typed in a subject does not start a header', with: { subject: 'Bonjour\r\nBcc: intrus@example.org' }, expect: { subject: 'Bonjour Bcc: intrus@example.org' } },
  { name: 'a line starting with a dot survives (SMTP dot-stuffing is the transport\'s)', with: { text: 'Ligne 1\n.\n.. deux points\nfin\n' } },
  { name: 'a 3 000-character line is wrapped and rejoined', with: { html: '<p>' + 'é'.repeat(1500) + 'x'.repeat(1500) + '</p>' } },
  { name: 'trailing spaces, tabs and = signs are kept', with: { text: 'a = b  \n\tindenté\t\nfin = 100 %  \n' } },
  { name: 'CRLF and lone CR in the text become line breaks', with: { text: 'un\r\ndeux\rtrois\n' }, expect: { text: 'un\ndeux\ntrois\n' } },
  { name: 'emoji and characters outside the BMP', with: { subject: 'Nouveautés 📚', text: 'Nouveautés 📚 漢字\n' } },
];

describe('MIME messages (parsed back with mailparser)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const m = { ...base, ...c.with };
      const raw = buildMessage(m);
      for (const line of raw.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 998, `line of ${line.length} characters: ${line.slice(0, 60)}...`);
      assert.doesNotMatch(raw, /[^\r]\n|\r[^\n]/, 'every line ends with CRLF');
      assert.doesNotMatch(raw, /[^\x00-\x7f]/, 'the message is 7-bit');
      const p = await simpleParser(raw);
      assert.equal(p.subject, c.expect?.subject ?? m.subject);
      assert.equal(p.text, c.expect?.text ?? m.text);
      assert.equal(p.html, c.expect?.html ?? m.html);
      assert.equal(p.messageId, m.messageId);
      assert.equal(p.date?.toISOString(), m.date.toISOString());
      assert.deepEqual(p.from?.value, [{ address: 'no-reply@portail.example.org', name: 'Réseau des médiathèques de Val-de-Lys' }]);
      assert.equal(p.to && !Array.isArray(p.to) ? p.to.text : null, 'camille.martin@example.org');
      assert.equal(p.headers.get('auto-submitted'), 'auto-generated');
      // mailparser gathers the List-* headers under 'list'; the lines themselves are in headerLines
      const line = (key: string) => p.headerLines.find((h) => h.key === key)?.line;
      assert.equal(line('list-unsubscribe'), 'List-Unsubscribe: <https://portail.example.org/avis/desabonnement?t=abc>');
      assert.equal(line('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    });
  }

  it('a header name with a colon or a line break is cleaned, never a new header', async () => {
    const raw = buildMessage({ ...base, headers: { 'X-Test:\r\nBcc': 'valeur' } });
    assert.doesNotMatch(raw, /^Bcc:/m);
    assert.equal((await simpleParser(raw)).headers.get('x-testbcc'), 'valeur');
  });

  it('gives the SMTP envelope the bare addresses', () => {
    assert.deepEqual(envelopeOf(base), { from: 'no-reply@portail.example.org', to: ['camille.martin@example.org'] });
    assert.deepEqual(envelopeOf({ from: 'Colophon <a@b.example>', to: ' c@d.example ' }), { from: 'a@b.example', to: ['c@d.example'] });
  });
});
