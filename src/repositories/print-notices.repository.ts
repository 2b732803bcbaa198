// Notices to print (readers without an email address): outbox rows with status 'print', and their readers.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export class PrintNoticesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Waiting notices, oldest first, of readers of these home libraries (null: all), up to `upToId`. */
  waiting(libraries: number[] | null, upToId: number | undefined, limit: number) {
    let q = this.db
      .selectFrom('outbox as o')
      .innerJoin('readers as r', 'r.id', 'o.reader_id')
      .innerJoin('libraries as l', 'l.id', 'r.home_library_id')
      .select(['o.id', 'o.reader_id', 'o.kind', 'o.subject', 'o.text_body', 'o.created_at', 'r.first_name', 'r.last_name', 'r.card_number', 'r.language', 'r.home_library_id', 'l.name as library_name'])
      .where('o.status', '=', 'print')
      .where('o.print', '=', 1)
      .orderBy('o.id')
      .limit(limit);
    if (libraries) q = q.where('r.home_library_id', 'in', libraries);
    if (upToId !== undefined) q = q.where('o.id', '<=', upToId);
    return q.execute();
  }

  /** Of these ids, the notices still waiting (of readers of these home libraries; null: all). */
  waitingAmong(ids: number[], libraries: number[] | null) {
    let q = this.db.selectFrom('outbox as o').innerJoin('readers as r', 'r.id', 'o.reader_id').select(['o.id', 'r.home_library_id']).where('o.id', 'in', ids).where('o.status', '=', 'print').where('o.print', '=', 1);
    if (libraries) q = q.where('r.home_library_id', 'in', libraries);
    return q.execute();
  }

  /** Printed now (sent_at: when it left the library, on paper); returns how many. */
  async markPrinted(ids: number[], now: string): Promise<number> {
    const r = await this.db.updateTable('outbox').set({ status: 'printed', sent_at: now }).where('id', 'in', ids).where('status', '=', 'print').executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
