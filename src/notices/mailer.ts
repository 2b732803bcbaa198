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
import nodemailer from 'nodemailer';
import type { Db } from '../db/connect.js';
import type { Config } from '../config/config.js';
import type { Kysely } from 'kysely';
import type { Database, OutboxRow } from '../db/schema.js';
import { OutboxRepository } from '../repositories/outbox.repository.js';
import { buildMessage, envelopeOf } from './mime.js';
import { ThreadedSmtpSender, type SmtpSender } from './smtp-thread.js';

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
  config: Pick<Config, 'dataDir' | 'baseUrl' | 'smtpUrl'> & Partial<Pick<Config, 'smtpConnections'>>;
  now?: () => Date;
  /** an SMTP client to use instead of SMTP_URL / the file outbox (tests of failures) */
  transport?: SmtpSender;
  /** the send lease (default SEND_LEASE_MS; crash tests shorten it) */
  leaseMs?: number;
  /** SMTP connections kept open and reused (default: config.smtpConnections, else 1); more than one runs the
   *  SMTP client in a worker thread (smtp-thread.ts) */
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
  /** the SMTP client, made at the first message (null: not yet, or the file outbox) */
  private transport: SmtpSender | null;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly sentToRecord: Array<{ id: number; resolve(): void; reject(e: unknown): void }> = [];
  private recordingSent = false;
  private readonly host: string;
  private readonly leaseMs: number;
  /** SMTP connections of the pool */
  private readonly connections: number;

  constructor(private readonly opts: MailerOptions) {
    this.repo = new OutboxRepository(opts.db.kysely);
    this.now = opts.now ?? (() => new Date());
    this.host = new URL(opts.config.baseUrl).hostname || 'localhost';
    this.leaseMs = opts.leaseMs ?? SEND_LEASE_MS;
    this.connections = opts.maxConnections ?? opts.config.smtpConnections ?? 1;
    this.transport = opts.transport ?? null;
    this.mode = opts.transport || opts.config.smtpUrl ? 'smtp' : 'file';
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
   * A delivery that starts at once and takes more messages as they are recorded (a notice run delivers its
   * first batch while it composes the next): messages are taken for an attempt `4 * inflight` at a time with
   * one statement (the next ones while the last ones are still being sent), four in flight per SMTP connection
   * (a connection sends the next ones while the outcomes of the last are being recorded, and the group commit
   * of recordSent records more at a time), each outcome recorded as soon as the server answers. finish() says
   * there are no more and resolves with how many were sent.
   */
  deliveryQueue(onEach?: () => void): { add(ids: number[]): void; finish(): Promise<number> } {
    const concurrency = 4 * this.connections;
    const chunk = 4 * concurrency;
    const ids: number[] = [];
    const taken: OutboxRow[] = [];
    let pos = 0;
    let closed = false;
    let claiming: Promise<void> | null = null;
    const waiting: Array<() => void> = [];
    const wake = () => {
      for (const w of waiting.splice(0)) w();
    };
    const claimNext = () =>
      (claiming ??= (async () => {
        // never past the ids added so far: the ones added later are taken by the next claim
        const end = Math.min(ids.length, pos + chunk);
        const slice = ids.slice(pos, end);
        pos = end;
        taken.push(...(await this.repo.claimMany(slice, this.now().toISOString(), MAX_ATTEMPTS)));
      })().finally(() => (claiming = null)));
    const take = async (): Promise<OutboxRow | undefined> => {
      for (;;) {
        const row = taken.shift();
        if (row) {
          // taken ahead; should that claim fail, its messages stay queued for the outbox job
          if (taken.length < concurrency && pos < ids.length) claimNext().catch(() => undefined);
          return row;
        }
        if (claiming || pos < ids.length) await claimNext();
        else if (closed) return undefined;
        else await new Promise<void>((resolve) => waiting.push(resolve));
      }
    };
    let sent = 0;
    const workers = Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let row = await take(); row; row = await take()) {
          if ((await this.send(row)) === 'sent') sent++;
          onEach?.();
        }
      }),
    );
    return {
      add(more: number[]) {
        for (const id of more) ids.push(id);
        wake();
      },
      async finish() {
        closed = true;
        wake();
        await workers;
        return sent;
      },
    };
  }

  /** One attempt of a taken message, its outcome recorded. */
  private async send(row: OutboxRow): Promise<DeliveryResult> {
    const id = row.id;
    try {
      if (this.mode === 'file') {
        const file = this.writeEml(row);
        await this.repo.markFiled(id, this.now().toISOString(), file);
        return 'filed';
      }
      fault('before-send');
      await this.smtp().sendMail({ envelope: envelopeOf({ from: row.from_address, to: row.to_address }), raw: this.rfc5322(row) });
      fault('after-accept');
      await this.recordSent(id);
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
   * Records a message as sent, as soon as possible, with the acceptances that came in meanwhile (group commit):
   * the first one of a quiet moment is recorded in the next turn of the event loop; the ones the server accepts
   * while that UPDATE runs are recorded together the moment it returns. The uncertain window stays at most
   * two statements long, and a notice run does not pay a statement and a commit per message.
   */
  private recordSent(id: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sentToRecord.push({ id, resolve, reject });
      if (this.sentToRecord.length === 1 && !this.recordingSent) setImmediate(() => void this.flushSent());
    });
  }

  private async flushSent(): Promise<void> {
    const batch = this.sentToRecord.splice(0);
    if (!batch.length) return;
    this.recordingSent = true;
    try {
      await this.repo.markSent(batch.map((b) => b.id), this.now().toISOString());
      for (const b of batch) b.resolve();
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      this.recordingSent = false;
    }
    if (this.sentToRecord.length) await this.flushSent();
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
    this.transport?.close();
  }

  private smtp(): SmtpSender {
    if (!this.transport) {
      const url = this.opts.config.smtpUrl!;
      // pooled: one connection serves many messages (a notice run sends thousands)
      this.transport =
        this.connections > 1 ? new ThreadedSmtpSender(url, this.connections) : nodemailer.createTransport({ url, pool: true, maxConnections: 1, maxMessages: Infinity } as Parameters<typeof nodemailer.createTransport>[0]);
    }
    return this.transport;
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch(() => undefined).finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  /** The message as sent (or filed): the same bytes for every attempt, with the row's Message-ID. */
  private rfc5322(row: OutboxRow): string {
    return buildMessage({
      from: row.from_address,
      to: row.to_address,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      messageId: row.message_id,
      date: new Date(row.created_at),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Colophon-Kind': row.kind, ...(row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {}) },
    });
  }

  private writeEml(row: OutboxRow): string {
    mkdirSync(this.outboxDir, { recursive: true });
    const name = `${String(row.id).padStart(8, '0')}-${row.kind.replace(/[^a-z0-9-]/gi, '')}.eml`;
    writeFileSync(join(this.outboxDir, name), this.rfc5322(row));
    return name;
  }
}
