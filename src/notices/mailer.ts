// The mailer: nodemailer over SMTP when SMTP_URL is set; otherwise a file outbox (one .eml per message in
// `${dataDir}/outbox/`) that staff read in the back office. Either way every message is first recorded in the
// outbox table, then delivered.
//
// Exactly-once delivery does not exist over SMTP (DESIGN.md 7). What we do:
// - the row is written (status 'pending', with its Message-ID) before any attempt;
// - an attempt takes the row with one conditional UPDATE (status 'sending', attempts + 1), so two processes
//   never send the same message at the same time;
// - after the server accepted it: 'sent' (or 'filed'); on an error: 'failed', retried by deliverPending() up
//   to MAX_ATTEMPTS times;
// - a row left 'sending' for more than STALE_MS means a process stopped between the attempt and its record:
//   the message is uncertain. deliverPending() sends it again with the *same* Message-ID (at-least-once: the
//   reader may get it twice, and mail systems that deduplicate on Message-ID drop the copy). The messages sent
//   here (reset and confirmation links) are harmless twice and harmful never, hence this choice.
//
// `queue()` returns once the row is recorded and delivers in the background: a request that sends mail (a
// password reset) answers as fast as one that does not, and SMTP latency never shows in its timing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db/connect.js';
import type { Config } from '../config/config.js';
import type { Kysely } from 'kysely';
import type { Database, OutboxRow } from '../db/schema.js';
import { OutboxRepository } from '../repositories/outbox.repository.js';

export const MAX_ATTEMPTS = 5;
export const STALE_MS = 10 * 60_000;

export interface MailMessage {
  /** what the message is, for the back office: 'password-reset', 'email-change', ... */
  kind: string;
  to: string;
  from: string;
  readerId?: number | null;
  subject: string;
  text: string;
  html: string;
}

export interface MailerOptions {
  db: Db;
  config: Pick<Config, 'dataDir' | 'baseUrl' | 'smtpUrl'>;
  now?: () => Date;
  /** a transport to use instead of SMTP_URL / the file outbox (tests of failures) */
  transport?: Transporter;
}

export type DeliveryResult = 'sent' | 'filed' | 'failed' | 'skipped';

/** `"Name" <no-reply@host>` from BASE_URL's host name. */
export function defaultFrom(networkName: string, baseUrl: string): string {
  const host = new URL(baseUrl).hostname || 'localhost';
  return `"${networkName.replace(/["\\\r\n]/g, '')}" <no-reply@${host}>`;
}

export class Mailer {
  readonly mode: 'smtp' | 'file';
  private readonly repo: OutboxRepository;
  private readonly now: () => Date;
  private readonly transport: Transporter;
  private readonly fileBuilder: Transporter | null;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly host: string;

  constructor(private readonly opts: MailerOptions) {
    this.repo = new OutboxRepository(opts.db.kysely);
    this.now = opts.now ?? (() => new Date());
    this.host = new URL(opts.config.baseUrl).hostname || 'localhost';
    if (opts.transport) {
      this.mode = 'smtp';
      this.transport = opts.transport;
      this.fileBuilder = null;
    } else if (opts.config.smtpUrl) {
      this.mode = 'smtp';
      this.transport = nodemailer.createTransport(opts.config.smtpUrl);
      this.fileBuilder = null;
    } else {
      this.mode = 'file';
      // Builds the RFC 5322 message without sending it: the .eml written to the outbox directory.
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      this.fileBuilder = this.transport;
    }
  }

  get outboxDir(): string {
    return join(this.opts.config.dataDir, 'outbox');
  }

  /** Records the message, starts its delivery in the background, and returns its outbox id and Message-ID. */
  async queue(msg: MailMessage): Promise<{ id: number; messageId: string }> {
    const recorded = await this.record(this.opts.db.kysely, msg);
    this.deliverSoon(recorded.id);
    return recorded;
  }

  /**
   * Records the message with the given connection (a transaction: the email then exists exactly when the
   * event it tells about was committed) without sending it; call deliverSoon(id) after the commit.
   */
  async record(kysely: Kysely<Database>, msg: MailMessage): Promise<{ id: number; messageId: string }> {
    const messageId = `<${randomUUID()}@${this.host}>`;
    const id = await new OutboxRepository(kysely).insert({
      messageId,
      kind: msg.kind,
      from: msg.from,
      to: msg.to,
      readerId: msg.readerId ?? null,
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      createdAt: this.now().toISOString(),
    });
    return { id, messageId };
  }

  /** Starts the delivery of a recorded message in the background (drain() waits for it). */
  deliverSoon(id: number): void {
    this.track(this.deliver(id));
  }

  /** Delivers one recorded message if it is deliverable (see claim); never throws for a delivery error. */
  async deliver(id: number): Promise<DeliveryResult> {
    const now = this.now();
    const row = await this.repo.claim(id, now.toISOString(), new Date(now.getTime() - STALE_MS).toISOString(), MAX_ATTEMPTS);
    if (!row) return 'skipped';
    try {
      if (this.fileBuilder) {
        const file = await this.writeEml(row);
        await this.repo.markDelivered(id, 'filed', this.now().toISOString(), file);
        return 'filed';
      }
      await this.transport.sendMail(this.envelope(row));
      await this.repo.markDelivered(id, 'sent', this.now().toISOString(), null);
      return 'sent';
    } catch (e) {
      await this.repo.markFailed(id, e instanceof Error ? e.message : String(e));
      return 'failed';
    }
  }

  /** Delivers what is pending, failed with attempts left, or uncertain (worker, start-up). Returns how many were tried. */
  async deliverPending(): Promise<number> {
    const now = this.now();
    const ids = await this.repo.deliverable(new Date(now.getTime() - STALE_MS).toISOString(), MAX_ATTEMPTS);
    for (const id of ids) await this.deliver(id);
    return ids.length;
  }

  /** Waits for the background deliveries started by queue() (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  async close(): Promise<void> {
    await this.drain();
    this.transport.close();
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch(() => undefined).finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private envelope(row: OutboxRow) {
    return {
      from: row.from_address,
      to: row.to_address,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      messageId: row.message_id,
      date: new Date(row.created_at),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Colophon-Kind': row.kind },
    };
  }

  private async writeEml(row: OutboxRow): Promise<string> {
    const info = (await this.fileBuilder!.sendMail(this.envelope(row))) as { message: Buffer };
    mkdirSync(this.outboxDir, { recursive: true });
    const name = `${String(row.id).padStart(8, '0')}-${row.kind.replace(/[^a-z0-9-]/gi, '')}.eml`;
    writeFileSync(join(this.outboxDir, name), info.message);
    return name;
  }
}
