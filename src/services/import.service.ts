// Catalogue import: MARC records (any syntax, UNIMARC or MARC21) into records and copies.
// Re-importing updates instead of duplicating: a record is matched on its control number (001); a record
// without one is matched on its exact content (fingerprint), then on its ISBN/ISSN.
import { createHash } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { NewCopyRow, NewRecordRow } from '../db/schema.js';
import { CatalogueRepository } from '../repositories/catalogue.repository.js';
import { readMarcFile, type ReadItem } from '../marc/readers.js';
import { detectFlavour, extractCopies, mapRecord, recordKind } from '../marc/mapping.js';
import type { BibRecord, CopySeed, CopyStatus, RecordKind } from '../marc/model.js';
import { isControlField, type MarcRecord } from '../marc/record.js';
import { searchTextOfBib, writeSearchRows } from '../search/sql-indexer.js';

export interface ImportProblem {
  file: string;
  /** 1-based record number in the file */
  index: number;
  /** byte offset of the record in the file */
  offset: number;
  reason: string;
}

export interface ImportReport {
  read: number;
  created: number;
  updated: number;
  skipped: number;
  /** malformed records, each reported and skipped */
  malformed: ImportProblem[];
  /** damaged records the reader could repair (e.g. a wrong record length): imported, and reported */
  repaired: ImportProblem[];
  /** records that are not bibliographic (authorities, holdings...), by kind: reported and skipped */
  notBibliographic: Partial<Record<RecordKind, number>>;
  /** records whose control number appeared earlier in the same run: the later one updated the earlier */
  repeatedControlNumbers: number;
  /** records with no control number (matched on content, then ISBN/ISSN) */
  withoutControlNumber: number;
  copies: { created: number; updated: number; withoutBarcode: number };
  librariesCreated: string[];
  loanTypesCreated: string[];
}

export interface ImportProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export interface ImportOptions {
  /** library codes as found in the records -> codes of existing libraries */
  libraryMap?: Record<string, string>;
  onProgress?: (p: ImportProgress) => void;
  now?: () => Date;
  batchSize?: number;
}

/** Statuses owned by circulation: an import never overwrites them, except to mark a copy lost or withdrawn. */
const CIRCULATING: ReadonlySet<string> = new Set<string>(['on_loan', 'on_hold_shelf', 'in_transit'] satisfies CopyStatus[]);
const DEFAULT_LOAN_TYPE = { code: 'STD', name: 'Prêt standard', days: 21 };

interface Pending {
  bib: BibRecord;
  row: NewRecordRow;
  copies: CopySeed[];
  identifiers: string[];
  /** resolved id (existing record or created earlier in this run) */
  id?: number;
}

export function emptyReport(): ImportReport {
  return {
    read: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    malformed: [],
    repaired: [],
    notBibliographic: {},
    repeatedControlNumbers: 0,
    withoutControlNumber: 0,
    copies: { created: 0, updated: 0, withoutBarcode: 0 },
    librariesCreated: [],
    loanTypesCreated: [],
  };
}

function fingerprint(rec: MarcRecord): string {
  const h = createHash('sha1');
  h.update(rec.leader.slice(5, 12)); // record status (05) is excluded: a corrected record is still the same
  for (const f of rec.fields) {
    if (f.tag === '005') continue; // last-transaction timestamp changes on every export
    h.update(f.tag);
    if (isControlField(f)) h.update(f.value);
    else {
      h.update(f.ind1 + f.ind2);
      for (const s of f.subfields) h.update('\x1f' + s.code + s.value);
    }
    h.update('\x1e');
  }
  return h.digest('hex');
}

/** MARC-in-JSON text, built directly (about 3x faster than JSON.stringify of an object per field). */
function toMij(rec: MarcRecord): string {
  const q = JSON.stringify;
  let out = '{"leader":' + q(rec.leader) + ',"fields":[';
  for (let i = 0; i < rec.fields.length; i++) {
    const f = rec.fields[i]!;
    if (i) out += ',';
    if (isControlField(f)) out += '{' + q(f.tag) + ':' + q(f.value) + '}';
    else {
      out += '{' + q(f.tag) + ':{"ind1":' + q(f.ind1) + ',"ind2":' + q(f.ind2) + ',"subfields":[';
      for (let j = 0; j < f.subfields.length; j++) {
        const s = f.subfields[j]!;
        out += (j ? ',{' : '{') + q(s.code) + ':' + q(s.value) + '}';
      }
      out += ']}}';
    }
  }
  return out + ']}';
}

export class CatalogueImporter {
  readonly report: ImportReport = emptyReport();
  private readonly repo: CatalogueRepository;
  private readonly now: () => Date;
  private readonly batchSize: number;
  /** control number -> record id for every record created or updated in this run */
  private readonly seenKeys = new Map<string, number>();
  private readonly seenFingerprints = new Map<string, number>();
  private libraries?: Map<string, number>;
  private loanTypes?: Map<string, number>;

  constructor(
    private readonly db: Db,
    private readonly opts: ImportOptions = {},
  ) {
    this.repo = new CatalogueRepository(db);
    this.now = opts.now ?? (() => new Date());
    this.batchSize = opts.batchSize ?? 1000;
  }

