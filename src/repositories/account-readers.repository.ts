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

/**
 * Accented letters folded for the staff's name search, upper and lower case listed because SQLite's lower()
 * only folds ASCII: the SQL expression and the query (foldName) apply the same table, so both engines agree.
 */
const NAME_FOLDS: ReadonlyArray<readonly [string, string]> = [
  ['à', 'a'], ['â', 'a'], ['ä', 'a'], ['á', 'a'], ['ã', 'a'], ['å', 'a'], ['À', 'a'], ['Â', 'a'], ['Ä', 'a'], ['Á', 'a'],
  ['ç', 'c'], ['Ç', 'c'],
  ['é', 'e'], ['è', 'e'], ['ê', 'e'], ['ë', 'e'], ['É', 'e'], ['È', 'e'], ['Ê', 'e'], ['Ë', 'e'],
  ['î', 'i'], ['ï', 'i'], ['í', 'i'], ['ì', 'i'], ['Î', 'i'], ['Ï', 'i'], ['Í', 'i'],
  ['ñ', 'n'], ['Ñ', 'n'],
  ['ô', 'o'], ['ö', 'o'], ['ó', 'o'], ['ò', 'o'], ['õ', 'o'], ['ø', 'o'], ['Ô', 'o'], ['Ö', 'o'], ['Ó', 'o'], ['Ø', 'o'],
  ['ù', 'u'], ['û', 'u'], ['ü', 'u'], ['ú', 'u'], ['Ù', 'u'], ['Û', 'u'], ['Ü', 'u'], ['Ú', 'u'],
  ['ÿ', 'y'], ['Ÿ', 'y'],
  ['œ', 'oe'], ['Œ', 'oe'], ['æ', 'ae'], ['Æ', 'ae'],
  // apostrophes and hyphens count as spaces: "D'Almeida", "Le Goff", "Martin-Dupont"
  ['’', ' '], ["'", ' '], ['-', ' '],
];

/** A name as the search compares it: NFC, accents and case folded, spaces collapsed. */
export function foldName(s: string): string {
  let out = s.normalize('NFC');
  for (const [from, to] of NAME_FOLDS) out = out.split(from).join(to);
  return out.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The same folding in SQL (lower() after the table, as foldName does). */
function foldedSql(column: ReturnType<typeof sql.ref>) {
  let e = sql`${column}`;
  for (const [from, to] of NAME_FOLDS) e = sql`replace(${e}, ${sql.lit(from)}, ${sql.lit(to)})`;
  return sql`lower(${e})`;
}

/** LIKE wildcards typed by the user are matched literally. */
function likePrefix(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

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

  /** Reader categories with their names, by name (the staff form's choices). */
  categories(): Promise<Array<{ id: number; code: string; name: string }>> {
    return this.db.selectFrom('reader_categories').select(['id', 'code', 'name']).orderBy('name').orderBy('id').execute();
  }

  /** Libraries with their names, by name (the staff form's choices). */
  libraries(): Promise<Array<{ id: number; code: string; name: string }>> {
    return this.db.selectFrom('libraries').select(['id', 'code', 'name']).orderBy('name').orderBy('id').execute();
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

  /**
   * Staff look-up: the reader with this exact card number (the unique index) and readers whose
   * "last name first name" starts with `name` (accents, case, hyphens and apostrophes ignored), by name.
   * `limit` bounds the answer. The name part scans the readers table: no folded-name column is indexed yet
   * (a migration could add one); the scan is one pass, a few milliseconds for tens of thousands of readers.
   */
  async search(q: { cardNumber: string | null; name: string | null }, limit: number): Promise<ReaderRecord[]> {
    const out: ReaderRecord[] = [];
    if (q.cardNumber) {
      const exact = await this.byCardNumber(q.cardNumber);
      if (exact) out.push(exact);
    }
    const name = q.name ? foldName(q.name) : '';
    if (name && out.length < limit) {
      const full = foldedSql(sql.ref('r.last_name'));
      const first = foldedSql(sql.ref('r.first_name'));
      const rows = await this.records()
        .where(sql<SqlBool>`(${full} || ' ' || ${first}) like ${likePrefix(name)} escape '\\'`)
        .orderBy('r.last_name')
        .orderBy('r.first_name')
        .orderBy('r.id')
        .limit(limit)
        .execute();
      for (const r of rows) if (!out.some((o) => o.id === r.id)) out.push(AccountReadersRepository.toRecord(r));
    }
    return out.slice(0, limit);
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
