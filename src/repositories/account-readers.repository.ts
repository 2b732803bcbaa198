// The SQL of reader records as staff and imports create and edit them.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ReaderFields } from '../domain/reader-fields.js';

export interface ReaderRecord extends ReaderFields {
  id: number;
  categoryId: number;
  homeLibraryId: number;
  mustChangePassword: boolean;
  blocked: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Stored columns of a reader, from validated fields and resolved ids. */
export interface ReaderValues {
  fields: ReaderFields;
  categoryId: number;
  homeLibraryId: number;
}

// Kept below SQLite's bound-variable limit with room to spare.
const IN_CHUNK = 500;

export class AccountReadersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async categoryIdsByCode(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('reader_categories').select(['id', 'code']).execute();
    return new Map(rows.map((r) => [r.code.toUpperCase(), r.id]));
  }

  async libraryIdsByCode(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('libraries').select(['id', 'code']).execute();
    return new Map(rows.map((r) => [r.code.toUpperCase(), r.id]));
  }

  private records() {
    return this.db
      .selectFrom('readers as r')
      .innerJoin('reader_categories as c', 'c.id', 'r.category_id')
      .innerJoin('libraries as l', 'l.id', 'r.home_library_id')
      .select([
        'r.id', 'r.card_number', 'r.last_name', 'r.first_name', 'r.birth_date', 'r.email', 'r.phone', 'r.mobile', 'r.category_id',
        'c.code as category_code', 'r.home_library_id', 'l.code as library_code', 'r.membership_expires', 'r.language',
        'r.must_change_password', 'r.blocked', 'r.created_at', 'r.updated_at',
      ]);
  }

  private static toRecord(r: {
    id: number; card_number: string; last_name: string; first_name: string; birth_date: string | null; email: string | null; phone: string | null;
    mobile: string | null; category_id: number; category_code: string; home_library_id: number; library_code: string; membership_expires: string | null;
    language: string; must_change_password: number; blocked: number; created_at: string; updated_at: string;
  }): ReaderRecord {
    return {
      id: r.id,
      cardNumber: r.card_number,
      lastName: r.last_name,
      firstName: r.first_name,
      birthDate: r.birth_date ?? '',
      email: r.email,
      phone: r.phone,
      mobile: r.mobile,
      categoryCode: r.category_code,
      categoryId: r.category_id,
      homeLibraryCode: r.library_code,
      homeLibraryId: r.home_library_id,
      membershipExpires: r.membership_expires,
      language: r.language === 'en' ? 'en' : 'fr',
      mustChangePassword: r.must_change_password === 1,
      blocked: r.blocked === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  async byId(id: number): Promise<ReaderRecord | undefined> {
    const r = await this.records().where('r.id', '=', id).executeTakeFirst();
    return r && AccountReadersRepository.toRecord(r);
  }

  async byCardNumber(cardNumber: string): Promise<ReaderRecord | undefined> {
    const r = await this.records().where('r.card_number', '=', cardNumber).executeTakeFirst();
    return r && AccountReadersRepository.toRecord(r);
  }

  async byCardNumbers(cardNumbers: string[]): Promise<Map<string, ReaderRecord>> {
    const out = new Map<string, ReaderRecord>();
    for (let i = 0; i < cardNumbers.length; i += IN_CHUNK) {
      const chunk = cardNumbers.slice(i, i + IN_CHUNK);
      if (!chunk.length) continue;
      const rows = await this.records().where(sql<SqlBool>`r.card_number in (${sql.join(chunk)})`).execute();
      for (const r of rows) out.set(r.card_number, AccountReadersRepository.toRecord(r));
    }
    return out;
  }

  async cardNumberTaken(cardNumber: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('readers').select('id').where('card_number', '=', cardNumber);
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(v: ReaderValues, passwordHash: string | null, now: string): Promise<number> {
    const { id } = await this.db
      .insertInto('readers')
      .values({
        ...this.columns(v),
        password_hash: passwordHash,
        must_change_password: 1,
        blocked: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async update(id: number, v: ReaderValues, now: string, passwordHash?: string): Promise<void> {
    await this.db
      .updateTable('readers')
      .set({ ...this.columns(v), updated_at: now, ...(passwordHash ? { password_hash: passwordHash, must_change_password: 1 } : {}) })
      .where('id', '=', id)
      .execute();
  }

  private columns(v: ReaderValues) {
    const f = v.fields;
    return {
      card_number: f.cardNumber,
      last_name: f.lastName,
      first_name: f.firstName,
      birth_date: f.birthDate,
      email: f.email,
      phone: f.phone,
      mobile: f.mobile,
      category_id: v.categoryId,
      home_library_id: v.homeLibraryId,
      membership_expires: f.membershipExpires,
      language: f.language,
    };
  }
}
