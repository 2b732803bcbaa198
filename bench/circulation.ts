// bench/circulation: check-outs, renewals and check-ins per second through the circulation service, with
// p50/p95/p99 latency per operation, on a generated network of N copies (default 1,000,000) and R readers
// (default 100,000), on each engine: first one desk (one operation at a time), then --desks desks working at
// once (default 8: a network's desks on one server process).
// Usage: npm run bench:circulation -- [--copies 1000000] [--readers 100000] [--ops 2000] [--desks 8] [--engine sqlite|postgres|both] [--smoke]
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { CirculationService } from '../src/services/circulation.service.js';
import { seedCirculationRules } from '../src/services/demo-seed.service.js';
import type { StaffPrincipal } from '../src/authz/accounts.js';
import type { Db } from '../src/db/connect.js';
import { mulberry32 } from '../src/demo/demo-random.js';
import { freshDb, fmt, memorySampler, parseEngines, percentile } from './util.js';

const { values } = parseArgs({ options: { copies: { type: 'string' }, readers: { type: 'string' }, ops: { type: 'string' }, engine: { type: 'string' }, desks: { type: 'string' }, smoke: { type: 'boolean' } } });
const DESKS = Number(values.desks ?? 8);
const COPIES = values.smoke ? 5000 : Number(values.copies ?? 1_000_000);
const READERS = values.smoke ? 1000 : Number(values.readers ?? 100_000);
const OPS = values.smoke ? 200 : Number(values.ops ?? 2000);
const engines = parseEngines(values.engine);
const HOURS = JSON.stringify({ mon: [], tue: [['10:00', '18:00']], wed: [['10:00', '18:00']], thu: [['14:00', '18:00']], fri: [['14:00', '19:00']], sat: [['10:00', '18:00']], sun: [] });

/** Libraries, loan types, categories, rules, then readers, records (2 copies each) and copies by set-based SQL. */
async function generate(db: Db): Promise<void> {
  const k = db.kysely;
  const ts = new Date().toISOString();
  for (const code of ['CENTRALE', 'TILLEULS', 'STAUBIN']) await k.insertInto('libraries').values({ code, name: code, address: null, postcode: null, city: null, phone: null, email: null, opening_hours: HOURS, created_at: ts }).execute();
  for (const [code, days] of [['STD', 21], ['1SEM', 7], ['DVD', 14]] as const) await k.insertInto('loan_types').values({ code, name: code, loan_days: days }).execute();
  await k.insertInto('reader_categories').values({ code: 'ADULTE', name: 'Adulte' }).execute();
  await k.insertInto('staff').values({ login: 'bench', name: 'bench', email: null, password_hash: 'x', role: 'admin', created_at: ts }).execute();
  await seedCirculationRules(db, ts);
  const records = Math.ceil(COPIES / 2);
  const series = (n: number) => (db.engine === 'postgres' ? sql.raw(`select generate_series(1, ${n}) as i`) : sql.raw(`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${n}) select i from s`));
  await sql`insert into readers (card_number, first_name, last_name, birth_date, email, phone, mobile, category_id, home_library_id, membership_expires, password_hash, created_at, updated_at)
    select 'R' || i, 'Prénom', 'Nom ' || i, '1980-01-01', null, null, null, 1, 1 + (i % 3), '2099-12-31', null, ${ts}, ${ts} from (${series(READERS)}) s`.execute(k);
  await sql`insert into records (control_number, fingerprint, flavour, marc, title, sort_title, subtitle, authors, subjects, publisher, publication_place, year, language, isbns, issns, series, document_type, audience, physical_description, notes, created_at, updated_at)
    select 'B' || i, null, 'unimarc', '{}', 'Titre ' || i, 'titre ' || i, null, '[]', '[]', null, null, 2000, 'fre', '[]', '[]', '[]', 'book', null, null, '[]', ${ts}, ${ts} from (${series(records)}) s`.execute(k);
  await sql`insert into copies (barcode, record_id, home_library_id, current_library_id, shelf_location, call_number, loan_type_id, status, created_at, updated_at)
    select 'C' || i, 1 + ((i - 1) / 2), 1 + (i % 3), 1 + (i % 3), null, null, case when i % 10 = 0 then 3 else 1 end, 'on_shelf', ${ts}, ${ts} from (${series(COPIES)}) s`.execute(k);
  if (db.engine === 'postgres') await sql`analyze`.execute(k);
}