  async importFile(path: string): Promise<void> {
    await this.importItems(
      path,
      readMarcFile(path, {
        onProgress: (bytesRead: number, totalBytes: number) =>
          this.opts.onProgress?.({ file: path, bytesRead, totalBytes, records: this.report.read }),
      }),
    );
  }

  /** Imports already-read items (a file's stream, or records built in memory such as the demo network). */
  async importItems(source: string, items: AsyncIterable<ReadItem> | Iterable<ReadItem>): Promise<void> {
    // Pipelined: while one batch is written (PostgreSQL works in its own process), the next is read and mapped.
    // Batches are still written one after the other, so matching across batches sees every earlier write.
    let batch: Pending[] = [];
    let writing: Promise<void> = Promise.resolve();
    const write = (b: Pending[]) => {
      writing = writing.then(() => this.flush(b));
      // Surface a failure at the next await without an unhandled rejection in between.
      writing.catch(() => {});
    };
    for await (const item of items) {
      this.report.read++;
      if (!item.ok) {
        this.report.skipped++;
        this.report.malformed.push({ file: source, index: item.index, offset: item.offset, reason: item.reason });
        continue;
      }
      if (item.warnings?.length) {
        this.report.repaired.push({ file: source, index: item.index, offset: item.offset, reason: item.warnings.join('; ') });
      }
      const pending = this.prepare(source, item);
      if (!pending) continue;
      batch.push(pending);
      if (batch.length >= this.batchSize) {
        await writing; // at most one batch written while the next is prepared: memory stays bounded
        write(batch);
        batch = [];
      }
    }
    if (batch.length) write(batch);
    await writing;
  }

  private prepare(source: string, item: Extract<ReadItem, { ok: true }>): Pending | null {
    const rec = item.record;
    let bib: BibRecord;
    let copies: CopySeed[];
    try {
      const flavour = detectFlavour(rec);
      const kind = recordKind(rec, flavour);
      if (kind !== 'bibliographic') {
        this.report.skipped++;
        this.report.notBibliographic[kind] = (this.report.notBibliographic[kind] ?? 0) + 1;
        return null;
      }
      bib = mapRecord(rec, flavour);
      copies = extractCopies(rec, flavour);
    } catch (e) {
      // A record the reader accepted but whose content defeats the mapping: report it like a malformed one.
      this.report.skipped++;
      this.report.malformed.push({ file: source, index: item.index, offset: item.offset, reason: `cannot map record: ${(e as Error).message}` });
      return null;
    }
    const now = this.now().toISOString();
    const row: NewRecordRow = {
      control_number: bib.controlNumber,
      fingerprint: bib.controlNumber ? null : fingerprint(rec),
      flavour: bib.flavour,
      marc: toMij(rec),
      title: bib.title,
      sort_title: bib.sortTitle ?? bib.title,
      subtitle: bib.subtitle,
      authors: JSON.stringify(bib.authors),
      subjects: JSON.stringify(bib.subjects),
      publisher: bib.publisher,
      publication_place: bib.publicationPlace,
      year: bib.year,
      language: bib.language,
      isbns: JSON.stringify(bib.isbns),
      issns: JSON.stringify(bib.issns),
      series: JSON.stringify(bib.series),
      document_type: bib.documentType,
      audience: bib.audience,
      physical_description: bib.physicalDescription,
      notes: JSON.stringify(bib.notes),
      created_at: now,
      updated_at: now,
    };
    return { bib, row, copies, identifiers: [...bib.isbns, ...bib.issns] };
  }

