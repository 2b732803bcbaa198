// The RFC 5322 / MIME message of an outbox row, built in one string: multipart/alternative with a text and an
// HTML part, both UTF-8 and quoted-printable, CRLF line endings.
//
// nodemailer's MailComposer builds the same message as a tree of streams, which costs about 0.3 ms of CPU a
// message and writes it to the socket in many small chunks; a notice run sends 100 000 of them, so the mailer
// builds them here and hands nodemailer the finished bytes (`raw`). The encodings are nodemailer's own
// (header encoding and folding, quoted-printable), so the result is what MailComposer would write; tests parse
// it with mailparser.
import { randomBytes } from 'node:crypto';
import MimeNode from 'nodemailer/lib/mime-node';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import addressparser from 'nodemailer/lib/addressparser';

export interface MimeMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  /** further headers, in order (Auto-Submitted, List-Unsubscribe...) */
  headers?: Record<string, string>;
}

// One node for its header encoder (MimeNode.encodeHeaderValue builds a node, and draws random bytes, each call).
const encoder = new MimeNode();

/** `Key: value`, encoded as nodemailer encodes it (addresses, encoded words, no line breaks) and folded at 76. */
function header(key: string, value: string): string {
  return foldLines(`${key}: ${encoder.encodeHeaderValue(key, value)}`, 76);
}

/** A text body as quoted-printable lines of at most 76 characters, line breaks as CRLF. */
function qp(body: string): string {
  return qpWrap(qpEncode(body.replace(/\r?\n|\r/g, '\r\n')), 76);
}

/** RFC 5322 date-time in UTC: `Sun, 22 Nov 2026 05:29:43 +0000`. */
function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

// Boundaries: a random prefix drawn once per process and a counter (crypto.randomBytes for each message cost
// more than building the message); the parts are quoted-printable, so a boundary can only appear in them if
// the text quotes this process's random prefix.
const boundaryPrefix = `--_colophon_${randomBytes(9).toString('base64url')}_`;
let boundaries = 0;

export function buildMessage(m: MimeMessage): string {
  const boundary = boundaryPrefix + (++boundaries).toString(36);
  const lines = [
    header('From', m.from),
    header('To', m.to),
    header('Subject', m.subject),
    header('Date', rfc5322Date(m.date)),
    header('Message-ID', m.messageId),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => header(k.replace(/[^\x21-\x39\x3b-\x7e]/g, ''), v)),
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(m.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(m.html),
    `--${boundary}--`,
    '',
  ];
  return lines.join('\r\n');
}

/** The SMTP envelope: the bare addresses of From and To. */
export function envelopeOf(m: Pick<MimeMessage, 'from' | 'to'>): { from: string; to: string[] } {
  const first = (v: string) => addressparser(v, { flatten: true })[0]?.address || v.trim();
  return { from: first(m.from), to: [first(m.to)] };
}
