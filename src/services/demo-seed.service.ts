// Loads the deterministic demo network: libraries, loan types, reader categories, staff, readers, and the
// catalogue through the same importer as a MARC file.
import { hashPassword } from './passwords.js';
import type { Db } from '../db/connect.js';
import { buildDemoNetwork, type DemoNetwork } from '../demo/demo-network.js';
import { CatalogueImporter, type ImportReport } from './import.service.js';
import type { ReadItem } from '../marc/readers.js';
import { DEMO_RULES, DEMO_SEASONS } from '../demo/demo-circulation.js';
import { CirculationRepository } from '../repositories/circulation.repository.js';

export async function seedDemo(db: Db, opts: { recordCount?: number; today?: string; now?: () => Date } = {}): Promise<{ network: DemoNetwork; catalogue: ImportReport }> {
  const now = opts.now ?? (() => new Date());
  const ts = now().toISOString();
  const network = buildDemoNetwork({ recordCount: opts.recordCount, today: opts.today ?? ts.slice(0, 10) });
  const k = db.kysely;
  const libIds = new Map<string, number>();
  const catIds = new Map<string, number>();
  // Hash outside the transaction: argon2 runs on libuv's threads and a long transaction would hold SQLite's lock.
  const readerHashes = await Promise.all(network.readers.map((r) => hashPassword(r.password)));
  const staffHashes = await Promise.all(network.staff.map((s) => hashPassword(s.password)));

  await k.transaction().execute(async (trx) => {
    for (const l of network.libraries) {
      const { id } = await trx
        .insertInto('libraries')
        .values({
          code: l.code,
          name: l.name,
          address: l.address,
          postcode: l.postcode,
          city: l.city,
          phone: l.phone,
          email: l.email,
          time_zone: l.timeZone,
          holiday_zone: l.holidayZone,
          opening_hours: JSON.stringify(l.openingHours),
          created_at: ts,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      libIds.set(l.code, id);
      for (const c of l.closures) {
        await trx.insertInto('library_closures').values({ library_id: id, start_date: c.start, end_date: c.end, reason: c.reason }).execute();
      }
    }
    for (const t of network.loanTypes) await trx.insertInto('loan_types').values({ code: t.code, name: t.name, loan_days: t.loanDays }).execute();
    for (const c of network.readerCategories) {
      const { id } = await trx.insertInto('reader_categories').values({ code: c.code, name: c.name }).returning('id').executeTakeFirstOrThrow();
      catIds.set(c.code, id);
    }
    for (const [i, r] of network.readers.entries()) {
      await trx
        .insertInto('readers')
        .values({
          card_number: r.cardNumber,
          first_name: r.firstName,
          last_name: r.lastName,
          birth_date: r.birthDate,
          email: r.email,
          phone: r.phone,
          mobile: r.mobile,
          category_id: catIds.get(r.categoryCode)!,
          home_library_id: libIds.get(r.homeLibraryCode)!,
          membership_expires: r.membershipExpires,
          password_hash: readerHashes[i]!,
          must_change_password: r.mustChangePassword ? 1 : 0,
          blocked: 0,
          language: r.language,
          created_at: ts,
          updated_at: ts,
        })
        .execute();
    }
    for (const [i, s] of network.staff.entries()) {
      const { id } = await trx
        .insertInto('staff')
        .values({ login: s.login, name: s.name, email: s.email, password_hash: staffHashes[i]!, role: s.role, created_at: ts })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const code of s.libraryCodes) await trx.insertInto('staff_libraries').values({ staff_id: id, library_id: libIds.get(code)! }).execute();
    }
  });

  const importer = new CatalogueImporter(db, { now });
  const items: ReadItem[] = network.records.map((record, i) => ({ ok: true, record, index: i + 1, offset: 0, encoding: 'utf8' }));
  await importer.importItems('demo network', items);
  await seedCirculationRules(db, ts);
  return { network, catalogue: importer.report };
}

/** The demo's circulation rules and seasonal hours (codes resolved to ids; unknown codes are skipped). */
export async function seedCirculationRules(db: Db, ts: string): Promise<void> {
  const k = db.kysely;
  const ids = async (table: 'libraries' | 'reader_categories' | 'loan_types') => new Map((await k.selectFrom(table).select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
  const [libs, cats, types] = await Promise.all([ids('libraries'), ids('reader_categories'), ids('loan_types')]);
  const repo = new CirculationRepository(k);
  for (const r of DEMO_RULES) {
    const lib = r.library === null ? null : libs.get(r.library);
    const cat = r.category === null ? null : cats.get(r.category);
    const type = r.loanType === null ? null : types.get(r.loanType);
    if (lib === undefined || cat === undefined || type === undefined) continue;
    await repo.saveRule(lib, cat, type, r.rule, ts);
  }
  for (const s of DEMO_SEASONS) {
    const lib = libs.get(s.library);
    if (lib !== undefined) await k.insertInto('library_seasons').values({ library_id: lib, name: s.name, start_md: s.startMd, end_md: s.endMd, opening_hours: JSON.stringify(s.hours) }).execute();
  }
}
