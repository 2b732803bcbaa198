// The mailer: nodemailer over SMTP when SMTP_URL is set; otherwise a file outbox (one .eml per message in
// `${dataDir}/outbox/`) that staff read in the back office. Either way every message is first recorded in the
// outbox table, then delivered.
//
// Exactly-once delivery does not exist over SMTP (DESIGN.md 7). What we do:
// - the row is written (status 'queued', a stable Message-ID, the event it belongs to: one message per event)
//   before any attempt, in the transaction of the event when there is one;
// - an attempt takes the row with one conditional UPDATE (status 'sending', attempts + 1) *before* talking to
//   the SMTP server, so two processes never send the same message at the same time;
// - the server's answer is recorded at once: 250 -> 'sent'; 5xx -> 'rejected' (final: the address or the message
//   is refused); anything else (4xx, connection refused, timeout) -> 'failed', retried with backoff
//   (1 min, 5 min, 30 min, 2 h) up to MAX_ATTEMPTS;
// - the one window SMTP leaves open is between the server's acceptance and that record. A row found 'sending'
//   for longer than the send lease belongs to a process that died in it (or just before sending): the message
//   becomes 'uncertain' (uncertain_at keeps the time) and is sent again with the *same* Message-ID. Documented
//   outcome: never lost; at most one duplicate, which mail systems that deduplicate on Message-ID drop. The
//   window is one UPDATE long; fault-injection points (COLOPHON_FAULT, below) let tests kill a process in it.
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
/** A message 'sending' for longer than this was left by a process that stopped: it becomes uncertain. */
export const SEND_LEASE_MS = 2 * 60_000;
/** Waits before the 2nd, 3rd, 4th and 5th attempts. */
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];

/**
 * Fault injection for the crash tests (test/notices-crash.test.ts): COLOPHON_FAULT names a point where this
 * process kills itself (SIGKILL, like a power cut). Read from the environment of the process only.
 */
export type FaultPoint = 'before-send' | 'after-accept' | 'after-record';
function fault(point: FaultPoint): void {
  if (process.env.COLOPHON_FAULT === point) process.kill(process.pid, 'SIGKILL');
}

export interface MailMessage {
  /** what the message is, for the back office: 'password-reset', 'email-change', ... */
  kind: string;
  to: string;
  from: string;
  readerId?: number | null;
  subject: string;
  text: string;
  html: string;
  /** the event it tells about (one message per event) */
  eventKey?: string | null;
  /** extra headers (List-Unsubscribe...) */
  headers?: Record<string, string>;
  /** a notice to print for a reader without an email address: recorded, never sent */
  print?: boolean;
}

export interface MailerOptions {
  db: Db;
  config: Pick<Config, 'dataDir' | 'baseUrl' | 'smtpUrl'>;
  now?: () => Date;
  /** a transport to use instead of SMTP_URL / the file outbox (tests of failures) */
  transport?: Transporter;
  /** the send lease (default SEND_LEASE_MS; crash tests shorten it) */
  leaseMs?: number;
  /** SMTP connections kept open and reused (default 1: a pool; the notices benchmark uses more) */
  maxConnections?: number;
}

