// A real SMTP server on 127.0.0.1 (smtp-server) that keeps every message it receives, parsed by mailparser.
// Tests point SMTP_URL (or the mailer's config.smtpUrl) at `sink.url`, then `await sink.waitFor(address)`.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  /** envelope recipients (RCPT TO) */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: ParsedMail['headers'];
  raw: Buffer;
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:PORT */
  url: string;
  /** every message received so far, in order */
  mails: ReceivedMail[];
  /** The next message to `address` not yet returned by waitFor (case-insensitive); rejects after timeoutMs. */
  waitFor(address: string, opts?: { timeoutMs?: number }): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** The first http(s) link of a text, e.g. the link of a password-reset email's text part. */
export function firstLink(text: string): string {
  const m = /https?:\/\/[^\s<>"]+/.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[0];
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((p) => {
            mails.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: p.subject ?? '',
              text: p.text ?? '',
              html: typeof p.html === 'string' ? p.html : '',
              messageId: p.messageId ?? '',
              headers: p.headers,
              raw,
            });
            for (const w of [...waiters]) w();
            callback();
          })
          .catch((e: Error) => callback(e));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    waitFor(to, opts = {}) {
      const want = to.toLowerCase();
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = mails.find((x) => !taken.has(x) && x.to.includes(want));
          if (!m) return false;
          taken.add(m);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no email to ${to} within ${opts.timeoutMs ?? 10_000} ms (received: ${mails.map((m) => m.to.join(',')).join('; ') || 'none'})`));
        }, opts.timeoutMs ?? 10_000);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
