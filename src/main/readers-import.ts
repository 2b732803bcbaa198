// `npm run colophon -- readers import FILE.csv`: imports readers from a CSV export of the old system.
// Prints every rejected row (line number, field, reason), then a summary line
// "created N, updated N, unchanged N, rejected N". Exit code 0 when the file could be read (rejected rows
// are reported, the others imported), 1 when required columns are missing, 2 on a usage error.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { openDb } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { importReadersCsv, READER_CSV_COLUMNS, type ReadersImportReport } from '../services/readers-csv.js';
import { accountMessage } from '../domain/account-messages.js';

export const READERS_USAGE = `Usage: npm run colophon -- readers import FILE.csv

Columns (header line required; English or French names, any order; * = required):
${READER_CSV_COLUMNS.map((c) => `  ${(c.names[0] + (c.required ? ' *' : '')).padEnd(22)} ${c.doc}  (also: ${c.names.slice(1).join(', ')})`).join('\n')}

UTF-8 (with or without BOM), Windows-1252 or UTF-16; separator ";", "," or tab; dates yyyy-mm-dd or dd/mm/yyyy.
Readers are matched on their card number: importing the same file again updates them.`;

function usage(message: string): never {
  process.stderr.write(`colophon: ${message}\n\n${READERS_USAGE}\n`);
  process.exit(2);
}

export function formatReadersReport(file: string, r: ReadersImportReport): string {
  const lines: string[] = [];
  const sep = r.separator === '\t' ? 'tab' : `"${r.separator}"`;
  lines.push(`${file}: ${r.encoding}${r.bom ? ' (BOM)' : ''}, separator ${sep}, ${r.rows} rows`);
  if (r.ignoredColumns.length) lines.push(`ignored columns: ${r.ignoredColumns.join(', ')}`);
  if (r.missingColumns.length) lines.push(`missing required columns: ${r.missingColumns.join(', ')} (nothing imported)`);
  for (const row of r.rejected) {
    const reasons = row.errors.map((e) => `${accountMessage(`fieldName.${e.field}`, 'en')}${e.value ? ` "${e.value}"` : ''}: ${accountMessage(e.messageKey, 'en')}`);
    lines.push(`line ${row.line}${row.cardNumber ? ` (${row.cardNumber})` : ''}: ${reasons.join('; ')}`);
  }
  lines.push(`created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected.length}`);
  return lines.join('\n') + '\n';
}

/** The `readers` command: `args` are what follows it (`import FILE.csv`). */
export async function runReadersImport(config: Config, args: string[]): Promise<void> {
  const [sub, ...files] = args;
  if (sub !== 'import') usage(sub ? `unknown readers command "${sub}"` : 'readers needs a command');
  if (files.length !== 1) usage('readers import needs exactly one FILE.csv');
  const file = files[0]!;
  if (!existsSync(file) || !statSync(file).isFile()) usage(`no such file: ${file}`);
  const bytes = readFileSync(file);
  const db = openDb(config.database);
  let report: ReadersImportReport;
  try {
    await migrateToLatest(db.kysely, db.engine);
    report = await importReadersCsv(db, bytes, {
      onProgress: (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} readers`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
  } finally {
    await db.close();
  }
  process.stdout.write(formatReadersReport(file, report));
  if (report.missingColumns.length) process.exitCode = 1;
}