function report(name: string, ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `${name.padEnd(10)} ${fmt(ms.length).padStart(6)} ops  p50 ${fmt(percentile(sorted, 50), 2)} ms  p95 ${fmt(percentile(sorted, 95), 2)} ms  p99 ${fmt(percentile(sorted, 99), 2)} ms`;
}

for (const engine of engines) {
  const { db, cleanup } = await freshDb(engine);
  try {
    const g0 = Date.now();
    process.stdout.write(`\n[${engine}] generating ${fmt(COPIES)} copies and ${fmt(READERS)} readers...\n`);
    await generate(db);
    process.stdout.write(`[${engine}] generated in ${fmt((Date.now() - g0) / 1000, 1)} s\n`);
    const staff: StaffPrincipal = { kind: 'staff', staffId: 1, login: 'bench', name: 'bench', role: 'admin', libraryIds: [], mustChangePassword: false };
    const svc = new CirculationService({ db, config: { baseUrl: 'http://localhost' } });
    const rnd = mulberry32(42);
    const used = new Set<number>();
    /** OPS check-outs, OPS/2 renewals and OPS check-ins, by `desks` desks at once; latencies per operation. */
    const run = async (desks: number) => {
      const mem = memorySampler();
      const t0 = performance.now();
      const lent: Array<{ barcode: string; reader: number; libraryId: number; loanId: number }> = [];
      const jobs = Array.from({ length: OPS }, () => {
        let copy: number;
        do copy = 1 + Math.floor(rnd() * COPIES);
        while (used.has(copy));
        used.add(copy);
        return { copy, reader: 1 + Math.floor(rnd() * READERS) };
      });
      const timed = async <T>(list: T[], fn: (x: T) => Promise<void>): Promise<number[]> => {
        const ms: number[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: desks }, async () => {
            while (next < list.length) {
              const x = list[next++]!;
              const s0 = performance.now();
              await fn(x);
              ms.push(performance.now() - s0);
            }
          }),
        );
        return ms;
      };
      const out = await timed(jobs, async ({ copy, reader }) => {
        const libraryId = 1 + (copy % 3);
        const r = await svc.checkout(staff, { libraryId, cardNumber: `R${reader}`, barcode: `C${copy}` });
        if (!r.ok) throw new Error(`check-out refused: ${JSON.stringify(r)}`);
        lent.push({ barcode: `C${copy}`, reader, libraryId, loanId: r.loanId });
      });
      const renewals = await timed(lent.slice(0, Math.ceil(OPS / 2)), async (l) => {
        const [r] = await svc.renew(staff, [l.loanId], l.reader);
        if (!r?.ok) throw new Error(`renewal refused: ${JSON.stringify(r)}`);
      });
      const ins = await timed(lent, async (l) => {
        const r = await svc.checkin(staff, { libraryId: l.libraryId, barcode: l.barcode });
        if (!r.ok) throw new Error(`check-in failed: ${JSON.stringify(r)}`);
      });
      const wall = (performance.now() - t0) / 1000;
      const peak = mem.stop();
      const all = [...out, ...renewals, ...ins];
      process.stdout.write(`[${engine}] ${fmt(COPIES)} copies, ${fmt(READERS)} readers, ${desks} desk${desks > 1 ? 's' : ''} at once\n`);
      process.stdout.write(`  ${report('check-out', out)}\n  ${report('renewal', renewals)}\n  ${report('check-in', ins)}\n  ${report('all', all)}\n`);
      process.stdout.write(`  throughput ${fmt(all.length / wall)} operations/s, peak RSS ${fmt(peak)} MiB\n`);
    };
    await run(1);
    if (DESKS > 1) await run(DESKS);
  } finally {
    await cleanup();
  }
}