export type DeliveryResult = 'sent' | 'filed' | 'failed' | 'rejected' | 'skipped';

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
  private readonly leaseMs: number;

  constructor(private readonly opts: MailerOptions) {
    this.repo = new OutboxRepository(opts.db.kysely);
    this.now = opts.now ?? (() => new Date());
    this.host = new URL(opts.config.baseUrl).hostname || 'localhost';
    this.leaseMs = opts.leaseMs ?? SEND_LEASE_MS;
    if (opts.transport) {
      this.mode = 'smtp';
      this.transport = opts.transport;
      this.fileBuilder = null;
    } else if (opts.config.smtpUrl) {
      this.mode = 'smtp';
      // pooled: one connection serves many messages (a notice run sends thousands)
      this.transport = nodemailer.createTransport({ url: opts.config.smtpUrl, pool: true, maxConnections: opts.maxConnections ?? 1, maxMessages: Infinity } as Parameters<typeof nodemailer.createTransport>[0]);
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
    return (await this.recordMany(kysely, [msg]))[0]!;
  }

  /** record() for several messages with one statement (a notice run's batch). */
  async recordMany(kysely: Kysely<Database>, msgs: MailMessage[]): Promise<Array<{ id: number; messageId: string }>> {
    const createdAt = this.now().toISOString();
    const rows = msgs.map((msg) => ({
      messageId: `<${randomUUID()}@${this.host}>`,
      kind: msg.kind,
      from: msg.from,
      to: msg.to,
      readerId: msg.readerId ?? null,
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      createdAt,
      eventKey: msg.eventKey ?? null,
      print: msg.print === true,
      headers: msg.headers ?? null,
    }));
    const ids = await new OutboxRepository(kysely).insertMany(rows);
    return rows.map((r, i) => ({ id: ids[i]!, messageId: r.messageId }));
  }

  /** Starts the delivery of a recorded message in the background (drain() waits for it). */
  deliverSoon(id: number): void {
    this.track(this.deliver(id));
  }

  /** Delivers one recorded message if it is deliverable (see claim); never throws for a delivery error. */
  async deliver(id: number): Promise<DeliveryResult> {
    const row = await this.repo.claim(id, this.now().toISOString(), MAX_ATTEMPTS);
    return row ? this.send(row) : 'skipped';
  }

  /**
   * Delivers many recorded messages (a notice run): taken for an attempt `concurrency * 4` at a time with one
   * statement, sent `concurrency` at a time over the pooled connections, each outcome recorded as soon as the
   * server answers (the uncertain window stays one UPDATE long). Returns how many were sent.
   */
  async deliverMany(ids: number[], concurrency = 4, onEach?: () => void): Promise<number> {
    let sent = 0;
    const chunk = Math.max(1, concurrency * 4);
    for (let i = 0; i < ids.length; i += chunk) {
      const rows = await this.repo.claimMany(ids.slice(i, i + chunk), this.now().toISOString(), MAX_ATTEMPTS);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
          while (next < rows.length) {
            if ((await this.send(rows[next++]!)) === 'sent') sent++;
            onEach?.();
          }
        }),
      );
    }
    return sent;
  }

  /** One attempt of a taken message, its outcome recorded. */
  private async send(row: OutboxRow): Promise<DeliveryResult> {
    const id = row.id;
    try {
      if (this.fileBuilder) {
        const file = await this.writeEml(row);
        await this.repo.markDelivered(id, 'filed', this.now().toISOString(), file);
        return 'filed';
      }
      fault('before-send');
      await this.transport.sendMail(this.envelope(row));
      fault('after-accept');
      await this.repo.markDelivered(id, 'sent', this.now().toISOString(), null);
      fault('after-record');
      return 'sent';
    } catch (e) {
      const err = e as { responseCode?: number; message?: string };
      const message = err?.message ?? String(e);
      if (typeof err?.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600) {
        await this.repo.markFailed(id, message, 'rejected', null);
        return 'rejected';
      }
      const wait = BACKOFF_MS[Math.min(row.attempts - 1, BACKOFF_MS.length - 1)]!;
      await this.repo.markFailed(id, message, 'failed', row.attempts < MAX_ATTEMPTS ? new Date(this.now().getTime() + wait).toISOString() : null);
      return 'failed';
    }
  }

  /**
   * Delivers what is due: queued, failed with their backoff over, and uncertain ones (first marking as uncertain
   * what a stopped process left 'sending'). Returns how many were tried.
   */
  async deliverPending(limit = 100): Promise<number> {
    const now = this.now();
    await this.repo.markUncertain(now.toISOString(), new Date(now.getTime() - this.leaseMs).toISOString());
    const ids = await this.repo.deliverable(now.toISOString(), MAX_ATTEMPTS, limit);
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
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Colophon-Kind': row.kind, ...(row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {}) },
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
