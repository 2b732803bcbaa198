// Importing readers from the CSV file a network's old system exports (`npm run colophon -- readers import FILE.csv`).
//
// Files as libraries really export them:
// - encoding: UTF-8 with or without BOM, Windows-1252 (Excel "CSV (séparateur: point-virgule)" on a French
//   Windows), or UTF-16 with BOM ("Texte Unicode"). A file that is not valid UTF-8 is read as Windows-1252;
// - separator: ";" (French Excel), "," or tab, chosen from the header line; quoted fields with "" escapes and
//   line breaks inside quotes (RFC 4180);
// - dates: yyyy-mm-dd or dd/mm/yyyy;
// - column names: see READER_CSV_COLUMNS (English or French, any case, accents and punctuation ignored).
// Each row is validated like a staff form (domain/reader-fields.ts): a bad row is reported with its line number
// (the line where the row starts; the header is line 1) and every reason, and skipped; the good rows are imported.
// Re-importing updates readers matched on their card number instead of duplicating them, and never touches a
// password a reader chose. New readers get the network's initial password and must change it at first sign-in.
//
// argon2 costs ~15 ms a hash; the initial password takes few values (a birth year, or a birth date), so one hash
// is computed per distinct initial password in a run and shared: it gives away nothing the birth date stored
// beside it does not. Rows are written in transactions of BATCH rows (DESIGN.md 7).
import type { Db } from '../db/connect.js';
import { inTransaction } from '../db/transaction.js';
import { AccountReadersRepository, type ReaderRecord } from '../repositories/account-readers.repository.js';
import { AccountSettingsRepository } from '../repositories/account-settings.repository.js';
import { fieldError, validateReaderFields, type RawReaderFields, type ReaderFieldError, type ReaderFields } from '../domain/reader-fields.js';
import { initialPassword } from '../domain/passwords/initial-password.js';
import { argon2Hasher, type PasswordHasher } from './auth.service.js';
import { parisToday } from './reader-admin.service.js';

export const BATCH = 500;

/** The columns, in the order of the documented template; `names` are the accepted headers (normalised). */
export const READER_CSV_COLUMNS: ReadonlyArray<{ field: keyof RawReaderFields; required: boolean; names: readonly string[]; doc: string }> = [
  { field: 'cardNumber', required: true, names: ['card_number', 'card', 'numero_carte', 'numero_de_carte', 'n_de_carte', 'no_carte', 'num_carte', 'carte', 'code_barre', 'barcode'], doc: 'library card number (spaces and punctuation ignored)' },
  { field: 'lastName', required: true, names: ['last_name', 'surname', 'nom', 'nom_de_famille'], doc: 'last name' },
  { field: 'firstName', required: true, names: ['first_name', 'prenom'], doc: 'first name' },
  { field: 'birthDate', required: true, names: ['birth_date', 'date_of_birth', 'date_naissance', 'date_de_naissance', 'naissance'], doc: 'yyyy-mm-dd or dd/mm/yyyy' },
  { field: 'email', required: false, names: ['email', 'e_mail', 'mail', 'courriel', 'adresse_electronique'], doc: 'email address (optional)' },
  { field: 'phone', required: false, names: ['phone', 'telephone', 'tel', 'telephone_fixe'], doc: 'phone (optional)' },
  { field: 'mobile', required: false, names: ['mobile', 'portable', 'telephone_portable', 'tel_portable', 'telephone_mobile'], doc: 'mobile phone, 06/07 or international (optional)' },
  { field: 'categoryCode', required: true, names: ['category', 'category_code', 'categorie', 'code_categorie'], doc: 'reader category code (ADULTE, JEUNE, ...)' },
  { field: 'homeLibraryCode', required: true, names: ['home_library', 'library', 'bibliotheque', 'bibliotheque_de_rattachement', 'site', 'code_bibliotheque'], doc: 'home library code' },
  { field: 'membershipExpires', required: false, names: ['membership_expires', 'membership_expiry', 'expiry', 'fin_adhesion', 'date_fin_adhesion', 'expiration'], doc: 'end of membership, yyyy-mm-dd or dd/mm/yyyy (optional)' },
  { field: 'language', required: false, names: ['language', 'langue'], doc: 'fr or en (optional, fr by default)' },
];

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