  private async flush(batch: Pending[]): Promise<void> {
    await this.repo.transaction(async (repo) => {
      // 1. Resolve each record to an existing id, or to an earlier record of this batch.
      const keys = [...new Set(batch.map((p) => p.row.control_number).filter((k): k is string => !!k && !this.seenKeys.has(k)))];
      const byKey = await repo.recordIdsByControlNumber(keys);
      const noKey = batch.filter((p) => !p.row.control_number);
      const byPrint = await repo.recordIdsByFingerprint(noKey.map((p) => p.row.fingerprint!).filter((f) => !this.seenFingerprints.has(f)));
      const byIdent = await repo.recordIdsByIdentifier([...new Set(noKey.flatMap((p) => p.identifiers))]);

      const toInsert: Pending[] = [];
      const toUpdate: Pending[] = [];
      const batchKeys = new Map<string, Pending>();
      for (const p of batch) {
        const key = p.row.control_number;
        if (key) {
          const earlier = batchKeys.get(key);
          if (earlier) {
            // Same control number twice in this batch: the later occurrence wins.
            this.report.repeatedControlNumbers++;
            this.report.updated++;
            earlier.row = { ...p.row, created_at: earlier.row.created_at };
            earlier.bib = p.bib;
            earlier.copies = [...earlier.copies, ...p.copies];
            earlier.identifiers = p.identifiers;
            continue;
          }
          batchKeys.set(key, p);
          const runId = this.seenKeys.get(key);
          if (runId !== undefined) this.report.repeatedControlNumbers++;
          p.id = runId ?? byKey.get(key);
        } else {
          this.report.withoutControlNumber++;
          p.id =
            this.seenFingerprints.get(p.row.fingerprint!) ??
            byPrint.get(p.row.fingerprint!) ??
            p.identifiers.map((v) => byIdent.get(v)).find((id) => id !== undefined);
        }
        if (p.id === undefined) toInsert.push(p);
        else toUpdate.push(p);
      }

      // 2. Write records.
      const ids = await repo.insertRecords(toInsert.map((p) => p.row));
      toInsert.forEach((p, i) => (p.id = ids[i]));
      for (const p of toUpdate) {
        const { created_at: _created, ...rest } = p.row;
        await repo.updateRecord(p.id!, rest);
      }
      this.report.created += toInsert.length;
      this.report.updated += toUpdate.length;
      const written = [...toInsert, ...toUpdate];
      for (const p of written) {
        if (p.row.control_number) this.seenKeys.set(p.row.control_number, p.id!);
        else this.seenFingerprints.set(p.row.fingerprint!, p.id!);
      }
      const identRows = written.flatMap((p) => [
        ...p.bib.isbns.map((value) => ({ record_id: p.id!, kind: 'isbn', value })),
        ...p.bib.issns.map((value) => ({ record_id: p.id!, kind: 'issn', value })),
      ]);
      await repo.replaceIdentifiers(toUpdate.map((p) => p.id!), identRows);

      // 3. Copies, upserted on barcode.
      await this.writeCopies(repo, written);

      // 4. The database full-text index (SqlSearchEngine) in the same transaction; every server process's
      //    in-memory index follows the change log.
      await writeSearchRows(this.db, repo.transactionHandle, written.map((p) => searchTextOfBib(p.id!, p.bib)), { newRecords: new Set(ids) });
      await repo.logChanges(written.map((p) => p.id!), this.now().toISOString());
    });
  }

  private async resolveLibrary(repo: CatalogueRepository, code: string): Promise<number> {
    this.libraries ??= await repo.libraryIdsByCode();
    const mapped = this.opts.libraryMap?.[code] ?? code;
    let id = this.libraries.get(mapped);
    if (id === undefined) {
      id = await repo.createLibrary(mapped, mapped, this.now().toISOString());
      this.libraries.set(mapped, id);
      this.report.librariesCreated.push(mapped);
    }
    return id;
  }

  private async resolveLoanType(repo: CatalogueRepository, code: string | null): Promise<number> {
    this.loanTypes ??= await repo.loanTypeIdsByCode();
    const c = code ?? DEFAULT_LOAN_TYPE.code;
    let id = this.loanTypes.get(c);
    if (id === undefined) {
      id = await repo.createLoanType(c, c === DEFAULT_LOAN_TYPE.code ? DEFAULT_LOAN_TYPE.name : c, DEFAULT_LOAN_TYPE.days);
      this.loanTypes.set(c, id);
      this.report.loanTypesCreated.push(c);
    }
    return id;
  }

  private async writeCopies(repo: CatalogueRepository, written: Pending[]): Promise<void> {
    const seeds: Array<{ recordId: number; seed: CopySeed & { barcode: string } }> = [];
    for (const p of written) {
      for (const seed of p.copies) {
        if (!seed.barcode) {
          this.report.copies.withoutBarcode++;
          continue;
        }
        seeds.push({ recordId: p.id!, seed: seed as CopySeed & { barcode: string } });
      }
    }
    if (seeds.length === 0) return;
    const existing = await repo.copiesByBarcode([...new Set(seeds.map((s) => s.seed.barcode))]);
    const now = this.now().toISOString();
    const inserts = new Map<string, NewCopyRow>();
    for (const { recordId, seed } of seeds) {
      const current = await this.resolveLibrary(repo, seed.libraryCode);
      const home = seed.homeLibraryCode ? await this.resolveLibrary(repo, seed.homeLibraryCode) : current;
      const row = {
        record_id: recordId,
        home_library_id: home,
        current_library_id: current,
        shelf_location: seed.shelfLocation,
        call_number: seed.callNumber,
        loan_type_id: await this.resolveLoanType(repo, seed.loanTypeCode),
        status: seed.status as string,
        updated_at: now,
      };
      const found = existing.get(seed.barcode);
      if (found) {
        if (CIRCULATING.has(found.status) && seed.status !== 'lost' && seed.status !== 'withdrawn') row.status = found.status;
        await repo.updateCopy(found.id, row);
        this.report.copies.updated++;
      } else {
        // The same barcode twice in one batch: the later holdings field wins.
        if (!inserts.has(seed.barcode)) this.report.copies.created++;
        else this.report.copies.updated++;
        inserts.set(seed.barcode, { ...row, barcode: seed.barcode, created_at: now });
      }
    }
    await repo.insertCopies([...inserts.values()]);
  }
}

export async function importFiles(db: Db, files: string[], opts: ImportOptions = {}): Promise<ImportReport> {
  const importer = new CatalogueImporter(db, opts);
  for (const f of files) await importer.importFile(f);
  return importer.report;
}
