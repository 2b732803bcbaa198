// A small network for circulation tests: two libraries with real opening hours (Paris time, metropolitan
// holidays), the demo's loan types, categories and rules, five readers, three staff members, and titles
// with copies in known places. Readers and staff are given as principals (services take principals).
import type { Db } from '../../src/db/connect.js';
import type { ReaderPrincipal, StaffPrincipal } from '../../src/authz/accounts.js';
import { seedCirculationRules } from '../../src/services/demo-seed.service.js';

export interface CirculationFixture {
  lib: { CENTRALE: number; TILLEULS: number };
  readers: Record<'camille' | 'emily' | 'lucas' | 'henri' | 'leo', ReaderPrincipal & { email: string | null }>;
  staff: { centre: StaffPrincipal; tilleuls: StaffPrincipal; admin: StaffPrincipal };
  /** record ids */
  titles: Record<'novel' | 'popular' | 'dvd' | 'atlas' | 'weekly' | 'onecopy', number>;
  /** copy barcodes by title: [first, second...] */
  barcodes: Record<'novel' | 'popular' | 'dvd' | 'atlas' | 'weekly' | 'onecopy', string[]>;
}

const WEEK = JSON.stringify({
  mon: [],
  tue: [['10:00', '18:00']],
  wed: [['10:00', '18:00']],
  thu: [['14:00', '18:00']],
  fri: [['14:00', '19:00']],
  sat: [['10:00', '18:00']],
  sun: [],
});

export async function seedCirculation(db: Db, ts = '2026-11-20T10:00:00.000Z'): Promise<CirculationFixture> {
  const k = db.kysely;
  const lib = async (code: string, name: string) =>
    (await k.insertInto('libraries').values({ code, name, address: '1, place de la Mairie', postcode: '59290', city: 'Val-de-Lys', phone: '03 53 01 20 00', email: `${code.toLowerCase()}@example.org`, opening_hours: WEEK, created_at: ts }).returning('id').executeTakeFirstOrThrow()).id;
  const l = { CENTRALE: await lib('CENTRALE', 'Médiathèque Jeanne-Barret'), TILLEULS: await lib('TILLEULS', 'Bibliothèque des Tilleuls') };
  const types = new Map<string, number>();
  for (const [code, days] of [['STD', 21], ['1SEM', 7], ['DVD', 14], ['REF', 0]] as const) {
    types.set(code, (await k.insertInto('loan_types').values({ code, name: code, loan_days: days }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const cats = new Map<string, number>();
  for (const code of ['ADULTE', 'JEUNE']) cats.set(code, (await k.insertInto('reader_categories').values({ code, name: code }).returning('id').executeTakeFirstOrThrow()).id);
  await seedCirculationRules(db, ts);

  const reader = async (key: string, first: string, last: string, card: string, email: string | null, cat: string, home: number, expires: string, language: 'fr' | 'en' = 'fr') => {
    const { id } = await k
      .insertInto('readers')
      .values({ card_number: card, first_name: first, last_name: last, birth_date: '1980-01-01', email, phone: null, mobile: null, category_id: cats.get(cat)!, home_library_id: home, membership_expires: expires, password_hash: null, must_change_password: 0, language, created_at: ts, updated_at: ts })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p: ReaderPrincipal & { email: string | null } = { kind: 'reader', readerId: id, cardNumber: card, firstName: first, lastName: last, language, categoryCode: cat, homeLibraryId: home, mustChangePassword: false, email };
    return [key, p] as const;
  };
  const readers = Object.fromEntries([
    await reader('camille', 'Camille', 'Martin', '2900100000017', 'camille.martin@example.org', 'ADULTE', l.CENTRALE, '2027-06-30'),
    await reader('emily', 'Emily', 'Carter', '2900100000024', 'emily.carter@example.org', 'ADULTE', l.TILLEULS, '2027-06-30', 'en'),
    await reader('lucas', 'Lucas', 'Bernard', '2900100000031', 'lucas.bernard@example.org', 'ADULTE', l.TILLEULS, '2027-06-30'),
    await reader('henri', 'Henri', 'Lefèvre', '2900100000048', null, 'ADULTE', l.CENTRALE, '2026-10-01'),
    await reader('leo', 'Léo', 'Martin', '2900100000055', null, 'JEUNE', l.CENTRALE, '2027-06-30'),
  ]) as CirculationFixture['readers'];

  const staffMember = async (login: string, role: 'librarian' | 'admin', libs: number[]): Promise<StaffPrincipal> => {
    const { id } = await k.insertInto('staff').values({ login, name: login, email: null, password_hash: 'x', role, created_at: ts }).returning('id').executeTakeFirstOrThrow();
    for (const library_id of libs) await k.insertInto('staff_libraries').values({ staff_id: id, library_id }).execute();
    return { kind: 'staff', staffId: id, login, name: login, role, libraryIds: libs, mustChangePassword: false };
  };
  const staff = { centre: await staffMember('biblio.centre', 'librarian', [l.CENTRALE]), tilleuls: await staffMember('biblio.tilleuls', 'librarian', [l.TILLEULS]), admin: await staffMember('admin.reseau', 'admin', []) };

  let seq = 0;
  const title = async (name: string, copies: Array<{ home: number; type: string }>) => {
    const { id } = await k
      .insertInto('records')
      .values({
        control_number: `T${++seq}`, fingerprint: null, flavour: 'unimarc', marc: '{}', title: name, sort_title: name.toLowerCase(), subtitle: null, authors: '[]', subjects: '[]',
        publisher: null, publication_place: null, year: 2020, language: 'fre', isbns: '[]', issns: '[]', series: '[]', document_type: 'book', audience: null, physical_description: null, notes: '[]', created_at: ts, updated_at: ts,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const barcodes: string[] = [];
    for (const c of copies) {
      const barcode = `3900${String(seq).padStart(3, '0')}${String(barcodes.length + 1).padStart(2, '0')}`;
      await k.insertInto('copies').values({ barcode, record_id: id, home_library_id: c.home, current_library_id: c.home, shelf_location: null, call_number: 'R', loan_type_id: types.get(c.type)!, status: 'on_shelf', created_at: ts, updated_at: ts }).execute();
      barcodes.push(barcode);
    }
    return { id, barcodes };
  };
  const made = {
    novel: await title('Le roman des jours', [{ home: l.CENTRALE, type: 'STD' }, { home: l.TILLEULS, type: 'STD' }]),
    popular: await title('Le best-seller', [{ home: l.CENTRALE, type: 'STD' }, { home: l.CENTRALE, type: 'STD' }]),
    dvd: await title('Le film', [{ home: l.CENTRALE, type: 'DVD' }]),
    atlas: await title('Atlas du monde', [{ home: l.CENTRALE, type: 'REF' }]),
    weekly: await title('La nouveauté', [{ home: l.CENTRALE, type: '1SEM' }]),
    onecopy: await title('Un seul exemplaire', [{ home: l.TILLEULS, type: 'STD' }]),
  };
  const titles = Object.fromEntries(Object.entries(made).map(([key, v]) => [key, v.id])) as CirculationFixture['titles'];
  const barcodes = Object.fromEntries(Object.entries(made).map(([key, v]) => [key, v.barcodes])) as CirculationFixture['barcodes'];
  return { lib: l, readers, staff, titles, barcodes };
}
