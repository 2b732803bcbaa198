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
}

export type OutboxSummary = Pick<OutboxRow, 'id' | 'kind' | 'to_address' | 'subject' | 'status' | 'attempts' | 'created_at' | 'sent_at' | 'error'>;

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(m: NewOutboxMessage): Promise<number> {
    const { id } = await this.db
      .insertInto('outbox')
      .values({
        message_id: m.messageId,
        kind: m.kind,
        from_address: m.from,
        to_address: m.to,
        reader_id: m.readerId,
        subject: m.subject,
        text_body: m.text,
        html_body: m.html,
        status: 'pending',
        attempts: 0,
        created_at: m.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  get(id: number): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Takes message `id` for delivery: pending, failed with attempts left, or left "sending" since before
   * `staleBefore` by a process that stopped mid-send (an uncertain message, sent again with the same Message-ID).
   * One conditional UPDATE: two workers never both take it.
   */
  async claim(id: number, now: string, staleBefore: string, maxAttempts: number): Promise<OutboxRow | undefined> {
    return this.db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), last_attempt_at: now }))
      .where('id', '=', id)
      .where('attempts', '<', maxAttempts)
      .where((eb) =>
        eb.or([eb('status', 'in', ['pending', 'failed']), eb.and([eb('status', '=', 'sending'), eb('last_attempt_at', '<', staleBefore)])]),
      )
      .returningAll()
      .executeTakeFirst();
  }

  async markDelivered(id: number, status: 'sent' | 'filed', now: string, file: string | null): Promise<void> {
    await this.db.updateTable('outbox').set({ status, sent_at: now, error: null, file }).where('id', '=', id).execute();
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db.updateTable('outbox').set({ status: 'failed', error: error.slice(0, 2000) }).where('id', '=', id).execute();
  }

  /** Messages a delivery run should try (see claim). */
  async deliverable(staleBefore: string, maxAttempts: number, limit = 100): Promise<number[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .select('id')
      .where('attempts', '<', maxAttempts)
      .where((eb) =>
        eb.or([eb('status', 'in', ['pending', 'failed']), eb.and([eb('status', '=', 'sending'), eb('last_attempt_at', '<', staleBefore)])]),
      )
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
