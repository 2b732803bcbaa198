// Command-line entry point: npm run colophon -- <command>
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from '../config/config.js';
import { openDb, type Db } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { importFiles, type ImportReport } from '../services/import.service.js';
import { seedDemo } from '../services/demo-seed.service.js';
import { DEMO_SIGN_INS } from '../demo/demo-network.js';
import { buildApp } from '../http/app.js';
import { MemorySearchEngine } from '../search/memory-engine.js';
import { SqlSearchEngine } from '../search/sql-engine.js';
import { rebuildSearchIndex } from '../search/sql-indexer.js';
import { SearchService } from '../services/search.service.js';
import { progressBar } from './progress.js';
import { Mailer } from '../notices/mailer.js';
import { CirculationService } from '../services/circulation.service.js';
import { NoticesService } from '../services/notices.service.js';
import { colophonJobs } from '../jobs/jobs.js';

const USAGE = `Usage: npm run colophon -- <command> [options]

Commands:
  migrate                     apply pending database migrations
  seed-demo                   load the demo network (refused if the database already has libraries)
  import FILE...              import MARC records (ISO 2709, MARCXML, MARC-in-JSON; UNIMARC or MARC21)
      --map-library FROM=TO   read library code FROM in the records as existing library TO (repeatable)
  readers import FILE.csv     import readers from CSV (columns in the README); again = update
  search rebuild              rebuild the full-text tables (SQLite FTS5 / PostgreSQL) from the records
  worker                      run the jobs (outbox, hold expiry, notices) in this process, until stopped
  notices run [--dry-run]     run the reader notices now; --dry-run prints what would be sent
  serve                       start the portal (migrates; on an empty embedded database, loads the demo network)

Environment: PORT, HOST, DATA_DIR, DATABASE_URL, BASE_URL, SMTP_URL, LOG_LEVEL, SEARCH_ENGINE, JOBS (see README).`;

function fail(message: string, code = 1): never {
  process.stderr.write(`colophon: ${message}\n`);
  process.exit(code);
}

async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDb(config.database);
  try {
    await migrateToLatest(db.kysely, db.engine);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function hasLibraries(db: Db): Promise<boolean> {
  return (await db.kysely.selectFrom('libraries').select('id').limit(1).execute()).length > 0;
}

function formatNumber(n: number): string {
  return n.toLocaleString('en-US').replace(/,/g, ' ');
}

function printImportReport(r: ImportReport, seconds: number): void {
  const out = process.stdout;
  for (const m of r.malformed) out.write(`malformed: ${m.file}: record ${m.index} at byte ${m.offset}: ${m.reason}\n`);
  for (const m of r.repaired) out.write(`repaired: ${m.file}: record ${m.index} at byte ${m.offset}: ${m.reason}\n`);
  for (const [kind, n] of Object.entries(r.notBibliographic)) out.write(`not bibliographic: ${n} ${kind} record(s) skipped\n`);
  if (r.repeatedControlNumbers) out.write(`repeated control numbers: ${r.repeatedControlNumbers} (a later record updated the earlier one)\n`);
  if (r.withoutControlNumber) out.write(`without control number: ${r.withoutControlNumber} (matched on content, then ISBN/ISSN)\n`);
  out.write(`copies: created ${r.copies.created}, updated ${r.copies.updated}, without barcode ${r.copies.withoutBarcode} (not stored)\n`);
  if (r.librariesCreated.length) out.write(`libraries created: ${r.librariesCreated.join(', ')}\n`);
  if (r.loanTypesCreated.length) out.write(`loan types created: ${r.loanTypesCreated.join(', ')}\n`);
  out.write(`${formatNumber(r.read)} records in ${seconds.toFixed(1)} s (${formatNumber(Math.round(r.read / Math.max(seconds, 0.001)))} records/s)\n`);
  out.write(`created ${r.created}, updated ${r.updated}, skipped ${r.skipped}\n`);
}

async function cmdImport(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'map-library': { type: 'string', multiple: true } } });
  if (positionals.length === 0) fail('import needs at least one FILE\n\n' + USAGE, 2);
  for (const f of positionals) if (!existsSync(f) || !statSync(f).isFile()) fail(`no such file: ${f}`, 2);
  const libraryMap: Record<string, string> = {};
  for (const m of values['map-library'] ?? []) {
    const [from, to] = m.split('=');
    if (!from || !to) fail(`--map-library expects FROM=TO, got "${m}"`, 2);
    libraryMap[from] = to;
  }
  const totalBytes = positionals.reduce((s, f) => s + statSync(f).size, 0);
  const doneBytes = new Map<string, number>();
  const bar = progressBar();
  const started = performance.now();
  const report = await withDb(config, (db) =>
    importFiles(db, positionals, {
      libraryMap,
      onProgress: (p) => {
        doneBytes.set(p.file, p.bytesRead);
        const done = [...doneBytes.values()].reduce((a, b) => a + b, 0);
        const secs = (performance.now() - started) / 1000;
        bar.update(done, totalBytes, `${formatNumber(p.records)} records, ${formatNumber(Math.round(p.records / Math.max(secs, 0.001)))} records/s`);
      },
    }),
  );
  bar.finish();
  printImportReport(report, (performance.now() - started) / 1000);
}

