// Fees a reader owes and the payments recorded against them.
import type { Kysely } from 'kysely';
import type { Database, FeeRow } from '../db/schema.js';

export interface FeePaymentRow {
  id: number;
  fee_id: number;
  amount_cents: number;
  method: string;
  created_at: string;
  recorded_by: string | null;
}

export class FeeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(f: { readerId: number; reason: string; label: string; amountCents: number; staffId: number | null; createdAt: string }): Promise<number> {
    const { id } = await this.db
      .insertInto('fees')
      .values({ reader_id: f.readerId, reason: f.reason, label: f.label, amount_cents: f.amountCents, paid_cents: 0, created_by_staff_id: f.staffId, created_at: f.createdAt, paid_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** The fee `feeId` if it belongs to `readerId` (a fee id taken from a form is only trusted with its reader). */
  ofReader(readerId: number, feeId: number): Promise<FeeRow | undefined> {
    return this.db.selectFrom('fees').selectAll().where('id', '=', feeId).where('reader_id', '=', readerId).executeTakeFirst();
  }

  listOfReader(readerId: number): Promise<FeeRow[]> {
    return this.db.selectFrom('fees').selectAll().where('reader_id', '=', readerId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  }

  paymentsOfReader(readerId: number): Promise<FeePaymentRow[]> {
    return this.db
      .selectFrom('fee_payments as p')
      .leftJoin('staff as s', 's.id', 'p.recorded_by_staff_id')
      .select(['p.id', 'p.fee_id', 'p.amount_cents', 'p.method', 'p.created_at', 's.name as recorded_by'])
      .where('p.reader_id', '=', readerId)
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id', 'desc')
      .execute();
  }

  /**
   * Adds a payment to a fee, if it does not exceed what is owed: one conditional UPDATE, so two desks recording
   * the same payment at once cannot overpay the fee. Returns false when the fee changed in between.
   */
  async pay(p: { readerId: number; feeId: number; amountCents: number; method: string; staffId: number | null; now: string }): Promise<boolean> {
    const r = await this.db
      .updateTable('fees')
      .set((eb) => ({
        paid_cents: eb('paid_cents', '+', p.amountCents),
        paid_at: eb.case().when(eb('paid_cents', '+', p.amountCents), '>=', eb.ref('amount_cents')).then(p.now).else(null).end(),
      }))
      .where('id', '=', p.feeId)
      .where('reader_id', '=', p.readerId)
      .where((eb) => eb(eb('paid_cents', '+', p.amountCents), '<=', eb.ref('amount_cents')))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await this.db
      .insertInto('fee_payments')
      .values({ fee_id: p.feeId, reader_id: p.readerId, amount_cents: p.amountCents, method: p.method, recorded_by_staff_id: p.staffId, created_at: p.now })
      .execute();
    return true;
  }
}
