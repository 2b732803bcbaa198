// The SQL of the catalogue: records, their identifiers and copies, and the reference tables an import touches.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database, NewCopyRow, NewRecordRow } from '../db/schema.js';
import type { Db } from '../db/connect.js';
import { bulkInsert, bulkInsertReturningIds, type Columns } from '../db/bulk.js';
import { inTransaction, type Tx } from '../db/transaction.js';
import { SearchRepository } from './search.repository.js';

const RECORD_COLUMNS: Columns = [
  ['control_number', 'text'], ['fingerprint', 'text'], ['flavour', 'text'], ['marc', 'text'], ['title', 'text'],
  ['sort_title', 'text'], ['subtitle', 'text'], ['authors', 'text'], ['subjects', 'text'], ['publisher', 'text'],
  ['publication_place', 'text'], ['year', 'int'], ['language', 'text'], ['isbns', 'text'], ['issns', 'text'],
  ['series', 'text'], ['document_type', 'text'], ['audience', 'text'], ['physical_description', 'text'],
  ['notes', 'text'], ['created_at', 'text'], ['updated_at', 'text'],
];
const IDENTIFIER_COLUMNS: Columns = [['record_id', 'int'], ['kind', 'text'], ['value', 'text']];
const COPY_COLUMNS: Columns = [
  ['barcode', 'text'], ['record_id', 'int'], ['home_library_id', 'int'], ['current_library_id', 'int'],
  ['shelf_location', 'text'], ['call_number', 'text'], ['loan_type_id', 'int'], ['status', 'text'],
  ['created_at', 'text'], ['updated_at', 'text'],
];


// SQLite accepts at most 32766 bound variables per statement (PostgreSQL 65535): chunk multi-row statements.
const MAX_PARAMS = 30000;

function chunks<T>(items: T[], perRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class CatalogueRepository {
  /**
   * `column IN (values)` on SQLite; `column = any($1)` on PostgreSQL, where one array parameter is parsed and
   * planned much faster than a list of a thousand parameters.
   */
  private oneOf(column: string, values: string[]) {
    return this.conn.engine === 'postgres'
      ? sql<SqlBool>`${sql.ref(column)} = any(${values}::text[])`
      : sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`;
  }

  private readonly db: Kysely<Database>;
  private readonly tx: Tx;
  constructor(
    private readonly conn: Db,
    tx?: Tx,
  ) {
    this.tx = tx ?? { kysely: conn.kysely };
    this.db = this.tx.kysely;
  }

  transaction<T>(fn: (trx: CatalogueRepository) => Promise<T>): Promise<T> {
    return inTransaction(this.conn, (tx) => fn(new CatalogueRepository(this.conn, tx)));
  }


  async recordIdsByControlNumber(values: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(values, 1)) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('records').select(['id', 'control_number']).where(this.oneOf('control_number', part)).execute();
      for (const r of rows) if (r.control_number !== null) out.set(r.control_number, r.id);
    }
    return out;
  }

  async recordIdsByFingerprint(values: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(values, 1)) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('records').select(['id', 'fingerprint']).where(this.oneOf('fingerprint', part)).execute();
      for (const r of rows) if (r.fingerprint && !out.has(r.fingerprint)) out.set(r.fingerprint, r.id);
    }
    return out;
  }

  /** identifier value -> record id (the lowest id when several records share it) */
  async recordIdsByIdentifier(values: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(values, 1)) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('record_identifiers')
        .select(['record_id', 'value'])
        .where(this.oneOf('value', part))
        .orderBy('record_id')
        .execute();
      for (const r of rows) if (!out.has(r.value)) out.set(r.value, r.record_id);
    }
    return out;
  }

  /** Inserts rows and returns their ids in the same order. */
  async insertRecords(rows: NewRecordRow[]): Promise<number[]> {
    return bulkInsertReturningIds(this.conn, this.tx, 'records', RECORD_COLUMNS, rows);
  }

  async updateRecord(id: number, row: Omit<NewRecordRow, 'created_at'>): Promise<void> {
    await this.db.updateTable('records').set(row).where('id', '=', id).execute();
  }

  async replaceIdentifiers(recordIds: number[], rows: Array<{ record_id: number; kind: string; value: string }>): Promise<void> {
    for (const part of chunks(recordIds, 1)) {
      if (part.length) await this.db.deleteFrom('record_identifiers').where('record_id', 'in', part).execute();
    }
    await bulkInsert(this.conn, this.tx, 'record_identifiers', IDENTIFIER_COLUMNS, rows);
  }

  async copiesByBarcode(barcodes: string[]): Promise<Map<string, { id: number; status: string }>> {
    const out = new Map<string, { id: number; status: string }>();
    for (const part of chunks(barcodes, 1)) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('copies').select(['id', 'barcode', 'status']).where(this.oneOf('barcode', part)).execute();
      for (const r of rows) out.set(r.barcode, { id: r.id, status: r.status });
    }
    return out;
  }

  async insertCopies(rows: NewCopyRow[]): Promise<void> {
    await bulkInsert(this.conn, this.tx, 'copies', COPY_COLUMNS, rows);
  }

  async updateCopy(id: number, row: Omit<NewCopyRow, 'created_at' | 'barcode'>): Promise<void> {
    await this.db.updateTable('copies').set(row).where('id', '=', id).execute();
  }

  /** Logs the records changed by this transaction, for every process's search index. */
  logChanges(recordIds: number[], now: string): Promise<void> {
    return new SearchRepository(this.db).recordChanges(recordIds, 'record', now);
  }

  /** The transaction this repository works in (for other repositories that must join it). */
  get transactionHandle(): Tx {
    return this.tx;
  }

  async libraryIdsByCode(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('libraries').select(['id', 'code']).execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async createLibrary(code: string, name: string, now: string): Promise<number> {
    const r = await this.db.insertInto('libraries').values({ code, name, created_at: now }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  async loanTypeIdsByCode(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('loan_types').select(['id', 'code']).execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async createLoanType(code: string, name: string, loanDays: number): Promise<number> {
    const r = await this.db.insertInto('loan_types').values({ code, name, loan_days: loanDays }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  async countRecords(): Promise<number> {
    const r = await this.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async countCopies(): Promise<number> {
    const r = await this.db.selectFrom('copies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
