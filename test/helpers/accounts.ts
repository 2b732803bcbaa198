// A small network for account tests: two libraries, two reader categories, readers with known passwords
// (one on the initial password, two sharing an email address, one reading in English) and three staff.
// Also a fixed, movable clock and a password hasher that counts its calls.
import type { Db } from '../../src/db/connect.js';
import { argon2Hasher, type PasswordHasher } from '../../src/services/auth.service.js';
import type { Principal, ReaderPrincipal, StaffPrincipal } from '../../src/authz/accounts.js';

export const T0 = new Date('2026-03-02T09:00:00.000Z');

export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  set(d: Date): void;
}

export function testClock(start: Date = T0): TestClock {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms), set: (d) => void (t = d.getTime()) };
}

export interface CountingHasher extends PasswordHasher {
  /** the hash each verify() call was given, in order */
  verified: string[];
  hashed: number;
}

export function countingHasher(inner: PasswordHasher = argon2Hasher): CountingHasher {
  const h: CountingHasher = {
    verified: [],
    hashed: 0,
    hash: async (p) => {
      h.hashed++;
      return inner.hash(p);
    },
    verify: async (hash, p) => {
      h.verified.push(hash);
      return inner.verify(hash, p);
    },
  };
  return h;
}

export interface FixtureReader {
  id: number;
  cardNumber: string;
  email: string | null;
  password: string;
}

export interface AccountsFixture {
  libraries: { CENTRALE: number; TILLEULS: number };
  categories: { ADULTE: number; JEUNE: number };
  readers: {
    camille: FixtureReader;
    lucas: FixtureReader;
    nadia: FixtureReader;
    yanis: FixtureReader;
    emily: FixtureReader;
    fatou: FixtureReader;
  };
  staff: { centre: { id: number; login: string; password: string }; tilleuls: { id: number; login: string; password: string }; admin: { id: number; login: string; password: string } };
}

export async function seedAccounts(db: Db, now: Date = T0): Promise<AccountsFixture> {
  const k = db.kysely;
  const ts = now.toISOString();
  const lib = async (code: string, name: string) =>
    (await k.insertInto('libraries').values({ code, name, address: null, postcode: null, city: null, phone: null, email: null, created_at: ts }).returning('id').executeTakeFirstOrThrow()).id;
  const cat = async (code: string, name: string) => (await k.insertInto('reader_categories').values({ code, name }).returning('id').executeTakeFirstOrThrow()).id;
  const libraries = { CENTRALE: await lib('CENTRALE', 'Médiathèque Jeanne-Barret'), TILLEULS: await lib('TILLEULS', 'Bibliothèque des Tilleuls') };
  const categories = { ADULTE: await cat('ADULTE', 'Adulte'), JEUNE: await cat('JEUNE', 'Jeune') };
  const reader = async (r: {
    cardNumber: string; first: string; last: string; birth: string; email: string | null; password: string; mustChange: boolean;
    category: keyof typeof categories; library: keyof typeof libraries; language?: string;
  }): Promise<FixtureReader> => {
    const { id } = await k
      .insertInto('readers')
      .values({
        card_number: r.cardNumber, first_name: r.first, last_name: r.last, birth_date: r.birth, email: r.email, phone: null, mobile: null,
        category_id: categories[r.category], home_library_id: libraries[r.library], membership_expires: '2027-01-31',
        password_hash: await argon2Hasher.hash(r.password), must_change_password: r.mustChange ? 1 : 0, blocked: 0, language: r.language ?? 'fr',
        created_at: ts, updated_at: ts,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, cardNumber: r.cardNumber, email: r.email, password: r.password };
  };
  const readers = {
    camille: await reader({ cardNumber: '2900100000017', first: 'Camille', last: 'Martin', birth: '1984-03-12', email: 'camille.martin@example.org', password: 'Lecture-2024!', mustChange: false, category: 'ADULTE', library: 'CENTRALE' }),
    lucas: await reader({ cardNumber: '2900100000024', first: 'Lucas', last: 'Bernard', birth: '1987-11-05', email: 'lucas.bernard@example.org', password: '1987', mustChange: true, category: 'ADULTE', library: 'TILLEULS' }),
    nadia: await reader({ cardNumber: '2900100000093', first: 'Nadia', last: 'Benali', birth: '1983-12-01', email: 'nadia.benali@example.org', password: 'Famille-Benali-1!', mustChange: false, category: 'ADULTE', library: 'TILLEULS' }),
    yanis: await reader({ cardNumber: '2900100000109', first: 'Yanis', last: 'Benali', birth: '2013-05-01', email: 'nadia.benali@example.org', password: 'Famille-Benali-2!', mustChange: false, category: 'JEUNE', library: 'TILLEULS' }),
    emily: await reader({ cardNumber: '2900100000048', first: 'Emily', last: 'Carter', birth: '1979-08-23', email: 'emily.carter@example.org', password: 'Reading-2024!', mustChange: false, category: 'ADULTE', library: 'TILLEULS', language: 'en' }),
    fatou: await reader({ cardNumber: '2900100000062', first: 'Fatou', last: 'Diallo', birth: '1992-09-30', email: null, password: 'Roman-Policier-7!', mustChange: false, category: 'ADULTE', library: 'TILLEULS' }),
  };
  const staffMember = async (login: string, name: string, role: string, libs: number[], password: string) => {
    const { id } = await k
      .insertInto('staff')
      .values({ login, name, email: `${login}@example.org`, password_hash: await argon2Hasher.hash(password), role, created_at: ts })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const l of libs) await k.insertInto('staff_libraries').values({ staff_id: id, library_id: l }).execute();
    return { id, login, password };
  };
  const staff = {
    centre: await staffMember('biblio.centre', 'Isabelle Roussel', 'librarian', [libraries.CENTRALE], 'Colophon-Biblio-2024!'),
    tilleuls: await staffMember('biblio.tilleuls', 'Karim Haddad', 'librarian', [libraries.TILLEULS], 'Colophon-Biblio-2024!'),
    admin: await staffMember('admin.reseau', 'Jérôme Delattre', 'admin', [libraries.CENTRALE, libraries.TILLEULS], 'Colophon-Admin-2024!'),
  };
  return { libraries, categories, readers, staff };
}

/** The principal of a successful sign-in result, or a failed assertion's error. */
export function principalOf<P extends Principal = Principal>(r: { ok: boolean; principal?: Principal }): P {
  if (!r.ok || !r.principal) throw new Error(`expected a successful sign-in, got ${JSON.stringify(r)}`);
  return r.principal as P;
}

export type { ReaderPrincipal, StaffPrincipal };
