// The SQL of signing in: finding a reader or staff account by what was typed, and setting passwords.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface ReaderAccount {
  id: number;
  cardNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  email: string | null;
  passwordHash: string | null;
  mustChangePassword: boolean;
  language: 'fr' | 'en';
  categoryId: number;
  categoryCode: string;
  homeLibraryId: number;
}

export interface StaffAccount {
  id: number;
  login: string;
  name: string;
  email: string | null;
  passwordHash: string;
  role: 'librarian' | 'admin';
  mustChangePassword: boolean;
  libraryIds: number[];
}

export class AccountRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private readers() {
    return this.db
      .selectFrom('readers as r')
      .innerJoin('reader_categories as c', 'c.id', 'r.category_id')
      .select([
        'r.id', 'r.card_number', 'r.first_name', 'r.last_name', 'r.birth_date', 'r.email', 'r.password_hash',
        'r.must_change_password', 'r.language', 'r.category_id', 'c.code as category_code', 'r.home_library_id',
      ]);
  }

  private static toReader(r: {
    id: number; card_number: string; first_name: string; last_name: string; birth_date: string | null; email: string | null;
    password_hash: string | null; must_change_password: number; language: string; category_id: number; category_code: string; home_library_id: number;
  }): ReaderAccount {
    return {
      id: r.id,
      cardNumber: r.card_number,
      firstName: r.first_name,
      lastName: r.last_name,
      birthDate: r.birth_date,
      email: r.email,
      passwordHash: r.password_hash,
      mustChangePassword: r.must_change_password === 1,
      language: r.language === 'en' ? 'en' : 'fr',
      categoryId: r.category_id,
      categoryCode: r.category_code,
      homeLibraryId: r.home_library_id,
    };
  }

  async readerByCardNumber(cardNumber: string): Promise<ReaderAccount | undefined> {
    const r = await this.readers().where('r.card_number', '=', cardNumber).executeTakeFirst();
    return r && AccountRepository.toReader(r);
  }

  /** At most `limit` readers whose email is `email` (already normalised: lower-cased), by the lower(email) index. */
  async readersByEmail(email: string, limit = 2): Promise<ReaderAccount[]> {
    const rows = await this.readers()
      .where((eb) => eb(eb.fn('lower', ['r.email']), '=', email))
      .orderBy('r.id')
      .limit(limit)
      .execute();
    return rows.map(AccountRepository.toReader);
  }

  async readerById(id: number): Promise<ReaderAccount | undefined> {
    const r = await this.readers().where('r.id', '=', id).executeTakeFirst();
    return r && AccountRepository.toReader(r);
  }

  async setReaderPassword(id: number, passwordHash: string, mustChange: boolean, now: string): Promise<void> {
    await this.db
      .updateTable('readers')
      .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async setReaderEmail(id: number, email: string | null, now: string): Promise<void> {
    await this.db.updateTable('readers').set({ email, updated_at: now }).where('id', '=', id).execute();
  }

  private async staffWhere(column: 'login' | 'id', value: string | number): Promise<StaffAccount | undefined> {
    const s = await this.db
      .selectFrom('staff')
      .select(['id', 'login', 'name', 'email', 'password_hash', 'role', 'must_change_password'])
      // Logins compare case-insensitively (staff type "Biblio.Centre" as often as "biblio.centre"); the table is small.
      .where((eb) => (column === 'login' ? eb(eb.fn('lower', ['login']), '=', String(value).toLowerCase()) : eb('id', '=', Number(value))))
      .executeTakeFirst();
    if (!s) return undefined;
    const libs = await this.db.selectFrom('staff_libraries').select('library_id').where('staff_id', '=', s.id).orderBy('library_id').execute();
    return {
      id: s.id,
      login: s.login,
      name: s.name,
      email: s.email,
      passwordHash: s.password_hash,
      role: s.role === 'admin' ? 'admin' : 'librarian',
      mustChangePassword: s.must_change_password === 1,
      libraryIds: libs.map((l) => l.library_id),
    };
  }

  staffByLogin(login: string): Promise<StaffAccount | undefined> {
    return this.staffWhere('login', login);
  }

  staffById(id: number): Promise<StaffAccount | undefined> {
    return this.staffWhere('id', id);
  }

  async setStaffPassword(id: number, passwordHash: string, mustChange: boolean): Promise<void> {
    await this.db.updateTable('staff').set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 }).where('id', '=', id).execute();
  }
}
