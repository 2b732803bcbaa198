// Loads the deterministic demo network: libraries, loan types, reader categories, staff, readers, and the
// catalogue through the same importer as a MARC file.
import { hashPassword } from './passwords.js';
import type { Db } from '../db/connect.js';
import { buildDemoNetwork, type DemoNetwork } from '../demo/demo-network.js';
import { CatalogueImporter, type ImportReport } from './import.service.js';
import type { ReadItem } from '../marc/readers.js';
import { DEMO_RULES, DEMO_SEASONS } from '../demo/demo-circulation.js';
import { CirculationRepository } from '../repositories/circulation.repository.js';
import { CirculationService } from './circulation.service.js';
import type { ReaderPrincipal, StaffPrincipal } from '../authz/accounts.js';

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
  await seedDemoLoans(db, now());
  return { network, catalogue: importer.report };
}

/**
 * Loans through the circulation service, so that they follow the rules: one lendable copy in five is lent to
 * a demo reader (round robin, up to 6 each), checked out between 1 and 30 days ago, so some are overdue. The
 * first demo reader (Camille Martin) gets a loan she can renew, a one-week loan, an overdue loan and a loan
 * another reader (Emily Carter) has placed a hold on.
 */
async function seedDemoLoans(db: Db, now: Date): Promise<void> {
  const k = db.kysely;
  const admin = await k.selectFrom('staff').select('id').where('role', '=', 'admin').orderBy('id').executeTakeFirst();
  if (!admin) return;
  const staff: StaffPrincipal = { kind: 'staff', staffId: admin.id, login: 'demo', name: 'demo', role: 'admin', libraryIds: [], mustChangePassword: false };
  const readers = await k
    .selectFrom('readers')
    .innerJoin('reader_categories as c', 'c.id', 'readers.category_id')
    .select(['readers.id', 'card_number', 'first_name', 'last_name', 'language', 'c.code as category', 'home_library_id', 'membership_expires'])
    .orderBy('readers.id')
    .execute();
  const out = await k
    .selectFrom('copies')
    .innerJoin('loan_types as t', 't.id', 'copies.loan_type_id')
    .select(['copies.id', 'copies.barcode', 'copies.record_id', 'copies.current_library_id', 't.code as type'])
    .where('copies.status', '=', 'on_shelf')
    .where('t.code', 'in', ['STD', '1SEM', 'DVD'])
    .orderBy('copies.id')
    .execute()
    .then((rows) => rows.filter((c) => c.id % 5 === 0));
  if (!out.length || readers.length < 4) return;
  let clock = now;
  const svc = new CirculationService({ db, config: { baseUrl: 'http://localhost' }, now: () => clock });
  const day = 86_400_000;
  const lend = async (reader: (typeof readers)[number], copy: (typeof out)[number], daysAgo: number) => {
    clock = new Date(now.getTime() - daysAgo * day);
    const r = await svc.checkout(staff, { libraryId: copy.current_library_id, cardNumber: reader.card_number, barcode: copy.barcode, override: { reason: 'demo' } });
    clock = now;
    return r.ok;
  };
  const camille = readers[0]!;
  const emily = readers.find((r) => r.language === 'en') ?? readers[3]!;
  const used = new Set<number>();
  const pick = (type: string) => {
    const c = out.find((x) => !used.has(x.id) && x.type === type);
    if (c) used.add(c.id);
    return c;
  };
  const singles = await k.selectFrom('copies').select(['record_id']).groupBy('record_id').having((eb) => eb.fn.countAll(), '=', 1).execute();
  const single = new Set(singles.map((r) => r.record_id));
  const heldCopy = out.find((x) => x.type === 'STD' && single.has(x.record_id));
  if (heldCopy) used.add(heldCopy.id);
  for (const [copy, daysAgo] of [[pick('STD'), 5], [pick('1SEM'), 2], [pick('STD'), 28], [heldCopy, 3]] as const) if (copy) await lend(camille, copy, daysAgo);
  if (heldCopy) {
    const p: ReaderPrincipal = { kind: 'reader', readerId: emily.id, cardNumber: emily.card_number, firstName: emily.first_name, lastName: emily.last_name, language: emily.language === 'en' ? 'en' : 'fr', categoryCode: emily.category, homeLibraryId: emily.home_library_id, mustChangePassword: false };
    await svc.placeHold(p, heldCopy.record_id, emily.home_library_id);
  }
  const borrowers = readers.slice(1).filter((r) => r.id !== emily.id && (!r.membership_expires || r.membership_expires >= now.toISOString().slice(0, 10)));
  const count = new Map<number, number>();
  let i = 0;
  for (const copy of out) {
    if (used.has(copy.id)) continue;
    const reader = borrowers[i++ % borrowers.length]!;
    if ((count.get(reader.id) ?? 0) >= 6) break;
    if (await lend(reader, copy, 1 + ((i * 7) % 30))) count.set(reader.id, (count.get(reader.id) ?? 0) + 1);
  }
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
