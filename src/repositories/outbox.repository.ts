// The email outbox: every message is recorded before it is sent (DESIGN.md 7), then marked sent, filed (no
// SMTP configured: written as .eml in the data directory) or failed. Staff read it in the back office.
import type { Kysely } from 'kysely';
import type { Database, OutboxRow } from '../db/schema.js';

export interface NewOutboxMessage {
  messageId: string;
  kind: string;
  from: string;
  to: string;
  readerId: number | null;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
  /** the event it tells about: a second message for the same event is refused (unique index) */
  eventKey?: string | null;
  /** a notice to print (no email address): never delivered */
  print?: boolean;
  headers?: Record<string, string> | null;
}

export type OutboxSummary = Pick<OutboxRow, 'id' | 'kind' | 'to_address' | 'subject' | 'status' | 'attempts' | 'created_at' | 'sent_at' | 'error'>;

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(m: NewOutboxMessage): Promise<number> {
    return (await this.insertMany([m]))[0]!;
  }

  /** Records several messages with one statement; their ids in the order given. */
  async insertMany(ms: NewOutboxMessage[]): Promise<number[]> {
    if (!ms.length) return [];
    const rows = await this.db
      .insertInto('outbox')
      .values(
        ms.map((m) => ({
          message_id: m.messageId,
          kind: m.kind,
          from_address: m.from,
          to_address: m.to,
          reader_id: m.readerId,
          subject: m.subject,
          text_body: m.text,
          html_body: m.html,
          status: m.print ? 'print' : 'queued',
          attempts: 0,
          created_at: m.createdAt,
          event_key: m.eventKey ?? null,
          print: m.print ? 1 : 0,
          headers: m.headers && Object.keys(m.headers).length ? JSON.stringify(m.headers) : null,
        })),
      )
      .returning(['id', 'message_id'])
      .execute();
    const byMessageId = new Map(rows.map((r) => [r.message_id, r.id]));
    return ms.map((m) => byMessageId.get(m.messageId)!);
  }

  get(id: number): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * A message left "sending" since before `staleBefore` belongs to a process that stopped between its attempt
   * and the record of the outcome: it becomes uncertain (SMTP may or may not have accepted it). Returns how many.
   */
  async markUncertain(now: string, staleBefore: string): Promise<number> {
    const r = await this.db.updateTable('outbox').set({ status: 'uncertain', uncertain_at: now }).where('status', '=', 'sending').where('last_attempt_at', '<', staleBefore).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /**
   * Takes message `id` for an attempt: queued, uncertain, or failed with attempts left and its backoff over.
   * One conditional UPDATE (the attempt is recorded before anything is sent): two workers never both take it.
   */
  async claim(id: number, now: string, maxAttempts: number): Promise<OutboxRow | undefined> {
    return this.db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), last_attempt_at: now }))
      .where('id', '=', id)
      .where('attempts', '<', maxAttempts)
      .where((eb) => eb.or([eb('status', 'in', ['queued', 'uncertain']), eb.and([eb('status', '=', 'failed'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])])]))
      .returningAll()
      .executeTakeFirst();
  }

  /** claim() for several messages with one statement (a notice run's batch): those that could be taken. */
  async claimMany(ids: number[], now: string, maxAttempts: number): Promise<OutboxRow[]> {
    if (!ids.length) return [];
    return this.db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), last_attempt_at: now }))
      .where('id', 'in', ids)
      .where('attempts', '<', maxAttempts)
      .where((eb) => eb.or([eb('status', 'in', ['queued', 'uncertain']), eb.and([eb('status', '=', 'failed'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])])]))
      .returningAll()
      .execute();
  }

  /** A message filed as .eml (no SMTP server configured). */
  async markFiled(id: number, now: string, file: string): Promise<void> {
    await this.db.updateTable('outbox').set({ status: 'filed', sent_at: now, error: null, file, next_attempt_at: null }).where('id', '=', id).execute();
  }

  /** Messages the SMTP server accepted. */
  async markSent(ids: number[], now: string): Promise<void> {
    await this.db.updateTable('outbox').set({ status: 'sent', sent_at: now, error: null, next_attempt_at: null }).where('id', 'in', ids).execute();
  }

  /** A temporary failure (retried from `retryAt`, or never when null: attempts exhausted) or a rejection (5xx, final). */
  async markFailed(id: number, error: string, outcome: 'failed' | 'rejected', retryAt: string | null): Promise<void> {
    await this.db.updateTable('outbox').set({ status: outcome, error: error.slice(0, 2000), next_attempt_at: retryAt }).where('id', '=', id).execute();
  }

  /** Messages a delivery run should try now (see claim). */
  async deliverable(now: string, maxAttempts: number, limit = 100): Promise<number[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .select('id')
      .where('attempts', '<', maxAttempts)
      .where((eb) => eb.or([eb('status', 'in', ['queued', 'uncertain']), eb.and([eb('status', '=', 'failed'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])])]))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The newest messages first, for the back office. */
  list(opts: { limit?: number; beforeId?: number; to?: string } = {}): Promise<OutboxSummary[]> {
    let q = this.db
      .selectFrom('outbox')
      .select(['id', 'kind', 'to_address', 'subject', 'status', 'attempts', 'created_at', 'sent_at', 'error'])
      .orderBy('id', 'desc')
      .limit(Math.min(opts.limit ?? 50, 500));
    if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
    if (opts.to) q = q.where('to_address', '=', opts.to);
    return q.execute();
  }
}
