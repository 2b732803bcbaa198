// bench/notices: R readers (default 100,000), each with a loan due in two days; one notices run composes,
// records (outbox + notice items) and delivers them all to an SMTP server on 127.0.0.1 (smtp-server in a
// child process that counts what it receives). Prints notices per second for the whole run, when the last notice was recorded,
// and the peak memory of this process.
// Usage: npm run bench:notices -- [--readers 100000] [--connections 16] [--engine sqlite|postgres|both] [--smoke]
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../src/db/connect.js';
import { Mailer } from '../src/notices/mailer.js';
import { NoticesService } from '../src/services/notices.service.js';
import { addDays, localDate } from '../src/domain/circulation/calendar.js';
import { freshDb, fmt, memorySampler, parseEngines } from './util.js';

const { values } = parseArgs({ options: { readers: { type: 'string' }, connections: { type: 'string' }, engine: { type: 'string' }, smoke: { type: 'boolean' }, sink: { type: 'boolean' } } });

// ---------------------------------------------------------------- the SMTP sink (child process)
if (values.sink) {
  const { SMTPServer } = await import('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.server.address() as { port: number }).port }));
  process.on('message', (m: { count?: boolean }) => m.count && process.send!({ received }));
} else {
  const READERS = values.smoke ? 1000 : Number(values.readers ?? 100_000);
  const CONNECTIONS = Number(values.connections ?? 16);
  const engines = parseEngines(values.engine);

  const sink = fork(fileURLToPath(import.meta.url), ['--sink'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  /** The sink's next answer's `key`, after sending `msg` if any. */
  const ask = <T>(key: string, msg?: object) =>
    new Promise<T>((resolve) => {
      sink.once('message', (m: Record<string, T>) => resolve(m[key]!));
      if (msg) sink.send(msg);
    });
  const port = await ask<number>('port');

  const generate = async (db: Db) => {
    const k = db.kysely;
    const ts = new Date().toISOString();
    await k.insertInto('libraries').values({ code: 'CENTRALE', name: 'Médiathèque Jeanne-Barret', address: '12, place de la République', postcode: '59290', city: 'Val-de-Lys', phone: '03 53 01 20 00', email: 'mediatheque@example.org', created_at: ts }).execute();
    await k.insertInto('loan_types').values({ code: 'STD', name: 'STD', loan_days: 21 }).execute();
    await k.insertInto('reader_categories').values({ code: 'ADULTE', name: 'Adulte' }).execute();
    const series = (n: number) => (db.engine === 'postgres' ? sql.raw(`select generate_series(1, ${n}) as i`) : sql.raw(`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${n}) select i from s`));
    const due = addDays(localDate(new Date(), 'Europe/Paris'), 2);
    await sql`insert into readers (card_number, first_name, last_name, birth_date, email, phone, mobile, category_id, home_library_id, membership_expires, password_hash, language, created_at, updated_at)
      select 'R' || i, 'Prénom', 'Nom ' || i, '1980-01-01', 'lecteur' || i || '@example.org', null, null, 1, 1, '2099-12-31', null, case when i % 10 = 0 then 'en' else 'fr' end, ${ts}, ${ts} from (${series(READERS)}) s`.execute(k);
    await sql`insert into records (control_number, fingerprint, flavour, marc, title, sort_title, subtitle, authors, subjects, publisher, publication_place, year, language, isbns, issns, series, document_type, audience, physical_description, notes, created_at, updated_at)
      select 'B' || i, null, 'unimarc', '{}', 'Les Misérables, tome ' || i, 'miserables ' || i, null, '[]', '[]', null, null, 2000, 'fre', '[]', '[]', '[]', 'book', null, null, '[]', ${ts}, ${ts} from (${series(READERS)}) s`.execute(k);
    await sql`insert into copies (barcode, record_id, home_library_id, current_library_id, shelf_location, call_number, loan_type_id, status, created_at, updated_at)
      select 'C' || i, i, 1, 1, null, null, 1, 'on_loan', ${ts}, ${ts} from (${series(READERS)}) s`.execute(k);
    await sql`insert into loans (copy_id, record_id, reader_id, library_id, loan_type_id, checked_out_at, due_date, renewals)
      select i, i, i, 1, 1, ${ts}, ${due}, 0 from (${series(READERS)}) s`.execute(k);
    if (db.engine === 'postgres') await sql`analyze`.execute(k);
  };

  try {
    for (const engine of engines) {
      const { db, cleanup } = await freshDb(engine);
      const dataDir = mkdtempSync(join(tmpdir(), 'colophon-bench-notices-'));
      try {
        process.stdout.write(`\n[${engine}] generating ${fmt(READERS)} readers with a loan due in two days...\n`);
        await generate(db);
        const before = await ask<number>('received', { count: true });
        const config = { baseUrl: 'https://portail.example.org', dataDir, smtpUrl: `smtp://127.0.0.1:${port}` };
        const mailer = new Mailer({ db, config, maxConnections: CONNECTIONS });
        const notices = new NoticesService({ db, config, mailer });
        const mem = memorySampler();
        const t0 = performance.now();
        let recordedAt = 0;
        const r = await notices.run({
          onProgress: (_done, _total, phase) => {
            if (phase === 'record') recordedAt = performance.now();
          },
        });
        const seconds = (performance.now() - t0) / 1000;
        const peak = mem.stop();
        await mailer.close();
        const received = (await ask<number>('received', { count: true })) - before;
        const sent = Number((await db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow()).n);
        const recordSeconds = (recordedAt - t0) / 1000;
        process.stdout.write(`[${engine}] ${fmt(r.emails)} notices recorded, ${fmt(sent)} sent, ${fmt(received)} received by the SMTP server\n`);
        process.stdout.write(`  whole run ${fmt(seconds, 1)} s = ${fmt(r.emails / seconds)} notices/s over ${CONNECTIONS} SMTP connections (every notice planned, composed and recorded after ${fmt(recordSeconds, 1)} s, delivery running meanwhile); peak RSS ${fmt(peak)} MiB\n`);
        if (received !== r.emails || sent !== r.emails) {
          const why = await db.kysely.selectFrom('outbox').select(['status', 'error']).select((eb) => eb.fn.countAll().as('n')).groupBy(['status', 'error']).execute();
          throw new Error(`expected ${r.emails} received and sent, got ${received} and ${sent}: ${JSON.stringify(why)}`);
        }
      } finally {
        await cleanup();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    sink.kill();
  }
}