// Windows-1252 0x80-0x9F (the rest is ISO-8859-1). Decoded here because Node's TextDecoder('windows-1252')
// decodes as ISO-8859-1 and turns "œ" (0x9C), "€" (0x80) or "’" (0x92) into control characters.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** Decodes the file's bytes: BOM first, then strict UTF-8, else Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding; bom: boolean } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', bom: false };
  }
}

/** The separator of the header line: the most frequent of ";", "," and tab outside quotes. */
export function detectSeparator(text: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  return counts[';'] >= counts[','] && counts[';'] >= counts['\t'] && counts[';'] > 0 ? ';' : counts['\t'] > counts[','] ? '\t' : ',';
}

/** RFC 4180 rows with the line each starts on (1-based). Rows with no value are skipped. */
export function parseCsv(text: string, sep: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let cellStarted = false;
  const endRow = () => {
    cells.push(cell);
    // Blank lines, and the ";;;;" lines spreadsheets leave under the data, are no rows.
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
    cellStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      cellStarted = true;
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
      cellStarted = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length || cellStarted) endRow();
  return rows;
}

function headerKey(h: string): string {
  return h
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export interface ReaderCsvRow {
  line: number;
  fields: RawReaderFields;
}

export interface ParsedReaderCsv {
  encoding: CsvEncoding;
  bom: boolean;
  separator: string;
  /** header names matched to no column: ignored, and reported */
  ignoredColumns: string[];
  /** required columns absent from the header: nothing is imported */
  missingColumns: string[];
  rows: ReaderCsvRow[];
}

export function parseReadersCsv(bytes: Uint8Array): ParsedReaderCsv {
  const { text, encoding, bom } = decodeCsvBytes(bytes);
  const separator = detectSeparator(text);
  const [header, ...data] = parseCsv(text, separator);
  const index = new Map<keyof RawReaderFields, number>();
  const ignoredColumns: string[] = [];
  (header?.cells ?? []).forEach((name, i) => {
    const key = headerKey(name);
    const col = READER_CSV_COLUMNS.find((c) => c.names.includes(key));
    if (col && !index.has(col.field)) index.set(col.field, i);
    else if (name.trim()) ignoredColumns.push(name.trim());
  });
  const missingColumns = READER_CSV_COLUMNS.filter((c) => c.required && !index.has(c.field)).map((c) => c.names[0]!);
  const rows = data.map(({ line, cells }) => {
    const fields: RawReaderFields = {};
    for (const [field, i] of index) fields[field] = cells[i] ?? '';
    return { line, fields };
  });
  return { encoding, bom, separator, ignoredColumns, missingColumns, rows };
}

export interface RejectedRow {
  line: number;
  cardNumber: string | null;
  errors: ReaderFieldError[];
}

export interface ReadersImportReport {
  encoding: CsvEncoding;
  bom: boolean;
  separator: string;
  ignoredColumns: string[];
  missingColumns: string[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

function sameFields(r: ReaderRecord, f: ReaderFields, categoryId: number, homeLibraryId: number): boolean {
  return (
    r.lastName === f.lastName && r.firstName === f.firstName && r.birthDate === f.birthDate && r.email === f.email && r.phone === f.phone &&
    r.mobile === f.mobile && r.categoryId === categoryId && r.homeLibraryId === homeLibraryId && r.membershipExpires === f.membershipExpires &&
    r.language === f.language
  );
}

/** Imports the readers of a CSV file's bytes. */
export async function importReadersCsv(
  db: Db,
  bytes: Uint8Array,
  opts: { now?: () => Date; hasher?: PasswordHasher; onProgress?: (done: number, total: number) => void } = {},
): Promise<ReadersImportReport> {
  const now = opts.now ?? (() => new Date());
  const hasher = opts.hasher ?? argon2Hasher;
  const parsed = parseReadersCsv(bytes);
  const report: ReadersImportReport = {
    encoding: parsed.encoding,
    bom: parsed.bom,
    separator: parsed.separator,
    ignoredColumns: parsed.ignoredColumns,
    missingColumns: parsed.missingColumns,
    rows: parsed.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
  };
  if (parsed.missingColumns.length) return report;

  const repo = new AccountReadersRepository(db.kysely);
  const settings = await new AccountSettingsRepository(db.kysely).load();
  const [categories, libraries] = await Promise.all([repo.categoryIdsByCode(), repo.libraryIdsByCode()]);
  const today = parisToday(now());
  const seen = new Map<string, number>();
  const good: Array<{ line: number; fields: ReaderFields; categoryId: number; homeLibraryId: number }> = [];
  for (const row of parsed.rows) {
    const v = validateReaderFields(row.fields, today);
    const errors = v.ok ? [] : [...v.errors];
    const categoryCode = String(row.fields.categoryCode ?? '').trim().toUpperCase();
    const libraryCode = String(row.fields.homeLibraryCode ?? '').trim().toUpperCase();
    if (categoryCode && !categories.has(categoryCode)) errors.push(fieldError('categoryCode', 'CATEGORY_UNKNOWN', categoryCode));
    if (libraryCode && !libraries.has(libraryCode)) errors.push(fieldError('homeLibraryCode', 'HOME_LIBRARY_UNKNOWN', libraryCode));
    const card = v.ok ? v.value.cardNumber : null;
    if (card && seen.has(card)) errors.push(fieldError('cardNumber', 'CARD_NUMBER_REPEATED_IN_FILE', `${card} (line ${seen.get(card)})`));
    if (errors.length || !v.ok) {
      report.rejected.push({ line: row.line, cardNumber: card ?? (String(row.fields.cardNumber ?? '').trim() || null), errors });
      continue;
    }
    seen.set(v.value.cardNumber, row.line);
    good.push({ line: row.line, fields: v.value, categoryId: categories.get(categoryCode)!, homeLibraryId: libraries.get(libraryCode)! });
  }

  const hashes = new Map<string, Promise<string>>();
  const initialHash = (birthDate: string) => {
    const pw = initialPassword(settings.initialPassword, birthDate)!;
    let h = hashes.get(pw);
    if (!h) hashes.set(pw, (h = hasher.hash(pw)));
    return h;
  };

  for (let i = 0; i < good.length; i += BATCH) {
    const batch = good.slice(i, i + BATCH);
    const existing = await repo.byCardNumbers(batch.map((g) => g.fields.cardNumber));
    // Hash outside the transaction: argon2 runs on libuv's threads and would hold SQLite's write lock meanwhile.
    const planned = await Promise.all(
      batch.map(async (g) => {
        const old = existing.get(g.fields.cardNumber);
        if (!old) return { g, old, hash: await initialHash(g.fields.birthDate) };
        if (sameFields(old, g.fields, g.categoryId, g.homeLibraryId)) return { g, old, hash: undefined, unchanged: true };
        // A reader still on the initial password of a corrected birth date gets the corrected one.
        const hash = old.mustChangePassword && old.birthDate !== g.fields.birthDate ? await initialHash(g.fields.birthDate) : undefined;
        return { g, old, hash };
      }),
    );
    const ts = now().toISOString();
    await inTransaction(db, async (tx) => {
      const r = new AccountReadersRepository(tx.kysely);
      for (const p of planned) {
        const values = { fields: p.g.fields, categoryId: p.g.categoryId, homeLibraryId: p.g.homeLibraryId };
        if (!p.old) {
          await r.insert(values, p.hash!, ts);
          report.created++;
        } else if ('unchanged' in p) report.unchanged++;
        else {
          await r.update(p.old.id, values, ts, p.hash);
          report.updated++;
        }
      }
    });
    opts.onProgress?.(Math.min(i + BATCH, good.length), good.length);
  }
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}