function printSignIns(baseUrl: string): void {
  const lines = [`\nColophon is running at ${baseUrl}/`, 'Demo sign-ins:'];
  for (const s of DEMO_SIGN_INS) lines.push(`  ${s.who.padEnd(34)} ${s.login.padEnd(16)} ${s.password.padEnd(24)} ${s.note}`);
  process.stdout.write(lines.join('\n') + '\n\n');
}

async function cmdSearchRebuild(config: Config): Promise<void> {
  const bar = progressBar();
  const started = performance.now();
  const n = await withDb(config, async (db) => {
    const total = Number((await db.kysely.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return rebuildSearchIndex(db, 5000, (done) => bar.update(done, total, `${formatNumber(done)} / ${formatNumber(total)} records`));
  });
  bar.finish();
  process.stdout.write(`search tables rebuilt: ${formatNumber(n)} records in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

/** The services the jobs need, on one database. */
function jobServices(config: Config, db: Db) {
  const mailer = new Mailer({ db, config });
  const circulation = new CirculationService({ db, config, mailer });
  const notices = new NoticesService({ db, config, mailer });
  return { db, mailer, circulation, notices };
}

async function cmdWorker(config: Config): Promise<void> {
  const db = openDb(config.database);
  await migrateToLatest(db.kysely, db.engine);
  const services = jobServices(config, db);
  const runner = await colophonJobs(services, { log: (msg, err) => process.stderr.write(`${new Date().toISOString()} ${msg}: ${err instanceof Error ? err.message : String(err ?? '')}\n`) });
  runner.start();
  process.stdout.write(`worker ${runner.workerId} running the jobs (outbox, holds, notices); stop with Ctrl-C\n`);
  const stop = async () => {
    // a job still running after 10 s is left to its lease: another worker takes it again
    setTimeout(() => process.exit(0), 10_000).unref();
    await runner.stop();
    await services.mailer.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function cmdNoticesRun(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } } });
  const bar = progressBar();
  const started = performance.now();
  await withDb(config, async (db) => {
    const services = jobServices(config, db);
    try {
      const r = await services.notices.run({ dryRun: values['dry-run'], onProgress: (done, total) => bar.update(done, total, `${formatNumber(done)} / ${formatNumber(total)}`) });
      bar.finish();
      if (r.planned) {
        for (const p of r.planned) {
          const parts = [
            ...p.overdue.map((l) => `overdue (level ${l.level}): ${l.title} (${l.barcode}), due ${l.dueDate}`),
            ...p.dueSoon.map((l) => `due soon: ${l.title} (${l.barcode}), due ${l.dueDate}`),
            ...(p.membershipEnds ? [`membership ends ${p.membershipEnds.date}`] : []),
          ];
          process.stdout.write(`${p.cardNumber} ${p.name} <${p.email ?? 'no email: to print'}>\n${parts.map((x) => `  ${x}`).join('\n')}\n`);
        }
        process.stdout.write(`dry run: ${formatNumber(r.readers)} notices would be sent (nothing recorded, nothing sent)\n`);
      } else {
        const secs = (performance.now() - started) / 1000;
        process.stdout.write(`notices: ${formatNumber(r.emails)} emails, ${formatNumber(r.toPrint)} to print, ${formatNumber(r.items)} items, ${formatNumber(r.skipped)} skipped (already told) in ${secs.toFixed(1)} s\n`);
      }
    } finally {
      await services.mailer.close();
    }
  });
}

async function cmdServe(config: Config): Promise<void> {
  const embedded = config.database.engine === 'sqlite' && !existsSync(config.database.file);
  const db = openDb(config.database);
  await migrateToLatest(db.kysely, db.engine);
  // The demo network is loaded only on the embedded default with a new database, never on PostgreSQL.
  let demo = false;
  if (embedded && !(await hasLibraries(db))) {
    process.stdout.write('Empty data directory: loading the demo network...\n');
    const { catalogue } = await seedDemo(db);
    process.stdout.write(`Demo network loaded: ${catalogue.created} records.\n`);
    demo = true;
  }
  // The in-memory search index is built from the database, then follows its change log (imports from the CLI,
  // circulation from other processes) every second. SEARCH_ENGINE=sql answers from the database's full-text
  // tables instead (no start-up build, no memory; slower on huge result sets: see README).
  const engine = config.searchEngine === 'sql' ? new SqlSearchEngine(db) : await MemorySearchEngine.open(db.kysely, { followIntervalMs: 1000 });
  const search = new SearchService(db.kysely, engine);
  const app = await buildApp({ config, db, search, jobs: config.jobs });
  const close = async () => {
    await app.close();
    await engine.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  if (demo || (await db.kysely.selectFrom('staff').select('login').where('login', '=', DEMO_SIGN_INS.find((s) => s.role === 'admin')?.login ?? '').executeTakeFirst())) {
    printSignIns(config.baseUrl);
  } else process.stdout.write(`\nColophon is running at ${config.baseUrl}/\n\n`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(`configuration error: ${e.message}`, 2);
    throw e;
  }
  switch (command) {
    case 'migrate': {
      const db = openDb(config.database);
      try {
        const applied = await migrateToLatest(db.kysely, db.engine);
        process.stdout.write(`${applied.length ? `applied: ${applied.join(', ')}\n` : ''}database (${db.engine}) is up to date\n`);
      } finally {
        await db.close();
      }
      return;
    }
    case 'seed-demo':
      await withDb(config, async (db) => {
        if (await hasLibraries(db)) fail('the database already has libraries: seed-demo only loads the demo into an empty database', 1);
        const { catalogue } = await seedDemo(db);
        process.stdout.write(`demo network loaded: ${catalogue.created} records\n`);
      });
      printSignIns(config.baseUrl);
      return;
    case 'import':
      return cmdImport(config, rest);
    case 'readers':
      return (await import('./readers-import.js')).runReadersImport(config, rest);
    case 'search':
      if (rest[0] !== 'rebuild') fail(`unknown search command "${rest[0] ?? ''}"\n\n${USAGE}`, 2);
      return cmdSearchRebuild(config);
    case 'worker':
      return cmdWorker(config);
    case 'notices':
      if (rest[0] !== 'run') fail(`unknown notices command "${rest[0] ?? ''}"\n\n${USAGE}`, 2);
      return cmdNoticesRun(config, rest.slice(1));
    case 'serve':
      return cmdServe(config);
    default:
      fail(`unknown command "${command}"\n\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`colophon: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
